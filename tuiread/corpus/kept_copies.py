"""The copies found last, kept so that after a few edits only the rows of the changed articles
and of the groups found again are written.

Each group is a row. The articles they were found among are one blob (read in one call: 100,000
rows cost several times more) plus a row per article changed since the blob was written; past
``DELTA_MAX`` such rows the blob is written again, so its cost is spread over that many edits.

Derived data in the sketch cache's database: only the last corpus state is kept, and every read
and write of it is one transaction, so a reader never sees the rows of two states.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
import sys
from collections.abc import Callable, Sequence
from itertools import compress

from tuiread.corpus.copies import Copies
from tuiread.pacing import pace

# Changed-article rows kept beside the blob before it is written again: reading this many rows
# costs a few milliseconds, writing the blob of 100,000 articles a few hundred.
DELTA_MAX = 2000
# Groups parsed per call when the kept groups are read (at 100,000 articles in 2,000 groups of
# syndicated copies, 100 groups parse in a few milliseconds; all of them took 100 ms in one call).
GROUPS_PARSED = 100

# Part of the blob's check: marshal's format may differ between Pythons. Each column is packed on
# its own, so that the ids and digests are read without the longer keys.
_LAYOUT = f"members-3/marshal-{marshal.version}/py{sys.version_info[0]}.{sys.version_info[1]}"

SCHEMA = (
    # The corpus digest (see sketch_cache.cached_copies) the rows below were found for.
    "CREATE TABLE IF NOT EXISTS kept_state (corpus TEXT)",
    # The articles of an earlier state: their ids, content keys and sketch digests.
    "CREATE TABLE IF NOT EXISTS kept_base (data BLOB)",
    # The articles changed since (key and digest NULL: removed).
    "CREATE TABLE IF NOT EXISTS kept_members "
    "(id TEXT PRIMARY KEY, key TEXT, digest TEXT) WITHOUT ROWID",
    # Each group of copies as the JSON list of its ids: the row is the group's own name.
    "CREATE TABLE IF NOT EXISTS kept_groups (ids TEXT PRIMARY KEY) WITHOUT ROWID",
    # Earlier versions kept the whole state as two blobs, written again after every edit.
    "DROP TABLE IF EXISTS groups",
    "DROP TABLE IF EXISTS group_members",
)


def kept_corpus(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT corpus FROM kept_state").fetchone()
    return row[0] if row and isinstance(row[0], str) else None


def kept_groups(db: sqlite3.Connection, corpus: str) -> Copies | None:
    """The groups kept for ``corpus`` (None: another state is kept, or none)."""
    with _reading(db):
        if kept_corpus(db) != corpus:
            return None
        return _groups(db)


def kept_state(db: sqlite3.Connection
               ) -> tuple[str, Copies, dict[str, str], dict[str, str]] | None:
    """The corpus digest and groups kept, and the (id -> content key) and (id -> sketch
    digest) of the articles they were found among (None: none kept)."""
    with _reading(db):
        corpus = kept_corpus(db)
        if corpus is None:
            return None
        columns = _base(db, (0, 1, 2))
        if columns is None:
            return None
        ids, key_list, digest_list = columns
        keys = dict(zip(ids, key_list, strict=True))
        digests = dict(zip(ids, digest_list, strict=True))
        for aid, key, digest in db.execute("SELECT id, key, digest FROM kept_members"):
            if key is None:
                keys.pop(aid, None)
                digests.pop(aid, None)
            else:
                keys[aid] = key
                digests[aid] = digest
        return corpus, _groups(db), keys, digests


def kept_since(db: sqlite3.Connection, corpus: str,
               ) -> tuple[Copies, Callable[[set[str]], set[str]]] | None:
    """The groups kept for ``corpus``, and a function giving the ids of its articles whose
    sketch digest is one of a set (None: another state is kept, or none). Nothing is read for
    every article but the ids and digests, and only when the function is called."""
    with _reading(db):
        if kept_corpus(db) != corpus:
            return None
        groups = _groups(db)
        columns = _base(db, (0, 2))
        if columns is None:
            return None
        ids, digests = columns
        changed = dict(db.execute("SELECT id, digest FROM kept_members").fetchall())

    def having(wanted: set[str]) -> set[str]:
        # (Told by one call over every article, no step of Python per article.)
        found = set(compress(ids, map(wanted.__contains__, digests)))
        found.difference_update(changed)
        found.update(aid for aid, digest in changed.items() if digest in wanted)
        return found

    return groups, having


def _base(db: sqlite3.Connection, wanted: Sequence[int]) -> list[list[str]] | None:
    """Columns ``wanted`` (0 ids, 1 content keys, 2 sketch digests) of the kept articles
    blob; None when there is none of this layout."""
    row = db.execute("SELECT data FROM kept_base").fetchone()
    if row is None:
        return None
    layout, *packed = marshal.loads(row[0])
    if layout != _LAYOUT or len(packed) != 3:
        return None
    columns = [marshal.loads(packed[n]) for n in wanted]
    if len({len(column) for column in columns}) > 1:
        raise ValueError("kept article columns differ in length")
    return columns


def keep_all(db: sqlite3.Connection, corpus: str, copies: Copies,
             members: Sequence[tuple[str, str, str]]) -> None:
    """Keep a whole new state: ``members`` (id, content key, sketch digest) of every article."""
    with db:
        db.execute("DELETE FROM kept_state")
        db.execute("DELETE FROM kept_base")
        db.execute("DELETE FROM kept_members")
        db.execute("DELETE FROM kept_groups")
        ids, keys, digests = (list(column) for column in zip(*members, strict=True)) \
            if members else ([], [], [])
        db.execute("INSERT INTO kept_base VALUES (?)", (marshal.dumps(
            (_LAYOUT, marshal.dumps(ids), marshal.dumps(keys), marshal.dumps(digests))),))
        db.executemany("INSERT OR REPLACE INTO kept_groups VALUES (?)",
                       ((json.dumps(group),) for group in copies.groups))
        db.execute("INSERT INTO kept_state VALUES (?)", (corpus,))


def keep_changes(db: sqlite3.Connection, was: str, corpus: str,
                 dropped: Sequence[list[str]], added: Sequence[list[str]],
                 changed: Sequence[tuple[str, str, str]], removed: Sequence[str]) -> bool:
    """Move the kept state ``was`` to ``corpus``: only the rows that differ are written.
    False (nothing written) when the kept state is no longer ``was``, or when the changed
    rows would be too many (then the whole state is to be kept)."""
    with db:
        db.execute("BEGIN IMMEDIATE")  # the check and the writes in one transaction
        if kept_corpus(db) != was:
            return False  # another process kept another state meanwhile
        (held,) = db.execute("SELECT count(*) FROM kept_members").fetchone()
        if held + len(changed) + len(removed) > DELTA_MAX:
            return False
        db.executemany("DELETE FROM kept_groups WHERE ids = ?",
                       ((json.dumps(group),) for group in dropped))
        db.executemany("INSERT OR REPLACE INTO kept_groups VALUES (?)",
                       ((json.dumps(group),) for group in added))
        db.executemany("INSERT OR REPLACE INTO kept_members VALUES (?, ?, ?)", changed)
        db.executemany("INSERT OR REPLACE INTO kept_members VALUES (?, NULL, NULL)",
                       ((aid,) for aid in removed))
        db.execute("UPDATE kept_state SET corpus = ?", (corpus,))
    return True


def _groups(db: sqlite3.Connection) -> Copies:
    rows = db.execute("SELECT ids FROM kept_groups").fetchall()
    # One parse for many groups: thousands of small parses cost more, and one of every group
    # (100,000 articles) holds the interpreter lock for tens of milliseconds (see
    # ``tuiread.pacing``).
    groups: list = []
    for start in range(0, len(rows), GROUPS_PARSED):
        pace()
        groups.extend(json.loads(
            "[" + ",".join(row[0] for row in rows[start : start + GROUPS_PARSED]) + "]"))
    if not all(isinstance(group, list) for group in groups):
        raise ValueError("kept groups are not lists")
    return Copies(groups)


class _reading:
    """One read transaction: the state row and the rows read with it agree."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN")

    def __exit__(self, *exc: object) -> None:
        if self.db.in_transaction:
            self.db.rollback()
