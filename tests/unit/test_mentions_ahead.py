"""``tuiread mentions`` makes its contexts while the corpus walk runs, and uses them only for
the catalog they were made from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tuiread import config
from tuiread.cli import main
from tuiread.commands import mentions_ahead
from tuiread.commands.mentions_ahead import MentionsAhead
from tuiread.corpus import stored
from tuiread.entities.snapshot import SnapshotCatalog
from tuiread.workspace import Workspace, open_workspace

NAME = "Volodymyr Zelensky"


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    open_workspace(config.Settings(), [root]).entities  # noqa: B018 (the snapshot kept)
    return root


def _catalog(root: Path):
    workspace = open_workspace(config.Settings(), [root])
    workspace.derive_mentions = True
    catalog = workspace.entities
    assert isinstance(catalog, SnapshotCatalog)
    return catalog


def _texts(contexts) -> list[tuple[str, int, str]]:
    return [(c.article.id, c.mention.start, c.context) for c in contexts]


def test_contexts_made_ahead_are_used_for_their_own_catalog(corpus: Path, monkeypatch):
    catalog = _catalog(corpus)
    entity = catalog.resolve(NAME)
    expected = _texts(catalog.iter_contexts(catalog.listed_mentions(entity)))
    assert len(expected) > 2 * 3
    monkeypatch.setattr(mentions_ahead, "CONTEXTS_PER_LOOK", 3)
    looks = iter([True, True])  # the walk ends after two looks: six contexts made ahead
    ahead = MentionsAhead(NAME)
    ahead.walking = lambda: next(looks, False)
    fresh = _catalog(corpus)
    ahead.start(fresh)
    assert len(ahead._made) == 6
    mentions, contexts = ahead.listing(fresh, fresh.resolve(NAME))
    assert mentions == catalog.listed_mentions(entity)
    assert _texts(contexts) == expected
    # Another catalog (the corpus changed while it was walked): made afresh from that one.
    other = _catalog(corpus)
    mentions, contexts = ahead.listing(other, other.resolve(NAME))
    made = list(contexts)
    assert _texts(made) == expected and all(c.article in other._articles.values()
                                            for c in made[:3])


def test_a_listing_made_whole_ahead_reads_no_file_again(corpus: Path, monkeypatch):
    catalog = _catalog(corpus)
    ahead = MentionsAhead(NAME)
    ahead.walking = lambda: True
    ahead.start(catalog)
    entity = catalog.resolve(NAME)
    expected = _texts(catalog.iter_contexts(catalog.listed_mentions(entity)))

    def refuse(*_args):
        raise AssertionError("an article read again")

    monkeypatch.setattr(stored, "with_packed_segments", refuse)
    assert _texts(ahead.listing(catalog, entity)[1]) == expected


def test_the_command_prints_the_same_with_or_without_the_walk_ahead(corpus: Path, capsys,
                                                                     monkeypatch):
    monkeypatch.setattr(Workspace, "walk_running", lambda self: False)
    assert main(["mentions", NAME, str(corpus)]) == 0
    plain = capsys.readouterr().out
    started: list[object] = []
    real = MentionsAhead.start
    monkeypatch.setattr(MentionsAhead, "start",
                        lambda self, catalog: (started.append(catalog), real(self, catalog)))
    # The walk "still running" whenever asked: the catalog is read and the listing made ahead.
    monkeypatch.setattr(Workspace, "walk_running", lambda self: True)
    assert main(["mentions", NAME, str(corpus)]) == 0
    assert capsys.readouterr().out == plain
    assert len(started) == 1 and isinstance(started[0], SnapshotCatalog)
    assert plain.startswith(f"{NAME} (PERSON): ") and len(plain.splitlines()) > 10


def test_after_an_edit_the_contexts_of_unchanged_files_stand(corpus: Path, monkeypatch):
    catalog = _catalog(corpus)
    ahead = MentionsAhead(NAME)
    ahead.walking = lambda: True
    ahead.start(catalog)
    listed = catalog.listed_mentions(catalog.resolve(NAME))
    articles = list(dict.fromkeys(m.article_id for m in listed))
    assert len(articles) >= 3
    # The second article's file edited after the listing was made ahead.
    edited = catalog.article(articles[1]).path
    text = edited.read_text(encoding="utf-8")
    at = next(m for m in listed if m.article_id == articles[1]).start  # in the visible text
    edited.write_text(text[:at] + f"{NAME} spoke again. " + text[at:], encoding="utf-8")
    kept: list[int] = []
    real = mentions_ahead._same_prefix
    monkeypatch.setattr(mentions_ahead, "_same_prefix",
                        lambda *args: (kept.append(len(got := real(*args))), got)[1])
    workspace = open_workspace(config.Settings(), [corpus])
    workspace.derive_mentions = True
    after = workspace.entities
    assert after is not catalog
    entity = after.resolve(NAME)
    mentions, contexts = ahead.listing(after, entity)
    made = list(contexts)
    assert mentions == after.listed_mentions(entity)
    assert _texts(made) == _texts(after.iter_contexts(mentions))
    assert any(c.article.id == articles[1] and "spoke again" in c.context for c in made)
    # The first article's contexts were kept (given the new catalog's article), no others.
    first = sum(1 for m in listed if m.article_id == articles[0])
    assert kept == [first]
    assert all(c.article is after.article(c.article.id) for c in made)
