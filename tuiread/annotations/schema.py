"""The annotation database's tables, their migrations, and how a row becomes an Annotation.

The schema version lives in SQLite's ``user_version``. Each migration runs in its own
transaction together with the version bump, so a crash leaves the database at the old version or
the new one, never between. A database from a newer tuiread is never migrated (the caller opens
it read-only).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from tuiread.annotations.model import (
    Annotation,
    ArticleRef,
    TextPositionSelector,
    TextQuoteSelector,
)

# Each entry upgrades the database from version i to i + 1 (statements run in one transaction).
MIGRATIONS: list[Sequence[str]] = [
    (
        """CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL,
            article_path TEXT NOT NULL,
            article_title TEXT NOT NULL,
            article_source TEXT,
            article_url TEXT,
            quote_exact TEXT NOT NULL,
            quote_prefix TEXT NOT NULL,
            quote_suffix TEXT NOT NULL,
            pos_start INTEGER NOT NULL,
            pos_end INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            label TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            text_hash TEXT,
            repeats INTEGER,
            deleted TEXT
        )""",
        "CREATE INDEX annotations_article_id ON annotations (article_id)",
        "CREATE INDEX annotations_article_path ON annotations (article_path)",
        # Where each annotation was found in a given version of its article's text, so opening
        # an article that changed re-anchors once, not every time.
        """CREATE TABLE anchors (
            annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
            text_hash TEXT NOT NULL,
            state TEXT NOT NULL,
            pos_start INTEGER,
            pos_end INTEGER,
            score REAL NOT NULL,
            PRIMARY KEY (annotation_id, text_hash)
        )""",
        # Every change with the annotation before and after it: undo reads it, and no earlier
        # wording of a note is ever lost.
        """CREATE TABLE journal (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            annotation_id TEXT NOT NULL,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT
        )""",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchema(Exception):
    def __init__(self, found: int, known: int):
        self.found, self.known = found, known
        super().__init__(f"schema version {found} is newer than this tuiread's {known}")


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, migrations: list[Sequence[str]] = MIGRATIONS) -> int:
    """Bring ``conn`` (autocommit mode) up to ``len(migrations)``; returns the version found."""
    found = schema_version(conn)
    if found > len(migrations):
        raise NewerSchema(found, len(migrations))
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = schema_version(conn)
            if version >= len(migrations):
                conn.execute("COMMIT")
                return found
            for statement in migrations[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # a failed COMMIT may have ended it; keep the real error
                conn.execute("ROLLBACK")
            raise


COLUMNS = (
    "id article_id article_path article_title article_source article_url quote_exact "
    "quote_prefix quote_suffix pos_start pos_end note tags label created modified text_hash "
    "repeats deleted"
).split()


def to_record(a: Annotation) -> dict:
    """The row for ``a`` (also the JSON kept in the journal)."""
    return {
        "id": a.id,
        "article_id": a.article.id,
        "article_path": a.article.path,
        "article_title": a.article.title,
        "article_source": a.article.source,
        "article_url": a.article.url,
        "quote_exact": a.quote.exact,
        "quote_prefix": a.quote.prefix,
        "quote_suffix": a.quote.suffix,
        "pos_start": a.position.start,
        "pos_end": a.position.end,
        "note": a.note,
        "tags": json.dumps(list(a.tags), ensure_ascii=False),
        "label": a.label,
        "created": a.created,
        "modified": a.modified,
        "text_hash": a.text_hash,
        "repeats": a.repeats,
        "deleted": a.deleted,
    }


def from_record(row: sqlite3.Row | dict) -> Annotation:
    return Annotation(
        id=row["id"],
        article=ArticleRef(
            id=row["article_id"],
            path=row["article_path"],
            title=row["article_title"],
            source=row["article_source"],
            url=row["article_url"],
        ),
        quote=TextQuoteSelector(row["quote_exact"], row["quote_prefix"], row["quote_suffix"]),
        position=TextPositionSelector(row["pos_start"], row["pos_end"]),
        note=row["note"],
        tags=tuple(json.loads(row["tags"])),
        label=row["label"],
        created=row["created"],
        modified=row["modified"],
        text_hash=row["text_hash"],
        repeats=row["repeats"],
        deleted=row["deleted"],
    )


INSERT = (
    f"INSERT INTO annotations ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)})"
)
UPDATE = (
    "UPDATE annotations SET "
    + ", ".join(f"{c} = :{c}" for c in COLUMNS if c != "id")
    + " WHERE id = :id"
)
