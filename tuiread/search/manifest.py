"""What the index holds for each corpus file: size, mtime and content digest when it was indexed.

The manifest sits beside the Whoosh files of one index generation, naming the Whoosh generation
it describes. It is a small SQLite database (``manifest.sqlite3``) so that it is cheap both ways
at 100,000 files: opening the index reads the stamps as rows (the entity-name digests only when
an update asks for them), and a commit writes only the rows of the files it changed, in one
transaction with the generation it names.

One that is missing or damaged is rebuilt from the stamps stored with the documents; one a
commit behind (its writer was killed in between) is used as it is, since it can only make a few
files look changed. An index made before the SQLite manifest has ``manifest.json``: it is read
once and converted (see ``legacy.py``).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Set
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

MANIFEST_VERSION = 2  # 1: manifest.json, rewritten whole after every commit
# Content digests: 128-bit BLAKE2b is plenty to tell two versions of one file apart.
DIGEST_BYTES = 16
# How long a reader waits for a writer's transaction to finish (they are a few rows).
BUSY_SECONDS = 10.0
# Article ids per query when a few files' entity names are read (SQLite allows 32,766 values).
_IDS_PER_QUERY = 500

# Each folder's walk digest when it last matched its files' stamps; a folder's row goes when a
# stamp of it is written, so a walk that differs in one folder reads that folder's stamps only.
_FOLDERS_TABLE = """CREATE TABLE IF NOT EXISTS matched_folders (folder TEXT PRIMARY KEY,
                                                    digest TEXT NOT NULL) WITHOUT ROWID;"""
# The articles (re)indexed since the entity names' record (kind 'names' in ``matched``) was made:
# a commit carries that record forward and adds the articles it wrote here, since only their
# names can differ from the recorded version. So after one edited file the next ``tuiread index``
# compares that file's articles, not 100,000. (A manifest without this table has none.)
_NAMES_SINCE_TABLE = """CREATE TABLE IF NOT EXISTS names_since (id TEXT PRIMARY KEY)
                                                    WITHOUT ROWID;"""
# The ``matched`` kinds: the walk's fingerprint (dropped by a commit that changes a stamp, else
# carried forward) and the entity names' version (see ``_NAMES_SINCE_TABLE``).
WALK_KIND, NAMES_KIND = "walk", "names"
# The digest of find's output (and the number of files) last found to match the stamps (see
# ``search.walk_found``).
FIND_KIND = "find"
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE files (rel TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                    digest TEXT NOT NULL, articles INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE problems (rel TEXT PRIMARY KEY, why TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entities (rel TEXT NOT NULL, id TEXT NOT NULL, digest TEXT NOT NULL,
                       PRIMARY KEY (rel, id)) WITHOUT ROWID;
-- What was last found to match these stamps at index commit ``generation``: the walk (its
-- fingerprint, kind 'walk') and the entity names (their version, kind 'names').
CREATE TABLE matched (kind TEXT PRIMARY KEY, generation INTEGER NOT NULL, value TEXT NOT NULL);
""" + _FOLDERS_TABLE + _NAMES_SINCE_TABLE


class ManifestDamaged(Exception):
    """The manifest file exists but cannot be read; the caller rebuilds it from the index."""


class FileStamp(NamedTuple):
    """A tuple: a manifest holds one per corpus file, and 100,000 are read on every open."""

    size: int
    mtime_ns: int
    digest: str
    articles: int  # 0 for a file that could not be read as articles

    def as_list(self) -> list:
        return [self.size, self.mtime_ns, self.digest, self.articles]


class Changes(dict):
    """A dict that remembers which keys were set or removed since it was last saved."""

    __slots__ = ("changed",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.changed: set = set()

    def __setitem__(self, key, value) -> None:
        self.changed.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key) -> None:
        self.changed.add(key)
        super().__delitem__(key)

    def pop(self, key, *default):
        if key in self:
            self.changed.add(key)
        return super().pop(key, *default)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args, **kwargs) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self) -> None:
        self.changed.update(self)
        super().clear()

    def popitem(self):
        key, value = super().popitem()
        self.changed.add(key)
        return key, value


