"""What a reader shows of the notes of its article: the margin marks, and the note line under
it (mounted beside the reader the first time it is needed, so screens need not compose it)."""

from __future__ import annotations

from tuiread.annotations import Anchored
from tuiread.ui.widgets.annotation_marks import swatch
from tuiread.ui.widgets.note_line import NoteLine
from tuiread.ui.widgets.reader import Reader
from tuiread.ui.widgets.reader_marks import Mark


def margin_marks(items: list[Anchored]) -> list[Mark]:
    return [
        Mark(item.anchor.start, item.anchor.end, bool(item.annotation.note.strip()),
             swatch(item.annotation.label))
        for item in items
        if item.anchor.start is not None and item.anchor.end is not None
    ]


def note_line_for(reader: Reader) -> NoteLine:
    """The note line under ``reader`` (made, hidden, on first use)."""
    found = reader.parent.query_children(NoteLine) if reader.parent is not None else None
    if found:
        return found.first()
    line = NoteLine(classes="note-line")
    line.display = False
    if reader.parent is not None:
        reader.parent.mount(line, after=reader)
    return line
