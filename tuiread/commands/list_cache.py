"""The last output of ``tuiread list`` kept per corpus, so an unchanged corpus is listed without
formatting 100,000 rows again.

The output is a function of the corpus store's state (which fixes every article's id, title,
source, words, date and content, and so its copies), of the files' locations, of the mode (text
or JSON, terminal or not, the output's encoding) and of the code that formats it: the key is a
digest of all but the state (the code by the version and the stat of the modules that format a
row), kept with the state. An output of an earlier state of the same files, when the store can
tell which articles changed since (its record patched in place), has just those rows made again.
Derived data: written whole to a temporary file and renamed; a file that cannot be read or whose
key differs is ignored, and one that cannot be written only costs the next run the formatting.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from tuiread import __version__, locations

# Part of every key: bump when the kept file's layout changes.
LAYOUT = "list-output-2"
# The modules whose code shapes a listing, from the package's folder (a changed one, in a
# checkout, voids what was kept).
_FORMATTING = ("commands/corpus_cmds.py", "commands/list_json.py", "commands/common.py",
               "textsafe.py", "corpus/dates.py", "corpus/walk.py", "corpus/copies.py",
               "corpus/copies_update.py", "corpus/sketch_cache.py")
_PACKAGE = Path(__file__).resolve().parent.parent


class KeptListing:
    """The kept output of one corpus in one mode. The file's first line is the key of the mode
    and files and the corpus store's state the output is of: an output of an earlier state
    of the same files is patched (see ``ArticleRows.positions_since``), not made again."""

    def __init__(self, path: Path, key: str, state: str):
        self.path = path
        self.key = key
        self.state = state

    @classmethod
    def of(cls, articles, roots: list[Path], mode: str) -> KeptListing | None:
        """For articles that are a complete refresh's rows of the corpus store; else None."""
        from tuiread.corpus.rows import ArticleRows

        if not isinstance(articles, ArticleRows):
            return None
        state = articles.store_state
        if state is None:
            return None
        where = "\0".join(articles.file_locations).encode("utf-8", "surrogateescape")
        name = f"{locations.corpus_key(list(roots))}-{'-'.join(mode.split('-')[:2])}.out"
        return cls(locations.cache_dir() / "listings" / name, _key(mode, where), state)

    def read_any(self) -> tuple[str, bytes] | None:
        """The store state and the output kept for this mode and these files (of that
        state, maybe an earlier one), or None."""
        try:
            with open(self.path, "rb") as f:
                key, _, state = f.readline().rstrip(b"\n").partition(b" ")
                if key != self.key.encode() or not state:
                    return None
                return state.decode("ascii", "replace"), f.read()
        except OSError:
            return None

    def read(self) -> bytes | None:
        """The output kept for this very state, or None."""
        found = self.read_any()
        return found[1] if found is not None and found[0] == self.state else None

    def write(self, data: bytes) -> None:
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            locations.ensure_parent(self.path)
            with open(temporary, "wb") as f:
                f.write(f"{self.key} {self.state}\n".encode())
                f.write(data)
            os.replace(temporary, self.path)
        except OSError:
            # (Not made, or gone already: nothing is kept either way.)
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _key(mode: str, where: bytes) -> str:
    key = hashlib.blake2b(digest_size=16)
    for part in (LAYOUT, __version__, mode, *_code_stats()):
        key.update(part.encode())
        key.update(b"\0")
    key.update(where)
    return key.hexdigest()


def _code_stats() -> list[str]:
    found = []
    for name in _FORMATTING:
        try:
            stat = os.stat(_PACKAGE / name)
        except OSError:
            found.append(f"{name}:-")
        else:
            found.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return found
