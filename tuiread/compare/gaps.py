"""Pairs from the order of the aligned pairs around them: a short gap between two aligned pairs.

Sentence aligners of translations lean on order: between two confidently aligned pairs, the
sentences left over on both sides most likely say the same things, in other words. A rewrite of
a news story reorders paragraphs, so alignment cannot lean on order everywhere; but where two
aligned pairs stand in the same order on both sides with a short gap between them on each, the
gap is one stretch told twice. align.GAP_MIN fills a gap of the same length on both sides
sentence by sentence. A rewrite often tells the stretch in fewer sentences on one side ("Moscow
has yet to publicly confirm participation" against a paragraph of five sentences around "no
immediate confirmation from Moscow"), so here a gap of at most align.MAX_GAP sentences on one
side and LOOSE_GAP_SPAN on the other is paired as one assignment of its sentences left alone,
from LOOSE_GAP_MIN on. The gap lies between two pairs next to each other on one side and in the
same order on the other; the other side's gap may hold a sentence that some other pair took (a
rewrite that moved one sentence into the stretch), which is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tuiread.compare import scorer
from tuiread.compare.assignment import best_assignment
from tuiread.compare.scorer import Weigh
from tuiread.compare.text import PreparedArticle

# The most sentences the longer side of a gap may hold: three times the shorter side's most
# (align.MAX_GAP), as a rewrite of a third of the length tells a stretch in a third of the
# sentences. On the hand-aligned pairs of tests/bench/align_bench.py (precision / recall of left
# sentences) the tuning part gains a hand-aligned pair from a span of 5 on and nothing changes up
# to 8; a shorter side of 3 adds pairs outside the hand alignment (tests/bench/align_gaps.py).
LOOSE_GAP_SPAN = 6
# A pair in such a gap is aligned from this overlap on (a gap in step on both sides needs less,
# align.GAP_MIN: a looser gap says less about which sentence faces which). The lowest floor that
# adds no pair outside the hand alignment on the tuning part of tests/bench/align_bench.py (from
# 0.16 down it adds one, at 0.160); its gain there holds up to 0.19. Precision / recall of left
# sentences: tuning 0.909 / 0.735 -> 0.912 / 0.765, held out 0.909 / 0.667 -> 0.913 / 0.704,
# late held out 0.967 / 0.667 -> 0.968 / 0.690, seeds 0.857 / 0.605 -> 0.867 / 0.658, the other
# parts unchanged (tests/bench/align_gaps.py).
LOOSE_GAP_MIN = 0.17


class _Pair(Protocol):
    left: tuple[int, ...]
    right: tuple[int, ...]
    repeated: str


def _spans(pairs: Sequence[_Pair], short: int, flip: bool) -> list[tuple[range, range]]:
    """The gaps (left sentences, right sentences) between two pairs that follow each other on
    one side (the right with ``flip``, else the left) and stand in that order on the other, the
    shorter side of the gap at most ``short`` sentences and the longer LOOSE_GAP_SPAN."""

    def sides(pair: _Pair) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return (pair.right, pair.left) if flip else (pair.left, pair.right)

    ordered = sorted(map(sides, pairs))
    found = []
    for (mine, theirs), (next_mine, next_theirs) in zip(ordered, ordered[1:], strict=False):
        gap = range(mine[-1] + 1, next_mine[0])
        other = range(theirs[-1] + 1, next_theirs[0])
        if not (gap and other):
            continue
        if min(len(gap), len(other)) <= short and max(len(gap), len(other)) <= LOOSE_GAP_SPAN:
            found.append((other, gap) if flip else (gap, other))
    return found


def _gaps(pairs: Sequence[_Pair], short: int) -> list[tuple[range, range]]:
    """The short gaps between aligned pairs that follow each other on either side. Pairs showing
    a sentence again are not anchors (their sentence reads elsewhere). Both sides are walked, so
    swapping the articles gives the same gaps, swapped."""
    home = [p for p in pairs if not p.repeated]
    return _spans(home, short, False) + _spans(home, short, True)


def loose_gap_pairs(
    a: PreparedArticle,
    b: PreparedArticle,
    pairs: Sequence[_Pair],
    weigh: Weigh,
    short: int,
) -> list[tuple[int, int, float]]:
    """(left, right, overlap) of the sentences left alone in the short gaps between aligned
    ``pairs`` (see LOOSE_GAP_MIN), as one assignment."""
    taken_left = {i for p in pairs for i in p.left}
    taken_right = {j for p in pairs for j in p.right}
    scores: dict[tuple[int, int], float] = {}
    for left, right in _gaps(pairs, short):
        for i in left:
            if i in taken_left:
                continue
            x = a.sentences[i].analysis
            for j in right:
                if j in taken_right or (i, j) in scores:
                    continue
                value = scorer.synonym_overlap(x, b.sentences[j].analysis, weigh)
                if value >= LOOSE_GAP_MIN:
                    scores[(i, j)] = value
    # One assignment over every gap: a sentence in two gaps (one found from each side) takes
    # one counterpart.
    return [(i, j, scores[(i, j)]) for i, j in best_assignment(scores)]
