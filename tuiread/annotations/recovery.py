"""Notes that could not be saved, kept in a plain file so the words typed are never lost.

When the store refuses a change (a full or read-only disk, a locked or damaged database), the
app keeps the note in its dialog for another try and also appends it here, one JSON object per
line: the article, the quoted text and offsets, note, tags and label, when and why. The file is
in the data dir beside the database, or in the temporary folder when the data dir cannot be
written either.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from tuiread import locations
from tuiread.annotations.model import now

FILE_NAME = "unsaved-notes.jsonl"


def recovery_files() -> list[Path]:
    """Where unsaved notes are written, in the order tried."""
    return [locations.data_dir() / FILE_NAME, Path(tempfile.gettempdir()) / f"tuiread-{FILE_NAME}"]


def keep_unsaved(
    *,
    article_id: str,
    path: str,
    quote: str,
    start: int | None,
    end: int | None,
    note: str,
    tags: tuple[str, ...],
    label: str,
    why: str,
) -> Path | None:
    """Append one unsaved note; the file it is in, or None when no file could be written."""
    entry = {
        "at": now(),
        "why": why,
        "article": article_id,
        "path": path,
        "quote": quote,
        "start": start,
        "end": end,
        "note": note,
        "tags": list(tags),
        "label": label,
    }
    # ASCII with escapes: any text (even a file name that is not UTF-8) can be written.
    line = json.dumps(entry, ensure_ascii=True) + "\n"
    for target in recovery_files():
        try:
            locations.ensure_parent(target)
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            continue  # this place cannot be written: try the next
        return target
    return None
