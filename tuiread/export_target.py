"""Writing an export to the file a reader named, without harming what the name points at.

Exports are written atomically (a temporary file renamed over the target), and a rename replaces
whatever the name is: a symlink would become a file and its target keep the old text, a named
pipe would never be read, a device node would be gone. So a symlink is followed and its target
written, and anything but a regular file (a pipe, socket, device or folder) is refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tuiread.errors import TuireadError
from tuiread.fileio import atomic_write_text

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class ExportTargetError(TuireadError):
    """The named file cannot be written as an export."""


def export_target(path: Path, make_parents: bool = False) -> Path:
    """The regular file an export to ``path`` writes: the symlink's target for a symlink.
    Raises ExportTargetError for anything else, or for a missing folder (unless
    ``make_parents``)."""
    path = path.expanduser()
    target = Path(os.path.realpath(path)) if path.is_symlink() else path.absolute()
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportTargetError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        hint = "" if stat.S_ISDIR(mode) else " (exports go to regular files only)"
        raise ExportTargetError(f"cannot write {path}: it is {kind}{hint}")
    if not make_parents and not target.parent.is_dir():
        raise ExportTargetError(f"cannot write {path}: no such folder {target.parent}")
    return target


def write_export(path: Path, text: str, make_parents: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`export_target`); the file written."""
    target = export_target(path, make_parents)
    try:
        atomic_write_text(target, text)
    except OSError as exc:
        raise ExportTargetError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return target
