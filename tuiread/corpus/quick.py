"""Articles by exact id from the corpus store, without walking the corpus.

``show``, ``diff`` and ``related`` need a few articles, not the whole corpus: walking 100,000
files and reading every row to find one costs a second. :class:`QuickLookup` answers an exact id
from the store's rows of the files that id can come from, and only when the answer is certain to
be what a full open gives:

- the corpus is one folder, and its store exists and is of this version;
- every file the id could come from (its path without suffix, with each article suffix, and the
  path split at each ``#``) is the same on disk as in the store: the same set of files (a new
  or removed sibling could take the id, see ``article_id``), and the chosen file's stat (size,
  mtime) and cleaning rules unchanged, and it is a plain file outside excluded or hidden
  folders;
- exactly one stored article has that id.

Anything else (a prefix, a file name, a path, a changed file) is None, and the caller opens the
corpus in full, which derives what changed. The article's text is read from its file when asked
for and checked against the stored digest, as for any stored article.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from tuiread.corpus.formats import FORMATS
from tuiread.corpus.rules import Rule
from tuiread.corpus.store import CorpusStore, StoredArticle, StoreUnavailable, store_file
from tuiread.corpus.walk import DEFAULT_EXCLUDE, Excluder, id_base

# An article id longer than this is not typed by anyone: leave it to the full open.
MAX_ID_CHARS = 4096


class QuickLookup(Mapping[str, StoredArticle]):
    """Exact ids -> stored articles whose files are unchanged (see the module's docstring).
    A Mapping, so the related ranking can look candidates up in it."""

    def __init__(self, store: CorpusStore, root: Path, exclude: Sequence[str]):
        self.store = store
        self.root = str(root)
        self._excluded = Excluder(exclude)
        self._found: dict[str, StoredArticle | None] = {}

    def __getitem__(self, article_id: str) -> StoredArticle:
        found = self.get(article_id)
        if found is None:
            raise KeyError(article_id)
        return found

    def get(self, article_id: str, default=None):  # type: ignore[override]
        if article_id not in self._found:
            try:
                self._found[article_id] = self._lookup(article_id)
            except (sqlite3.Error, OSError, ValueError):
                self._found[article_id] = None  # the full open says what is wrong
        found = self._found[article_id]
        return default if found is None else found

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self._found.items() if v is not None)

    def __len__(self) -> int:
        return sum(1 for v in self._found.values() if v is not None)

    def article_count(self) -> int:
        return self.store.article_count()

    # -- the lookup ---------------------------------------------------------------------------

    def _lookup(self, ref: str) -> StoredArticle | None:
        if not ref or len(ref) > MAX_ID_CHARS or "\\" in ref or "\0" in ref \
                or ref.startswith("/") or ref != ref.strip():
            return None
        # The id is "base" or "base#key" where base is a path without its suffix; the base may
        # hold a "#" itself, and a colliding id keeps its suffix: every reading is looked at.
        readings = [(ref, None)] + [(ref[:i], ref[i + 1:]) for i, ch in enumerate(ref)
                                     if ch == "#"]
        rels = set()
        for base, _ in readings:
            if base:
                rels.add(base)
                rels.update(base + suffix for suffix in FORMATS)
        rels = sorted(rels)
        files, rows = self.store.rows_of(rels)
        # The files on disk must be the files in the store: a sibling added or removed since
        # the last full open could change which file the id names.
        for rel in rels:
            if self._on_disk(rel) != (rel in files):
                return None
        named = [row for row in rows
                 if _plain_id(row[0], row[2]) == ref or _kept_id(row[0], row[2]) == ref]
        if len(named) != 1:
            return None
        rel, record, key, title, source, url, date, author, words, encoding, fmt = named[0]
        size, mtime_ns, digest, derivation, problem = files[rel]
        if problem is not None or derivation != self.store.derivations[fmt]:
            return None
        location = os.path.join(self.root, rel)
        info = os.stat(location)
        if info.st_size != size or info.st_mtime_ns != mtime_ns or not self._walked(rel):
            return None
        if _plain_id(rel, key) != ref:
            return None  # a kept (colliding) id: which file wins depends on the walk order
        return StoredArticle(self.store, ref, location, rel, record, digest, title, source,
                             encoding, fmt, words, url, date, author)

    def _on_disk(self, rel: str) -> bool:
        try:
            info = os.lstat(os.path.join(self.root, rel))
        except (FileNotFoundError, NotADirectoryError):
            return False
        return not stat.S_ISDIR(info.st_mode)

    def _walked(self, rel: str) -> bool:
        """Whether the walk would list ``rel``: no hidden or excluded part, no linked folder or
        file on the way, a plain file."""
        parts = rel.split("/")
        location = self.root
        for number, part in enumerate(parts):
            if not part or part[0] == "." or self._excluded(part, "/".join(parts[: number + 1])):
                return False
            location = os.path.join(location, part)
            info = os.lstat(location)
            last = number == len(parts) - 1
            if stat.S_ISLNK(info.st_mode) or (not last and not stat.S_ISDIR(info.st_mode)):
                return False
            if last and not stat.S_ISREG(info.st_mode):
                return False
        return True


def _plain_id(rel: str, key: str | None) -> str:
    base = id_base(rel)
    return f"{base}#{key}" if key else base


def _kept_id(rel: str, key: str | None) -> str:
    return f"{rel}#{key}" if key else rel


def quick_lookup(roots: Sequence[Path], rules: Sequence[Rule],
                 exclude: Sequence[str] = DEFAULT_EXCLUDE) -> QuickLookup | None:
    """A lookup for the corpus at ``roots``, or None when it cannot answer (several roots, no
    store yet, a store that cannot be opened)."""
    if len(roots) != 1:
        return None
    root = Path(roots[0]).expanduser()
    try:
        if not stat.S_ISDIR(os.stat(root).st_mode):
            return None
    except OSError:
        return None
    path = store_file([root])
    if not path.exists():
        return None
    try:
        store = CorpusStore(path, rules)
    except StoreUnavailable:
        return None
    if store.notices:  # it was rebuilt just now: empty, the full open fills it
        store.close()
        return None
    return QuickLookup(store, root, exclude)
