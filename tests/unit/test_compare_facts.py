"""The discrepancy extractor on numbers, currencies, durations and dates."""

from __future__ import annotations

import pytest

from tuiread.compare.discrepancy import fact_discrepancies
from tuiread.compare.facts import facts_in_text


@pytest.mark.parametrize(
    "text, unit, value",
    [
        ("Ukraine may buy $100 billion worth of weapons", "$", 100e9),
        ("a US$90bn package", "$", 90e9),
        ("grants of €5m for farms", "€", 5e6),
        ("some 50 million euros", "€", 50e6),
        ("£1.5 trillion of debt", "£", 1.5e12),
        ("revenue of 2,500 dollars", "$", 2500.0),
        ("a fine of ¥300", "¥", 300.0),
    ],
)
def test_amounts_are_read_with_currency_and_scale(text, unit, value):
    (fact,) = facts_in_text(text)
    assert (fact.kind, fact.unit, fact.value) == ("amount", unit, value)
    assert text[fact.start : fact.end] == fact.text


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("the call lasted around 40 minutes", 2400),
        ("an hour-long phone call", 3600),
        ("about 1 hour and 15 minutes", 4500),
        ("within ten days", 864000),
        ("for half an hour", 1800),
    ],
)
def test_durations_are_normalised(text, seconds):
    (fact,) = facts_in_text(text)
    assert fact.kind == "duration" and fact.value == seconds


def test_offsets_are_shifted_into_the_article():
    text = "Shares rose 4.4% on Monday, March 3, 2025, to 18 dollars."
    facts = facts_in_text(text, offset=100)
    assert [(f.kind, f.text) for f in facts] == [
        ("percent", "4.4%"),
        ("date", "Monday"),
        ("date", "March 3, 2025"),
        ("amount", "18 dollars"),
    ]
    assert all(f.start >= 100 and f.end - f.start == len(f.text) for f in facts)


def test_may_the_verb_is_not_a_month():
    assert facts_in_text("Ukraine may agree; talks may resume") == []
    assert [f.value for f in facts_in_text("signed on May 5")] == ["may 5"]


def disagreements(left: str, right: str) -> list[tuple[str, str, str]]:
    found = fact_discrepancies(facts_in_text(left), facts_in_text(right))
    return [(f.kind, left[slice(*f.left)], right[slice(*f.right)]) for f in found]


def test_differing_values_of_one_kind_are_paired():
    assert disagreements("a $100 billion deal", "a $90 billion deal") == [
        ("amount", "$100 billion", "$90 billion")
    ]
    assert disagreements("a call of 40 minutes", "a call of an hour") == [
        ("duration", "40 minutes", "an hour")
    ]
    assert disagreements("talks on Monday", "talks on Sunday") == [("date", "Monday", "Sunday")]
    assert disagreements("18 people died", "20 people died") == [
        ("count", "18 people", "20 people")
    ]


def test_equal_values_in_other_words_agree():
    assert disagreements("within ten days", "within the next 10 days") == []
    assert disagreements("an hour-long call", "a call of 60 minutes") == []
    assert disagreements("$2.5 billion", "2,500 million dollars") == []


def test_different_units_and_omissions_are_not_disagreements():
    # Euros are not compared with dollars; a figure only one side gives is an omission.
    assert disagreements("€90 million", "$100 million") == []
    assert disagreements("$100 billion and $50 billion", "$100 billion") == []
    # A value both sides state is agreed even when one side adds another.
    assert disagreements("$90 billion", "$100 billion, later $90 billion") == []