class Manifest:
    """The stamps of one generation. ``files`` and ``problems`` are read when it is loaded;
    ``entities`` (file -> {article id: digest of the entity names it was indexed with, "" for
    none}) when first asked for, since only an update giving entity names needs it."""

    __slots__ = ("generation", "files", "problems", "_entities", "_pending", "_source",
                 "revision", "partial")

    def __init__(self, generation: int, files: dict[str, FileStamp], problems: dict[str, str],
                 entities: dict[str, dict[str, str]] | None = None, *,
                 source: Path | None = None):
        self.generation = generation  # the Whoosh TOC generation these stamps describe
        self.files = Changes(files)
        # Files that could not be read, with the reason (kept so they are not retried until
        # changed).
        self.problems = Changes(problems)
        self._entities = None if entities is None and source is not None else Changes(
            entities or {})
        # Names set (or, as None, dropped) for files before the names were read: an update
        # records the files it indexed without reading every other file's names.
        self._pending: dict[str, dict[str, str] | None] = {}
        self._source = source  # the file it was read from: where its changes are written
        self.revision = 0  # counts saves, so a plan made against it is known to be current
        # The folders whose stamps were read, when not all were (see ``complete``).
        self.partial: set[str] | None = None
        if source is None:  # nothing on disk yet: everything is to be written
            self._mark_all()

    @property
    def entities(self) -> Changes:
        """File -> {article id: names digest}. Changing one file's names: assign its dict
        again (``entities[rel] = names``), so the change is written."""
        if self._entities is None:
            assert self._source is not None
            self._entities = Changes(_read_entities(self._source))
            for rel, names in self._pending.items():
                if names is None:
                    self._entities.pop(rel, None)
                else:
                    self._entities[rel] = names
            self._pending.clear()
        return self._entities

    def names_of(self, ids: Set[str]) -> dict[str, dict[str, str]]:
        """``entities`` for the articles ``ids`` only (file -> {article id: names digest}), read
        without every file's names when they are not read yet."""
        if self._entities is not None or not ids:
            return {rel: {a: d for a, d in names.items() if a in ids}
                    for rel, names in (self._entities or {}).items()
                    if not ids.isdisjoint(names)}
        assert self._source is not None
        try:
            found = names_of(self._source, ids)
        except sqlite3.Error:
            return {rel: dict(names) for rel, names in self.entities.items()
                    if not ids.isdisjoint(names)}
        for rel, names in self._pending.items():  # set since: these replace the file's rows
            found.pop(rel, None)
            kept = {a: d for a, d in (names or {}).items() if a in ids}
            if kept:
                found[rel] = kept
        return found

    def file_names(self, rel: str) -> dict[str, str] | None:
        """A copy of file ``rel``'s names digests by article id (None: no names recorded),
        read alone when the names are not read yet."""
        if self._entities is not None:
            found = self._entities.get(rel)
        elif rel in self._pending:
            found = self._pending[rel]
        else:
            assert self._source is not None
            try:
                with closing(_open_existing(self._source)) as db:
                    found = dict(db.execute("SELECT id, digest FROM entities WHERE rel = ?",
                                            (rel,))) or None
            except sqlite3.Error:
                found = None  # (lost since it was opened: as with ``entities``, none kept)
        return dict(found) if found is not None else None

    def set_names(self, rel: str, names: dict[str, str] | None) -> None:
        """Give file ``rel`` these names digests by article id (None: forget the file), without
        reading the other files' names."""
        if self._entities is not None:
            if names is None:
                self._entities.pop(rel, None)
            else:
                self._entities[rel] = names
        else:
            self._pending[rel] = names

    @property
    def saved(self) -> bool:
        """Whether every change is written to the file it was read from."""
        return self._source is not None and not self._pending and not any(
            table.changed for table in (self.files, self.problems, self._entities)
            if table is not None)

    @property
    def articles(self) -> int:
        self.complete()
        return sum(s.articles for s in self.files.values())

    def complete(self) -> None:
        """Read the stamps of the folders not read yet (changes made here are kept)."""
        if self.partial is None:
            return
        assert self._source is not None
        with closing(_open_existing(self._source)) as db:
            rows = db.execute("SELECT rel, size, mtime_ns, digest, articles FROM files")
            make, files, changed = tuple.__new__, self.files, self.files.changed
            for row in rows:
                if row[0] not in changed and row[0] not in files:
                    dict.__setitem__(files, row[0], make(FileStamp, row[1:]))
        self.partial = None

    def _mark_all(self) -> None:
        self.files.changed.update(self.files)
        self.problems.changed.update(self.problems)
        if self._entities is not None:
            self._entities.changed.update(self._entities)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=DIGEST_BYTES).hexdigest()


