"""The line under the reader that shows the note of the annotation under the cursor, with its
tags and where it stands, Hypothesis-style: notes are read while reading, not only in the panel.

Hidden when the cursor is on no annotation, so it costs no rows then.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tuiread.annotations import Anchored, AnchorState, state_words
from tuiread.annotations.colours import content_label
from tuiread.textsafe import displayable
from tuiread.ui.annotations.marks import swatch
from tuiread.ui.reading.reader_marks import NOTE_GLYPH

# The note is cut to this many characters: the line is at most three rows high.
NOTE_CHARS = 240


def note_text(items: list[Anchored]) -> Text | None:
    """What the line shows for the annotations under the cursor (the first one in full)."""
    if not items:
        return None
    item = items[0]
    a = item.annotation
    text = Text(end="")
    text.append(f"{NOTE_GLYPH} ", style=swatch(a.label))
    note = " ".join(displayable(a.note).split())
    if len(note) > NOTE_CHARS:
        note = note[: NOTE_CHARS - 1] + "…"
    text.append(note or "Highlight without a note (m adds one)", style="" if note else "dim")
    details = [f"#{displayable(tag)}" for tag in a.tags]
    label = content_label(a.label)
    if label:
        details.append(displayable(label))
    if item.anchor.state is not AnchorState.EXACT:
        details.append(state_words(item.anchor))
    if len(items) > 1:
        details.append(f"{len(items) - 1} more here (m, then m again)")
    if details:
        text.append("  ·  " + " · ".join(details), style="dim")
    return text


class NoteLine(Static):
    DEFAULT_CSS = """
    NoteLine {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
        color: $text;
    }
    """

    def show_items(self, items: list[Anchored]) -> None:
        text = note_text(items)
        self.display = text is not None
        if text is not None:
            self.update(text)
