"""Telling a -wal file that belongs to another database before SQLite applies it.

SQLite applies whatever ``annotations.sqlite3-wal`` lies beside the database: its salts and
checksums only prove the log is intact, not that it was written for this file. A log copied or
synced in from another machine, or left over from a restored backup, would silently replace the
annotations. The store keeps its own id in the ``meta`` table, and every change rewrites that
row, so a log of this database's changes always carries this database's id. Before opening, the
id in the database file alone (``immutable``: the log ignored) is compared with the id seen
through the log (read-only: nothing is checkpointed); when they differ the log and its index
are moved aside, untouched, and the database opens as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

_ID = "SELECT value FROM meta WHERE key = 'store_id'"


def _read_id(uri: str) -> str | None:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        row = conn.execute(_ID).fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def stored_id(path: Path) -> str | None:
    """The store id in the database file itself, the log ignored; None when it has none (a
    database of an older tuiread, or not one at all)."""
    try:
        return _read_id(f"{path.resolve().as_uri()}?immutable=1")
    except sqlite3.DatabaseError:
        return None


def foreign_log(path: Path) -> str | None:
    """Why the -wal file beside ``path`` is not this database's log; None when it is (or when
    there is no log, or nothing to judge it by)."""
    log = Path(f"{path}-wal")
    try:
        if not path.is_file() or log.stat().st_size == 0:
            return None
    except OSError:
        return None  # no log
    own = stored_id(path)
    if own is None:
        return None  # no id written yet (an older tuiread's database): nothing to compare
    try:
        seen = _read_id(f"{path.resolve().as_uri()}?mode=ro")
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc) or "unable to open" in str(exc):
            return None  # cannot be checked here (a read-only folder): opened as it is
        return f"the database cannot be read with it ({exc})"
    if seen != own:
        return "it was written by another annotation database"
    return None


def move_log_aside(path: Path) -> Path:
    """Move the -wal and -shm files of ``path`` to ``<name>-wal.foreign-<UTC time>`` (and
    ``-shm.foreign-…``); the log's new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log = Path(f"{path}-wal")
    aside = log.with_name(f"{log.name}.foreign-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = log.with_name(f"{log.name}.foreign-{stamp}-{counter}")
    os.replace(log, aside)
    index = Path(f"{path}-shm")
    # No index beside it is fine: SQLite rebuilds one.
    with contextlib.suppress(FileNotFoundError):
        os.replace(index, index.with_name(index.name + aside.name[len(log.name) :]))
    return aside
