"""The kept entity catalog of an unchanged corpus is used without comparing every article."""

from __future__ import annotations

import shutil
from pathlib import Path

from tuiread import config
from tuiread.entities import snapshot
from tuiread.entities.snapshot import SnapshotCatalog
from tuiread.workspace import open_workspace


def catalog(root: Path):
    workspace = open_workspace(config.Settings(), [root])
    workspace.derive_mentions = True
    return workspace.entities


def test_an_unchanged_corpus_trusts_the_state_it_was_checked_with(tmp_path: Path, seeds_dir: Path,
                                                                  monkeypatch):
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    fresh = catalog(root)
    counts = {e.name: (e.mention_count, len(e.article_ids)) for e in fresh.entities}

    def refuse(_corpus):
        raise AssertionError("every article's digest was compared")

    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "article_digests", refuse)
        kept = catalog(root)
        assert isinstance(kept, SnapshotCatalog) and not kept.changed
        # Counts straight from the snapshot, without reading any entity's mentions.
        patch.setattr(snapshot.StoredEntity, "__getattr__", refuse)
        assert {e.name: (e.mention_count, e.article_count) for e in kept.entities} == counts
    # An edit in place: the corpus store says which file changed, nothing else is compared.
    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 1)
    edited = sorted(root.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe end.\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "article_digests", refuse)
        again = catalog(root)
    assert isinstance(again, SnapshotCatalog)
    assert sorted(again.changed) == [edited.stem]
    # A file added: every article is compared (ids may have moved), the new one found too.
    (root / "zz-new.txt").write_text("New\n\nA new article about nothing.\n", encoding="utf-8")
    later = catalog(root)
    assert isinstance(later, SnapshotCatalog)
    assert sorted(later.changed) == sorted([edited.stem, "zz-new"])
