"""Context in alignment: a sentence between two aligned neighbours, in step on both sides."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from tuiread.compare import align as align_module
from tuiread.compare import prepare
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")

BEFORE = (
    "Freezing temperatures took crude oil prices past $50 a barrel on Tuesday for the first "
    "time since November.",
    "Cold weather pushed US crude oil prices above $50 a barrel on Tuesday for the first time "
    "since November.",
)
AFTER = (
    "Analysts at Barclays Capital expect OPEC ministers to hold output steady at their Vienna "
    "meeting.",
    "Analysts at Barclays Capital expect OPEC ministers to keep output steady at the Vienna "
    "meeting.",
)
# The same statement in other words: too few shared words to be aligned on its own.
SAID = "Declines in the dollar have also contributed to the rising price."
REWORDED = "Fresh falls in the value of the dollar helped carry prices higher."
UNRELATED = "The striker scored twice in the second half of the cup final."


def made_article(folder: Path, name: str, *sentences: str):
    """An article of these sentences in ``folder``, prepared for comparison."""
    path = folder / f"{name}.txt"
    path.write_text(f"Oil {name}\n\n{' '.join(sentences)}\n", encoding="utf-8")
    (loaded,) = load_corpus([path], RULES).articles
    return prepare(loaded)


@pytest.fixture
def article(tmp_path):
    return partial(made_article, tmp_path)


def pairs(a, b) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(p.left, p.right) for p in align_module.align(a, b)}


def test_a_reworded_sentence_between_aligned_neighbours_is_aligned(article):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], REWORDED, AFTER[1])
    assert pairs(a, b) == {((0,), (0,)), ((1,), (1,)), ((2,), (2,))}
    # Swapping the sides gives the same pairs, swapped.
    assert pairs(b, a) == {((0,), (0,)), ((1,), (1,)), ((2,), (2,))}


def test_the_same_pair_without_aligned_neighbours_is_not(article, monkeypatch):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], REWORDED, AFTER[1])
    # Without the context rule the middle pair falls below the alignment threshold.
    monkeypatch.setattr(align_module, "MAX_GAP", 0)
    assert ((1,), (1,)) not in pairs(a, b)


def test_an_unrelated_sentence_between_aligned_neighbours_is_not_aligned(article):
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", BEFORE[1], UNRELATED, AFTER[1])
    assert pairs(a, b) == {((0,), (0,)), ((2,), (2,))}


def test_neighbours_out_of_step_do_not_pull_a_pair_in(article):
    # The right article moves its last sentence first: the neighbours are aligned, but not in
    # step around the reworded sentence, so it stays unpaired.
    a = article("a", BEFORE[0], SAID, AFTER[0])
    b = article("b", AFTER[1], REWORDED, BEFORE[1])
    assert ((1,), (1,)) not in pairs(a, b)
    assert {((0,), (2,)), ((2,), (0,))} <= pairs(a, b)
