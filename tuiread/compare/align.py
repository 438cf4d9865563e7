"""Sentence alignment between two articles: which sentences say the same thing.

Rewritten news reorders paragraphs, splits and merges sentences and swaps words, so alignment is
not a line diff. Every sentence pair that shares a key gets a weighted overlap of their keys
(lemmas, names, amounts; WordNet synonyms count as shared), each key weighted by how rare it is
among the sentences of the two articles (a shared "Trump" says little in a story about Trump; a
shared "$100 billion" much). A pair whose neighbours also pair up gets a bonus (rewrites keep
stretches in order), and so does a pair whose sentences carry the same quotation; a pair a
little below the threshold is aligned when the sentences around it overlap too. The pairs are
then chosen as one global assignment, the set of one-to-one pairs of greatest total score, so one
good pair cannot steal a sentence from a better one; a matched sentence then takes in a neighbour
that the other side's sentence also covers (1:2, 2:1), and a sentence whose best counterpart went
to another sentence faces it too, on a row shown twice (a headline restating the lead), and so
does a sentence left alone that reports a figure of another sentence with a changed value
(compare/figures.py). Last, the sentences left alone in a short gap between two aligned pairs
that follow each other on both sides are paired from a lower overlap (compare/gaps.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tuiread.compare import scorer
from tuiread.compare.assignment import best_assignment
from tuiread.compare.figures import figure_pairs
from tuiread.compare.gaps import loose_gap_pairs
from tuiread.compare.keys import share_quotation
from tuiread.compare.order import BOTH, SHOWN_AGAIN, RowIndex, reading_order
from tuiread.compare.overlap import Synonyms, overlaps, synonym_partners
from tuiread.compare.scorer import PARAPHRASE_MIN, Weigh
from tuiread.compare.text import PreparedArticle

__all__ = ["ALIGN_MIN", "PARAPHRASE_MIN", "Pair", "RowIndex", "align", "reading_order"]

# Below this overlap two sentences are not aligned. Chosen on the tuning part of the hand-aligned
# pairs (tests/bench/align_bench.py prints both parts: tuning precision / recall 0.89 / 0.59 here,
# 0.88 / 0.53 at 0.34, 0.71 / 0.56 at 0.26; held out 0.90 / 0.63 here, 0.95 / 0.63 at 0.34). The
# scorer's probability, fitted on MSRP's topically close pairs, ranks sentences of one story worse
# than this overlap does (precision 0.31 at the same recall); it decides the paraphrase mark of an
# aligned pair instead. Lower floors for some pairs (best clause pairs, a lone sentence facing a
# paired one, mutual best counterparts) gain a hand-aligned pair only with one or more pairs
# outside the hand alignment: tests/bench/align_directions.py.
ALIGN_MIN = 0.30
# Added to a pair's overlap when the pair before or after it in both articles is aligned too:
# chosen with ALIGN_MIN on the tuning pairs (held-out recall 0.59 without it, 0.63 with it, no
# gain past).
CONTEXT_BONUS = 0.05
# A neighbouring sentence joins a pair (a split or merge) when its weighted overlap with the
# other side's sentence is at least this and the joined group has a better Dice than the pair
# had. Chosen on the hand-aligned seed pairs (tests/bench/align_bench.py).
PART_MIN = 0.2
MAX_GROUP = 3
# A sentence pair between two aligned pairs, where both articles run in step (the pair before
# ends just before it on both sides and the pair after starts just after it), is aligned from
# this overlap on: a rewrite that keeps a stretch in order rewords the sentences inside it more
# freely than it moves them. Gaps of up to MAX_GAP sentences on both sides are filled this way.
# A third of ALIGN_MIN: on the hand-aligned pairs of tests/bench/align_bench.py it adds no wrong
# pair at 0.10, while at 0.05 and below it pairs unrelated sentences of the held-out BBC pair.
GAP_MIN = 0.10
MAX_GAP = 2
# Added to a pair's overlap when both sentences carry the same quotation (one holding the other's,
# keys.QUOTE_MIN_WORDS words or more): outlets reword what a speaker did but quote the words he
# said, so a shared quotation outweighs a stronger overlap of the story's common names. As large
# as ALIGN_MIN, so a shared quotation alone aligns a pair: on the hand-aligned pairs of
# tests/bench/align_bench.py every sentence pair sharing a quotation is a counterpart.
QUOTE_BONUS = 0.30
# Two clauses (compare/clauses.py) whose overlap reaches this say the same thing, whatever else
# their sentences say: their sentences are paired too, a sentence facing a second one if need be.
# The clauses of both articles are paired as one global assignment, as sentences are. Chosen on
# the tuning part of tests/bench/align_bench.py: at 0.48 and 0.50 both pairs it adds there are in
# the hand alignment; 0.45 adds one outside it too, 0.40 four, 0.55 keeps one of the two.
CLAUSE_MIN = 0.48
# A pair below ALIGN_MIN, from NEIGHBOURHOOD_MIN on, is aligned when the sentences around it (the
# one before and the one after on each side, the pair's own sentences left out) overlap from
# NEIGHBOURHOOD_OVERLAP on, wherever the rest of the alignment put them: a rewrite reorders
# paragraphs but keeps what a statement is told with, so a loosely reworded sentence still sits
# among the same facts. Chosen on the tuning part of tests/bench/align_bench.py (precision /
# recall 0.933 / 0.676 -> 0.935 / 0.706); on the parts never tuned on, held out unchanged
# (0.909 / 0.630), added seeds 0.571 / 0.292 -> 0.625 / 0.375, the others unchanged; from 0.20
# on, and with the surroundings from 0.15, it adds pairs outside the hand alignment
# (tests/bench/align_meaning.py, "neighbourhood").
NEIGHBOURHOOD_MIN = 0.22
NEIGHBOURHOOD_OVERLAP = 0.20
# Determiners, quantifiers and degree words that keys.STOPWORDS lets through: in two articles
# they are rare enough to weigh as much as a name ("any" in one sentence of each), so two
# sentences sharing "each" and "only" looked alike. They weigh nothing here (keys.STOPWORDS itself
# stays, so the paraphrase scorer fitted on MSRP and the related articles are unchanged).
# On tests/bench/align_bench.py (precision / recall of left sentences): seeds 0.885 / 0.579 ->
# 0.857 / 0.605, tuning 0.935 / 0.706 -> 0.909 / 0.735; the parts never tuned on keep their
# recall (held out 0.913 -> 0.909 and added seeds 0.625 -> 0.588 in precision, one pair each).
# More function words weighed so (conjunctions, prepositions, time words) lose pairs:
# tests/bench/align_wording.py.
NO_CONTENT = frozenset("all any both each few some other same own only just very too".split())


@dataclass(frozen=True, slots=True)
class Pair:
    """Aligned sentence groups: indices into the prepared sentences of each side, ascending."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    # "left", "right" or "both": that side's sentence stands in another pair too, and this pair
    # shows it again (a sentence carrying two statements faces the sentence reporting each).
    repeated: str = ""


