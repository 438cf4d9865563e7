"""What each row of a comparison is, in one place for every view: its kind, its marker, whether
it is hidden with the similar pairs, and which runs of one-sided rows fold.

The screen and ``tuiread diff`` both render these, so they show the same rows, markers and
discrepancies:

    =  identical pair        ≈  paraphrase        ~  aligned, reworded
    ↕  aligned out of order  −  left only         +  right only        !  holds a discrepancy
    &  a sentence shown twice: it has its own row and faces a second counterpart here too
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tuiread.compare.model import Comparison, Discrepancy, Row, Side

# A pair whose word changes touch at most this share of the words on each side reads as the same
# sentence (an added article, a spelling, a name's other form): the "hide similar" toggle hides
# it with the identical pairs, unless it holds a discrepancy.
NEAR_IDENTICAL_CHANGE = 0.1
# A run of at least this many one-sided rows folds into one line (as `git diff` keeps a few
# lines of context and folds the rest); shorter runs read faster in full than unfolded.
FOLD_MIN = 3
# Rows of a folded run still shown at its start, so the reader sees where the passage begins.
FOLD_KEEP = 1

MARKERS = {
    "≈": "paraphrase",
    "~": "aligned",
    "↕": "out of order",
    "=": "identical",
    "−": "left only",
    "+": "right only",
    "!": "discrepancy",
    "&": "twice",
}
LEGEND = " · ".join(f"{mark} {meaning}" for mark, meaning in MARKERS.items())


class Kind(Enum):
    PAIR = "pair"
    LEFT_ONLY = "left only"
    RIGHT_ONLY = "right only"


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
    assert row.left is not None and row.right is not None
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
        elif row.repeated:
            marker = "&"
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
    return [
        n
        for n, info in enumerate(infos)
        if not (hide_similar and info.similar and not info.discrepancy)
    ]


@dataclass(frozen=True, slots=True)
class Fold:
    """A run of one-sided rows shown as one line: rows ``[first, last]`` of the comparison, of
    which the first FOLD_KEEP stay shown above the fold line."""

    kind: Kind
    rows: tuple[int, ...]

    @property
    def hidden(self) -> tuple[int, ...]:
        return self.rows[FOLD_KEEP:]

    def label(self) -> str:
        side = "left" if self.kind == Kind.LEFT_ONLY else "right"
        count = len(self.hidden)
        noun = "sentence" if count == 1 else "sentences"
        return f"… {count} more {side}-only {noun} folded"


def folds(infos: list[RowInfo], shown: list[int]) -> list[Fold]:
    """Runs of at least FOLD_MIN shown one-sided rows of one side with no discrepancy."""
    found: list[Fold] = []
    run: list[int] = []
    kind: Kind | None = None

    def close() -> None:
        if kind is not None and len(run) >= FOLD_MIN:
            found.append(Fold(kind, tuple(run)))

    for n in shown:
        info = infos[n]
        foldable = info.kind != Kind.PAIR and not info.discrepancy
        if foldable and info.kind == kind:
            run.append(n)
            continue
        close()
        run, kind = ([n], info.kind) if foldable else ([], None)
    close()
    return found


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


def describe(discrepancy: Discrepancy) -> str:
    """A discrepancy in one line, worded the same in every view: "amount: $100 billion / $90
    billion", "role: NATO head: Jens Stoltenberg / Mark Rutte"."""
    return f"{discrepancy.kind}: {discrepancy.note}"
