"""Opening the annotation store so that the app always opens and the user's work is never lost.

- The normal case: the database in the data dir, WAL journal, migrated to this schema.
- A damaged file (not a database, or failing SQLite's quick check) is moved aside with its WAL
  files, untouched, and a fresh store is started; the notice says where the old file is.
- A database from a newer tuiread, one this user cannot write, or one SQLite cannot open for
  writing for any other reason, is opened read-only.
- When there is nowhere to write at all, an in-memory store keeps this session's annotations.
Every case but the first sets ``Store.notice`` to one line for the user.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tuiread import locations
from tuiread.annotations.schema import NewerSchema, migrate
from tuiread.annotations.store import Store, StoreMode

# How long a change waits for another tuiread process to finish its write; a write takes
# milliseconds, so this is only reached when another process is stuck.
BUSY_TIMEOUT_S = 10.0
# SQLite primary result codes (the low byte of extended codes).
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_READ_ONLY_CODES = {3, 8, 14, 23}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


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
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise Damaged("; ".join(problems[:3]))
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path, StoreMode.WRITABLE, None)


def _read_only(path: Path, why: str) -> Store:
    if not path.exists():
        return _memory(why)
    try:
        conn = connect(path, StoreMode.READ_ONLY)
        conn.execute("SELECT count(*) FROM annotations").fetchone()
    except sqlite3.DatabaseError as exc:
        return _memory(f"{why}; it cannot be read either ({exc})")
    return Store(conn, path, StoreMode.READ_ONLY, why)


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


def set_aside(path: Path) -> Path:
    """Move ``path`` and its -wal/-shm files to ``<name>.damaged-<UTC time>``; the new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        try:
            os.replace(source, Path(f"{aside}{suffix}"))
        except FileNotFoundError:
            continue  # not there (or another process moved it first)
    return aside
