"""A bulk ``tuiread index`` leaves what the next commands would build on their first run."""

from __future__ import annotations

import os
import shutil

import pytest

from tuiread.cli import main
from tuiread.commands import index_warm, search_cmds
from tuiread.commands.common import command_workspace, open_corpus
from tuiread.compare import lemmas
from tuiread.compare.lemmas import LANGUAGE, kept_file
from tuiread.corpus import sketch_cache
from tuiread.corpus.sketch_cache import cached_copies
from tuiread.corpus.store import store_file


def _kept_copies(corpus) -> object:
    with command_workspace([str(corpus)]) as workspace:
        opened, _ = open_corpus([str(corpus)], quiet=True, workspace=workspace)
        return cached_copies(opened.articles, kept_only=True)


@pytest.fixture
def corpus(tmp_path, seeds_dir):
    return shutil.copytree(seeds_dir, tmp_path / "corpus")


@pytest.fixture(autouse=True)
def fresh_lemma_tables(monkeypatch):
    # (the process's tables are kept in memory once had: another test's would hide this one's)
    monkeypatch.setattr(lemmas, "DICTIONARIES", lemmas.KeptDictionaries())


def test_a_bulk_index_keeps_the_copy_groups_and_the_lemma_table(monkeypatch, corpus, capsys):
    monkeypatch.setattr(index_warm, "BULK_FILES", 1)
    assert main(["index", str(corpus)]) == 0
    assert "5 added" in capsys.readouterr().out
    assert _kept_copies(corpus) is not None
    assert kept_file(LANGUAGE).is_file()


def test_a_small_update_leaves_them_to_the_commands(monkeypatch, corpus, capsys):
    monkeypatch.setattr(index_warm, "BULK_FILES", 10**6)
    assert main(["index", str(corpus)]) == 0
    assert _kept_copies(corpus) is None
    assert not kept_file(LANGUAGE).is_file()


