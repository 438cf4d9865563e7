"""English lemmas from simplemma, its dictionary kept as an SQLite table in the cache dir.

simplemma 2 decodes its whole shipped dictionary (181,000 English forms) in Python on first use:
about half a second that every ``tuiread diff``, ``tuiread related`` and the app's first
comparison paid, to look up a few thousand words. The table is decoded once per simplemma version
into a small database in the cache dir, and each word is then one indexed lookup (remembered for
the process). It is derived data: a damaged or unreadable table is made again, and where none can
be written the decoded dictionary is used in memory. The lemmas are simplemma's own (its
strategy, rules and fallback): only where its dictionary is read from changes.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

from tuiread import locations
from tuiread.lazy import made_once

LANGUAGE = "en"


def kept_file(lang: str) -> Path:
    try:
        release = version("simplemma")
    except PackageNotFoundError:  # run from a source tree without metadata
        release = "unknown"
    return locations.cache_dir() / "lemmas" / f"simplemma-{release}-{lang}.sqlite3"


class KeptTable(Mapping[str, str]):
    """One language's dictionary read word by word from its kept database. Should the file
    turn out damaged, the shipped dictionary is decoded (``shipped``) and used from then on, and
    the file removed, so the next process makes it again."""

    def __init__(self, db: sqlite3.Connection, path: Path,
                 shipped: Callable[[], Mapping[str, str]]):
        self._db: sqlite3.Connection | None = db
        self._path = path
        self._shipped = shipped
        self._memory: Mapping[str, str] | None = None
        self._seen: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        seen = self._seen
        if key in seen:
            found = seen[key]
        else:
            found = seen[key] = self._lookup(key)
        return found if found is not None else default

    def _lookup(self, key: str) -> str | None:
        with self._lock:
            if self._db is not None:
                try:
                    row = self._db.execute("SELECT lemma FROM lemmas WHERE word = ?",
                                           (key,)).fetchone()
                    return row[0] if row is not None else None
                except sqlite3.DatabaseError:
                    self._db.close()
                    self._db = None
                    self._path.unlink(missing_ok=True)
            if self._memory is None:
                self._memory = self._shipped()
            return self._memory.get(key)

    def __getitem__(self, key: str) -> str:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def _words(self) -> list[str]:
        with self._lock:
            if self._db is not None:
                return [row[0] for row in self._db.execute("SELECT word FROM lemmas")]
        return list(self._memory or self._shipped())

    def __iter__(self) -> Iterator[str]:
        return iter(self._words())

    def __len__(self) -> int:
        return len(self._words())


class KeptDictionaries:
    """simplemma's dictionary factory protocol: the shipped dictionaries, decoded once per
    simplemma version and kept."""

    def __init__(self) -> None:
        self._shipped = DefaultDictionaryFactory()
        self._tables: dict[str, Mapping[str, str]] = {}
        self._lock = threading.Lock()
        # How the last table was had: "kept", "made" or "in memory (why)".
        self.last_load = ""

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        with self._lock:
            table = self._tables.get(lang)
            if table is None:
                table = self._tables[lang] = self._load(lang)
            return table

    def _load(self, lang: str) -> Mapping[str, str]:
        path = kept_file(lang)
        shipped = partial(self._shipped.get_dictionary, lang)
        db = _open(path)
        if db is not None:
            self.last_load = "kept"
            return KeptTable(db, path, shipped)
        table = dict(shipped())
        try:
            _make(path, table)
        except (OSError, sqlite3.Error) as exc:
            self.last_load = f"in memory ({exc})"
            return table
        db = _open(path)
        if db is None:
            self.last_load = "in memory (the table made could not be read)"
            return table
        self.last_load = "made"
        return KeptTable(db, path, shipped)


def _open(path: Path) -> sqlite3.Connection | None:
    """The kept table, or None when there is none or it cannot be read."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        # A probe proves the table is there; damage further in is met by KeptTable.
        db.execute("SELECT lemma FROM lemmas WHERE word = ?", ("the",)).fetchone()
    except sqlite3.Error:
        db.close()
        return None
    return db


def _make(path: Path, table: dict[str, str]) -> None:
    """Write the table to a new database beside ``path`` and rename it into place, so a reader
    never sees half of one."""
    locations.ensure_parent(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(temp)
        try:
            with db:
                db.execute("CREATE TABLE lemmas (word TEXT PRIMARY KEY, lemma TEXT NOT NULL) "
                           "WITHOUT ROWID")
                db.executemany("INSERT INTO lemmas VALUES (?, ?)", table.items())
        finally:
            db.close()
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


DICTIONARIES = KeptDictionaries()
lemmatizer = made_once(lambda: Lemmatizer(
    lemmatization_strategy=DefaultStrategy(dictionary_factory=DICTIONARIES)))


def lemmatize(word: str) -> str:
    """simplemma's English lemma of ``word``."""
    return lemmatizer().lemmatize(word, lang=LANGUAGE)