def _open_existing(path: Path) -> sqlite3.Connection:
    """A connection to the manifest at ``path``, which must exist (a reader never creates
    one: sqlite3.OperationalError if it is gone)."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True,
                           timeout=BUSY_SECONDS, isolation_level=None)


def _connect(path: Path) -> sqlite3.Connection:
    # The default rollback journal: one writer (under the index's writer lock) whose
    # transactions are a few rows, and readers that read once and close.
    return sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)


def load_manifest(path: Path, folders: Iterable[str] | None = None) -> Manifest | None:
    """The manifest at ``path`` (the stamps of ``folders`` only, if given: ``complete`` reads
    the rest); None when there is none. Raises ManifestDamaged when the file is there but
    cannot be trusted (damaged, or of another version)."""
    if not path.is_file():
        return None
    try:
        with closing(_open_existing(path)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("version") != MANIFEST_VERSION:
                raise ManifestDamaged(f"manifest version {meta.get('version')}")
            make = tuple.__new__
            if folders is None:
                rows = db.execute("SELECT rel, size, mtime_ns, digest, articles FROM files")
                files = {row[0]: make(FileStamp, row[1:]) for row in rows}
            else:
                files = {row[0]: make(FileStamp, row[1:])
                         for folder in folders for row in _folder_rows(db, folder)}
            problems = dict(db.execute("SELECT rel, why FROM problems"))
            manifest = Manifest(int(meta["generation"]), files, problems, source=path)
            manifest.partial = None if folders is None else set(folders)
            return manifest
    except (sqlite3.Error, KeyError, TypeError, ValueError) as exc:
        raise ManifestDamaged(f"{type(exc).__name__}: {exc}") from exc


def _folder_rows(db: sqlite3.Connection, folder: str) -> list[tuple]:
    """The stamp rows of the files directly in ``folder`` (a key range: no scan)."""
    columns = "SELECT rel, size, mtime_ns, digest, articles FROM files"
    if not folder:
        return list(db.execute(f"{columns} WHERE instr(rel, '/') = 0"))
    # Every path under "folder/" sorts between "folder/" and "folder0" ("0" follows "/").
    rows = db.execute(f"{columns} WHERE rel >= ? AND rel < ?", (folder + "/", folder + "0"))
    return [row for row in rows if row[0].rpartition("/")[0] == folder]


def matched_folders(path: Path) -> dict[str, str]:
    """Each folder's walk digest when it last matched its stamps (see ``_FOLDERS_TABLE``)."""
    try:
        with closing(_open_existing(path)) as db:
            return dict(db.execute("SELECT folder, digest FROM matched_folders"))
    except sqlite3.Error:
        return {}