class _Weights(dict[str, float]):
    """A key weight table that is its own lookup function (a dict's lookup, at C speed: the
    alignment looks weights up tens of thousands of times)."""

    def __init__(self, table: dict[str, float], rarest: float) -> None:
        super().__init__(table)
        self.rarest = rarest

    def __missing__(self, key: str) -> float:
        return self.rarest

    __call__ = dict.__getitem__


def weigher(a: PreparedArticle, b: PreparedArticle) -> Weigh:
    """Key weights for comparing ``a`` with ``b``: inverse sentence frequency over the sentences
    of both (general-English frequency weighed in does worse on the seed pairs: precision 0.60
    against 0.82). Symmetric in ``a`` and ``b``."""
    df: Counter[str] = Counter()
    for sentence in (*a.sentences, *b.sentences):
        df.update(sentence.keys)
    n = len(a.sentences) + len(b.sentences)
    table = {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}
    table.update(dict.fromkeys(NO_CONTENT & table.keys(), 0.0))
    # A key from outside both articles (a title, a query) is as rare as can be.
    rarest = math.log((n + 1) / 0.5)
    return _Weights(table, rarest)


def weight(keys: Iterable[str], weigh: Weigh) -> float:
    return sum(map(weigh, keys))


def dice(x: frozenset[str], y: frozenset[str], weigh: Weigh) -> float:
    total = weight(x, weigh) + weight(y, weigh)
    return 2 * weight(x & y, weigh) / total if total else 0.0


def score_matrix(
    a: PreparedArticle,
    b: PreparedArticle,
    weigh: Weigh,
    floor: float | None = None,
    partners: Synonyms | None = None,
) -> dict[tuple[int, int], float]:
    """The overlap of every sentence pair sharing a key, from ``floor`` on (ALIGN_MIN -
    CONTEXT_BONUS unless given; scorer.synonym_overlap's figure, computed here with the
    article's tables at hand). ``partners``: synonym_partners of the two articles' keys, when
    the caller has them."""
    floor = ALIGN_MIN - CONTEXT_BONUS if floor is None else floor
    return overlaps(
        [s.keys for s in a.sentences], [s.keys for s in b.sentences], weigh, floor, partners
    )


