"""What was added from the web, and the feeds to refresh: one SQLite file in the data folder.

Rows say which canonical URLs and content hashes are already in a folder (so nothing is added
twice), which feeds the user follows and which of their entries were seen. The saved pages and
their sidecars stay the record of provenance; the ledger only makes duplicates cheap to find.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tuiread import locations

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    folder TEXT NOT NULL, url TEXT NOT NULL, content_hash TEXT NOT NULL, path TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_url ON pages (folder, url);
CREATE INDEX IF NOT EXISTS pages_hash ON pages (folder, content_hash);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, folder TEXT NOT NULL, title TEXT, added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (
    feed TEXT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (feed, entry)
);
"""


def ledger_file() -> Path:
    return locations.data_dir() / "web.sqlite"


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    folder: Path
    title: str | None


class LedgerError(Exception):
    pass


class Ledger:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or ledger_file()
        locations.ensure_parent(self.path)
        try:
            self._db = sqlite3.connect(self.path, timeout=10)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LedgerError(f"{self.path} was written by a newer tuiread (schema {version})")
            with self._db:
                self._db.executescript(_SCHEMA)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{self.path}: cannot use the web ledger ({exc})") from exc

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._db:
            yield self._db

    def existing(self, folder: Path, urls: list[str], content_hash: str) -> Path | None:
        """A page of ``folder`` with one of ``urls`` or this content, if its file still exists."""
        key = str(folder.resolve())
        marks = ",".join("?" * len(urls))
        rows = self._db.execute(
            f"SELECT path FROM pages WHERE folder = ? AND (content_hash = ? OR url IN ({marks}))",
            [key, content_hash, *urls],
        ).fetchall()
        for (path,) in rows:
            if Path(path).exists():
                return Path(path)
        return None

    def record(self, folder: Path, urls: list[str], content_hash: str, path: Path) -> None:
        key = str(folder.resolve())
        with self._db:
            for url in dict.fromkeys(urls):
                self._db.execute(
                    "INSERT INTO pages VALUES (?, ?, ?, ?)", (key, url, content_hash, str(path))
                )

    def add_feed(self, url: str, folder: Path, title: str | None, added_at: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO feeds VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "folder = excluded.folder, title = coalesce(excluded.title, feeds.title)",
                (url, str(folder.resolve()), title, added_at),
            )

    def feeds(self) -> list[Feed]:
        rows = self._db.execute("SELECT url, folder, title FROM feeds ORDER BY added_at, url")
        return [Feed(url, Path(folder), title) for url, folder, title in rows]

    def seen(self, feed: str) -> set[str]:
        rows = self._db.execute("SELECT entry FROM seen WHERE feed = ?", (feed,))
        return {entry for (entry,) in rows}

    def mark_seen(self, feed: str, entries: list[str]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO seen VALUES (?, ?)", [(feed, e) for e in entries]
            )
