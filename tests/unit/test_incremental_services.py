"""Cost follows change: after one edit only that article is read, extracted and re-indexed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tuiread import config
from tuiread.entities import snapshot
from tuiread.entities.snapshot import SnapshotCatalog
from tuiread.workspace import Workspace, open_workspace


def refresh(root: Path) -> tuple[Workspace, object]:
    workspace = open_workspace(config.Settings(), [root])
    workspace.load_corpus()
    workspace.give_index_entity_names()
    report = workspace.search_index.update()
    return workspace, report


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    return root


def edit_one(root: Path) -> str:
    path = sorted(root.glob("*.txt"))[2]
    path.write_text(path.read_text(encoding="utf-8") + "\nThe end.\n", encoding="utf-8")
    return path.stem


@pytest.mark.parametrize("kept_snapshot", [False, True], ids=["regrouped", "snapshot kept"])
def test_one_edit_costs_one_article(corpus: Path, monkeypatch, kept_snapshot: bool):
    if kept_snapshot:
        monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 1)
    first, report = refresh(corpus)
    articles = len(first.corpus.articles)
    assert first.mention_count.extracted == articles and report.added == articles
    again, report = refresh(corpus)
    assert again.corpus.changes.derived == 0
    assert again.mention_count.extracted == 0
    assert isinstance(again.entities, SnapshotCatalog)
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    edited = edit_one(corpus)
    after, report = refresh(corpus)
    assert after.corpus.changes.changed == [f"{edited}.txt"]
    assert after.corpus.changes.derived == 1
    assert after.mention_count.extracted == 1
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert isinstance(after.entities, SnapshotCatalog) == kept_snapshot


def test_the_kept_catalog_answers_like_a_fresh_one(corpus: Path):
    from tuiread.entities import build_catalog

    workspace, _ = refresh(corpus)
    fresh = build_catalog(workspace.corpus, use_cache=False)
    kept = open_workspace(config.Settings(), [corpus]).entities
    assert isinstance(kept, SnapshotCatalog)
    assert [(e.name, e.kind, e.mention_count) for e in kept.entities] == [
        (e.name, e.kind, e.mention_count) for e in fresh.entities]
    name = fresh.entities[0].name
    assert kept.find(name).name == fresh.find(name).name
    assert [m.entity.name for m in kept.search(name[:4])] == [
        m.entity.name for m in fresh.search(name[:4])]
    assert [c.context for c in kept.contexts(kept.find(name))] == [
        c.context for c in fresh.contexts(fresh.find(name))]
    assert kept.index_field().names == fresh.index_field().names


def test_an_edited_article_keeps_its_mentions_in_the_kept_catalog(corpus: Path, monkeypatch):
    """Its old mentions are left out of the kept grouping: its current ones are listed (by
    spelling), as a fresh grouping lists them, new mention included."""
    from tuiread.entities import build_catalog

    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 1)
    workspace, _ = refresh(corpus)
    name = workspace.entities.entities[0].name
    path = corpus / f"{workspace.entities.entities[0].mentions[0].article_id}.txt"
    text = path.read_text(encoding="utf-8")
    body = text.index("\n\n") + 2  # (after the headline: the tail may be hidden boilerplate)
    path.write_text(f"{text[:body]}{name} spoke again.\n\n{text[body:]}", encoding="utf-8")
    after, _ = refresh(corpus)
    kept = after.entities
    assert isinstance(kept, SnapshotCatalog) and kept.changed == {path.stem}
    fresh = build_catalog(after.corpus, use_cache=False)
    listed = [(c.article.id, c.mention.start, c.context) for c in kept.contexts(kept.find(name))]
    assert listed == [(c.article.id, c.mention.start, c.context)
                      for c in fresh.contexts(fresh.find(name))]
    assert (path.stem, body, f"{name} spoke again.") in listed
