"""A comparison laid out for the comparison view: which rows show, what kind each is, where the
differences are, and each side's sentences wrapped to a column.

Display lines know the raw offsets they show (the reader's wrapping rule, reused), so changed
words and discrepancies are raw-offset ranges painted on when a line is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tuiread.compare import Comparison, Row, Side

# What each row is (kind, marker, hiding, folds) lives in the core, shared with `tuiread diff`.
from tuiread.compare.rows import (  # noqa: F401  (re-exported for the view)
    NEAR_IDENTICAL_CHANGE,
    Kind,
    RowInfo,
    difference_stops,
    row_infos,
    shown_rows,
)
from tuiread.corpus import Article
from tuiread.ui.reading.reader_layout import Pieces, line_tokens, wrap

LEFT, RIGHT = "left", "right"


def other(side: str) -> str:
    return RIGHT if side == LEFT else LEFT


@dataclass(frozen=True, slots=True)
class CompareTarget:
    """A sentence group of the view: one side of one row."""

    side: str  # LEFT or RIGHT
    article: Article
    part: Side
    row: int

    @property
    def sentence(self) -> int:
        """Index of its first sentence in ``article.sentences``."""
        return self.part.sentences[0]


def row_of_offset(comparison: Comparison, side: str, offset: int) -> int | None:
    """The row showing raw ``offset`` of that side's article: its own row, not one that shows
    its sentence a second time (``Row.repeated``) unless there is no other."""
    again = None
    for n, row in enumerate(comparison.rows):
        part = row.left if side == LEFT else row.right
        if part is not None and part.start <= offset < part.end:
            if row.repeated not in (side, "both"):
                return n
            again = n if again is None else again
    return again


def changed_spans(row: Row, side: str) -> list[tuple[int, int]]:
    """Raw spans of the words a pair changes on one side: deleted or replaced words on the left,
    inserted or replacing words on the right."""
    kinds = ("delete", "replace") if side == LEFT else ("insert", "replace")
    extents = [c.left if side == LEFT else c.right for c in row.changes if c.kind in kinds]
    return [(e.start, e.end) for e in extents if e.end > e.start]


Tokens = list[tuple[int, int]]  # the raw ranges of the words one display line shows


@dataclass(slots=True)
class RowLines:
    """One shown row wrapped: the display lines of each side and where the row starts."""

    row: int  # index into Comparison.rows
    first: int  # its first display line
    left: list[Tokens]
    right: list[Tokens]

    @property
    def height(self) -> int:
        return max(1, len(self.left), len(self.right))


@dataclass(slots=True)
class CompareLayout:
    """The shown rows at one column width; one blank line separates rows."""

    column: int
    rows: list[RowLines] = field(default_factory=list)
    line_row: list[int] = field(default_factory=list)  # position in ``rows``, -1 between rows
    position: dict[int, int] = field(default_factory=dict)  # comparison row -> position

    def __len__(self) -> int:
        return len(self.line_row)

    def lines_of(self, row: int) -> range:
        """Display lines of comparison row ``row`` (which must be shown)."""
        lines = self.rows[self.position[row]]
        return range(lines.first, lines.first + lines.height)


def _side_lines(article: Article, pieces: Pieces, side: Side | None, column: int) -> list[Tokens]:
    if side is None:
        return []
    text = article.text
    return [line_tokens(text, pieces(start, end))
            for start, end in wrap(text, pieces(side.start, side.end), column)]


def layout_comparison(comparison: Comparison, shown: list[int], column: int,
                      pieces: tuple[Pieces, Pieces]) -> CompareLayout:
    """Wrap the ``shown`` rows of ``comparison`` to columns ``column`` cells wide."""
    layout = CompareLayout(column=max(1, column))
    for n in shown:
        row = comparison.rows[n]
        if layout.rows:
            layout.line_row.append(-1)
        lines = RowLines(
            n, len(layout.line_row),
            _side_lines(comparison.left, pieces[0], row.left, layout.column),
            _side_lines(comparison.right, pieces[1], row.right, layout.column),
        )
        layout.position[n] = len(layout.rows)
        layout.line_row.extend([len(layout.rows)] * lines.height)
        layout.rows.append(lines)
    return layout