def names_of(path: Path, ids: Set[str]) -> dict[str, dict[str, str]]:
    """The names digests of the articles ``ids`` in the manifest at ``path`` (file -> {article
    id: digest}), read by id. Raises sqlite3.Error."""
    found: dict[str, dict[str, str]] = {}
    wanted = sorted(ids)
    with closing(_open_existing(path)) as db:
        for first in range(0, len(wanted), _IDS_PER_QUERY):
            part = wanted[first : first + _IDS_PER_QUERY]
            marks = ", ".join("?" * len(part))
            for rel, article_id, names in db.execute(
                    f"SELECT rel, id, digest FROM entities WHERE id IN ({marks})", part):
                found.setdefault(rel, {})[article_id] = names
    return found


def _read_entities(path: Path) -> dict[str, dict[str, str]]:
    entities: dict[str, dict[str, str]] = {}
    try:
        with closing(_open_existing(path)) as db:
            for rel, article_id, names in db.execute("SELECT rel, id, digest FROM entities"):
                entities.setdefault(rel, {})[article_id] = names
    except sqlite3.Error:
        # Lost since it was opened (a rebuild replaced it): every document then looks as if
        # its names changed, and is refreshed from its stored fields.
        return {}
    return entities


def matched(path: Path, kind: str) -> tuple[int, str] | None:
    """The index commit and value of ``kind`` ("walk": its fingerprint; "names": the entity
    names' version) last found to match the manifest at ``path``, if any (one row is read)."""
    if not path.is_file():
        return None
    try:
        with closing(_open_existing(path)) as db:
            row = db.execute("SELECT generation, value FROM matched WHERE kind = ?",
                             (kind,)).fetchone()
    except sqlite3.Error:
        return None  # opening the manifest itself then says what is wrong
    return (int(row[0]), str(row[1])) if row is not None else None


def matched_names(path: Path) -> tuple[int, str, frozenset[str]] | None:
    """The index commit and version of the entity names last found to match the manifest at
    ``path``, with the articles (re)indexed since (whose names may differ), if any."""
    if not path.is_file():
        return None
    try:
        with closing(_open_existing(path)) as db:
            row = db.execute("SELECT generation, value FROM matched WHERE kind = ?",
                             (NAMES_KIND,)).fetchone()
            if row is None:
                return None
            since = frozenset(article_id for article_id, in db.execute(
                "SELECT id FROM names_since")) if _has_table(db, "names_since") else frozenset()
    except sqlite3.Error:
        return None  # opening the manifest itself then says what is wrong
    return int(row[0]), str(row[1]), since


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                      (name,)).fetchone() is not None


def save_matched(path: Path, kind: str, generation: int, value: str,
                 folders: dict[str, str] | None = None) -> None:
    """Record that ``value`` of ``kind`` matched the manifest at index commit ``generation``
    (and, for a walk, each folder's digest). Call under the index's writer lock."""
    with closing(_connect(path)) as db:
        db.execute(_FOLDERS_TABLE)
        db.execute(_NAMES_SINCE_TABLE)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT OR REPLACE INTO matched VALUES (?, ?, ?)", (kind, generation, value))
        if kind == NAMES_KIND:
            db.execute("DELETE FROM names_since")  # every article has these names now
        if folders is not None:
            db.execute("DELETE FROM matched_folders")
            db.executemany("INSERT INTO matched_folders VALUES (?, ?)", folders.items())
        db.execute("COMMIT")


def problems_of(path: Path) -> dict[str, str]:
    """The files that could not be indexed, with why, from the manifest at ``path`` alone."""
    try:
        with closing(_open_existing(path)) as db:
            return dict(db.execute("SELECT rel, why FROM problems"))
    except sqlite3.Error:
        return {}


def save_manifest(path: Path, manifest: Manifest) -> None:
    """Write what changed in ``manifest`` since it was read from or last saved to ``path``
    (everything, into a fresh file swapped in at once, when it came from elsewhere)."""
    if manifest._source != path or not path.is_file():
        _write_whole(path, manifest)
    else:
        try:
            with closing(_connect(path)) as db:
                _write_changes(db, manifest)
        except sqlite3.DatabaseError:
            _write_whole(path, manifest)  # damaged since it was read: write it anew
    manifest._source = path
    manifest.revision += 1
    manifest._pending.clear()
    for table in (manifest.files, manifest.problems, manifest._entities):
        if table is not None:
            table.changed.clear()


