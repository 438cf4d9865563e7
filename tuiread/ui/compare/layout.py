"""A comparison laid out for the comparison view: which rows show, what kind each is, where the
differences are, and each side's sentences wrapped to a column.

Display lines know the raw offsets they show (the reader's wrapping rule, reused), so changed
words and discrepancies are raw-offset ranges painted on when a line is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from tuiread.compare import Comparison, Row, Side
from tuiread.corpus import Article
from tuiread.ui.reading.reader_layout import Pieces, line_tokens, wrap

LEFT, RIGHT = "left", "right"
# A pair whose word changes touch at most this share of the words on each side reads as the same
# sentence (an added article, a spelling, a name's other form): the "hide similar" toggle hides
# it with the identical pairs, unless it holds a discrepancy.
NEAR_IDENTICAL_CHANGE = 0.1


class Kind(Enum):
    PAIR = "pair"
    LEFT_ONLY = "left only"
    RIGHT_ONLY = "right only"


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


@dataclass(frozen=True, slots=True)
class RowInfo:
    """What one comparison row is, for markers, hiding and difference stops."""

    kind: Kind
    identical: bool  # a pair with no word changed
    similar: bool  # identical or near-identical (see NEAR_IDENTICAL_CHANGE)
    discrepancy: bool  # a discrepancy's text is on this row
    marker: str  # one cell for the gutter


def _words(text: str) -> int:
    return len(text.split())


def _changed_share(row: Row) -> float:
    """The larger of the two sides' shares of words inside a change."""
    left = sum(_words(c.left.text) for c in row.changes) / max(1, _words(row.left.text))
    right = sum(_words(c.right.text) for c in row.changes) / max(1, _words(row.right.text))
    return max(left, right)


def _overlaps(side: Side | None, spans: list[tuple[int, int]]) -> bool:
    return side is not None and any(s < side.end and side.start < e for s, e in spans)


def row_infos(comparison: Comparison) -> list[RowInfo]:
    left_spans = [(d.left.start, d.left.end) for d in comparison.discrepancies]
    right_spans = [(d.right.start, d.right.end) for d in comparison.discrepancies]
    infos = []
    for row in comparison.rows:
        discrepancy = _overlaps(row.left, left_spans) or _overlaps(row.right, right_spans)
        if row.left is None or row.right is None:
            kind = Kind.RIGHT_ONLY if row.left is None else Kind.LEFT_ONLY
            marker = "!" if discrepancy else ("+" if row.left is None else "−")
            infos.append(RowInfo(kind, False, False, discrepancy, marker))
            continue
        identical = not row.changes
        similar = identical or _changed_share(row) <= NEAR_IDENTICAL_CHANGE
        if discrepancy:
            marker = "!"
        elif row.moved:
            marker = "↕"
        elif identical:
            marker = "="
        else:
            marker = "≈" if row.paraphrase else "~"
        infos.append(RowInfo(Kind.PAIR, identical, similar, discrepancy, marker))
    return infos


def shown_rows(infos: list[RowInfo], hide_similar: bool) -> list[int]:
    """Indices of the rows to show; hiding similar pairs keeps those holding a discrepancy."""
    return [n for n, info in enumerate(infos)
            if not (hide_similar and info.similar and not info.discrepancy)]


def difference_stops(infos: list[RowInfo], shown: list[int]) -> list[int]:
    """The shown rows where a difference starts, for next/previous difference.

    Each changed pair is a stop; a run of sentences found on one side only is one stop (the
    passage one article has and the other lacks), as is each row holding a discrepancy.
    """
    stops = []
    previous: RowInfo | None = None
    for n in shown:
        info = infos[n]
        if info.kind == Kind.PAIR:
            if not info.identical or info.discrepancy:
                stops.append(n)
        elif info.discrepancy or previous is None or previous.kind != info.kind:
            stops.append(n)
        previous = info
    return stops


def row_of_offset(comparison: Comparison, side: str, offset: int) -> int | None:
    """The row showing raw ``offset`` of that side's article."""
    for n, row in enumerate(comparison.rows):
        part = row.left if side == LEFT else row.right
        if part is not None and part.start <= offset < part.end:
            return n
    return None


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
