"""What a reader shows of the notes of its article: the margin marks, and the note line under
it (mounted beside the reader the first time it is needed, so screens need not compose it)."""

from __future__ import annotations

from tuiread.annotations import Anchored
from tuiread.annotations.service import overlapping
from tuiread.ui.annotations.marks import swatch
from tuiread.ui.annotations.note_line import NoteLine
from tuiread.ui.reading.reader import Reader
from tuiread.ui.reading.reader_marks import Mark


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


def show_notes(reader: Reader, items: list[Anchored] | None) -> None:
    """The margin marks of ``items`` (the annotations of the reader's article; None: not
    anchored yet, so nothing is shown) and the note line for those under the cursor."""
    items = items or []
    reader.set_marks(margin_marks(items))
    target = reader.selection_span or reader.cursor_span
    under = overlapping(items, target.start, target.end) if target is not None else []
    note_line_for(reader).show_items(under)
