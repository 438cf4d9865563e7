"""Related candidates from the search index: other articles sharing rare terms, nothing prepared
for the whole corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

from tuiread import config
from tuiread import workspace as workspace_module
from tuiread.search.similar import similar_ids
from tuiread.workspace import open_workspace


def indexed(tmp_path: Path, seeds_dir: Path):
    root = tmp_path / "c"
    shutil.copytree(seeds_dir, root)
    # A second copy of one story: its copy must be its best candidate.
    first = sorted(root.glob("*.txt"))[0]
    shutil.copy(first, root / "copy-of-first.txt")
    workspace = open_workspace(config.Settings(), [root])
    workspace.load_corpus()
    workspace.search_index.update()
    return workspace


def test_candidates_share_rare_terms_and_exclude_the_article(tmp_path, seeds_dir):
    workspace = indexed(tmp_path, seeds_dir)
    corpus = workspace.corpus
    article = corpus.get(sorted(a.id for a in corpus.articles if a.id != "copy-of-first")[0])
    found = similar_ids(workspace.search_index, article, 3)
    assert found[0] == "copy-of-first"
    assert article.id not in found and len(found) <= 3
    assert set(found) <= {a.id for a in corpus.articles}


def test_a_large_corpus_ranks_from_the_index_without_preparing_everything(tmp_path, seeds_dir,
                                                                          monkeypatch):
    monkeypatch.setattr(workspace_module, "INDEX_CANDIDATES_MIN", 1)
    workspace = indexed(tmp_path, seeds_dir)
    article = workspace.corpus.get("copy-of-first")
    ranked = workspace.related.related(article, 2)
    assert ranked[0].score > 0.99 and ranked[0].article.id != article.id
    prepared = workspace.related._prepared
    assert len(prepared) < len(workspace.corpus.articles)
