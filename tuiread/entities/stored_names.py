"""The search index's ``entity:`` names read from the entity snapshot, only for the articles asked.

``tuiread index`` gives the index every article's entity names, yet with nothing to index it only
needs their version, and after one edited file only that file's articles' names. So the names
are a mapping over the snapshot's rows, read one row when one article is asked for (all rows at
once after BULK_AFTER asks, as a comparison of every article does).

The articles changed since the grouping get their names by spelling, which needs the grouped
entities: those names are kept in the snapshot's meta with the content digests they were made
from, so the next run with the same changes reads neither entities nor articles. Each version
given is also noted with the articles changed at that time (its *lineage*): an index that holds
an earlier version's names re-checks only the articles changed since (see
``EntityField.changed_since``), not 100,000.

``index_names.open_index_field(corpus)`` gives these names without making the catalog; a
catalog read from the snapshot gives the same from ``index_field()``.

Derived data: a value that cannot be read or written only costs time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from tuiread.corpus import Article
from tuiread.entities.catalog import EntityField
from tuiread.entities.model import MentionCount

# Single-row reads before every row is read at once: a few changed articles are asked for one by
# one; a comparison of the whole index asks for every article (one query for all of them is
# ~20x cheaper than 100,000 single ones).
BULK_AFTER = 256
# Earlier versions whose changed articles are kept: an index is normally one version behind (the
# run before); more only after runs that gave the index no names (``--no-entities``).
LINEAGE_MAX = 8
FRESH_KEY = "fresh_names"  # meta: names by spelling of the changed articles, with their digests
LINEAGE_KEY = "names_lineage"  # meta: {version: [articles changed when it was given]}

_MISSING = object()


class StoredNames(Mapping[str, tuple[str, ...]]):
    """Entity names by article id: the snapshot's row of an article when first asked for, the
    names by spelling for the articles changed since the grouping (``fresh``; a changed article
    not among them was removed). ``rows_read`` counts the rows read, ``spelled_now`` the
    articles whose names were found by spelling in this process (not kept from a run before)."""

    def __init__(self, db: sqlite3.Connection, ids: Callable[[], Sequence[str]],
                 changed: set[str], fresh: dict[str, tuple[str, ...]]):
        self._db = db
        self._ids_of = ids
        self._ids: Sequence[str] | None = None
        self._id_set: set[str] | None = None
        self._changed = changed
        self._fresh = fresh
        self._all: dict[str, tuple[str, ...]] | None = None
        self._asked = 0
        self.rows_read = 0
        self.spelled_now = 0
        self._lock = threading.Lock()  # the app's workers may ask at once

    def get(self, article_id: str, default=None):  # type: ignore[override]
        if article_id in self._changed:
            return self._fresh.get(article_id, default)
        with self._lock:
            found = self._row(article_id)
        if found is not None:
            return found
        return () if article_id in self._known() else default

    def _row(self, article_id: str) -> tuple[str, ...] | None:
        if self._all is None:
            self._asked += 1
            if self._asked <= BULK_AFTER:
                row = self._db.execute("SELECT names FROM article_names WHERE article_id = ?",
                                       (article_id,)).fetchone()
                self.rows_read += 1
                return tuple(json.loads(row[0])) if row is not None else None
            rows = self._db.execute("SELECT article_id, names FROM article_names").fetchall()
            self.rows_read += len(rows)
            self._all = {a: tuple(json.loads(names)) for a, names in rows}
        return self._all.get(article_id)

    @property
    def spelled(self) -> frozenset[str]:
        """The articles given names by spelling (those changed since the grouping)."""
        return frozenset(self._fresh)

    def _order(self) -> Sequence[str]:
        if self._ids is None:
            self._ids = self._ids_of()
        return self._ids

    def _known(self) -> set[str]:
        if self._id_set is None:
            self._id_set = set(self._order())
        return self._id_set

    def __getitem__(self, article_id: str) -> tuple[str, ...]:
        found = self.get(article_id, _MISSING)
        if found is _MISSING:
            raise KeyError(article_id)
        return found

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and article_id in self._known()

    def __iter__(self) -> Iterator[str]:
        return iter(self._order())

    def __len__(self) -> int:
        return len(self._order())

    def __reduce__(self):
        # Sent to index worker processes (a cold build) as a plain dict: every row is read.
        return dict, ({a: self.get(a, ()) for a in self._order()},)


def stored_field(db: sqlite3.Connection, path: Path, ids: Callable[[], Sequence[str]],
                 changed: set[str], articles: Callable[[], list[Article]],
                 by_spelling: Callable[[list[Article]], dict[str, tuple[str, ...]]],
                 ) -> EntityField:
    """The index field of the snapshot at ``path`` (open as ``db``): its rows for the articles
    not ``changed`` since the grouping, names by spelling (``by_spelling``, kept between runs)
    for the changed ones still in the corpus (``articles()``, in corpus order)."""
    base = _meta(db, "field")
    if base is None:
        raise KeyError("field")
    fresh: dict[str, tuple[str, ...]] = {}
    version, spelled_now = base, 0
    if changed:
        found = articles()
        fresh, version, spelled_now = _fresh_names(db, path, base, found, by_spelling)
    lineage = _lineage(db)
    field_lineage = {base: frozenset(changed)}
    for earlier, then in lineage.items():
        field_lineage.setdefault(earlier, frozenset(changed) | frozenset(then))
    if changed and version not in lineage:
        lineage[version] = sorted(changed)
        _write_meta(path, {LINEAGE_KEY: json.dumps(dict(list(lineage.items())[-LINEAGE_MAX:]))})
    names = StoredNames(db, ids, changed, fresh)
    names.spelled_now = spelled_now
    return EntityField(names, version, field_lineage)


def _fresh_names(db: sqlite3.Connection, path: Path, base: str, articles: list[Article],
                 by_spelling: Callable[[list[Article]], dict[str, tuple[str, ...]]],
                 ) -> tuple[dict[str, tuple[str, ...]], str, int]:
    """The names of the changed ``articles`` and the field's version: from the snapshot's meta
    for the articles it kept them for with these very contents, found by spelling now (and
    kept) for the others only, so an edit costs its own articles, not every article changed
    since the grouping."""
    made_from = {a.id: f"{getattr(a, 'digest', '')}#{getattr(a, 'record', 0)}" for a in articles}
    kept = _json_meta(db, FRESH_KEY)
    reused: dict[str, tuple[str, ...]] = {}
    if (isinstance(kept, dict) and kept.get("base") == base
            and isinstance(kept.get("articles"), dict) and isinstance(kept.get("names"), dict)):
        if kept["articles"] == made_from and isinstance(kept.get("version"), str):
            return {a: tuple(n) for a, n in kept["names"].items()}, kept["version"], 0
        # A kept article's names by spelling depend on its content and on this snapshot's
        # grouping alone (the meta lives in the snapshot file, replaced by a new grouping).
        reused = {a: tuple(kept["names"][a]) for a, made in made_from.items()
                  if not made.startswith("#") and kept["articles"].get(a) == made
                  and isinstance(kept["names"].get(a), list)}
    todo = [a for a in articles if a.id not in reused]
    spelled = by_spelling(todo) if todo else {}
    names = {a.id: reused[a.id] if a.id in reused else spelled[a.id] for a in articles}
    digest = hashlib.sha256(base.encode())
    for article in articles:
        digest.update("\0".join((article.id, *names[article.id])).encode(
            "utf-8", "surrogatepass"))
    version = digest.hexdigest()[:16]
    if all(not key.startswith("#") for key in made_from.values()):  # contents known
        _write_meta(path, {FRESH_KEY: json.dumps({
            "base": base, "articles": made_from, "version": version,
            "names": {a: list(n) for a, n in names.items()}})})
    return names, version, len(todo)


def _lineage(db: sqlite3.Connection) -> dict[str, list[str]]:
    found = _json_meta(db, LINEAGE_KEY)
    if not isinstance(found, dict):
        return {}
    return {v: ids for v, ids in found.items() if isinstance(v, str) and isinstance(ids, list)}


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    found = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return found[0] if found else None


def _json_meta(db: sqlite3.Connection, key: str):
    try:
        value = _meta(db, key)
        return json.loads(value) if value is not None else None
    except (sqlite3.Error, ValueError):
        return None


def _write_meta(path: Path, values: dict[str, str]) -> None:
    try:
        db = sqlite3.connect(path, timeout=1)
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())
        finally:
            db.close()
    except sqlite3.Error:
        pass  # only costs the next run the names by spelling, or a whole comparison


def names_by_spelling(articles: list[Article], names: Callable[[str], list[str] | None],
                      count: MentionCount | None) -> dict[str, tuple[str, ...]]:
    """Entity names of articles changed since the grouping: each mention goes to the entity
    that has its spelling (``names(text)``: that entity's name and variants, None for no
    entity or an ignored one; a name no entity has is left out until the next grouping)."""
    from tuiread.entities.articles import LazyExtractor, corpus_mentions, quick_version

    mentions = corpus_mentions(articles, LazyExtractor(), count=count,
                               store_version=quick_version())
    result: dict[str, tuple[str, ...]] = {}
    for article in articles:
        found: dict[str, None] = {}
        for mention in mentions.get(article.id, []):
            for name in names(mention.text) or ():
                found.setdefault(name, None)
        result[article.id] = tuple(found)
    return result
