"""The UI state file: round trip, atomic replace, damaged files kept aside."""

from __future__ import annotations

import json

from tuiread import locations
from tuiread.state import StateStore, UIState


def test_missing_file_starts_fresh_without_a_message():
    state, problem = StateStore().load()
    assert state == UIState() and problem is None


def test_round_trip_in_the_state_file():
    store = StateStore()
    store.save(UIState(theme="nord", last_article={"abc": "001_x"}))
    assert store.path == locations.state_file()
    state, problem = StateStore().load()
    assert problem is None
    assert state == UIState(theme="nord", last_article={"abc": "001_x"})
    assert not [p for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_damaged_or_foreign_files_are_moved_aside(tmp_path):
    cases = ["{broken", "[1, 2]", json.dumps({"version": 99, "theme": "nord"}),
             json.dumps({"version": 1, "theme": 7}),
             json.dumps({"version": 1, "last_article": {"k": 3}})]
    for n, content in enumerate(cases):
        path = tmp_path / f"state{n}.json"
        path.write_text(content, encoding="utf-8")
        state, problem = StateStore(path).load()
        assert state == UIState()
        assert problem is not None and f"state{n}.json.bad" in problem
        assert (tmp_path / f"state{n}.json.bad").read_text(encoding="utf-8") == content
        assert not path.exists()
