"""An advisory lock file: one process at a time writes a derived store."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no cross-process lock, SQLite's own locking still applies
    fcntl = None  # type: ignore[assignment]


class FileLock:
    """``with FileLock(path, on_waiting):`` holds an exclusive lock on ``path``; ``on_waiting``
    is called once if another process holds it and this one has to wait."""

    def __init__(self, path: Path, on_waiting: Callable[[], None] | None = None):
        self.path = path
        self.on_waiting = on_waiting
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        if fcntl is None:
            return self
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if self.on_waiting is not None:
                self.on_waiting()
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(self._fd)
            self._fd = None
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
