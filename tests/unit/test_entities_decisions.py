"""The user's decisions: stored in SQLite with a schema version, applied on every load."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tuiread import locations
from tuiread.corpus import Corpus, load_corpus, load_rules
from tuiread.entities import decisions as decisions_module
from tuiread.entities.catalog import build_catalog
from tuiread.entities.decisions import (
    SCHEMA_VERSION,
    DecisionStore,
    DecisionStoreError,
    take_notices,
)
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
    take_notices()
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database at all" * 100)
    assert DecisionStore(broken).all() == []
    (aside,) = tmp_path.glob("broken.sqlite3.damaged-*")
    assert aside.read_bytes().startswith(b"this is not"), "a bad file is kept as it was"
    (notice,) = take_notices()
    assert "damaged" in notice and str(aside) in notice


@pytest.mark.parametrize("damage", ["garbage", "truncated", "no table", "bad columns"])
def test_a_damaged_decisions_file_is_set_aside_and_a_fresh_one_works(
    tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "decisions.sqlite3"
    with DecisionStore(path) as store:
        store.add("rename", "Vladimir Putin", "V. Putin")
    if damage == "garbage":
        path.write_bytes(bytes(range(256)) * 40)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:1500])
    else:
        with sqlite3.connect(path) as db:
            db.execute("DROP TABLE decisions")
            if damage == "bad columns":
                db.execute("CREATE TABLE decisions (id INTEGER PRIMARY KEY, what TEXT)")
        db.close()
    take_notices()
    with DecisionStore(path) as store:
        assert store.all() == []
        added = store.add("ignore", "European")
        assert [d.id for d in store.all()] == [added.id]
    assert len(list(tmp_path.glob("decisions.sqlite3.damaged-*"))) == 1
    assert len(take_notices()) == 1


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


# SQLite treats a file whose header "write version" byte is above 2 as read-only, for every user
# (root too, whom file permissions do not stop).
HEADER_WRITE_VERSION = 18


def _made_store(path: Path) -> None:
    with DecisionStore(path) as store:
        store.add("ignore", "NATO")


def _make_read_only(path: Path, how: str) -> None:
    if how == "header":
        data = bytearray(path.read_bytes())
        data[HEADER_WRITE_VERSION] = 3
        path.write_bytes(bytes(data))
    else:
        path.chmod(0o444)


@pytest.mark.parametrize(
    "how",
    [
        "header",
        pytest.param("chmod", marks=pytest.mark.skipif(
            hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes read-only files")),
    ],
)
def test_a_read_only_store_reads_but_refuses_writes_with_its_own_error(
    tmp_path: Path, how: str
) -> None:
    path = tmp_path / "d.sqlite3"
    _made_store(path)
    _make_read_only(path, how)
    with DecisionStore(path) as store:
        assert [d.subject for d in store.all()] == ["NATO"]
        with pytest.raises(DecisionStoreError, match="cannot record the decision.*readonly"):
            store.add("ignore", "Kremlin")
        with pytest.raises(DecisionStoreError, match="cannot undo the decision.*readonly"):
            store.remove(store.all()[0].id)


def test_a_locked_store_gives_its_own_error_and_works_once_free(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    _made_store(path)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # another tuiread in the middle of a write
        with pytest.raises(DecisionStoreError, match="cannot open.*locked"):
            DecisionStore(path, timeout=0).all()
        fresh = tmp_path / "fresh.sqlite3"
        locker = sqlite3.connect(fresh, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DecisionStoreError, match="cannot open.*locked"):
            DecisionStore(fresh, timeout=0).add("ignore", "NATO")  # the schema cannot be made
        locker.execute("ROLLBACK")
        locker.close()
        with DecisionStore(path, timeout=0) as store:
            other.execute("ROLLBACK")
            assert len(store.all()) == 1  # opened while free
            other.execute("BEGIN EXCLUSIVE")
            with pytest.raises(DecisionStoreError, match="cannot read the decisions.*locked"):
                store.all()
            with pytest.raises(DecisionStoreError, match="cannot record the decision.*locked"):
                store.add("ignore", "Kremlin")
            other.execute("ROLLBACK")
            store.add("ignore", "Kremlin")  # the same store goes on once the lock is gone
            assert [d.subject for d in store.all()] == ["NATO", "Kremlin"]
    finally:
        other.close()


# Each process says it is ready, waits for the word on stdin, then opens the new file and adds.
_OPEN_AT_ONCE = """
import sys
from pathlib import Path
from tuiread.entities.decisions import DecisionStore
print("ready", flush=True)
sys.stdin.readline()
with DecisionStore(Path(sys.argv[1])) as store:
    print(store.add("ignore", sys.argv[2]).id, flush=True)
"""


def test_two_processes_opening_a_fresh_store_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "new" / "d.sqlite3"
    names = ["First Name", "Second Name"]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_AT_ONCE, str(path), name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in names
    ]
    try:
        for child in children:  # both started and imported: the barrier
            assert child.stdout.readline().strip() == "ready"
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        results = [child.communicate(timeout=60) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
        assert out.strip().isdigit()
    with DecisionStore(path) as store:
        assert sorted(d.subject for d in store.all()) == names
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_table_left_at_version_0_is_migrated(tmp_path: Path) -> None:
    # What a run that stopped between creating the table and setting the version left behind.
    path = tmp_path / "d.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(decisions_module._SCHEMA.replace(" IF NOT EXISTS", ""))
        db.execute(
            "INSERT INTO decisions (action, subject, value, created) VALUES (?, ?, ?, ?)",
            ("ignore", "NATO", None, "2025-01-01T00:00:00+00:00"),
        )
    db.close()
    with DecisionStore(path) as store:
        assert [(d.action, d.subject) for d in store.all()] == [("ignore", "NATO")]
        store.add("ignore", "Kremlin")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_store_that_fails_to_open_closes_its_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording_connect(*args, **kwargs):
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(decisions_module.sqlite3, "connect", recording_connect)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database at all" * 100)
    newer = tmp_path / "newer.sqlite3"
    with connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    assert DecisionStore(broken).all() == []  # set aside
    with pytest.raises(DecisionStoreError):
        DecisionStore(newer).all()
    assert len(opened) == 2
    for db in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            db.execute("SELECT 1")


def test_a_regrouped_copy_leaves_the_catalog_as_it_was(corpus: Corpus) -> None:
    catalog = build_catalog(corpus)
    putin = catalog.find("Putin")
    with DecisionStore() as store:
        decision, regrouped = catalog.decided(store, "rename", "Vladimir Putin", "V. Putin")
        assert [d.id for d in store.all()] == [decision.id]
    assert regrouped is not catalog
    assert regrouped.find("Putin").name == "V. Putin"
    assert catalog.find("Putin") is putin and putin.name == "Vladimir Putin"
    assert catalog.search("Vladimir Putin")[0].entity is putin
    assert regrouped.search("V. Putin")[0].entity is regrouped.find("Putin")
    undone = regrouped.with_decisions([])
    assert undone.find("Putin").name == "Vladimir Putin"
    assert regrouped.find("Putin").name == "V. Putin"
