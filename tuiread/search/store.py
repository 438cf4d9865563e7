"""Where an index lives on disk, and the lock that lets one process at a time write it.

    index_dir(roots)/
      CURRENT          name of the live generation (replaced atomically)
      lock             held by the one process writing (an OS file lock: freed if it dies)
      gen-000003/      a Whoosh index + meta.json (schema, settings) + manifest.sqlite3
      staging/         worker output not yet committed (safe to delete under the lock)
      damaged-<time>/  a generation that failed to open, kept for inspection

A full rebuild of a usable index writes a new generation beside it and switches CURRENT when it is
complete, so a build killed halfway leaves the previous index in use.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import FileLock

from tuiread.fileio import atomic_write_text
from tuiread.search.schema import SCHEMA_VERSION, build_schema

CURRENT_FILE = "CURRENT"
LOCK_FILE = "lock"
META_FILE = "meta.json"
MANIFEST_FILE = "manifest.sqlite3"
STAGING_DIR = "staging"
_GENERATION = re.compile(r"^gen-(\d{6})$")
_DAMAGED_PREFIX = "damaged-"
# Damaged generations kept for inspection; older ones are deleted.
KEEP_DAMAGED = 1
# How often a process waiting for the writer lock tries again (seconds).
LOCK_RETRY_SECONDS = 0.1

class WriterLock:
    """The corpus index's writer lock (an flock on ``lock``; the OS frees it if the holder dies)."""

    def __init__(self, directory: Path):
        self.path = directory / LOCK_FILE
        self._lock: FileLock | None = None

    def acquire(self, wait: float | None = 0.0, cancelled: Callable[[], bool] | None = None,
                ) -> bool:
        """Take the lock, waiting up to ``wait`` seconds (None: until it is free or cancelled)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            lock = FileLock(str(self.path))
            if lock.acquire(blocking=False):
                self._lock = lock
                return True
            if cancelled is not None and cancelled():
                return False
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(LOCK_RETRY_SECONDS)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def held(self) -> bool:
        return self._lock is not None


def current_generation(directory: Path) -> Path | None:
    """The live generation folder, or None when there is none (or CURRENT is unreadable)."""
    try:
        name = (directory / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not _GENERATION.match(name):
        return None
    folder = directory / name
    return folder if folder.is_dir() else None


def read_meta(generation: Path) -> dict | None:
    try:
        meta = json.loads((generation / META_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return meta if isinstance(meta, dict) else None


def compatible(meta: dict | None) -> bool:
    return meta is not None and meta.get("schema") == SCHEMA_VERSION


def create_generation(directory: Path, signature: str) -> Path:
    """A new, empty generation folder (not yet live)."""
    numbers = [int(m.group(1)) for p in _listing(directory) if (m := _GENERATION.match(p.name))]
    folder = directory / f"gen-{max(numbers, default=0) + 1:06d}"
    folder.mkdir(parents=True)
    whoosh_index.create_in(str(folder), build_schema())
    meta = {"schema": SCHEMA_VERSION, "signature": signature, "created": time.time()}
    atomic_write_text(folder / META_FILE, json.dumps(meta))
    return folder


def open_generation(generation: Path) -> whoosh_index.Index:
    """The Whoosh index in ``generation``, read through ordinary file reads.

    Whoosh would map each compound segment into memory and then copy its whole postings and
    terms files out of the map (``BufferFile`` wraps them in a ``BytesIO``): at 100,000 articles
    that is most of a gigabyte resident for one query, and again in each writer that merges.
    Read with seeks, a query touches only the postings it needs, at the same speed.
    """
    return FileStorage(str(generation), supports_mmap=False).open_index()


def set_current(directory: Path, generation: Path) -> None:
    atomic_write_text(directory / CURRENT_FILE, generation.name + "\n")


def remove_others(directory: Path, keep: Path | None) -> None:
    """Delete generations other than ``keep`` and leftover staging (only under the lock)."""
    for path in _listing(directory):
        if (_GENERATION.match(path.name) and path != keep) or path.name == STAGING_DIR:
            shutil.rmtree(path, ignore_errors=True)


def move_aside(directory: Path, generation: Path) -> Path:
    """Rename a damaged generation out of the way (keeping the newest few for inspection)."""
    target = directory / f"{_DAMAGED_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{generation.name}"
    generation.rename(target)
    damaged = sorted(p for p in _listing(directory) if p.name.startswith(_DAMAGED_PREFIX))
    for old in damaged[:-KEEP_DAMAGED]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _listing(directory: Path) -> list[Path]:
    try:
        return list(directory.iterdir())
    except OSError:
        return []
