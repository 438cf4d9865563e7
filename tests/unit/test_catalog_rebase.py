"""The entity catalog read ahead is carried over to the corpus after an edit, as if opened anew."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tuiread import config
from tuiread.entities import snapshot
from tuiread.entities.rebase import rebase
from tuiread.entities.snapshot import SnapshotCatalog, open_catalog, snapshot_catalog
from tuiread.workspace import open_workspace


def _corpus(root: Path):
    with open_workspace(config.Settings(), [root]) as workspace:
        workspace.derive_mentions = True
        return workspace.load_corpus()


def _seen(catalog) -> list:
    """What ``entities`` and ``mentions`` show, and what the index is given."""
    field = catalog.index_field()
    return [
        [(e.name, str(e.kind), e.mention_count, e.article_count) for e in catalog.entities],
        [(e.name, e.mention_count) for e in catalog.ignored],
        [(c.mention.article_id, c.mention.start, c.context, c.offset)
         for c in catalog.contexts(catalog.find("Vladimir Putin"))],
        sorted(catalog.changed), field.version, dict(field.names),
    ]


@pytest.fixture
def edited(tmp_path: Path, seeds_dir: Path, monkeypatch):
    """A catalog read ahead for a corpus, and the corpus after one of its files was edited."""
    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 1)  # (the seeds are a few articles)
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    open_catalog(_corpus(root))  # the snapshot made
    ahead = snapshot_catalog(_corpus(root))
    assert isinstance(ahead, SnapshotCatalog) and not ahead.changed
    victim = sorted(root.glob("*.txt"))[0]
    text = victim.read_text(encoding="utf-8")
    victim.unlink()  # a new file, as an editor writes it
    victim.write_text(text + "\nVladimir Putin met Kofi Annan in Geneva.\n", encoding="utf-8")
    return ahead, _corpus(root), victim.stem


def test_after_an_edit_the_catalog_read_ahead_answers_as_a_fresh_one(edited):
    ahead, corpus, changed = edited
    carried = rebase(ahead, corpus)
    assert carried is not None and sorted(carried.changed) == [changed]
    fresh = open_catalog(corpus)
    assert isinstance(fresh, SnapshotCatalog)
    assert _seen(carried) == _seen(fresh)
    assert "Vladimir Putin" in carried.index_field().names[changed]


def test_a_snapshot_replaced_since_it_was_read_ahead_is_read_again(edited):
    ahead, corpus, _ = edited
    # Another process grouped again and kept its catalog: a new file.
    copy = ahead.path.with_name("copy.sqlite3")
    shutil.copyfile(ahead.path, copy)
    os.replace(copy, ahead.path)
    assert rebase(ahead, corpus) is None


def test_the_changed_articles_mentions_found_ahead_are_carried_for_unchanged_content(
        tmp_path: Path, seeds_dir: Path, monkeypatch):
    from tuiread.entities import articles

    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 1)
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    open_catalog(_corpus(root))
    first, second = sorted(root.glob("*.txt"))[:2]
    for victim in (first, second):
        text = victim.read_text(encoding="utf-8")
        victim.unlink()
        victim.write_text(text + "\nVladimir Putin met Kofi Annan in Geneva.\n", "utf-8")
        if victim is first:  # read ahead with the first edit in, then the second made
            ahead = snapshot_catalog(_corpus(root))
            putin = ahead.find("Vladimir Putin")
            before = ahead.listed_mentions(putin)
            assert sorted(ahead.changed) == [first.stem]
    asked: list[list[str]] = []
    real = articles.corpus_mentions
    monkeypatch.setattr(articles, "corpus_mentions",
                        lambda found, *a, **k: (asked.append([x.id for x in found]),
                                                real(found, *a, **k))[1])
    carried = rebase(ahead, _corpus(root))
    assert carried is not None and sorted(carried.changed) == [first.stem, second.stem]
    listed = carried.listed_mentions(carried.find("Vladimir Putin"))
    assert asked == [[second.stem]]  # (the first edit's mentions were found ahead)
    monkeypatch.undo()
    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 1)
    fresh = open_catalog(_corpus(root))
    assert listed == fresh.listed_mentions(fresh.find("Vladimir Putin")) and before
