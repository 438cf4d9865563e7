"""Short gaps between aligned pairs: the stretch one article tells in fewer sentences."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pytest

from tests.unit.test_compare_context import AFTER, BEFORE, SAID, UNRELATED, made_article
from tuiread.compare import align as align_module
from tuiread.compare import gaps as gaps_module
from tuiread.compare.scorer import synonym_overlap

# SAID in other words: too few shared words to be aligned on their own or by the surroundings.
REWORDED = "The falling dollar has also helped to push the price up."
# Sentences of the right article's stretch that say nothing of the left's.
SHARES = "The company's shares closed a little lower in London trading on Wednesday afternoon."
SNOW = "Heavy snow closed several schools across the north of the country this week."


@pytest.fixture
def article(tmp_path):
    return partial(made_article, tmp_path)


def pairs(a, b) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(p.left, p.right) for p in align_module.align(a, b)}


def swapped(a, b) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(p.right, p.left) for p in align_module.align(b, a)}


def test_the_overlap_is_between_the_gap_floor_and_the_alignment_floor(article):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], SHARES, REWORDED, SNOW, AFTER[1])
    value = synonym_overlap(
        a.sentences[1].analysis, b.sentences[2].analysis, align_module.weigher(a, b)
    )
    assert gaps_module.LOOSE_GAP_MIN <= value < align_module.candidate_floor()


def test_a_reworded_sentence_in_a_longer_stretch_between_aligned_pairs_is_aligned(article):
    # One sentence on the left, three on the right between the same two aligned pairs.
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], SHARES, REWORDED, SNOW, AFTER[1])
    expected = {((0,), (0,)), ((1,), (2,)), ((2,), (4,))}
    assert pairs(a, b) == expected
    assert swapped(a, b) == expected


def test_without_the_gap_rule_the_pair_is_not_aligned(article, monkeypatch):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], SHARES, REWORDED, SNOW, AFTER[1])
    monkeypatch.setattr(gaps_module, "LOOSE_GAP_SPAN", 0)
    assert ((1,), (2,)) not in pairs(a, b)


def test_a_stretch_longer_than_the_span_is_not_filled(article, monkeypatch):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], SHARES, REWORDED, SNOW, AFTER[1])
    monkeypatch.setattr(gaps_module, "LOOSE_GAP_SPAN", 2)
    assert pairs(a, b) == {((0,), (0,)), ((2,), (4,))}


def test_unrelated_sentences_in_the_gap_stay_alone(article):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], SHARES, UNRELATED, SNOW, AFTER[1])
    assert pairs(a, b) == {((0,), (0,)), ((2,), (4,))}


def test_a_stretch_out_of_order_is_not_a_gap(article):
    # The right article tells the aligned sentences the other way round: no stretch lies between
    # them on both sides.
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", AFTER[1], SHARES, REWORDED, SNOW, BEFORE[1])
    assert ((1,), (2,)) not in pairs(a, b)


@dataclass(frozen=True)
class P:
    left: tuple[int, ...]
    right: tuple[int, ...]
    repeated: str = ""


def test_gaps_are_found_from_either_side_and_the_same_swapped():
    # (3,)-(2,) crosses (0, 1)-(4,): walking the left, (3,)-(2,) is followed by (6,)-(9,) with a
    # gap of 2 and 6 sentences; walking the right, (0, 1)-(4,) is followed by (6,)-(9,) (gap of
    # 4 and 4: too long on the shorter side for a MAX_GAP of 2).
    found = [P((0, 1), (4,)), P((3,), (2,)), P((6,), (9,)), P((5,), (0,), "both")]
    gaps = gaps_module._gaps(found, 2)
    assert (range(4, 6), range(3, 9)) in gaps
    assert all(min(len(x), len(y)) <= 2 and max(len(x), len(y)) <= 6 for x, y in gaps)
    mirrored = [P(p.right, p.left, p.repeated) for p in found]
    assert sorted(gaps_module._gaps(mirrored, 2)) == sorted((y, x) for x, y in gaps)
