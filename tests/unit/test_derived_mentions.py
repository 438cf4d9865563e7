"""Mentions made where articles are derived: the catalog then reads no text, and is the same."""

from __future__ import annotations

import shutil
from pathlib import Path

from tuiread import config
from tuiread.entities import build_catalog
from tuiread.workspace import open_workspace


def catalog_of(root: Path, derive_mentions: bool):
    workspace = open_workspace(config.Settings(), [root])
    workspace.derive_mentions = derive_mentions
    workspace.load_corpus()
    return workspace, workspace.entities


def entities(catalog) -> list[tuple]:
    return [(e.name, e.kind, e.mention_count, sorted(e.variants.items()))
            for e in catalog.entities]


def test_mentions_made_while_deriving_are_those_a_fresh_extraction_gives(tmp_path, seeds_dir):
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    workspace, kept = catalog_of(root, derive_mentions=True)
    articles = len(workspace.corpus.articles)
    assert workspace.corpus.changes.derived > 0
    # Every article's mentions were in the store already: none extracted by the catalog.
    assert workspace.mention_count.extracted == 0
    assert workspace.mention_count.kept == articles
    fresh = build_catalog(workspace.corpus, use_cache=False)
    assert entities(kept) == entities(fresh)
    assert kept.index_field().names == fresh.index_field().names


def test_an_edited_article_gets_its_new_mentions_when_derived_again(tmp_path, seeds_dir):
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    catalog_of(root, derive_mentions=True)
    path = sorted(root.glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nGordon Brown said so in Glasgow.\n",
                    encoding="utf-8")
    workspace, kept = catalog_of(root, derive_mentions=True)
    assert workspace.corpus.changes.changed == [path.name]
    assert workspace.mention_count.extracted == 0
    fresh = build_catalog(workspace.corpus, use_cache=False)
    assert entities(kept) == entities(fresh)
    assert [e.name for e in kept.article_entities(path.stem)] == [
        e.name for e in fresh.article_entities(path.stem)]


def test_without_the_flag_the_catalog_extracts_as_before(tmp_path, seeds_dir):
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    workspace, _ = catalog_of(root, derive_mentions=False)
    assert workspace.mention_count.extracted == len(workspace.corpus.articles)


def test_extracting_a_stored_corpus_holds_no_text_afterwards(tmp_path, seeds_dir):
    from tuiread.entities.articles import LazyExtractor, corpus_mentions

    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    workspace = open_workspace(config.Settings(), [root])
    articles = workspace.corpus.articles
    shown = articles[0].text  # one the caller read itself stays read
    mentions = corpus_mentions(articles, LazyExtractor(), store_version="test")
    assert len(mentions) == len(articles)
    assert articles[0].text_loaded and articles[0].text == shown
    assert not any(a.text_loaded for a in articles[1:])
    again = corpus_mentions(articles, LazyExtractor(), store_version="test")
    assert again == mentions  # kept in the store, read back the same


def test_kept_mentions_read_a_page_at_a_time_are_those_kept(tmp_path, seeds_dir, monkeypatch):
    """A large corpus's kept mentions are read and parsed a page at a time: the pages hold
    every kept row once, and the catalog's mentions are those a fresh extraction gives."""
    from tuiread.corpus import store as store_module
    from tuiread.entities import articles as articles_module
    from tuiread.entities.articles import LazyExtractor, corpus_mentions, quick_version
    from tuiread.entities.extract import Extractor
    from tuiread.entities.gazetteer import load_gazetteer
    from tuiread.entities.model import MentionCount

    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    workspace, _ = catalog_of(root, derive_mentions=True)
    store, articles = workspace.corpus.store, workspace.corpus.articles
    version = quick_version()
    whole = store.mentions(version)
    pages = list(store.mention_pages(version, size=2))
    assert len(articles) >= 4 and len(pages) == -(-len(articles) // 2)
    rows = [(rel, record) for page in pages for rel, record, _ in page]
    assert len(rows) == len(set(rows)) == len(whole) == len(articles)
    assert {(rel, record): data for page in pages for rel, record, data in page} == whole
    assert list(store.mention_pages("another version")) == []

    monkeypatch.setattr(articles_module, "FEW_ARTICLES", 0)  # (read as for a large corpus)
    monkeypatch.setattr(store_module, "MENTION_PAGE_ROWS", 2)
    count = MentionCount()
    found = corpus_mentions(articles, LazyExtractor(), count=count, store_version=version)
    assert count.extracted == 0 and count.kept == len(articles)
    assert found == corpus_mentions(articles, Extractor(load_gazetteer()))
