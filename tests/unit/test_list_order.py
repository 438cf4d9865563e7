"""The article list's order and filter, worked out from columns without making the articles."""

from __future__ import annotations

import operator
from dataclasses import dataclass

import pytest

from tuiread.ui.reading.list_order import SORT_KEYS, Listed, arrange, filtered, matches


@dataclass
class Fake:
    id: str
    title: str
    source: str | None = None
    date: str | None = None
    words: int = 0


ARTICLES = [
    Fake("c/3", "beta story", "Wire", "2025-08-19", 30),
    Fake("a/1", "Alpha story", None, None, 10),
    Fake("b/2", "alpha story", "bbc", "2025-08-18", 10),
    Fake("d/4", "Gamma", "BBC", None, 500),
    Fake("e/5", "Blair visits Washington", "Wire", "2025-08-20", 70),
]


class ColumnsOnly:
    """Rows that give columns and refuse to make an article except one asked for by position:
    the order must come from the columns."""

    def __init__(self, articles):
        self._articles = articles
        self.made: list[int] = []

    def __len__(self):
        return len(self._articles)

    def __getitem__(self, position):
        self.made.append(position)
        return self._articles[position]

    def __iter__(self):
        raise AssertionError("the list iterated every article")

    def column(self, name):
        return [getattr(a, name) for a in self._articles]


def by_objects(articles, key, reverse):
    """The order the list always had, written out over the article objects."""
    orders = {
        "title": lambda a: (a.title.casefold(), a.id),
        "source": lambda a: (a.source is None, (a.source or "").casefold(), a.id),
        "date": lambda a: (a.date is None, a.date or "", a.id),
        "words": lambda a: (a.words, a.id),
        "path": operator.attrgetter("id"),
    }
    return [a.id for a in sorted(articles, key=orders[key], reverse=reverse)]


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("reverse", [False, True])
def test_the_order_from_columns_is_the_order_of_the_articles(key, reverse):
    rows = ColumnsOnly(ARTICLES)
    listed = arrange(rows, "", key, reverse)
    assert rows.made == []  # nothing made to order them
    assert listed.column("id") == by_objects(ARTICLES, key, reverse)
    assert [a.id for a in listed] == by_objects(ARTICLES, key, reverse)


def test_a_plain_list_of_articles_is_ordered_the_same_way():
    assert arrange(ARTICLES, "", "title").column("id") == by_objects(ARTICLES, "title", False)


def test_the_filter_keeps_what_matches_and_makes_nothing():
    rows = ColumnsOnly(ARTICLES)
    kept = filtered(rows, "wire story")
    assert [ARTICLES[n].id for n in kept] == ["c/3"]
    assert filtered(rows, "  ") == list(range(len(ARTICLES)))
    assert rows.made == []
    # A near miss of a longer word still matches; each position agrees with ``matches``.
    assert [ARTICLES[n].id for n in filtered(rows, "washingtn")] == ["e/5"]
    for query in ("alpha", "bbc gamma", "washingtn", "nothing"):
        assert [ARTICLES[n].id for n in filtered(rows, query)] == [
            a.id for a in ARTICLES if matches(a, query)]


def test_listed_rows_make_only_the_articles_asked_for():
    rows = ColumnsOnly(ARTICLES)
    listed = Listed(rows, [4, 0])
    assert len(listed) == 2
    assert listed[1].id == "c/3" and listed[-1].id == "c/3"
    assert [a.id for a in listed[0:2]] == ["e/5", "c/3"]
    assert listed.column("words") == [70, 30]
    assert rows.made == [0, 0, 4, 0]


@pytest.mark.parametrize("key", ["title", "source", "path"])
def test_a_long_list_sorted_in_runs_is_one_sort(key):
    import random

    rng = random.Random(9)
    many = [Fake(f"{rng.randrange(10**6):06d}/{n}", rng.choice(["Beta", "alpha", "Gamma b"]),
                 rng.choice([None, "Wire", "bbc"]), None, rng.randrange(900))
            for n in range(41_000)]  # (six runs: merged three, then two, then one)
    for reverse in (False, True):
        assert arrange(many, "", key, reverse).column("id") == by_objects(many, key, reverse)


def test_kept_columns_are_the_columns_of_the_list_and_read_the_rows_once():
    rows = ColumnsOnly(ARTICLES)
    listed = arrange(rows, "", "words", reverse=True)
    expected = {name: listed.column(name) for name in ("id", "words", "date")}
    calls: list[str] = []
    column = rows.column
    rows.column = lambda name: calls.append(name) or column(name)
    listed.keep_columns("id", "words", "date")
    assert calls == ["id", "words", "date"]
    for _ in range(2):
        assert {name: listed.column(name) for name in expected} == expected
    assert calls == ["id", "words", "date"]  # read from what was kept
    assert listed.column("title") == [a.title for a in listed]
