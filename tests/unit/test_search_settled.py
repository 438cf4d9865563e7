"""``tuiread index`` with nothing changed since a run left the index up to date opens no corpus.

And whatever the entity names depend on (a file, a decision, the user's gazetteer, the entity
snapshot) brings the full check back.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tuiread.cli import main
from tuiread.entities import DecisionStore
from tuiread.search.settled import SNAPSHOT_SUFFIX, entity_inputs, inputs_stamp
from tuiread.workspace import Workspace

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def index(capsys, corpus: Path) -> str:
    assert main(["index", str(corpus)]) == 0
    return capsys.readouterr().out


@pytest.fixture
def opened(monkeypatch) -> list[int]:
    """How many times a command opened the corpus."""
    count = [0]
    real = Workspace.load_corpus

    def counting(self, *args, **kwargs):
        if self._corpus is None:
            count[0] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "load_corpus", counting)
    return count


def settled_corpus(capsys, corpus: Path) -> str:
    return index(capsys, corpus)  # the first build leaves the index up to date: recorded


def test_nothing_changed_opens_no_corpus_and_says_the_same(corpus_dir, capsys, opened):
    before = settled_corpus(capsys, corpus_dir)
    assert opened[0] == 1
    again = index(capsys, corpus_dir)
    assert opened[0] == 1  # not opened this time
    assert again.splitlines()[0] == before.splitlines()[0]  # the same generation
    assert again.splitlines()[1].startswith("0 added, 0 updated, 0 removed, 5 unchanged")


def test_an_edited_file_is_indexed_with_its_names(corpus_dir, capsys, opened):
    settled_corpus(capsys, corpus_dir)
    article = sorted(corpus_dir.glob("*.txt"))[0]
    text = article.read_text()
    opening = "President Donald Trump said"
    article.write_text(text.replace(opening, "The Zanzibarian envoy met Zelensky. " + opening, 1))
    out = index(capsys, corpus_dir)
    assert "1 updated" in out and opened[0] == 2
    index(capsys, corpus_dir)
    assert opened[0] == 2  # settled again after the edit
    assert main(["search", "zanzibarian", str(corpus_dir), "--json"]) == 0
    assert article.stem in capsys.readouterr().out


def test_a_decision_brings_the_names_check_back(corpus_dir, capsys, opened):
    from tuiread.config import boilerplate_files
    from tuiread.corpus import load_corpus, load_rules
    from tuiread.entities import build_catalog

    settled_corpus(capsys, corpus_dir)
    catalog = build_catalog(load_corpus([corpus_dir], load_rules(*boilerplate_files())))
    with DecisionStore() as store:
        catalog.decide(store, "rename", "Steve Witkoff", "Steven Witkoff")
    out = index(capsys, corpus_dir)
    assert opened[0] == 2
    assert "re-indexed for new entity names" in out


def test_a_user_gazetteer_brings_the_names_check_back(corpus_dir, capsys, opened,
                                                      isolated_home):
    settled_corpus(capsys, corpus_dir)
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "entities.yaml").write_text(
        "entities:\n  - {name: Steven Witkoff, kind: PERSON, aliases: [Steve Witkoff]}\n",
        encoding="utf-8")
    index(capsys, corpus_dir)
    assert opened[0] == 2


def test_the_stamp_follows_each_input(corpus_dir, capsys):
    settled_corpus(capsys, corpus_dir)
    roots = [corpus_dir]
    first = inputs_stamp(roots)
    assert inputs_stamp(roots) == first
    inputs = entity_inputs(roots)
    snapshot = next(p for p in inputs if p.name.endswith(SNAPSHOT_SUFFIX))
    assert snapshot.is_file()  # (the rule for its name is the entity snapshot's)
    info = snapshot.stat()
    os.utime(snapshot, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert inputs_stamp(roots) != first


def test_the_snapshot_named_is_the_entity_snapshot(corpus_dir, capsys):
    from tuiread.config import boilerplate_files
    from tuiread.corpus import load_rules
    from tuiread.corpus.corpus import open_corpus
    from tuiread.entities.snapshot import snapshot_file

    settled_corpus(capsys, corpus_dir)
    corpus = open_corpus([corpus_dir], load_rules(*boilerplate_files()))
    assert snapshot_file(corpus) in entity_inputs([corpus_dir])


def test_rebuild_and_no_entities_still_work(corpus_dir, capsys):
    settled_corpus(capsys, corpus_dir)
    assert main(["index", "--rebuild", str(corpus_dir)]) == 0
    assert "rebuilt from scratch" in capsys.readouterr().out
    assert main(["index", "--no-entities", str(corpus_dir)]) == 0
    assert "0 added, 0 updated, 0 removed" in capsys.readouterr().out
    assert main(["search", "entity:zelensky", str(corpus_dir), "--json"]) == 0
    assert capsys.readouterr().out.count('"id"') == 5


def test_an_empty_wal_coming_and_going_changes_no_stamp(corpus_dir, capsys):
    settled_corpus(capsys, corpus_dir)
    roots = [corpus_dir]
    wal = next(p for p in entity_inputs(roots) if p.name.endswith(".sqlite3-wal"))
    wal.write_bytes(b"")
    empty = inputs_stamp(roots)
    wal.unlink()
    assert inputs_stamp(roots) == empty  # (gone, as after the last connection closed)
    wal.write_bytes(b"frames")  # (a write not yet checkpointed)
    assert inputs_stamp(roots) != empty
    wal.unlink()


def test_a_reader_closing_the_store_after_an_update_leaves_the_stamp(corpus_dir):
    """The last connection's close checkpoints SQLite's write-ahead log into the database file
    (a new mtime, the stamp gone): the update that records the stamp empties the log first.
    Processes of their own, as the last connection of each is what checkpoints."""
    import subprocess
    import sys

    from tuiread.corpus.store import store_file

    def run(*code: str) -> None:
        subprocess.run([sys.executable, *code], check=True, capture_output=True, env=os.environ)

    run("-m", "tuiread", "index", str(corpus_dir))
    article = sorted(corpus_dir.glob("*.txt"))[1]
    article.write_text(article.read_text() + "\nOne more sentence about the summit.\n")
    run("-m", "tuiread", "index", str(corpus_dir))
    stamped = inputs_stamp([corpus_dir])
    # A reader, as `tuiread list` is: its connection is the last one, and its close checkpoints.
    run("-c", "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
        "db.execute('SELECT count(*) FROM sqlite_master').fetchone(); db.close()",
        str(store_file([corpus_dir])))
    assert inputs_stamp([corpus_dir]) == stamped
