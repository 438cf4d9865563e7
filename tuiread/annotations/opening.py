"""Opening the annotation store so that the app always opens and the user's work is never lost.

- The normal case: the database in the data dir, WAL journal, migrated to this schema.
- A -wal file written by another database is moved aside before SQLite can apply it
  (:mod:`tuiread.annotations.wal`); the database opens as it was, the notice says where the log is.
- A damaged file (not a database, failing SQLite's quick check, or missing a table or column of
  its schema) is moved aside with its WAL files, untouched, and a fresh store is started; the
  notice says where the old file is. Damaged cells (tags that are not JSON, a position that is
  not a number) are mended in place after a copy of the file as it was is kept.
- A database from a newer tuiread, one this user cannot write, or one SQLite cannot open for
  writing for any other reason (a read-only or full disk), is opened read-only: directly, else
  from a copy in a temporary folder (a WAL database cannot be opened read-only where its -shm
  file cannot be made), else from the database file alone.
- When there is nowhere to write at all, an in-memory store keeps this session's annotations.
Every case but the first sets ``Store.notice`` to one line for the user.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tuiread import locations
from tuiread.annotations.schema import (
    DAMAGED_ROWS,
    NewerSchema,
    migrate,
    missing_structure,
    parse_tags,
)
from tuiread.annotations.store import Store, StoreMode
from tuiread.annotations.wal import foreign_log, move_log_aside

# How long a change waits for another tuiread process to finish its write; a write takes
# milliseconds, so this is only reached when another process is stuck.
BUSY_TIMEOUT_S = 10.0
# SQLite primary result codes (the low byte of extended codes).
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_READ_ONLY_CODES = {3, 8, 14, 23}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
# What a migration meets in a database whose tables another program dropped or changed.
_STRUCTURE_ERRORS = re.compile(r"no such (table|column)|duplicate column|already exists")


class Damaged(Exception):
    """SQLite's integrity check found problems."""


def connect(path: Path | None, mode: StoreMode) -> sqlite3.Connection:
    if mode is StoreMode.MEMORY or path is None:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    elif mode is StoreMode.READ_ONLY:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )
    else:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    conn.row_factory = sqlite3.Row
    try:
        if mode is StoreMode.WRITABLE and path is not None:
            conn.execute("PRAGMA journal_mode = WAL")
            # Committed annotations survive a power cut, not only a killed process.
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def open_store(path: Path | None = None) -> Store:
    """The annotation store at ``path`` (default: the data dir's). Never raises for a damaged
    or unwritable file; see the module's docstring."""
    path = path or locations.annotations_db()
    set_aside_log = _foreign_log_aside(path)
    store = _open(path)
    if set_aside_log:
        store.notice = "; ".join(filter(None, [set_aside_log, store.notice]))
    return store


def _foreign_log_aside(path: Path) -> str | None:
    why = foreign_log(path)
    if why is None:
        return None
    try:
        aside = move_log_aside(path)
    except OSError as exc:
        raise_notice = f"cannot move it aside ({exc.strerror or exc})"
        return f"the -wal file beside {path} is not its own ({why}) and {raise_notice}"
    return (
        f"the -wal file beside {path} was not applied: {why}. It is kept, untouched, at {aside}"
    )


def _open(path: Path) -> Store:
    try:
        return _writable(path)
    except NewerSchema as exc:
        return _read_only(
            path,
            f"annotations were saved by a newer tuiread (schema {exc.found}, this one reads "
            f"up to {exc.known}): shown read-only, changes cannot be saved",
        )
    except Damaged as exc:
        return _start_afresh(path, str(exc))
    except sqlite3.DatabaseError as exc:
        code = _code(exc)
        if code in _CORRUPT_CODES:
            return _start_afresh(path, str(exc))
        if code in _BUSY_CODES:
            return _read_only(
                path, f"the annotation database is busy ({exc}): shown read-only for now"
            )
        if code in _READ_ONLY_CODES:
            return _read_only(path, f"cannot write {path} ({exc}): annotations are read-only")
        # Any other failure (an I/O error, a full disk...): show what can be read, save nothing.
        return _read_only(path, f"the annotation database cannot be opened for writing ({exc})")
    except OSError as exc:  # the data folder cannot be created
        return _memory(f"cannot save annotations in {path.parent} ({exc.strerror or exc})")


