"""The persistent corpus store: what reading and cleaning each file gave, kept between runs.

One SQLite database (WAL) per corpus in the cache dir. For each file: its corpus-relative path,
size, mtime_ns, content digest, the derivation digest (parser version and boilerplate rules) and
any reason it could not be read; for each article of it: record number and key, title, source,
url, date, author, words, encoding, and its paragraph, sentence, visible and hidden spans in
compact form.

Opening a corpus (:func:`open_corpus_store` then :meth:`CorpusStore.refresh`) is a walk, a stat per
file and a read of the rows: only a file whose stat changed is read, and only one whose content or
derivation changed is cleaned again (in worker processes when there are many). Articles come back
as :class:`StoredArticle`, whose text is read from its file when first asked for.

Derived data only: a store of another version, or one SQLite calls damaged, is deleted and rebuilt
with a notice. One process writes at a time (a lock file beside the database); readers see the
last committed rows and are never blocked by a writer (WAL).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tuiread import locations
from tuiread.corpus.derive import (
    STORE_VERSION,
    FileRows,
    MentionMaker,
    derivation_digests,
    derive_files,
    file_digest,
)
from tuiread.corpus.loader import LoadIssue, article_id
from tuiread.corpus.lock import FileLock
from tuiread.corpus.opened import Opened
from tuiread.corpus.rules import Rule
from tuiread.corpus.store_patches import RecordParts
from tuiread.corpus.store_record import CHUNK as _CHUNK
from tuiread.corpus.store_record import RecordedStore, _FileState
from tuiread.corpus.stored import StoredArticle, _read, derived_key, stored_articles
from tuiread.corpus.walk import CorpusFile, Walk

__all__ = ["Changes", "CorpusStore", "StoreUnavailable", "StoredArticle", "open_corpus_store",
           "store_file", "stored_articles"]

# How long a second process waits to open a store another one is creating (seconds).
BUSY_TIMEOUT_S = 30.0
# Kept mentions are read this many articles at a time (``mention_pages``): a page is a few
# megabytes of text.
MENTION_PAGE_ROWS = 2000
# During a long first read the articles read so far are handed out again each time the files
# read have grown this many times (60, 120, 240, … files): the list grows as the read goes on,
# and each hand-out reads the rows stored so far, so all of them together read about twice the
# rows of the last.
PARTIAL_GROWTH = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL,
    derivation TEXT NOT NULL, problem TEXT, articles INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS articles (
    rel TEXT NOT NULL, record INTEGER NOT NULL, key TEXT, title TEXT NOT NULL, source TEXT,
    url TEXT, date TEXT, author TEXT, words INTEGER NOT NULL, encoding TEXT NOT NULL,
    format TEXT NOT NULL,
    spans BLOB NOT NULL, hidden TEXT NOT NULL, notes TEXT NOT NULL,
    PRIMARY KEY (rel, record)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions (
    rel TEXT NOT NULL, record INTEGER NOT NULL, version TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (rel, record)
) WITHOUT ROWID;
"""

# Added to stores of this version when missing (no re-derive): the last refresh's record as a
# base and patches (see ``corpus.opened`` and ``corpus.store_patches``), and its state, deleted
# by any change to the rows, whoever makes it: without a state row the record is not used.
_RECORD_SCHEMA = """
CREATE TABLE IF NOT EXISTS record_base (
    id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL, digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS record_patches (
    seq INTEGER PRIMARY KEY, data BLOB NOT NULL, digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS record_state (
    id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, base TEXT NOT NULL,
    patches INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS record_files_insert AFTER INSERT ON files
    BEGIN DELETE FROM record_state; END;
CREATE TRIGGER IF NOT EXISTS record_files_update AFTER UPDATE ON files
    BEGIN DELETE FROM record_state; END;
CREATE TRIGGER IF NOT EXISTS record_files_delete AFTER DELETE ON files
    BEGIN DELETE FROM record_state; END;
CREATE TRIGGER IF NOT EXISTS record_articles_insert AFTER INSERT ON articles
    BEGIN DELETE FROM record_state; END;
CREATE TRIGGER IF NOT EXISTS record_articles_delete AFTER DELETE ON articles
    BEGIN DELETE FROM record_state; END;
"""
_RECORD_PARTS = frozenset({"record_base", "record_patches", "record_state",
                           "record_files_insert", "record_files_update", "record_files_delete",
                           "record_articles_insert", "record_articles_delete"})
