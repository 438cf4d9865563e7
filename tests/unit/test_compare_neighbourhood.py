"""Alignment by surroundings: a pair a little below ALIGN_MIN whose surrounding sentences
overlap too is aligned, wherever the rest of the alignment put those sentences."""

from __future__ import annotations

from functools import partial

import pytest

from tests.unit.test_compare_context import AFTER, BEFORE, SAID, made_article, pairs
from tuiread.compare import align as align_module

# The same statement reworded: its overlap with SAID is below ALIGN_MIN, above NEIGHBOURHOOD_MIN.
REWORDED = "Fresh declines of the dollar helped carry prices higher still, traders in London said."
ELSEWHERE = (
    "The striker scored twice in the second half of the cup final.",
    "Fans celebrated in the streets of the city until late at night.",
)


@pytest.fixture
def article(tmp_path):
    return partial(made_article, tmp_path)


def test_a_reworded_sentence_among_the_same_facts_is_aligned(article):
    # The right article tells the surrounding facts in the other order: no pair is in step
    # around the reworded sentence, yet it sits between the same two facts.
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", AFTER[1], REWORDED, BEFORE[1])
    value = align_module.score_matrix(a, b, align_module.weigher(a, b), 0.0)[(1, 1)]
    assert align_module.NEIGHBOURHOOD_MIN <= value < align_module.ALIGN_MIN
    assert pairs(a, b) == {((0,), (2,)), ((1,), (1,)), ((2,), (0,))}
    assert pairs(b, a) == {((2,), (0,)), ((1,), (1,)), ((0,), (2,))}


def test_without_the_rule_the_pair_is_not_aligned(article, monkeypatch):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", AFTER[1], REWORDED, BEFORE[1])
    monkeypatch.setattr(align_module, "NEIGHBOURHOOD_MIN", float("inf"))
    assert pairs(a, b) == {((0,), (2,)), ((2,), (0,))}


def test_surroundings_that_do_not_overlap_add_nothing(article):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    among_facts = article("b", AFTER[1], REWORDED, BEFORE[1])
    elsewhere = article("c", ELSEWHERE[0], REWORDED, ELSEWHERE[1])
    raw = {(1, 1): align_module.NEIGHBOURHOOD_MIN}
    weigh = align_module.weigher(a, among_facts)
    assert align_module._with_neighbourhood(raw, {}, a, among_facts, weigh) == raw
    weigh = align_module.weigher(a, elsewhere)
    assert align_module._with_neighbourhood(raw, {}, a, elsewhere, weigh) == {}
    # Below NEIGHBOURHOOD_MIN the surroundings are not looked at.
    low = {(1, 1): align_module.NEIGHBOURHOOD_MIN - 0.01}
    assert align_module._with_neighbourhood(low, {}, a, among_facts, weigh) == {}