def _write_whole(path: Path, manifest: Manifest) -> None:
    manifest.complete()  # (read what was not, while the old file is still there)
    manifest.entities  # noqa: B018
    manifest._mark_all()
    import uuid  # (imported here: it loads `platform`, which a search that writes nothing skips)

    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        with closing(sqlite3.connect(temporary, isolation_level=None)) as db:
            db.executescript(_SCHEMA)
            db.execute("INSERT INTO meta VALUES ('version', ?)", (MANIFEST_VERSION,))
            _write_changes(db, manifest)
        # A journal left by a writer killed mid-commit belongs to the file being replaced.
        path.with_name(path.name + "-journal").unlink(missing_ok=True)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _write_changes(db: sqlite3.Connection, manifest: Manifest) -> None:
    files, problems, entities = manifest.files, manifest.problems, manifest._entities
    db.execute(_FOLDERS_TABLE)
    db.execute(_NAMES_SINCE_TABLE)
    db.execute("BEGIN IMMEDIATE")
    try:
        names = db.execute("SELECT value FROM matched WHERE kind = ?", (NAMES_KIND,)).fetchone()
        _apply(db, "files", files, lambda rel: [(rel, *files[rel])])
        _apply(db, "problems", problems, lambda rel: [(rel, problems[rel])])
        if entities is not None:
            _apply(db, "entities", entities,
                   lambda rel: [(rel, i, d) for i, d in entities[rel].items()])
        else:  # names not read: write those set since
            pending = manifest._pending
            db.executemany("DELETE FROM entities WHERE rel = ?", ((rel,) for rel in pending))
            db.executemany("INSERT INTO entities VALUES (?, ?, ?)",
                           [(rel, i, d) for rel, names in pending.items() if names
                            for i, d in names.items()])
        db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)",
                   (manifest.generation,))
        walks = db.execute("SELECT kind, value FROM matched WHERE kind IN (?, ?)",
                           (WALK_KIND, FIND_KIND)).fetchall()
        db.execute("DELETE FROM matched")
        if not files.changed:  # the same stamps: the walk still matches
            db.executemany("INSERT INTO matched VALUES (?, ?, ?)",
                           [(kind, manifest.generation, value) for kind, value in walks])
        if names is None:
            db.execute("DELETE FROM names_since")
        else:  # every article not written here still has the recorded names
            db.execute("INSERT INTO matched VALUES (?, ?, ?)",
                       (NAMES_KIND, manifest.generation, names[0]))
            db.executemany("INSERT OR IGNORE INTO names_since VALUES (?)",
                           ((article_id,) for article_id in _names_written(manifest)))
        db.executemany("DELETE FROM matched_folders WHERE folder = ?",
                       ((folder,) for folder in {rel.rpartition("/")[0] for rel in files.changed}))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _names_written(manifest: Manifest) -> set[str]:
    """The articles whose names rows this save writes (files indexed or refreshed since the
    last save)."""
    entities = manifest._entities
    if entities is None:
        return {article_id for names in manifest._pending.values() if names
                for article_id in names}
    return {article_id for rel in entities.changed if rel in entities
            for article_id in entities[rel]}


def _apply(db: sqlite3.Connection, table: str, values: Changes, rows) -> None:
    changed = sorted(values.changed)
    db.executemany(f"DELETE FROM {table} WHERE rel = ?", ((rel,) for rel in changed))
    columns = {"files": 5, "problems": 2, "entities": 3}[table]
    marks = ", ".join("?" * columns)
    db.executemany(f"INSERT INTO {table} VALUES ({marks})",
                   _rows(rows, (rel for rel in changed if rel in values)))


def _rows(rows, rels: Iterable[str]):
    for rel in rels:
        yield from rows(rel)
