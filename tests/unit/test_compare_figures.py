"""A changed figure: two sentences reporting one amount with different values are counterparts,
even when one of them already faces a sentence with the other's value."""

from __future__ import annotations

from functools import partial

import pytest

from tests.unit.test_compare_context import made_article
from tests.unit.test_compare_neighbourhood import ELSEWHERE
from tuiread.compare import align as align_module
from tuiread.compare import compare
from tuiread.compare import figures as figures_module
from tuiread.compare.figures import changed_figures
from tuiread.compare.keys import text_keys

HUNDRED = (
    "Ukraine would commit to purchasing $100 billion of American weapons, a newspaper reported "
    "on Monday."
)
CONFIRMED = (
    "Zelensky confirmed the weapons deal after the meeting, saying it would total $90 billion."
)
PROPOSED = (
    "Zelensky also proposed purchasing $90 billion of American weapons after the meeting, to be "
    "financed by Europe."
)


@pytest.fixture
def article(tmp_path):
    return partial(made_article, tmp_path)


def test_amounts_of_one_unit_close_in_value_are_one_figure_changed():
    x, y = text_keys(HUNDRED), text_keys(PROPOSED)
    assert changed_figures(x, y) == [("#1e+11", "#9e+10")]
    assert changed_figures(y, x) == [("#9e+10", "#1e+11")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # No unit in common: a count of people is not a sum of dollars.
        ("Ukraine would buy $100 billion of weapons.", "Ukraine would send 90 soldiers."),
        ("About 100 people came to the rally.", "About 90 people came to the rally."),
        # Too far apart to be one figure reported differently.
        ("Ukraine would buy $100 billion of weapons.", "Ukraine would buy $20 billion of weapons."),
        # The same figure is shared, not changed.
        ("Ukraine would buy $90 billion of weapons.", "Zelensky proposed $90 billion of arms."),
    ],
)
def test_other_numbers_are_no_changed_figure(first, second):
    assert changed_figures(text_keys(first), text_keys(second)) == []


def test_a_lone_sentence_with_a_changed_figure_faces_its_counterpart(article):
    a = article("a", HUNDRED, CONFIRMED, ELSEWHERE[0])
    b = article("b", PROPOSED, ELSEWHERE[1])
    # Its overlap with the amounts counted against it is below the alignment's threshold, and
    # its counterpart goes to the sentence with the same $90 billion.
    raw = align_module.score_matrix(a, b, align_module.weigher(a, b), 0.0)
    assert raw[(0, 0)] < align_module.ALIGN_MIN < raw[(1, 0)]
    found = {(p.left, p.right, p.repeated) for p in align_module.align(a, b)}
    assert found == {((1,), (0,), ""), ((0,), (0,), "right")}
    swapped = {(p.right, p.left, p.repeated) for p in align_module.align(b, a)}
    assert swapped == {((1,), (0,), ""), ((0,), (0,), "left")}


def test_without_the_rule_the_changed_figure_stays_alone(article, monkeypatch):
    a = article("a", HUNDRED, CONFIRMED, ELSEWHERE[0])
    b = article("b", PROPOSED, ELSEWHERE[1])
    monkeypatch.setattr(figures_module, "FIGURE_RATIO", 0.5)
    found = {(p.left, p.right) for p in align_module.align(a, b)}
    assert found == {((1,), (0,))}


def test_unrelated_sentences_with_close_amounts_are_not_paired(article):
    a = article("a", "Ukraine would commit to purchasing $100 billion of American weapons.")
    b = article("b", "The film took $90 billion at cinemas around the world last year.")
    assert align_module.align(a, b) == []


def test_the_comparison_shows_the_changed_figure_on_the_repeated_row(article):
    a = article("a", HUNDRED, CONFIRMED, ELSEWHERE[0])
    b = article("b", PROPOSED, ELSEWHERE[1])
    comparison = compare(a.article, b.article)
    paired = {
        n: (r.left.sentences, r.right.sentences, r.repeated)
        for n, r in enumerate(comparison.rows)
        if r.left and r.right
    }
    assert sorted(paired.values()) == [((0,), (0,), "right"), ((1,), (0,), "")]
    (changed,) = [d for d in comparison.discrepancies if d.kind == "amount"]
    assert changed.note == "$100 billion / $90 billion"
    assert paired[changed.row][0] == (0,)