def _quoting_pairs(
    a: PreparedArticle, b: PreparedArticle, weigh: Weigh
) -> dict[tuple[int, int], float]:
    """The overlap of every sentence pair that shares a quotation (see QUOTE_BONUS)."""
    right = [j for j, s in enumerate(b.sentences) if s.analysis.quotations]
    found = {}
    for i, sentence in enumerate(a.sentences):
        if not sentence.analysis.quotations:
            continue
        for j in right:
            other = b.sentences[j].analysis
            if share_quotation(sentence.analysis, other):
                found[(i, j)] = scorer.synonym_overlap(sentence.analysis, other, weigh)
    return found


def _with_context(
    scores: dict[tuple[int, int], float], quoting: Iterable[tuple[int, int]] = ()
) -> dict[tuple[int, int], float]:
    """Scores with the bonus for pairs whose neighbours pair up too, and for pairs sharing a
    quotation (``quoting``)."""
    quoting = set(quoting)
    boosted = {}
    for (i, j), value in scores.items():
        before = scores.get((i - 1, j - 1), 0.0)
        after = scores.get((i + 1, j + 1), 0.0)
        if max(before, after) >= ALIGN_MIN:
            value += CONTEXT_BONUS
        if (i, j) in quoting:
            value += QUOTE_BONUS
        if value >= ALIGN_MIN:
            boosted[(i, j)] = value
    return boosted


def _with_neighbourhood(
    raw: dict[tuple[int, int], float],
    boosted: dict[tuple[int, int], float],
    a: PreparedArticle,
    b: PreparedArticle,
    weigh: Weigh,
) -> dict[tuple[int, int], float]:
    """``boosted`` with the pairs of ``raw`` below it, from NEIGHBOURHOOD_MIN on, whose
    surrounding sentences overlap (see NEIGHBOURHOOD_MIN), at their own overlap."""
    around_a: dict[int, frozenset[str]] = {}
    around_b: dict[int, frozenset[str]] = {}

    def around(article: PreparedArticle, known: dict[int, frozenset[str]], i: int):
        if i not in known:
            near = (k for k in (i - 1, i + 1) if 0 <= k < len(article.sentences))
            known[i] = frozenset().union(*(article.sentences[k].keys for k in near))
        return known[i]

    found = dict(boosted)
    for (i, j), value in raw.items():
        if value < NEIGHBOURHOOD_MIN or (i, j) in boosted:
            continue
        context = scorer.overlap(around(a, around_a, i), around(b, around_b, j), weigh)
        if context >= NEIGHBOURHOOD_OVERLAP:
            found[(i, j)] = value
    return found


def _keys(article: PreparedArticle, group: tuple[int, ...]) -> frozenset[str]:
    return frozenset().union(*(article.sentences[i].keys for i in group))


def _grow(
    pair: Pair,
    a: PreparedArticle,
    b: PreparedArticle,
    taken_left: set[int],
    taken_right: set[int],
    weigh: Weigh,
) -> Pair:
    """Take in unmatched neighbours on either side while they make the pair score better."""
    while True:
        best = pair
        left_keys, right_keys = _keys(a, pair.left), _keys(b, pair.right)
        options = []
        # A split or a merge: one sentence on one side against up to MAX_GROUP on the other,
        # never several against several (that pairs every sentence of a stretch with every other).
        if len(pair.right) < MAX_GROUP and len(pair.left) == 1:
            for j in (pair.right[0] - 1, pair.right[-1] + 1):
                if 0 <= j < len(b.sentences) and j not in taken_right:
                    part = b.sentences[j].keys
                    if scorer.overlap(part, left_keys, weigh) >= PART_MIN:
                        options.append((pair.left, tuple(sorted((*pair.right, j)))))
        if len(pair.left) < MAX_GROUP and len(pair.right) == 1:
            for i in (pair.left[0] - 1, pair.left[-1] + 1):
                if 0 <= i < len(a.sentences) and i not in taken_left:
                    part = a.sentences[i].keys
                    if scorer.overlap(part, right_keys, weigh) >= PART_MIN:
                        options.append((tuple(sorted((*pair.left, i))), pair.right))
        # Dice decides: it is symmetric, so a neighbour only joins when it brings more shared
        # content than content the other side lacks.
        best_dice = dice(left_keys, right_keys, weigh)
        for left, right in options:
            grown_dice = dice(_keys(a, left), _keys(b, right), weigh)
            if grown_dice > best_dice:
                best_dice = grown_dice
                best = Pair(left, right, pair.score)
        if best is pair:
            return pair
        taken_left.update(best.left)
        taken_right.update(best.right)
        pair = best


