"""The weighted key overlap of every pair of sentences (or clauses) of two articles that share a
key, with WordNet synonyms counted as shared: scorer.synonym_overlap's figure, computed with the
two articles' tables at hand and only for the pairs a key lookup finds."""

from __future__ import annotations

from itertools import repeat

from tuiread.compare.scorer import Weigh, weighted_score
from tuiread.compare.wordnet import synonyms_of

Partners = list[tuple[str, frozenset[str]]]  # a sentence's keys with their synonyms in the other


def _partners(keys: set[str], other: set[str]) -> dict[str, frozenset[str]]:
    """For each key, the other article's keys (itself aside) that share a synonym set with it;
    keys without any are left out."""
    return {key: found for key in keys if (found := synonyms_of(key) & other)}


def _matched(mine: Partners, own: frozenset[str], theirs: frozenset[str], weights) -> float:
    """Weight of ``mine``'s keys missing from ``theirs`` that have a synonym there that ``own``
    lacks (the unshared keys with a synonym on the other side, as in scorer.synonym_overlap)."""
    total = 0.0
    for key, partners in mine:
        # (some synonym there that ``own`` lacks: the shared ones are not all in ``own``)
        if key not in theirs and not (partners & theirs).issubset(own):
            total += weights[key]
    return total


Synonyms = tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]


def synonym_partners(left: set[str], right: set[str]) -> Synonyms:
    """Each side's keys with the other side's keys they share a synonym set with."""
    return _partners(left, right), _partners(right, left)


def overlaps(
    left: list[frozenset[str]],
    right: list[frozenset[str]],
    weigh: Weigh,
    floor: float,
    partners: Synonyms | None = None,
) -> dict[tuple[int, int], float]:
    """score_matrix's figure for every pair of key sets of ``left`` and ``right`` sharing a key,
    from ``floor`` on."""
    left_keys: set[str] = set().union(*left)
    right_keys: set[str] = set().union(*right)
    every = list(left_keys | right_keys)
    weights = dict(zip(every, map(weigh, every), strict=True))
    weight_of = weights.__getitem__
    # Only keys with a synonym in the other article can count as shared through synonyms.
    left_partners, right_partners = partners or synonym_partners(left_keys, right_keys)
    left_have, right_have = left_partners.keys(), right_partners.keys()
    left_synonyms = [[(k, left_partners[k]) for k in left_have & keys] for keys in left]
    right_synonyms = [[(k, right_partners[k]) for k in right_have & keys] for keys in right]
    # The most synonyms can add to a pair: half of both sides' synonym-bearing key weight.
    left_reach = [sum(weights[k] for k, _ in found) / 2 for found in left_synonyms]
    right_reach = [sum(weights[k] for k, _ in found) / 2 for found in right_synonyms]
    # The other side's keys that a set's synonyms could meet: a pair meeting none on either side
    # gains nothing from synonyms.
    left_meets = [frozenset().union(*(p for _, p in found)) for found in left_synonyms]
    right_meets = [frozenset().union(*(p for _, p in found)) for found in right_synonyms]
    # Only pairs sharing a key are worth scoring: look them up instead of trying all.
    postings: dict[str, list[int]] = {}
    for j, keys in enumerate(right):
        for key in keys:
            postings.setdefault(key, []).append(j)
    right_total = [sum(map(weight_of, keys)) for keys in right]
    # A pair whose weighted Dice, synonyms counted at most, is below floor squared cannot score
    # floor (the score is the geometric mean of that Dice and a share of at most 1): skipped
    # before the exact score; the margin keeps rounding from skipping a pair just at the floor.
    need = floor * floor * (1 - 1e-9) / 2
    found: dict[tuple[int, int], float] = {}
    no_postings: list[int] = []
    for i, x in enumerate(left):
        left_total = sum(map(weight_of, x))
        reach_i, meets_i = left_reach[i], left_meets[i]
        # The sets sharing a key with x, each one's shared weight summed over the intersection.
        for j in set().union(*map(postings.get, x, repeat(no_postings))):
            y = right[j]
            common = sum(map(weight_of, x & y))
            total = right_total[j]
            limit = need * (left_total + total)
            if (reach_i or right_reach[j]) and not (
                meets_i.isdisjoint(y) and right_meets[j].isdisjoint(x)
            ):
                reach = reach_i + right_reach[j]
                if common + reach < limit:
                    continue
                if weighted_score(common + reach, left_total, total) < floor:
                    continue
                extra = _matched(left_synonyms[i], x, y, weights)
                extra += _matched(right_synonyms[j], y, x, weights)
                common += extra / 2
            elif common < limit:
                continue  # no synonym to add: the same bound on the shared keys alone
            value = weighted_score(common, left_total, total)
            if value >= floor:
                found[(i, j)] = value
    return found
