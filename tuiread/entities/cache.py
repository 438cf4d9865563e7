"""Extraction results cached per article text in the cache dir.

The key is a hash of the article's raw text, its visible spans and the extractor's version (which
includes the gazetteer's fingerprint), so any change to one of them misses the cache. Derived data:
a cache with another schema version is dropped and rebuilt, never migrated.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from tuiread import locations
from tuiread.entities.model import Kind, Mention

SCHEMA_VERSION = 1
# Seconds a writer waits for another process holding the cache before giving up on caching.
_BUSY_TIMEOUT = 2.0


def cache_file() -> Path:
    return locations.cache_dir() / "entities" / "mentions.sqlite3"


def cache_key(text: str, visible: Iterable[tuple[int, int]], version: str) -> str:
    digest = hashlib.sha256()
    digest.update(version.encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    for start, end in visible:
        digest.update(f"\0{start},{end}".encode())
    return digest.hexdigest()


class MentionCache:
    """Mentions by cache key; failures to read or write the cache only cost time."""

    def __init__(self, path: Path | None = None):
        self.path = path or cache_file()
        self._db: sqlite3.Connection | None = None
        self.problem: str | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self.problem:
            return self._db
        try:
            locations.ensure_parent(self.path)
            db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                with db:
                    db.execute("DROP TABLE IF EXISTS mentions")
                    db.execute("CREATE TABLE mentions (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self.problem = f"entity cache unavailable ({self.path}): {exc}"
        return self._db

    def get_many(self, keys: list[str]) -> dict[str, list[Mention]]:
        db = self._connect()
        if db is None or not keys:
            return {}
        found: dict[str, list[Mention]] = {}
        try:
            # SQLite limits the number of parameters of one statement; ask in batches.
            for i in range(0, len(keys), 500):
                batch = keys[i : i + 500]
                marks = ",".join("?" * len(batch))
                for key, data in db.execute(
                    f"SELECT key, data FROM mentions WHERE key IN ({marks})", batch
                ):
                    found[key] = _decode(data)
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            self.problem = f"entity cache unreadable ({self.path}): {exc}"
            return {}
        return found

    def put_many(self, items: dict[str, list[tuple[int, int, Kind]]]) -> None:
        db = self._connect()
        if db is None or not items:
            return
        rows = [
            (key, json.dumps([[s, e, str(k)] for s, e, k in mentions]))
            for key, mentions in items.items()
        ]
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO mentions (key, data) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self.problem = f"entity cache not written ({self.path}): {exc}"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _decode(data: str) -> list[Mention]:
    # The text is filled in from the article by the caller; the cache holds offsets and kinds.
    return [Mention(int(s), int(e), "", Kind(k)) for s, e, k in json.loads(data)]
