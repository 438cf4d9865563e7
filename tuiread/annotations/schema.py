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
    (
        # The article's identity besides its id and path: the corpus root it was opened from
        # and a content fingerprint (see tuiread.annotations.fingerprint). Existing annotations
        # keep NULL there and are judged by their quote and context alone.
        "ALTER TABLE annotations ADD COLUMN corpus_root TEXT",
        "ALTER TABLE annotations ADD COLUMN text_sketch TEXT",
        # This database's identity, rewritten by every change, so that a -wal file left by
        # another database is recognised before it is applied (tuiread.annotations.wal).
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO meta VALUES ('store_id', lower(hex(randomblob(16))))",
        "INSERT INTO meta VALUES ('last_write', '')",
        # Anchors found by earlier rules are found again by today's (stricter) ones.
        "DELETE FROM anchors",
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
    "repeats deleted corpus_root text_sketch"
).split()
# The tables and columns a database of this schema must have; one without them is damaged.
REQUIRED = {
    "annotations": set(COLUMNS),
    "anchors": {"annotation_id", "text_hash", "state", "pos_start", "pos_end", "score"},
    "journal": {"seq", "at", "annotation_id", "action", "before", "after"},
    "meta": {"key", "value"},
}


def missing_structure(conn: sqlite3.Connection) -> list[str]:
    """What a database at this schema version lacks ("table journal", "annotations.tags")."""
    problems = []
    for table, columns in REQUIRED.items():
        found = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not found:
            problems.append(f"table {table}")
        else:
            problems.extend(f"{table}.{c}" for c in sorted(columns - found))
    return problems


def storable(text: str | None) -> str | None:
    """``text`` as SQLite can hold it: a file name that is not UTF-8 decodes to lone surrogates,
    kept as backslash escapes (the same ones every time, so it still matches)."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def to_record(a: Annotation) -> dict:
    """The row for ``a`` (also the JSON kept in the journal)."""
    return {key: storable(value) if isinstance(value, str) else value for key, value in {
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
        "corpus_root": a.article.root,
        "text_sketch": a.sketch,
    }.items()}


def from_record(row: sqlite3.Row | dict) -> Annotation:
    """The annotation of a row (or a journal entry, which older versions wrote without the
    later columns)."""
    return Annotation(
        id=row["id"],
        article=ArticleRef(
            id=row["article_id"],
            path=row["article_path"],
            title=row["article_title"],
            source=row["article_source"],
            url=row["article_url"],
            root=_optional(row, "corpus_root"),
        ),
        quote=TextQuoteSelector(row["quote_exact"], row["quote_prefix"], row["quote_suffix"]),
        position=TextPositionSelector(row["pos_start"], row["pos_end"]),
        note=row["note"],
        tags=parse_tags(row["tags"]),
        label=row["label"],
        created=row["created"],
        modified=row["modified"],
        text_hash=row["text_hash"],
        repeats=row["repeats"],
        deleted=row["deleted"],
        sketch=_optional(row, "text_sketch"),
    )


def _optional(row: sqlite3.Row | dict, name: str) -> str | None:
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def parse_tags(cell: object) -> tuple[str, ...]:
    """Tags from their JSON cell. A cell that is not a JSON list of strings (damaged by another
    program) is kept as written, as one tag, rather than lost or fatal."""
    if not isinstance(cell, str):
        return () if cell is None else (str(cell),)
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):
        return (cell,) if cell.strip() else ()
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return tuple(value)
    return (cell,)


# Rows another program damaged: tags that are not a JSON list, positions that are not integers.
DAMAGED_ROWS = (
    "SELECT id FROM annotations WHERE "
    "CASE WHEN json_valid(tags) THEN json_type(tags) != 'array' ELSE 1 END "
    "OR typeof(pos_start) != 'integer' OR typeof(pos_end) != 'integer' "
    "OR typeof(quote_exact) != 'text'"
)


INSERT = (
    f"INSERT INTO annotations ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)})"
)
UPDATE = (
    "UPDATE annotations SET "
    + ", ".join(f"{c} = :{c}" for c in COLUMNS if c != "id")
    + " WHERE id = :id"
)
