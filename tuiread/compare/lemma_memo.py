"""Lemmas worked out before, kept in the cache dir, so comparing known words never loads simplemma.

Importing simplemma compiles the suffix rules of every language it knows: about a tenth of a
second that each ``tuiread diff`` and ``tuiread related`` paid before comparing a word. The
lemmas a process works out are added to a small table when it exits; a later process looks each
word up there first and imports simplemma only for a word it has not seen. The table is derived
data, keyed by simplemma's installed files (like a ``.pyc`` by its source): a damaged or
unwritable table costs only time, and the lemmas are simplemma's own either way.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import sqlite3
import threading
from pathlib import Path

from tuiread import locations
from tuiread.lazy import made_once

LANGUAGE = "en"  # (the language of tuiread.compare.lemmas)
# Raised when what is kept changes meaning (another lemmatiser set-up in compare/lemmas.py).
MEMO_VERSION = 1
# How long a process waits at exit for another one writing the table before leaving its lemmas
# out (the next process works them out again).
WRITE_WAIT_SECONDS = 1.0


def memo_file() -> Path | None:
    """The table for the simplemma installed now; None when it cannot be told (not found)."""
    spec = importlib.util.find_spec("simplemma")  # (finds it without importing it)
    if spec is None or spec.origin is None:
        return None
    try:
        stat = os.stat(spec.origin)
    except OSError:
        return None
    name = f"memo-{MEMO_VERSION}-{LANGUAGE}-{stat.st_size}-{stat.st_mtime_ns}.sqlite3"
    return locations.cache_dir() / "lemmas" / name


class LemmaMemo:
    """Word -> lemma from the kept table, and the lemmas this process added, saved at exit."""

    def __init__(self, path: Path | None):
        self._path = path
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._added: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, word: str) -> str | None:
        with self._lock:
            found = self._added.get(word)
            if found is not None:
                return found
            db = self._reader()
            if db is None:
                return None
            try:
                row = db.execute("SELECT lemma FROM lemmas WHERE word = ?", (word,)).fetchone()
            except sqlite3.OperationalError:
                return None  # (busy past the wait: worked out instead)
            except sqlite3.DatabaseError:
                self._drop()
                return None
            return row[0] if row is not None else None

    def add(self, word: str, lemma: str) -> None:
        with self._lock:
            if not self._added and self._path is not None:
                atexit.register(self.save)
            self._added[word] = lemma

    def save(self) -> None:
        """Add this process's new lemmas to the table (made if there is none)."""
        with self._lock:
            added, self._added = self._added, {}
            if not added or self._path is None:
                return
            try:
                locations.ensure_parent(self._path)
                db = sqlite3.connect(self._path, timeout=WRITE_WAIT_SECONDS)
                try:
                    with db:
                        db.execute("CREATE TABLE IF NOT EXISTS lemmas "
                                   "(word TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
                        db.executemany("INSERT OR IGNORE INTO lemmas VALUES (?, ?)",
                                       added.items())
                finally:
                    db.close()
            except (OSError, sqlite3.OperationalError):
                pass  # a read-only cache, a busy writer: the lemmas are worked out next time
            except sqlite3.DatabaseError:
                self._path.unlink(missing_ok=True)  # damaged: made afresh by the next one

    def _reader(self) -> sqlite3.Connection | None:
        if not self._opened:
            self._opened = True
            if self._path is not None and self._path.is_file():
                try:
                    self._db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True,
                                               timeout=WRITE_WAIT_SECONDS,
                                               check_same_thread=False)
                except sqlite3.Error:
                    self._db = None
        return self._db

    def _drop(self) -> None:
        """A damaged table: not read again, and removed so that the next process makes one."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._path is not None:
            self._path.unlink(missing_ok=True)


memo = made_once(lambda: LemmaMemo(memo_file()))


def lemmatize(word: str) -> str:
    """simplemma's English lemma of ``word`` (see ``tuiread.compare.lemmas``), from the table
    when a process worked it out before."""
    kept = memo()
    found = kept.get(word)
    if found is None:
        from tuiread.compare.lemmas import lemmatize as work_out

        found = work_out(word)
        kept.add(word, found)
    return found
