"""How likely two sentences say the same thing: several signals combined by a logistic model.

The signals: weighted key overlap (rare words count more), the same with WordNet synonyms
counted as shared, plain key overlap, shared word pairs (order), shared names, shared and
conflicting numbers, the length ratio and shared quotations. Every one is symmetric, so the
score of (a, b) is the score of (b, a). The weights were fitted on MSRP train only.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from rapidfuzz import fuzz

from tuiread.compare.keys import SentenceKeys, text_keys
from tuiread.compare.wordnet import background_weight, synonym_sets

Weigh = Callable[[str], float]

FEATURES = (
    "overlap",
    "synonym_overlap",
    "plain_dice",
    "pair_dice",
    "name_share",
    "no_names",
    "number_share",
    "number_conflict",
    "length_ratio",
    "quote_share",
    "contain_min",
    "contain_max",
    "sequence_ratio",
    "unmatched",
    "surface_set",
    "word_dice",
    "negation_mismatch",
)
# Logistic regression weights, in FEATURES order, and the bias: fitted by
# tests/bench/fit_scorer.py on MSRP train only, features computed with background_weight. The fit
# uses 80% of train; on the other 20% its accuracy at PARAPHRASE_MIN is 0.798 (0.758 on the fitting
# part), and 5-fold cross-validation over train gives 0.758 (fit_scorer.py --current, synonym table
# with its plural words under their lemmas).
WEIGHTS = (
    -0.884, 0.257, 3.006, -3.281, -0.458, -0.119, 0.157, -0.380, 3.269,
    0.515, 0.554, 0.629, 3.437, -0.761, 0.324, 3.038, -0.988,
)  # fmt: skip
BIAS = -6.022
# At or above this probability a pair is a paraphrase: the threshold of best accuracy on the
# fitting part of MSRP train (tests/bench/fit_scorer.py).
PARAPHRASE_MIN = 0.56


def weighted_score(common: float, left: float, right: float) -> float:
    """Geometric mean of weighted Dice and weighted overlap: a short sentence that a long one
    contains scores well, yet the long one's extra content still counts against the pair."""
    if not left or not right:
        return 0.0
    dice = 2 * common / (left + right)
    return math.sqrt(dice * min(1.0, common / min(left, right)))


def _total(keys: frozenset[str] | set[str], weigh: Weigh) -> float:
    return sum(weigh(k) for k in keys)


def overlap(x: frozenset[str], y: frozenset[str], weigh: Weigh) -> float:
    """The weighted overlap of two key sets, 0..1 (the cheap first look of alignment)."""
    return weighted_score(_total(x & y, weigh), _total(x, weigh), _total(y, weigh))


def _synonym_matched(mine: set[str], theirs: set[str]) -> set[str]:
    sets: set[int] = set()
    for key in theirs:
        sets |= synonym_sets(key)
    if not sets:
        return set()
    return {k for k in mine if synonym_sets(k) & sets}


def synonym_weight(only_x: set[str], only_y: set[str], weigh: Weigh) -> float:
    """Weight of the unshared keys that have a synonym on the other side, averaged over sides."""
    return (
        _total(_synonym_matched(only_x, only_y), weigh)
        + _total(_synonym_matched(only_y, only_x), weigh)
    ) / 2


def synonym_overlap(x: SentenceKeys, y: SentenceKeys, weigh: Weigh) -> float:
    """Weighted overlap of two sentences' keys with synonyms counted as shared, 0..1."""
    common = x.keys & y.keys
    synonyms = synonym_weight(set(x.keys - common), set(y.keys - common), weigh)
    return weighted_score(
        _total(common, weigh) + synonyms, _total(x.keys, weigh), _total(y.keys, weigh)
    )


def _share(x: frozenset[str], y: frozenset[str]) -> float:
    union = x | y
    return len(x & y) / len(union) if union else 0.0


def _dice(x: set[str], y: set[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 0.0


def _pairs(sequence: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(zip(sequence, sequence[1:], strict=False))


def features(x: SentenceKeys, y: SentenceKeys, weigh: Weigh) -> tuple[float, ...]:
    common = x.keys & y.keys
    wx, wy, wc = _total(x.keys, weigh), _total(y.keys, weigh), _total(common, weigh)
    only_x, only_y = set(x.keys - common), set(y.keys - common)
    synonyms = synonym_weight(only_x, only_y, weigh)
    plain = 2 * len(common) / (len(x.keys) + len(y.keys)) if x.keys or y.keys else 0.0
    px, py = _pairs(x.sequence), _pairs(y.sequence)
    pair_dice = 2 * len(px & py) / (len(px) + len(py)) if px or py else 0.0
    no_names = 1.0 if not (x.names or y.names) else 0.0
    numbers_conflict = 1.0 if x.numbers and y.numbers and not x.numbers & y.numbers else 0.0
    longer = max(x.words, y.words)
    quotes = _share(x.quoted, y.quoted) if x.quoted and y.quoted else 0.0
    matched = wc + synonyms
    contain_x = min(1.0, matched / wx) if wx else 0.0
    contain_y = min(1.0, matched / wy) if wy else 0.0
    sequence = fuzz.ratio(" ".join(x.sequence), " ".join(y.sequence)) / 100
    return (
        weighted_score(wc, wx, wy),
        weighted_score(wc + synonyms, wx, wy),
        plain,
        pair_dice,
        _share(x.names, y.names),
        no_names,
        _share(x.numbers, y.numbers),
        numbers_conflict,
        min(x.words, y.words) / longer if longer else 0.0,
        quotes,
        min(contain_x, contain_y),
        max(contain_x, contain_y),
        sequence,
        # Content either side lacks, in weighted words: an added clause is a different claim.
        math.log1p(max(0.0, wx + wy - 2 * matched)),
        fuzz.token_set_ratio(x.text, y.text) / 100,
        _dice(set(x.text.split()), set(y.text.split())),
        1.0 if x.negated != y.negated else 0.0,
    )


def probability(values: tuple[float, ...]) -> float:
    z = BIAS + sum(w * v for w, v in zip(WEIGHTS, values, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def score(x: SentenceKeys, y: SentenceKeys, weigh: Weigh = background_weight) -> float:
    """How likely two analysed sentences say the same thing, 0..1."""
    if not (x.keys & y.keys) and not _synonym_matched(set(x.keys), set(y.keys)):
        return 0.0
    return probability(features(x, y, weigh))


def paraphrase_score(a: str, b: str) -> float:
    """How likely two lone sentences say the same thing, 0..1 (general-English word weights);
    ``>= PARAPHRASE_MIN`` reads as a paraphrase."""
    return score(text_keys(a), text_keys(b))