def test_the_index_stays_settled_after_the_warm_up(monkeypatch, corpus, capsys):
    monkeypatch.setattr(index_warm, "BULK_FILES", 10**6)  # (the warm-up is run here, below)
    assert main(["index", str(corpus)]) == 0
    original = sketch_cache.cached_copies

    def moving_the_store(articles, **kwargs):
        # On a large corpus the warm-up's own opening writes to the store (its stat moves);
        # five articles write nothing, so the move is made here.
        made = original(articles, **kwargs)
        store = store_file([corpus.resolve()])
        info = store.stat()
        os.utime(store, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
        return made

    monkeypatch.setattr(sketch_cache, "cached_copies", moving_the_store)
    index_warm.warm_after_bulk([str(corpus)], True, search_cmds._open_index)
    capsys.readouterr()

    def opened(*args, **kwargs):
        raise AssertionError("a settled index opens no corpus")

    monkeypatch.setattr(search_cmds, "open_corpus", opened)
    assert main(["index", str(corpus)]) == 0
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in capsys.readouterr().out


def test_list_after_the_warm_up_prints_what_a_fresh_list_prints(monkeypatch, corpus, tmp_path,
                                                                 capsys):
    monkeypatch.setattr(index_warm, "BULK_FILES", 1)
    main(["index", str(corpus)])
    capsys.readouterr()
    main(["list", str(corpus)])
    warmed = capsys.readouterr().out
    monkeypatch.setenv("TUIREAD_HOME", str(tmp_path / "other-home"))
    main(["list", str(corpus)])
    assert capsys.readouterr().out == warmed


def test_the_warm_up_makes_the_longest_mention_listings_ahead(monkeypatch, corpus, tmp_path,
                                                              capsys):
    from tuiread.commands import index_listings
    from tuiread.commands.mentions_ahead import MentionsAhead
    from tuiread.entities import kept_contexts

    monkeypatch.setattr(index_warm, "BULK_FILES", 10**6)  # (the warm-up is run here, below)
    assert main(["index", str(corpus)]) == 0
    # The seeds' longest listings are of a few articles: those of 3 or more are made ahead,
    # the two longest of them.
    monkeypatch.setattr(kept_contexts, "KEEP_MIN_ARTICLES", 1)
    monkeypatch.setattr(index_listings, "AHEAD_MIN_ARTICLES", 3)
    monkeypatch.setattr(index_listings, "AHEAD_LISTINGS", 2)
    with command_workspace([str(corpus)]) as workspace:
        catalog = workspace.entities
        counts = sorted((e.article_count for e in catalog.entities), reverse=True)
        ahead = [(e.name, e.article_count) for e in index_listings.entities_ahead(catalog)]
    assert [count for _, count in ahead] == counts[:2] and counts[1] >= 3
    index_warm.warm_after_bulk([str(corpus)], True, search_cmds._open_index)
    capsys.readouterr()

    made: list[str] = []
    real_lines, real_caught_up = MentionsAhead.lines, MentionsAhead.caught_up
    monkeypatch.setattr(MentionsAhead, "lines",
                        lambda self, *args: (made.append(self.name), real_lines(self, *args))[1])
    monkeypatch.setattr(MentionsAhead, "caught_up", lambda self, *args: (
        made.append(self.name), real_caught_up(self, *args))[1])
    kept = {}
    for name, _ in ahead:
        assert main(["mentions", name, str(corpus)]) == 0
        kept[name] = capsys.readouterr().out
    assert made == []  # (printed as kept, nothing listed)
    monkeypatch.setenv("TUIREAD_HOME", str(tmp_path / "fresh-home"))
    for name, _ in ahead:
        assert main(["mentions", name, str(corpus)]) == 0
        assert capsys.readouterr().out == kept[name] and kept[name].count("\n") > 3
    assert made == [name for name, _ in ahead for _ in range(2)]  # (made afresh there)


def test_a_follow_up_started_with_the_update_leaves_the_index_settled(monkeypatch, corpus,
                                                                       capsys):
    monkeypatch.setattr(index_warm, "BULK_FILES", 1)  # (so the follow-up starts early)
    started = []
    real_start = index_warm.start_follow_up
    monkeypatch.setattr(index_warm, "start_follow_up",
                        lambda *args: started.append(args) or real_start(*args))
    assert main(["index", str(corpus)]) == 0
    assert len(started) == 1
    out, err = capsys.readouterr()
    assert "5 added" in out and "follow-up" not in err
    assert _kept_copies(corpus) is not None and kept_file(LANGUAGE).is_file()

    def opened(*args, **kwargs):
        raise AssertionError("a settled index opens no corpus")

    monkeypatch.setattr(search_cmds, "open_corpus", opened)
    assert main(["index", str(corpus)]) == 0
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in capsys.readouterr().out


def test_the_search_after_a_bulk_index_is_told_what_changed_from_the_walk_alone(
        monkeypatch, corpus, capsys):
    # The follow-up records the find output the finished index matched: the next search checks
    # the index from it, without making the whole walk or reading the index's stamps.
    from tuiread.search.index import SearchIndex

    monkeypatch.setattr(index_warm, "BULK_FILES", 1)
    assert main(["index", str(corpus)]) == 0
    capsys.readouterr()

    def whole(*args, **kwargs):
        raise AssertionError("the check made the whole walk's plan")

    monkeypatch.setattr(SearchIndex, "_whole_plan", whole)
    assert main(["search", "Zelensky", str(corpus)]) == 0
    assert "Zelensky" in capsys.readouterr().out


def _listings_kept(corpus) -> list:
    from tuiread.entities.kept_contexts import kept_folder

    folder = kept_folder(store_file([corpus.resolve()]))
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("words", [[index_warm.NO_NAMES, index_warm.INDEX],
                                   [index_warm.STOP]])
def test_a_follow_up_makes_no_listings_without_the_names(monkeypatch, corpus, capsys, words):
    from tuiread.commands import index_listings
    from tuiread.entities import kept_contexts

    monkeypatch.setattr(index_warm, "BULK_FILES", 10**6)  # (the follow-up is run here, below)
    assert main(["index", str(corpus)]) == 0
    monkeypatch.setattr(kept_contexts, "KEEP_MIN_ARTICLES", 1)
    monkeypatch.setattr(index_listings, "AHEAD_MIN_ARTICLES", 1)
    said = iter(words)
    index_warm.warm_after_bulk([str(corpus)], True, search_cmds._open_index, said.__next__)
    assert next(said, None) is None  # (every word was waited for)
    assert _listings_kept(corpus) == []
    # What needs neither the names nor the index is made before the first word.
    assert _kept_copies(corpus) is not None and kept_file(LANGUAGE).is_file()
    index_warm.warm_after_bulk([str(corpus)], True, search_cmds._open_index,
                               iter([index_warm.NAMES, index_warm.STOP]).__next__)
    assert _listings_kept(corpus) != []


def test_a_follow_up_whose_update_is_gone_stops():
    import multiprocessing

    ours, theirs = multiprocessing.Pipe()
    theirs.close()
    assert index_warm._next_word(ours) == index_warm.STOP