# Earlier versions kept the record whole in ``opened``, deleted by their own triggers (left in
# place: that version still reads it correctly); while it is there it is valid, and becomes
# the first base.
_EARLIER_RECORD = ("INSERT OR REPLACE INTO record_base (id, data, digest) SELECT 1, data, digest "
                   "FROM opened WHERE id = 1",
                   "INSERT OR REPLACE INTO record_state (id, state, base, "
                   "patches) SELECT 1, digest, digest, 0 FROM opened WHERE id = 1")


def store_file(roots: Sequence[Path]) -> Path:
    return locations.cache_dir() / "corpus" / f"{locations.corpus_key(list(roots))}.sqlite3"


@dataclass(slots=True)
class Changes:
    """What a refresh found, by corpus-relative path. ``touched``: stat changed, content not."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    unchanged: int = 0
    derived: int = 0  # files read and cleaned by this refresh

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def describe(self) -> str:
        return (f"{len(self.added)} new, {len(self.changed)} changed, {len(self.removed)} removed, "
                f"{self.unchanged + len(self.touched)} unchanged")


class StoreUnavailable(Exception):
    """The store cannot be used at all (no place to write it, a locked file): load without it."""


class CorpusStore(RecordedStore):
    """The rows of one corpus. Thread-safe: one connection, used under a lock."""

    def __init__(self, path: Path, rules: Sequence[Rule]):
        self.path = path
        self.rules = list(rules)
        # By format: see ``derivation_digests``.
        self.derivations = derivation_digests(rules)
        self.notices: list[str] = []
        self._guard = threading.RLock()
        self._partial: Callable[[list[StoredArticle]], None] | None = None
        # Set by the caller when the entity catalog will be wanted: mentions are then made by
        # the process that derives each article, from the text it has in hand.
        self.mention_maker: MentionMaker | None = None
        # The digest of the last refresh's record (see ``corpus.opened``): equal digests, equal
        # articles (ids, files, records, contents). None when the refresh was cancelled.
        self.state: str | None = None
        self._last_record: tuple[str, Opened] | None = None  # the last record read, by state
        self._record_parts: RecordParts | None = None  # what that record is made of
        # What the last refresh started from (the digest of the record it found) and whether
        # every article kept its id (files edited in place only): a service that kept what it
        # derived for ``previous_state`` needs to look only at ``Changes.changed``.
        self.previous_state: str | None = None
        self.ids_kept = False
        # When the last refresh only patched the record (see ``corpus.store_patches``): the
        # record it made and the numbers of the files whose content changed, for services
        # that update what they keep by ``previous_state`` from these alone.
        self.patched: tuple[Opened, list[int]] | None = None
        # The locations of a record's files (see ``_locations``): its paths, root and list.
        self._located: tuple[list[str], str, list[str]] | None = None
        self._db = self._open()

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            locations.ensure_parent(self.path)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create {self.path.parent} ({exc.strerror or exc})") \
                from exc
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"{self.path}: {exc}") from exc
        except (sqlite3.DatabaseError, _OtherVersion) as exc:
            why = str(exc) if isinstance(exc, _OtherVersion) else f"damaged ({exc})"
            self._delete()
            self.notices.append(f"the corpus store {self.path} was {why}: rebuilt it")
            try:
                return self._connect()
            except sqlite3.Error as again:
                raise StoreUnavailable(f"{self.path}: {again}") from again

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                             check_same_thread=False)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, STORE_VERSION):
                raise _OtherVersion(f"made by another version of tuiread (store {version})")
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            # Derived data: a power cut may lose the last commit, which the next run re-derives.
            db.execute("PRAGMA synchronous = NORMAL")
            if version == 0:
                db.execute("BEGIN IMMEDIATE")
                if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {STORE_VERSION}")
                db.execute("COMMIT")
            if not _names(db) >= _RECORD_PARTS:
                db.execute("BEGIN IMMEDIATE")
                names = _names(db)
                if not names >= _RECORD_PARTS:
                    for statement in _RECORD_SCHEMA.split(";\n"):
                        if statement.strip():
                            db.execute(statement)
                    if "record_state" not in names and "opened_files_insert" in names:
                        for statement in _EARLIER_RECORD:
                            db.execute(statement)
                db.execute("COMMIT")
            # Reading a table proves the file is a database; a damaged page shows up here or on
            # the reads that follow.
            db.execute("SELECT count(*) FROM files").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _delete(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise StoreUnavailable(f"cannot remove {self.path}{suffix} ({exc})") from exc

    def close(self) -> None:
        with self._guard:
            if self._db is not None:
                self._db.close()
                self._db = None  # type: ignore[assignment]

    def checkpoint(self) -> None:
        """Move what the write-ahead log holds into the database file and empty the log: the
        stat of both then stays as it is when a later reader's closing connection would
        otherwise checkpoint it (``search.settled`` stamps that stat)."""
        with self._guard:
            if self._db is None:
                return
            # (Busy, a reader holding the log: the stamp may cost one full check later.)
            with contextlib.suppress(sqlite3.OperationalError):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    # -- reading ------------------------------------------------------------------------------

    def _file_states(self) -> dict[str, _FileState]:
        with self._guard:
            rows = self._db.execute(
                "SELECT rel, size, mtime_ns, digest, derivation, problem, articles FROM files")
            # Built by tuple.__new__: NamedTuple._make costs a Python call per row.
            make = tuple.__new__
            return {row[0]: make(_FileState, row[1:]) for row in rows}

    def rows_of(self, rels: Sequence[str]) -> tuple[dict[str, tuple], list[tuple]]:
        """The stored state of just these files, ``rel -> (size, mtime_ns, digest, derivation,
        problem)``, and their articles' metadata rows in (rel, record) order: what a lookup
        by id needs without reading the whole store."""
        marks = ",".join("?" * len(rels))
        with self._guard:
            files = {row[0]: row[1:] for row in self._db.execute(
                "SELECT rel, size, mtime_ns, digest, derivation, problem FROM files "
                f"WHERE rel IN ({marks})", rels)}
            articles = self._db.execute(
                "SELECT rel, record, key, title, source, url, date, author, words, encoding, "
                f"format FROM articles WHERE rel IN ({marks}) ORDER BY rel, record",
                rels).fetchall()
        return files, articles

    def article_count(self) -> int:
        with self._guard:
            return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def spans(self, rel: str, record: int) -> tuple[bytes, str, str] | None:
        """The compact spans, hidden spans and notes of one article."""
        with self._guard:
            return self._db.execute(
                "SELECT spans, hidden, notes FROM articles WHERE rel = ? AND record = ?",
                (rel, record)).fetchone()

    def spans_of(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], tuple]:
        """``spans`` of many articles by (rel, record), a query per few hundred files."""
        rels = sorted({rel for rel, _ in keys})
        wanted = set(keys)
        found: dict[tuple[str, int], tuple] = {}
        with self._guard:
            for start in range(0, len(rels), _CHUNK):
                chunk = rels[start : start + _CHUNK]
                for rel, record, spans, hidden, notes in self._db.execute(
                        "SELECT rel, record, spans, hidden, notes FROM articles "
                        f"WHERE rel IN ({','.join('?' * len(chunk))})", chunk):
                    if (rel, record) in wanted:
                        found[rel, record] = (spans, hidden, notes)
        return found

    # -- what services derive per article (kept until the article's file changes) ---------

    def mentions(self, version: str, keys: Sequence[tuple[str, int]] | None = None,
                 ) -> dict[tuple[str, int], str]:
        """Entity mentions by (rel, record), as stored by ``save_mentions`` with ``version``:
        of every article, or of the articles ``keys`` only. An unreadable table only costs
        time: nothing is returned."""
        try:
            with self._guard:
                if keys is None:
                    rows = self._db.execute(
                        "SELECT rel, record, data FROM mentions WHERE version = ?", (version,))
                    return {(rel, record): data for rel, record, data in rows}
                wanted = set(keys)
                rels = sorted({rel for rel, _ in wanted})
                found = {}
                for start in range(0, len(rels), _CHUNK):
                    chunk = rels[start : start + _CHUNK]
                    for rel, record, data in self._db.execute(
                            "SELECT rel, record, data FROM mentions WHERE version = ? AND rel IN "
                            f"({','.join('?' * len(chunk))})", (version, *chunk)):
                        if (rel, record) in wanted:
                            found[rel, record] = data
                return found
        except sqlite3.Error:
            return {}

    def mention_pages(self, version: str, size: int | None = None,
                      ) -> Iterator[list[tuple[str, int, str]]]:
        """``mentions`` of every article as (rel, record, data) rows, ``size`` at a time in key
        order, so that a caller parses each page before the next is read (a whole corpus's
        are hundreds of megabytes of text). An unreadable table ends the pages (costs time)."""
        size = size or MENTION_PAGE_ROWS
        after: tuple[str, int] = ("", -1)
        while True:
            try:
                with self._guard:
                    rows = self._db.execute(
                        "SELECT rel, record, data FROM mentions WHERE (rel, record) > (?, ?) "
                        "AND version = ? ORDER BY rel, record LIMIT ?",
                        (*after, version, size)).fetchall()
            except sqlite3.Error:
                return
            if not rows:
                return
            yield rows
            after = (rows[-1][0], rows[-1][1])

    def save_mentions(self, version: str, items: list[tuple[str, int, str]]) -> str | None:
        """Keep mentions (rel, record, data); returns a problem to show, or None."""
        if not items:
            return None
        try:
            with self._guard, self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO mentions (rel, record, version, data) "
                    "VALUES (?, ?, ?, ?)", [(rel, record, version, data)
                                            for rel, record, data in items])
        except sqlite3.Error as exc:
            return f"entity mentions not kept in {self.path}: {exc}"
        return None

    # -- refreshing ---------------------------------------------------------------------------

    def refresh(self, walked: Walk, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                on_waiting: Callable[[], None] | None = None,
                partial: Callable[[list[StoredArticle]], None] | None = None,
                ) -> tuple[list[StoredArticle], list[LoadIssue], Changes]:
        """Bring the rows up to date with ``walked`` and return the corpus's articles in walk
        order, the files that could not be read, and what changed.

        ``progress(done, total)`` counts the files read. ``partial(articles)`` is called with
        the articles known after the first files are read, when there are files to read, and
        again each time the files read since have grown ``PARTIAL_GROWTH`` times (a front end
        shows them while the rest is read). A cancelled refresh keeps what it
        committed and returns the articles of the files derived so far.
        """
        self._partial = partial
        try:
            return self._refresh(walked, progress, cancelled, on_waiting)
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"{self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            # Damage found past the first page: start again from an empty store.
            with self._guard:
                self._db.close()
                self._delete()
                self.notices.append(f"the corpus store {self.path} was damaged ({exc}): "
                                    "rebuilt it")
                try:
                    self._db = self._connect()
                except sqlite3.Error as again:
                    raise StoreUnavailable(f"{self.path}: {again}") from again
            try:
                return self._refresh(walked, progress, cancelled, on_waiting)
            except sqlite3.Error as again:
                raise StoreUnavailable(f"{self.path}: {again}") from again

    def _refresh(self, walked: Walk, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None, on_waiting: Callable[[], None] | None,
                 ) -> tuple[list[StoredArticle], list[LoadIssue], Changes]:
        cancelled = cancelled or (lambda: False)
        self.state = None
        self.previous_state = None
        self.ids_kept = False
        self.patched = None
        record = self._opened()
        if record is not None and record.same_walk(walked):
            # Nothing changed since the last refresh: no row is read.
            return self._from_record(record, walked) + (Changes(unchanged=walked.file_count),)
        with FileLock(Path(f"{self.path}.lock"), on_waiting):
            # Read under the lock: another process may have done the work while this one
            # waited, and the record written below must say what the rows say.
            record = self._opened()
            self.previous_state = self.state if record is not None else None
            if record is not None and record.same_walk(walked):
                return (self._from_record(record, walked)
                        + (Changes(unchanged=walked.file_count),))
            changes = Changes()
            if record is not None:
                # Only files whose stat differs from the record's are looked at (their tuples
                # alone made, when the walk came as columns).
                suspects, gone = record.walk_suspects(walked)
                states = self._states_of([f.rel for f in suspects] + gone)
            else:
                suspects, states = walked.files, self._file_states()
                present = set(walked.column("rel"))
                gone = sorted(rel for rel in states if rel not in present)
            todo, touched = self._sort(suspects, states, changes)
            changes.unchanged += walked.file_count - len(suspects)
            self._write_touched(touched, changes)
            self._write_removed(gone, changes)
            self._derive(walked, todo, states, changes, progress, cancelled)
            # (Cancelled, some file has no rows yet: no record can be made, and reading every
            # row to find that out kept a quitting app waiting.)
            made = None if cancelled() else self._record(walked, record, suspects)
            if made is None:  # cancelled: the articles of the files derived so far
                self.state = None
                return self._articles(walked.files, self._file_states()) + (changes,)
            fresh, patch = made
            self._write_opened(fresh, patch)
        return self._from_record(fresh, walked) + (changes,)

    def _sort(self, files: list[CorpusFile], states: dict[str, _FileState], changes: Changes,
              ) -> tuple[list[tuple[CorpusFile, bytes | None]], list[tuple[CorpusFile, str]]]:
        """Files to derive (with their bytes when already read), and files only touched."""
        todo: list[tuple[CorpusFile, bytes | None]] = []
        touched: list[tuple[CorpusFile, str]] = []
        derivations = self.derivations
        get = states.get
        unchanged = 0
        for item in files:
            state = get(item.rel)
            if state is None:
                changes.added.append(item.rel)
                todo.append((item, None))
                continue
            derivation = derivations[item.format]
            if (state[0] == item.size and state[1] == item.mtime_ns
                    and state[3] == derivation):
                unchanged += 1
                continue
            data = _read(item.location)
            digest = file_digest(data) if data is not None else ""
            if data is not None and digest == state.digest and state.derivation == derivation:
                touched.append((item, digest))
                continue
            changes.changed.append(item.rel)
            todo.append((item, data))
        changes.unchanged += unchanged
        return todo, touched

    def _write_touched(self, touched: list[tuple[CorpusFile, str]], changes: Changes) -> None:
        if not touched:
            return
        with self._guard, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "UPDATE files SET size = ?, mtime_ns = ? WHERE rel = ?",
                [(item.size, item.mtime_ns, item.rel) for item, _ in touched])
        changes.touched.extend(item.rel for item, _ in touched)

    def _write_removed(self, gone: list[str], changes: Changes) -> None:
        if not gone:
            return
        with self._guard, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM files WHERE rel = ?", [(r,) for r in gone])
            self._db.executemany("DELETE FROM articles WHERE rel = ?", [(r,) for r in gone])
            self._db.executemany("DELETE FROM mentions WHERE rel = ?", [(r,) for r in gone])
        changes.removed.extend(gone)

    def _derive(self, walked: Walk, todo: list[tuple[CorpusFile, bytes | None]],
                states: dict[str, _FileState], changes: Changes,
                progress: Callable[[int, int], None] | None,
                cancelled: Callable[[], bool]) -> None:
        if not todo:
            return
        from tuiread.corpus.sketch_cache import SketchCache

        total = len(todo)
        done = 0
        grown = 0  # files read when ``partial`` was last called
        # The copies sketches made with the rows go to the sketch cache (derived data of its
        # own): finding copies after this refresh makes none and reads no article's text.
        sketches = SketchCache()

        def write(batch: list[FileRows]) -> None:
            nonlocal done, grown
            self._write_rows(batch)
            _keep_sketches(sketches, batch)
            done += len(batch)
            changes.derived += len(batch)
            if progress is not None:
                progress(done, total)
            if self._partial is not None and done < total and done >= grown * PARTIAL_GROWTH:
                grown = done
                self._partial(self._articles(walked.files, self._file_states())[0])

        try:
            derive_files(todo, self.rules, self.derivations, write, cancelled,
                         self.mention_maker)
        finally:
            sketches.close()

    def _write_rows(self, batch: list[FileRows]) -> None:
        with self._guard, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM articles WHERE rel = ?",
                                 [(rows.rel,) for rows in batch])
            self._db.executemany("DELETE FROM mentions WHERE rel = ?",
                                 [(rows.rel,) for rows in batch])
            self._db.executemany(
                "INSERT OR REPLACE INTO files (rel, size, mtime_ns, digest, derivation, problem, "
                "articles) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(r.rel, r.size, r.mtime_ns, r.digest, r.derivation, r.problem, len(r.articles))
                 for r in batch])
            self._db.executemany(
                "INSERT INTO articles (rel, record, key, title, source, url, date, author, "
                "words, encoding, format, spans, hidden, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.rel, *article) for r in batch for article in r.articles])
            self._db.executemany(
                "INSERT OR REPLACE INTO mentions (rel, record, version, data) "
                "VALUES (?, ?, ?, ?)",
                [(r.rel, article[0], version, data) for r in batch if r.mentions is not None
                 for article, (version, data) in zip(r.articles, r.mentions, strict=True)])

    def _articles(self, files: list[CorpusFile], states: dict[str, _FileState],
                  ) -> tuple[list[StoredArticle], list[LoadIssue]]:
        with self._guard:
            rows = self._db.execute(
                "SELECT rel, record, key, title, source, url, date, author, words, encoding, "
                "format FROM articles ORDER BY rel, record").fetchall()
        by_file: dict[str, list[tuple]] = {}
        for row in rows:
            found = by_file.get(row[0])
            if found is None:
                by_file[row[0]] = [row]
            else:
                found.append(row)
        articles: list[StoredArticle] = []
        issues: list[LoadIssue] = []
        taken: set[str] = set()
        add_taken = taken.add
        append = articles.append
        get = states.get
        for item in files:
            state = get(item.rel)
            if state is None:
                continue  # not derived yet (a cancelled refresh)
            if state[4] is not None:
                issues.append(LoadIssue(item.path, f"skipped: {state.problem}"))
                continue
            digest = state[2]
            location = item.location
            for rel, record, key, title, source, url, date, author, words, encoding, fmt in \
                    by_file.get(item.rel, ()):
                aid = article_id(rel, key, taken)
                add_taken(aid)
                append(StoredArticle(self, aid, location, rel, record, digest, title, source,
                                     encoding, fmt, words, url, date, author))
        return articles, issues


def _names(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master")}


class _OtherVersion(Exception):
    pass


def open_corpus_store(roots: Sequence[Path], rules: Sequence[Rule],
                      path: Path | None = None) -> CorpusStore:
    """The store of the corpus at ``roots``; raises StoreUnavailable when it cannot be used."""
    return CorpusStore(path or store_file(roots), rules)


def _keep_sketches(cache, batch: list[FileRows]) -> None:
    """Keep in ``cache`` (a ``SketchCache``) the sketches the rows of ``batch`` were made with,
    under the digest ``article_digest`` gives their stored articles."""
    from tuiread.corpus.sketch_cache import key_digest

    cache.keep_sketches([(key_digest(derived_key(rows.digest, article[0], rows.derivation)), made)
                         for rows in batch if rows.sketches is not None
                         for article, made in zip(rows.articles, rows.sketches, strict=True)])
