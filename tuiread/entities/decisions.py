"""The user's corrections to entity grouping, kept in SQLite in the user data dir.

Decisions name entities by name, never by an internal id, so they survive re-indexing and apply
to every corpus that has those names. They are applied in the order they were made, on every
load (see ``group.apply_decisions``).

A damaged file (not a database, failing SQLite's quick check, or without its table) is moved
aside, untouched, to ``<name>.damaged-<UTC time>`` and a fresh one is started, as the annotation
store does: entity search keeps working, and :func:`take_notices` says where the old file is.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tuiread import locations
from tuiread.entities.model import parse_kind
from tuiread.errors import TuireadError

SCHEMA_VERSION = 1

# Seconds to wait for another tuiread (a second window, the command line) to finish writing
# before giving up with "database is locked"; a write here takes milliseconds.
BUSY_TIMEOUT = 5.0

# action -> (what ``subject`` is, what ``value`` is or None when it takes none)
ACTIONS = {
    "merge": ("entity to keep", "entity merged into it"),
    "split": ("entity", "variant to split off"),
    "rename": ("entity", "new name"),
    "kind": ("entity", "new kind"),
    "ignore": ("entity", None),
    "unignore": ("entity", None),
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    value TEXT,
    created TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    action: str
    subject: str
    value: str | None
    created: str

    def describe(self) -> str:
        if self.action == "merge":
            return f"merge '{self.value}' into '{self.subject}'"
        if self.action == "split":
            return f"split '{self.value}' off '{self.subject}'"
        if self.action == "rename":
            return f"rename '{self.subject}' to '{self.value}'"
        if self.action == "kind":
            return f"make '{self.subject}' a {self.value}"
        return f"{self.action} '{self.subject}'"


class DecisionStoreError(TuireadError):
    pass


class _Damaged(Exception):
    pass


# One line per damaged file set aside in this process, until a front end shows them.
_NOTICES: list[str] = []


def take_notices() -> list[str]:
    """The notices of files set aside since the last call (the CLI warns, the app notifies)."""
    found = []
    while _NOTICES:  # pop is atomic: a notice added by another thread meanwhile is not lost
        found.append(_NOTICES.pop(0))
    return found


def set_aside(path: Path) -> Path:
    """Move ``path`` and its -wal/-shm files to ``<name>.damaged-<UTC time>``; the new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


class DecisionStore:
    """Open with ``DecisionStore()`` (the user's file) or a path; use as a context manager.

    Every SQLite failure (a locked, read-only or full disk, a damaged file) comes out as a
    DecisionStoreError with a one-line message.
    """

    def __init__(self, path: Path | None = None, timeout: float = BUSY_TIMEOUT):
        self.path = path or locations.entity_decisions_file()
        self.timeout = timeout
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> DecisionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        if not create and not self.path.exists():
            return None
        try:
            return self._open()
        except _Damaged as exc:
            aside = set_aside(self.path)
            _NOTICES.append(
                f"the entity decisions file was damaged ({exc}); it is kept, untouched, at "
                f"{aside}. A new, empty one was started."
            )
            if not create:
                return None
            return self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            locations.ensure_parent(self.path)
            # Autocommit: every transaction here is opened explicitly (see _migrate).
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise DecisionStoreError(f"{self.path}: cannot open ({exc})") from exc
        except OSError as exc:
            raise DecisionStoreError(f"{self.path}: cannot open ({exc.strerror or exc})") from exc
        try:
            self._check(db)
            self._migrate(db)
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full
            db.close()
            raise DecisionStoreError(f"{self.path}: cannot open ({exc})") from exc
        except sqlite3.DatabaseError as exc:  # not a database, or damaged
            db.close()
            raise _Damaged(str(exc)) from exc
        except (DecisionStoreError, _Damaged):
            db.close()
            raise
        self._db = db
        return db

    def _check(self, db: sqlite3.Connection) -> None:
        """Raise _Damaged for a file that is not a sound decisions database."""
        problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise _Damaged("; ".join(problems[:3]))
        if self._version(db) >= 1:  # a newer file is refused there, never set aside
            columns = {row[1] for row in db.execute("PRAGMA table_info(decisions)")}
            missing = {"id", "action", "subject", "value", "created"} - columns
            if missing:
                raise _Damaged(
                    "its decisions table is missing"
                    if not columns
                    else f"its decisions table lacks {', '.join(sorted(missing))}"
                )

    def _migrate(self, db: sqlite3.Connection) -> None:
        if self._version(db) == SCHEMA_VERSION:
            return
        # Under a write lock, so a second tuiread starting at the same moment waits, then sees
        # the version this one set; a crash before COMMIT leaves the file as it was.
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._version(db) == 0:
                # IF NOT EXISTS: a file from a run that stopped between the two steps.
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            # Later schema versions add their steps here, in this transaction.
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back already (a full disk)
                db.execute("ROLLBACK")
            raise

    def _version(self, db: sqlite3.Connection) -> int:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DecisionStoreError(
                f"{self.path}: made by a newer tuiread (schema {version}, "
                f"this one reads {SCHEMA_VERSION})"
            )
        return version

    @contextmanager
    def _failing(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise DecisionStoreError(f"{self.path}: cannot {doing} ({exc})") from exc

    def all(self) -> list[Decision]:
        db = self._connect(create=False)
        if db is None:
            return []
        with self._failing("read the decisions"):
            rows = db.execute(
                "SELECT id, action, subject, value, created FROM decisions ORDER BY id"
            ).fetchall()
        # A row another program wrote with an action this version does not know is left out
        # of the grouping, never fatal; it stays in the file.
        return [Decision(*row) for row in rows if row[1] in ACTIONS and isinstance(row[2], str)]

    def add(self, action: str, subject: str, value: str | None = None) -> Decision:
        """Record a decision; raises DecisionStoreError for an unknown action or bad value."""
        if action not in ACTIONS:
            raise DecisionStoreError(f"unknown decision '{action}' (known: {', '.join(ACTIONS)})")
        subject = subject.strip()
        value = value.strip() if value is not None else None
        if not subject:
            raise DecisionStoreError(f"{action}: the entity name is empty")
        if (ACTIONS[action][1] is None) != (value is None) or value == "":
            raise DecisionStoreError(f"{action}: expected {ACTIONS[action][1] or 'no value'}")
        if action == "kind":
            try:
                value = str(parse_kind(value or ""))
            except ValueError as exc:
                raise DecisionStoreError(f"kind: {exc}") from None
        created = datetime.now(UTC).isoformat(timespec="seconds")
        db = self._connect(create=True)
        assert db is not None
        with self._failing("record the decision"):
            # One statement in autocommit mode: its own transaction.
            cursor = db.execute(
                "INSERT INTO decisions (action, subject, value, created) VALUES (?, ?, ?, ?)",
                (action, subject, value, created),
            )
        return Decision(int(cursor.lastrowid or 0), action, subject, value, created)

    def remove(self, decision_id: int) -> Decision:
        """Undo one decision by id."""
        db = self._connect(create=False)
        found = [d for d in self.all() if d.id == decision_id] if db is not None else []
        if db is None or not found:
            raise DecisionStoreError(f"no decision with id {decision_id}")
        with self._failing("undo the decision"):
            db.execute("DELETE FROM decisions WHERE id = ?", (decision_id,))
        return found[0]