def _code(exc: sqlite3.DatabaseError) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _writable(path: Path) -> Store:
    locations.ensure_parent(path)
    conn = connect(path, StoreMode.WRITABLE)
    notice = None
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise Damaged("; ".join(problems[:3]))
        try:
            migrate(conn)
        except sqlite3.OperationalError as exc:
            if not _STRUCTURE_ERRORS.search(str(exc)):
                raise
            raise Damaged(f"its tables are not the expected ones ({exc})") from exc
        missing = missing_structure(conn)
        if missing:
            raise Damaged("it lacks " + ", ".join(missing[:4]))
        notice = _mend_cells(conn, path)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path, StoreMode.WRITABLE, notice)


def _mend_cells(conn: sqlite3.Connection, path: Path) -> str | None:
    """Mend rows whose cells another program damaged, after keeping a copy of the file as it
    was; the notice, or None when every row is sound."""
    bad = [row[0] for row in conn.execute(DAMAGED_ROWS)]
    if not bad:
        return None
    copy = set_aside(path, copy=True, conn=conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for annotation_id in bad:
            query = "SELECT * FROM annotations WHERE id = ?"
            row = conn.execute(query, (annotation_id,)).fetchone()
            conn.execute(
                "UPDATE annotations SET tags = ?, pos_start = ?, pos_end = ?, quote_exact = ? "
                "WHERE id = ?",
                (
                    json.dumps(list(parse_tags(row["tags"])), ensure_ascii=False),
                    row["pos_start"] if isinstance(row["pos_start"], int) else 0,
                    row["pos_end"] if isinstance(row["pos_end"], int) else 0,
                    str(row["quote_exact"]),
                    annotation_id,
                ),
            )
        conn.execute("UPDATE meta SET value = ? WHERE key = 'last_write'", (str(len(bad)),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return (
        f"{len(bad)} annotation(s) had damaged fields (tags or position written by another "
        f"program); they were mended, kept as written where possible, and a copy of the "
        f"database as it was is at {copy}"
    )


def _read_only(path: Path, why: str) -> Store:
    if not path.exists():
        return _memory(why)
    try:
        conn = connect(path, StoreMode.READ_ONLY)
        _check_readable(conn)
        return Store(conn, path, StoreMode.READ_ONLY, why)
    except sqlite3.DatabaseError as exc:
        direct = exc
    # A WAL database read-only where no -shm can be made (a read-only or full folder): read a
    # copy, log included, from a temporary folder; else the database file alone.
    try:
        keep = tempfile.TemporaryDirectory(prefix="tuiread-annotations-")
    except OSError:
        keep = None
    if keep is not None:
        try:
            copy = Path(keep.name) / path.name
            for suffix in ("", "-wal"):
                if Path(f"{path}{suffix}").exists():
                    shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
            conn = connect(copy, StoreMode.READ_ONLY)
            _check_readable(conn)
            return Store(conn, path, StoreMode.READ_ONLY, why, keep=keep)
        except (OSError, sqlite3.DatabaseError):
            keep.cleanup()
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?immutable=1",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        _check_readable(conn)
    except sqlite3.DatabaseError as exc:
        return _memory(f"{why}; it cannot be read either ({direct}; {exc})")
    return Store(
        conn,
        path,
        StoreMode.READ_ONLY,
        f"{why}; changes not yet merged into the database file may be missing",
    )


def _check_readable(conn: sqlite3.Connection) -> None:
    conn.execute("SELECT count(*) FROM annotations").fetchone()


def _memory(why: str) -> Store:
    conn = connect(None, StoreMode.MEMORY)
    migrate(conn)
    return Store(conn, None, StoreMode.MEMORY, f"{why}: annotations last until tuiread closes")


def _start_afresh(path: Path, problem: str) -> Store:
    aside = set_aside(path)
    try:
        store = _writable(path)
    except (sqlite3.DatabaseError, OSError, Damaged) as exc:
        return _memory(
            f"the annotation database was damaged and is kept at {aside}; a new one "
            f"cannot be started ({exc})"
        )
    store.notice = (
        f"the annotation database was damaged ({problem}); it is kept, untouched, at {aside}. "
        "A new, empty store was started."
    )
    return store


def set_aside(path: Path, copy: bool = False, conn: sqlite3.Connection | None = None) -> Path:
    """Move ``path`` and its -wal/-shm files to ``<name>.damaged-<UTC time>``; the new name.
    With ``copy``, keep a consistent copy there instead (``conn`` open on ``path``)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    if copy and conn is not None:
        target = sqlite3.connect(str(aside))
        try:
            conn.backup(target)
        finally:
            target.close()
        return aside
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        try:
            os.replace(source, Path(f"{aside}{suffix}"))
        except FileNotFoundError:
            continue  # not there (or another process moved it first)
    return aside
