"""Quotations in alignment: two sentences carrying the same quotation report the same words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiread.compare import align as align_module
from tuiread.compare import prepare
from tuiread.compare.keys import share_quotation, text_keys
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")


def test_quotations_of_two_words_or_more_are_kept():
    keys = text_keys('He called the talks "the best" so far and the deal "historic".')
    # A lone quoted word is a label many sentences use; two words are a reported phrase.
    assert keys.quotations == (" the best ",)
    assert text_keys('She said "it is finished" and "we are done".').quotations == (
        " it is finished ",
        " we are done ",
    )
    # Function words alone are no quotation worth matching.
    assert text_keys('He said "it is" twice.').quotations == ()


def test_a_shorter_cut_of_a_quotation_is_shared():
    full = text_keys("“We will never return to the mistakes of the past,” he said.")
    cut = text_keys("He vowed that Labour would “never return to the mistakes” of the 1990s.")
    other = text_keys("He warned of “deep cuts” in services.")
    assert share_quotation(full, cut) and share_quotation(cut, full)
    assert not share_quotation(full, other)


@pytest.fixture
def article(tmp_path):
    def make(name: str, *sentences: str):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Talks {name}\n\n{' '.join(sentences)}\n", encoding="utf-8")
        (loaded,) = load_corpus([path], RULES).articles
        return prepare(loaded)

    return make


def pairs(a, b) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(p.left, p.right) for p in align_module.align(a, b)}


ZELENSKY = (
    "Later, Zelensky told reporters he was open to a meeting with Putin, calling the talks "
    "at the White House “the best” he has had with Trump."
)
QUOTING = "Zelensky described his Oval Office meeting with Trump as “the best” they have had."
# More of the story's names and words in common, but not the quotation: Trump's own words.
OVERLAPPING = (
    "Trump, fresh from his meeting with Putin, described his White House talks with Zelensky "
    "as “very good.”"
)

ASIDE = "Markets in Asia closed higher on Tuesday."


def test_the_sentence_with_the_same_quotation_is_the_counterpart(article, monkeypatch):
    a = article("a", ZELENSKY)
    b = article("b", OVERLAPPING, ASIDE, QUOTING)
    assert pairs(a, b) == {((0,), (2,))}
    assert pairs(b, a) == {((2,), (0,))}
    # Without the quotation's weight the sentence with more shared names wins.
    monkeypatch.setattr(align_module, "QUOTE_BONUS", 0.0)
    assert pairs(a, b) == {((0,), (0,))}
