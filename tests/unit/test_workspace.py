"""The workspace: one factory, services opened once and only when asked for."""

from __future__ import annotations

from pathlib import Path

from tuiread import config, locations
from tuiread.workspace import Workspace, open_workspace


def test_default_roots_are_the_demo_corpus():
    workspace = open_workspace(config.Settings())
    assert workspace.roots == [locations.demo_corpus_dir()]


def test_services_are_opened_lazily_and_once(seeds_dir: Path):
    workspace = open_workspace(config.Settings(), [seeds_dir])
    assert isinstance(workspace, Workspace)
    assert not workspace.corpus_loaded
    corpus = workspace.corpus
    assert workspace.corpus_loaded and len(corpus) > 0
    assert workspace.corpus is corpus
    assert workspace.search_index is workspace.search_index
    assert workspace.search_index.roots == [seeds_dir]
    catalog = workspace.entities
    assert catalog is workspace.entity_catalog()
    assert catalog.entities
    first = corpus.articles[0]
    assert workspace.related.prepared(first).id == first.id
    workspace.close()


def test_a_cancelled_load_is_not_kept(seeds_dir: Path):
    workspace = open_workspace(config.Settings(), [seeds_dir])
    workspace.load_corpus(cancelled=lambda: True)
    assert not workspace.corpus_loaded


def test_annotations_store_opened_on_first_use(seeds_dir: Path):
    with open_workspace(config.Settings(), [seeds_dir]) as workspace:
        assert not locations.annotations_db().exists()
        assert workspace.annotations.notice is None


def test_the_walk_beside_the_start_looks_at_the_store_once(seeds_dir: Path, monkeypatch):
    """The launcher and the app both ask for it; the store file is stat'ed once."""
    from tuiread.corpus import walk_ahead

    started: list[tuple] = []

    class Ahead:
        def close(self) -> None:
            pass

    monkeypatch.setattr(walk_ahead.WalkAhead, "start",
                        staticmethod(lambda *args: started.append(args) or Ahead()))
    workspace = open_workspace(config.Settings(), [seeds_dir])
    looked: list[bool] = []
    recorded = workspace._recorded
    monkeypatch.setattr(workspace, "_recorded", lambda: looked.append(True) or recorded())
    workspace.start_walk_beside_start()
    workspace.start_walk_beside_start()
    workspace.start_walk()
    assert len(looked) == 1
    assert len(started) == 1
    workspace.close()


def _small_corpus(root: Path) -> Path:
    root.mkdir()
    for number in range(3):
        (root / f"{number}.txt").write_text(f"Title {number}\n\nBody of article {number}.\n",
                                            encoding="utf-8")
    return root


def test_the_record_read_ahead_is_the_loads_and_sees_an_edit_made_after(tmp_path, monkeypatch):
    """``tuiread index`` reads the store's record while find walks; an edit of a file (by
    another process's refresh) after that read is still what the load gives."""
    root = _small_corpus(tmp_path / "corpus")
    open_workspace(config.Settings(), [root]).load_corpus()  # the store and its record
    workspace = open_workspace(config.Settings(), [root])
    monkeypatch.setattr(workspace, "walk_running", lambda: True)
    workspace.read_record_ahead()
    ahead = workspace._store_ahead
    assert ahead is not None
    # Another process takes in an edit meanwhile: the record read ahead is no longer current.
    (root / "1.txt").write_text("Changed\n\nA new body.\n", encoding="utf-8")
    other = open_workspace(config.Settings(), [root])
    other.load_corpus()
    corpus = workspace.load_corpus()
    assert corpus.store is ahead and workspace._store_ahead is None
    assert corpus.articles[1].title == "Changed"
    assert [a.title for a in corpus.articles] == [a.title for a in other.corpus.articles]


def test_no_record_is_read_ahead_once_the_walk_is_over(tmp_path, monkeypatch):
    root = _small_corpus(tmp_path / "corpus")
    open_workspace(config.Settings(), [root]).load_corpus()
    workspace = open_workspace(config.Settings(), [root])
    monkeypatch.setattr(workspace, "walk_running", lambda: False)
    workspace.read_record_ahead()
    assert workspace._store_ahead is None
    assert len(workspace.load_corpus()) == 3
