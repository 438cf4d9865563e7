"""Writing files so that a crash never leaves a half-written one behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tuiread.locations import ensure_parent

DEFAULT_MODE = 0o644


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write to a temp file in the same directory, fsync, then rename over ``path``."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same directory, fsync, then rename over ``path``."""
    ensure_parent(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); keep the mode of the file being replaced, or
        # give a new file the usual rw-r--r-- so exports can be shared like any other file.
        os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else DEFAULT_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # The rename lives in the directory: sync it too, or a power cut may undo the replace.
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
