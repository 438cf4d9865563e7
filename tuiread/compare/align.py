"""Sentence alignment between two articles: which sentences say the same thing.

Rewritten news reorders paragraphs, splits and merges sentences and swaps words, so alignment is
not a line diff. Every sentence pair gets a similarity on content-word stems weighted by how rare
each stem is in the two articles (a shared "Trump" says little in a story about Trump; a shared
"billion" or "Alaska" says much). Pairs are then taken best first, one to one, in any order; a
matched sentence then takes in a neighbour that the other side's sentence also covers (1:2, 2:1).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tuiread.compare.text import PreparedArticle

# Scores weigh each stem by its rarity in the two articles (weighted Dice and overlap, see
# _score). On MSRP train this scorer is as good as rapidfuzz's (accuracy 0.719 against 0.717
# for token_set_ratio and 0.722 for token_sort_ratio), but on seed pairs aligned by hand it
# aligns with far better precision, since a rapidfuzz ratio cannot tell a shared "Trump" from a
# shared "$100 billion". tests/bench/align_bench.py prints both tables.
#
# Below this score two sentences are not aligned. Chosen on the hand-aligned seed pairs
# (precision 0.75, recall 0.40; at 0.25 precision falls to 0.58 for no recall). It keeps 99.5% of
# MSRP train paraphrases: rewritten news strays further than MSRP's paraphrases do.
ALIGN_MIN = 0.30
# At or above this score a pair is a paraphrase: the threshold of best accuracy on MSRP train
# (accuracy 0.719, F1 0.803).
PARAPHRASE_MIN = 0.58
# A neighbouring sentence joins a pair (a split or merge) when it scores at least this against
# the other side's sentence and the joined group has a better Dice than the pair had. Chosen
# on the hand-aligned seed pairs: recall 0.39 at precision 0.75, against 0.34 at 0.93 without
# merges.
PART_MIN = 0.2
MAX_GROUP = 3


@dataclass(frozen=True, slots=True)
class Pair:
    """Aligned sentence groups: indices into the prepared sentences of each side, ascending."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float


@dataclass(frozen=True, slots=True)
class RowIndex:
    """One row of the side-by-side view: a pair, or a sentence group with no counterpart."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    moved: bool = False  # the right side is out of its own reading order here


def idf(a: PreparedArticle, b: PreparedArticle) -> dict[str, float]:
    """Inverse sentence frequency of each stem over the sentences of both articles."""
    df: Counter[str] = Counter()
    for sentence in (*a.sentences, *b.sentences):
        df.update(sentence.keys)
    n = len(a.sentences) + len(b.sentences)
    return {key: math.log((n + 1) / (count + 0.5)) for key, count in df.items()}


def weight(keys: Iterable[str], weights: dict[str, float]) -> float:
    return sum(weights[k] for k in keys)


def _score(common: float, left: float, right: float) -> float:
    """Geometric mean of weighted Dice and weighted overlap: a short sentence that a long one
    contains scores well, yet the long one's extra content still counts against the pair."""
    if not left or not right:
        return 0.0
    dice = 2 * common / (left + right)
    return math.sqrt(dice * common / min(left, right))


def similarity(x: frozenset[str], y: frozenset[str], weights: dict[str, float]) -> float:
    """The alignment score of two stem sets, 0..1."""
    return _score(weight(x & y, weights), weight(x, weights), weight(y, weights))


def dice(x: frozenset[str], y: frozenset[str], weights: dict[str, float]) -> float:
    total = weight(x, weights) + weight(y, weights)
    return 2 * weight(x & y, weights) / total if total else 0.0


def score_matrix(
    a: PreparedArticle, b: PreparedArticle, weights: dict[str, float]
) -> list[tuple[float, int, int]]:
    """Every sentence pair scoring at least ALIGN_MIN, best first."""
    # Only pairs sharing a stem can score above zero: look them up instead of trying all.
    postings: dict[str, list[int]] = {}
    for j, sentence in enumerate(b.sentences):
        for key in sentence.keys:
            postings.setdefault(key, []).append(j)
    right_weight = [weight(s.keys, weights) for s in b.sentences]
    found = []
    for i, sentence in enumerate(a.sentences):
        shared: dict[int, float] = {}
        for key in sentence.keys:
            w = weights[key]
            for j in postings.get(key, ()):
                shared[j] = shared.get(j, 0.0) + w
        left_weight = weight(sentence.keys, weights)
        for j, common in shared.items():
            score = _score(common, left_weight, right_weight[j])
            if score >= ALIGN_MIN:
                found.append((score, i, j))
    found.sort(key=lambda t: (-t[0], t[1], t[2]))
    return found