def _fill_gaps(
    pairs: list[Pair], a: PreparedArticle, b: PreparedArticle, weigh: Weigh
) -> list[Pair]:
    """Pairs for the sentences between two aligned pairs that both articles keep in step, where
    those sentences overlap from GAP_MIN on (see GAP_MIN)."""
    by_left = sorted(pairs, key=lambda p: p.left[0])
    taken_right = {j for p in pairs for j in p.right}
    filled = []
    for before, after in zip(by_left, by_left[1:], strict=False):
        # Consecutive on the left, so the left sentences between them are unpaired; the right
        # ones must be too (no other pair moved in there).
        gap = after.left[0] - before.left[-1] - 1
        if not 0 < gap <= MAX_GAP or after.right[0] - before.right[-1] - 1 != gap:
            continue
        if any(before.right[-1] + step in taken_right for step in range(1, gap + 1)):
            continue
        for step in range(1, gap + 1):
            i, j = before.left[-1] + step, before.right[-1] + step
            value = scorer.synonym_overlap(a.sentences[i].analysis, b.sentences[j].analysis, weigh)
            if value >= GAP_MIN:
                filled.append(Pair((i,), (j,), value))
    return filled


def _units(article: PreparedArticle) -> tuple[list[int], list[frozenset[str]], dict[int, int]]:
    """The article's clause units: the sentence of each clause and its keys, then each sentence
    of one clause, as a unit of its own, by its sentence's position."""
    of, keys = [], []
    for n, sentence in enumerate(article.sentences):
        for part in sentence.clauses:
            of.append(n)
            keys.append(part)
    whole = {}
    for n, sentence in enumerate(article.sentences):
        if not sentence.clauses:
            whole[n] = len(of)
            of.append(n)
            keys.append(sentence.keys)
    return of, keys, whole


def _clause_pairs(
    a: PreparedArticle,
    b: PreparedArticle,
    weigh: Weigh,
    pairs: list[Pair],
    raw: dict[tuple[int, int], float],
    partners: Synonyms,
) -> list[Pair]:
    """Pairs of the sentences whose clauses say the same thing (see CLAUSE_MIN) that ``pairs``
    lacks; a sentence already paired is shown again (``Pair.repeated``). ``raw`` holds the
    sentence pairs' overlaps, which are the overlaps of two sentences of one clause each."""
    of_a, keys_a, whole_a = _units(a)
    of_b, keys_b, whole_b = _units(b)
    cut_a, cut_b = len(of_a) - len(whole_a), len(of_b) - len(whole_b)
    if not (cut_a or cut_b):
        return []
    scores = overlaps(keys_a[:cut_a], keys_b, weigh, CLAUSE_MIN, partners)
    rest = overlaps(keys_a[cut_a:], keys_b[:cut_b], weigh, CLAUSE_MIN, partners)
    for (x, y), value in rest.items():
        scores[(cut_a + x, y)] = value
    for (i, j), value in raw.items():
        if value >= CLAUSE_MIN and i in whole_a and j in whole_b:
            scores[(whole_a[i], whole_b[j])] = value
    have = {(i, j) for p in pairs for i in p.left for j in p.right}
    taken_left = {i for p in pairs for i in p.left}
    taken_right = {j for p in pairs for j in p.right}
    found: dict[tuple[int, int], float] = {}
    for x, y in best_assignment(scores):
        i, j = of_a[x], of_b[y]
        if (i, j) not in have:
            found[(i, j)] = max(found.get((i, j), 0.0), scores[(x, y)])
    added = []
    # Best first (ties by the smaller position, the same from either side), so the stronger of
    # two pairs taking a lone sentence gives it its home row.
    for i, j in sorted(found, key=lambda p: (-found[p], min(p), max(p))):
        repeated = SHOWN_AGAIN.get((i in taken_left, j in taken_right), "")
        added.append(Pair((i,), (j,), found[(i, j)], repeated))
        taken_left.add(i)
        taken_right.add(j)
    return added


