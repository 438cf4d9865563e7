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
