"""The user's decisions: stored in SQLite with a schema version, applied on every load."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tuiread import locations
from tuiread.corpus import Corpus, load_corpus, load_rules
from tuiread.entities.catalog import build_catalog
from tuiread.entities.decisions import SCHEMA_VERSION, DecisionStore, DecisionStoreError
from tuiread.entities.model import Kind
from tuiread.errors import TuireadError


@pytest.fixture
def corpus(seeds_dir: Path) -> Corpus:
    return load_corpus([seeds_dir], load_rules(locations.bundled_config_dir() / "boilerplate.yaml"))


def test_store_round_trip_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    with DecisionStore(path) as store:
        assert store.all() == []
        assert not path.exists(), "reading creates nothing"
        first = store.add("merge", "Mark Rutte", "Rutte")
        store.add("kind", "NATO", "org")
    with DecisionStore(path) as store:
        decisions = store.all()
    assert [(d.action, d.subject, d.value) for d in decisions] == [
        ("merge", "Mark Rutte", "Rutte"),
        ("kind", "NATO", "ORG"),
    ]
    assert decisions[0].id == first.id
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_store_rejects_bad_decisions(tmp_path: Path) -> None:
    with DecisionStore(tmp_path / "d.sqlite3") as store:
        with pytest.raises(DecisionStoreError, match="unknown decision"):
            store.add("delete", "X")
        with pytest.raises(DecisionStoreError, match="kind"):
            store.add("kind", "X", "ANIMAL")
        with pytest.raises(DecisionStoreError, match="expected"):
            store.add("rename", "X")
        with pytest.raises(DecisionStoreError, match="no decision"):
            store.remove(99)
        assert store.all() == []


def test_newer_or_broken_store_is_reported(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(DecisionStoreError, match="newer"):
        DecisionStore(newer).all()
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(TuireadError, match="not a readable"):
        DecisionStore(broken).all()
    assert broken.read_bytes().startswith(b"this is not"), "a bad file is left as it was"


def test_decisions_persist_across_a_reload(corpus: Corpus) -> None:
    catalog = build_catalog(corpus)
    rutte, carney = catalog.find("Mark Rutte"), catalog.find("Mark Carney")
    assert rutte is not carney
    with DecisionStore() as store:
        catalog.decide(store, "merge", "Mark Rutte", "Mark Carney")
        catalog.decide(store, "split", "Volodymyr Zelensky", "Zelenskiy")
        catalog.decide(store, "rename", "Vladimir Putin", "Vladimir V. Putin")
        catalog.decide(store, "kind", "White House", "ORG")
        catalog.decide(store, "ignore", "European")
    assert locations.entity_decisions_file().exists()
    reloaded = build_catalog(corpus)  # a new load, as after restarting or re-indexing
    merged = reloaded.find("Mark Rutte")
    assert merged is reloaded.find("Mark Carney")
    assert merged.mention_count == rutte.mention_count + carney.mention_count
    zelenskiy = reloaded.find("Zelenskiy")
    assert zelenskiy.name == "Zelenskiy"
    assert zelenskiy is not reloaded.find("Zelenskyy")
    assert reloaded.find("Putin").name == "Vladimir V. Putin"
    assert reloaded.find("White House").kind == Kind.ORG
    european = reloaded.find("European")
    assert european in reloaded.ignored and european not in reloaded.entities
    assert all(m.entity is not european for m in reloaded.search("European"))
    assert all("European" not in reloaded.entity_names(a) for a in corpus.articles)
    assert reloaded.skipped == []


def test_undo_and_unignore(corpus: Corpus) -> None:
    catalog = build_catalog(corpus)
    with DecisionStore() as store:
        decision = catalog.decide(store, "ignore", "NATO")
        assert catalog.find("NATO") in catalog.ignored
        store.remove(decision.id)
        catalog.apply(store.all())
        assert catalog.find("NATO") in catalog.entities
        catalog.decide(store, "ignore", "NATO")
        catalog.decide(store, "unignore", "NATO")
    reloaded = build_catalog(corpus)
    assert reloaded.find("NATO") in reloaded.entities


def test_decisions_naming_nothing_are_refused_or_skipped(corpus: Corpus) -> None:
    catalog = build_catalog(corpus)
    with DecisionStore() as store:
        with pytest.raises(TuireadError, match="no entity named 'Nobody'"):
            catalog.decide(store, "merge", "Nobody", "Putin")
        with pytest.raises(TuireadError, match="no spelling"):
            catalog.decide(store, "split", "Putin", "Lavrov")
        with pytest.raises(TuireadError, match="already one entity"):
            catalog.decide(store, "merge", "Zelensky", "Zelenskyy")
        assert store.all() == []
        store.add("merge", "Somebody Else", "Putin")  # e.g. made on another corpus
    reloaded = build_catalog(corpus)
    assert [d.subject for d in reloaded.skipped] == ["Somebody Else"]
    assert reloaded.find("Putin").name == "Vladimir Putin"
