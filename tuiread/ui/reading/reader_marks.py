"""Marks in the reader's left margin beside annotated lines (a pencil where there is a note), in
the annotation's colour, so notes can be seen while reading and not only in the panel.

A mark is drawn two cells left of the text column, in the blank margin that centres the text;
a window too narrow for a margin gets no marks (the note line under the reader still shows the
note under the cursor).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

NOTE_GLYPH = "✎"
HIGHLIGHT_GLYPH = "▎"
# Cells between the mark and the text.
GAP = 2


@dataclass(frozen=True, slots=True, order=True)
class Mark:
    start: int
    end: int
    noted: bool
    style: Style

    @property
    def glyph(self) -> str:
        return NOTE_GLYPH if self.noted else HIGHLIGHT_GLYPH


class MarginMarks:
    """The marks of the article shown, by raw span; what each display line gets."""

    def __init__(self) -> None:
        self.marks: list[Mark] = []
        self._longest = 0

    def set(self, marks: list[Mark]) -> None:
        self.marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._longest = max((m.end - m.start for m in self.marks), default=0)

    def clear(self) -> None:
        self.set([])

    def for_line(self, start: int, end: int) -> Mark | None:
        """The mark for a line showing raw ``[start, end)``: a noted annotation first."""
        if end <= start or not self.marks:
            return None
        # Marks starting before ``start - longest`` end before the line: skip them.
        first = bisect_left(self.marks, start - self._longest, key=lambda m: m.start)
        found = [m for m in self.marks[first:] if m.start < end and m.end > start]
        if not found:
            return None
        return max(found, key=lambda m: m.noted)

    def stamp(self, strip: Strip, mark: Mark | None, margin: int, base: Style) -> Strip:
        column = margin - GAP
        if mark is None or column < 0:
            return strip
        cell = Strip([Segment(mark.glyph, base + mark.style)])
        return Strip.join([strip.crop(0, column), cell, strip.crop(column + 1)])