def _contained(part: frozenset[str], whole: frozenset[str], weights: dict[str, float]) -> float:
    total = weight(part, weights)
    return weight(part & whole, weights) / total if total else 0.0


def _keys(article: PreparedArticle, group: tuple[int, ...]) -> frozenset[str]:
    return frozenset().union(*(article.sentences[i].keys for i in group))


def _grow(
    pair: Pair,
    a: PreparedArticle,
    b: PreparedArticle,
    taken_left: set[int],
    taken_right: set[int],
    weights: dict[str, float],
) -> Pair:
    """Take in unmatched neighbours on either side while they make the pair score better."""
    while True:
        best = pair
        left_keys, right_keys = _keys(a, pair.left), _keys(b, pair.right)
        options = []
        if len(pair.right) < MAX_GROUP:
            for j in (pair.right[0] - 1, pair.right[-1] + 1):
                if 0 <= j < len(b.sentences) and j not in taken_right:
                    part = b.sentences[j].keys
                    if similarity(part, left_keys, weights) >= PART_MIN:
                        options.append((pair.left, tuple(sorted((*pair.right, j)))))
        if len(pair.left) < MAX_GROUP:
            for i in (pair.left[0] - 1, pair.left[-1] + 1):
                if 0 <= i < len(a.sentences) and i not in taken_left:
                    part = a.sentences[i].keys
                    if similarity(part, right_keys, weights) >= PART_MIN:
                        options.append((tuple(sorted((*pair.left, i))), pair.right))
        # Dice, not the alignment score, decides: it is symmetric, so a neighbour only joins when
        # it brings more shared content than content the other side lacks.
        best_dice = dice(left_keys, right_keys, weights)
        for left, right in options:
            grown_left, grown_right = _keys(a, left), _keys(b, right)
            grown_dice = dice(grown_left, grown_right, weights)
            if grown_dice > best_dice:
                best_dice = grown_dice
                best = Pair(left, right, similarity(grown_left, grown_right, weights))
        if best is pair:
            return pair
        taken_left.update(best.left)
        taken_right.update(best.right)
        pair = best


def align(a: PreparedArticle, b: PreparedArticle) -> list[Pair]:
    """Aligned sentence groups of ``a`` and ``b``, in no particular order."""
    weights = idf(a, b)
    taken_left: set[int] = set()
    taken_right: set[int] = set()
    pairs = []
    for score, i, j in score_matrix(a, b, weights):
        if i in taken_left or j in taken_right:
            continue
        taken_left.add(i)
        taken_right.add(j)
        # Grown at once, so a split sentence's other half is claimed before a weaker pair
        # elsewhere can take it.
        pairs.append(_grow(Pair((i,), (j,), score), a, b, taken_left, taken_right, weights))
    return pairs


def _increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``values``."""
    from bisect import bisect_left

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


def reading_order(pairs: list[Pair], n_left: int, n_right: int) -> list[RowIndex]:
    """Rows in the left article's order; a right sentence with no counterpart follows the row
    holding the right sentence before it, so it is read in its own context."""
    by_left = {p.left[0]: p for p in pairs}
    in_pair_left = {i for p in pairs for i in p.left}
    row_of_right: dict[int, tuple] = {}
    keyed: list[tuple[tuple, RowIndex]] = []
    for i in range(n_left):
        if i in by_left:
            pair = by_left[i]
            key = (i, 0)
            keyed.append((key, RowIndex(pair.left, pair.right, pair.score)))
            for j in pair.right:
                row_of_right[j] = key
        elif i not in in_pair_left:
            keyed.append(((i, 0), RowIndex((i,), (), 0.0)))
    for j in range(n_right):
        if j in row_of_right:
            continue
        before = row_of_right.get(j - 1, (-1, 0))
        key = (before[0], 1 + j)
        row_of_right[j] = key
        keyed.append((key, RowIndex((), (j,), 0.0)))
    keyed.sort(key=lambda item: item[0])
    rows = [row for _, row in keyed]
    both = [k for k, row in enumerate(rows) if row.left and row.right]
    in_order = _increasing([rows[k].right[0] for k in both])
    for position, k in enumerate(both):
        if position not in in_order:
            row = rows[k]
            rows[k] = RowIndex(row.left, row.right, row.score, moved=True)
    return rows
