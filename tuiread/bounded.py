"""Reading a file that should be small without trusting it to be: ``/dev/zero`` or a FIFO
named as a config or import file stops with a clear message instead of hanging or filling
memory."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# A config or rules file is a few kilobytes; past this it is not one (``/dev/zero``, a log).
MAX_CONFIG_BYTES = 1_000_000


class TooLarge(ValueError):
    """The file holds more than the reader's limit (or never ends)."""

    def __init__(self, path: Path, limit: int):
        super().__init__(f"larger than {limit:,} bytes")
        self.path = path
        self.limit = limit


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them; TooLarge past that.

    A FIFO or socket raises OSError (reading one waits for a writer that may never come).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe or socket)", str(path))
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise TooLarge(path, limit)
    finally:
        os.close(fd)
