"""The rows of a side-by-side view in reading order, from the aligned pairs.

Rows follow the left article; a right sentence with no counterpart follows the row holding the
right sentence before it, so it is read in its own context. A sentence that faces two sentences
of the other article (it carries two statements, each reported apart) has its home row with its
first counterpart, and is shown again on a second row (``RowIndex.repeated`` names the side shown
again): that row stands where the other side's sentence reads, as a lone sentence would.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Protocol

LEFT, RIGHT, BOTH = "left", "right", "both"
# The side a pair shows again, from whether its left and its right sentence have a home elsewhere.
SHOWN_AGAIN = {(True, True): BOTH, (True, False): LEFT, (False, True): RIGHT}


class _Pair(Protocol):
    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    repeated: str


@dataclass(frozen=True, slots=True)
class RowIndex:
    """One row of the side-by-side view: a pair, or a sentence group with no counterpart."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    moved: bool = False  # the right side is out of its own reading order here
    repeated: str = ""  # "left", "right" or "both": that side is shown on another row too


def _increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []
    tail_pos: list[int] = []
    parent = [-1] * len(values)
    for pos, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[k] = value
            tail_pos[k] = pos
        parent[pos] = tail_pos[k - 1] if k else -1
    keep = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        keep.add(pos)
        pos = parent[pos]
    return keep


def settle(pairs: list[_Pair]) -> list[RowIndex]:
    """The pairs as rows, each sentence's home decided afresh: in a pair not marked repeated,
    else in the first pair holding it; every other pair holding it shows it again. (A pair list
    edited after alignment, such as one whose pair was replaced, keeps every sentence homed.)"""
    homed_left = {i for p in pairs if not p.repeated for i in p.left}
    homed_right = {j for p in pairs if not p.repeated for j in p.right}
    rows = []
    for pair in pairs:
        if not pair.repeated:
            rows.append(RowIndex(pair.left, pair.right, pair.score))
            continue
        again_left = any(i in homed_left for i in pair.left)
        again_right = any(j in homed_right for j in pair.right)
        repeated = SHOWN_AGAIN.get((again_left, again_right), "")
        rows.append(RowIndex(pair.left, pair.right, pair.score, False, repeated))
        homed_left.update(pair.left)
        homed_right.update(pair.right)
    return rows


def reading_order(pairs: list[_Pair], n_left: int, n_right: int) -> list[RowIndex]:
    """The rows of ``pairs`` and of the sentences without a counterpart, in reading order."""
    settled = settle(pairs)
    home = [p for p in settled if p.repeated in ("", RIGHT)]
    again = [p for p in settled if p.repeated in (LEFT, BOTH)]
    by_left = {p.left[0]: p for p in home}
    in_pair_left = {i for p in home for i in p.left}
    row_of_right: dict[int, tuple] = {}
    keyed: list[tuple[tuple, RowIndex]] = []
    for i in range(n_left):
        if i in by_left:
            pair = by_left[i]
            key = (i, 0)
            keyed.append((key, RowIndex(pair.left, pair.right, pair.score, False, pair.repeated)))
            if pair.repeated != RIGHT:
                for j in pair.right:
                    row_of_right[j] = key
        elif i not in in_pair_left:
            keyed.append(((i, 0), RowIndex((i,), (), 0.0)))
    # A right sentence's home row: its pair's, or its own after the right sentence before it
    # (a pair whose left sentence is shown again stands there too).
    again_by_right = {p.right[0]: p for p in again if p.repeated == LEFT}
    for j in range(n_right):
        if j in row_of_right:
            continue
        before = row_of_right.get(j - 1, (-1, 0))
        key = (before[0], 1 + j)
        row_of_right[j] = key
        pair = again_by_right.get(j)
        if pair is None:
            keyed.append((key, RowIndex((), (j,), 0.0)))
        else:
            keyed.append((key, RowIndex(pair.left, pair.right, pair.score, False, LEFT)))
    # Both sides shown again: right after the right sentence's home row.
    for pair in again:
        if pair.repeated == BOTH:
            key = (*row_of_right[pair.right[0]], 1)
            keyed.append((key, RowIndex(pair.left, pair.right, pair.score, False, BOTH)))
    keyed.sort(key=lambda item: item[0])
    rows = [row for _, row in keyed]
    # Out of order: home pairs off the longest run in step; a repeated side is out of its own
    # place by design and is not counted.
    both = [k for k, row in enumerate(rows) if row.left and row.right and not row.repeated]
    in_order = _increasing([rows[k].right[0] for k in both])
    for position, k in enumerate(both):
        if position not in in_order:
            row = rows[k]
            rows[k] = RowIndex(row.left, row.right, row.score, moved=True)
    return rows