def _best_taken(pairs: list[Pair], raw: dict[tuple[int, int], float]) -> list[Pair]:
    """Pairs of a paired sentence with its best counterpart, when that counterpart stands in
    another pair and their overlap reaches ALIGN_MIN and beats the sentence's own pair; both
    sentences are shown again (``Pair.repeated``).

    One global assignment gives each sentence one partner, so a headline or a summing-up sentence
    loses the lead sentence it restates to that sentence's own counterpart, and a sentence between
    two pairs in step is filled with its neighbour although it restates a sentence further on.
    Measured on tests/bench/align_bench.py (precision / recall of left sentences): tuning 0.929 /
    0.647 -> 0.933 / 0.676, held out 0.900 / 0.630 -> 0.909 / 0.630, late held out 0.964 / 0.643
    -> 0.966 / 0.667; dropping the sentence's weaker pair instead costs held-out recall."""
    own_left: dict[int, float] = {}
    own_right: dict[int, float] = {}
    have = set()
    for pair in pairs:
        for i in pair.left:
            own_left[i] = max(own_left.get(i, 0.0), pair.score)
        for j in pair.right:
            own_right[j] = max(own_right.get(j, 0.0), pair.score)
        have.update((i, j) for i in pair.left for j in pair.right)
    # The best counterpart of each sentence, ties to the earlier one (the same from either side).
    best_left: dict[int, tuple[float, int]] = {}
    best_right: dict[int, tuple[float, int]] = {}
    for (i, j), value in raw.items():
        best_left[i] = max(best_left.get(i, (0.0, 1)), (value, -j))
        best_right[j] = max(best_right.get(j, (0.0, 1)), (value, -i))
    found = {}
    for i, (value, j) in best_left.items():
        if value >= ALIGN_MIN and i in own_left and value > own_left[i] and -j in own_right:
            found[(i, -j)] = value
    for j, (value, i) in best_right.items():
        if value >= ALIGN_MIN and j in own_right and value > own_right[j] and -i in own_left:
            found[(-i, j)] = value
    ranked = sorted(found, key=lambda p: (-found[p], min(p), max(p)))
    return [Pair((i,), (j,), found[(i, j)], BOTH) for i, j in ranked if (i, j) not in have]


def candidate_floor() -> float:
    """The lowest overlap a sentence pair can be aligned from (context bonus, surroundings)."""
    return min(ALIGN_MIN - CONTEXT_BONUS, NEIGHBOURHOOD_MIN)


def align(a: PreparedArticle, b: PreparedArticle) -> list[Pair]:
    """Aligned sentence groups of ``a`` and ``b``, in no particular order. Symmetric: aligning
    ``b`` with ``a`` gives the same pairs, sides swapped. A sentence stands in a second pair
    when one of its clauses is another sentence's statement (``Pair.repeated``)."""
    weigh = weigher(a, b)
    # Synonym partners over the keys of the sentences and of their clauses, found once for both.
    left = set().union(*(part for s in a.sentences for part in (s.keys, *s.clauses)))
    right = set().union(*(part for s in b.sentences for part in (s.keys, *s.clauses)))
    partners = synonym_partners(left, right)
    raw = score_matrix(a, b, weigh, candidate_floor(), partners)
    quoting = _quoting_pairs(a, b, weigh)
    raw.update(quoting)
    scores = _with_neighbourhood(raw, _with_context(raw, quoting), a, b, weigh)
    chosen = best_assignment(scores)
    taken_left = {i for i, _ in chosen}
    taken_right = {j for _, j in chosen}
    pairs = []
    # Best first, so the strongest pair takes a split sentence's other half (ties broken by the
    # smaller of the two positions, which reads the same from either side).
    for i, j in sorted(chosen, key=lambda p: (-scores[p], min(p), max(p))):
        pairs.append(_grow(Pair((i,), (j,), raw[(i, j)]), a, b, taken_left, taken_right, weigh))
    pairs += _fill_gaps(pairs, a, b, weigh)
    pairs += _clause_pairs(a, b, weigh, pairs, raw, partners)
    pairs += _best_taken(pairs, raw)
    figures = figure_pairs(a, b, pairs, weigh, ALIGN_MIN - CONTEXT_BONUS)
    pairs += [Pair((i,), (j,), value, repeated) for i, j, value, repeated in figures]
    gaps = loose_gap_pairs(a, b, pairs, weigh, MAX_GAP)
    return pairs + [Pair((i,), (j,), value) for i, j, value in gaps]
