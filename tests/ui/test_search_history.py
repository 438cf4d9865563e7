"""The query history the search box walks with up and down."""

from __future__ import annotations

from tuiread.ui.search.query_box import QueryHistory


def test_walking_back_and_forth_returns_to_what_was_typed():
    history = QueryHistory(["putin", "ceasefire"])
    assert history.back("draft") == "ceasefire"
    assert history.back("ceasefire") == "putin"
    assert history.back("putin") is None  # the oldest
    assert history.forward() == "ceasefire"
    assert history.forward() == "draft"
    assert history.forward() is None


def test_adding_moves_a_repeated_query_to_the_end_and_keeps_the_newest():
    entries = ["a", "b", "c"]
    history = QueryHistory(entries, limit=3)
    assert history.add(" a ")
    assert entries == ["b", "c", "a"]  # the caller's list, which it saves
    assert not history.add("a") and not history.add("   ")
    assert history.add("d")
    assert entries == ["c", "a", "d"]
    assert history.back("") == "d"
