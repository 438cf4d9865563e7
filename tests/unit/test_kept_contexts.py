"""A listing's mention contexts are kept for the next listing of that entity: the articles
unchanged since are not read again, and what is printed is what a fresh listing prints."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tuiread import config
from tuiread.cli import main
from tuiread.commands.mentions_ahead import MentionsAhead
from tuiread.corpus import stored
from tuiread.corpus.store import store_file
from tuiread.entities import kept_contexts
from tuiread.entities.kept_contexts import KeptListing, kept_folder
from tuiread.workspace import Workspace, open_workspace

NAME = "Volodymyr Zelensky"


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path, monkeypatch) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    open_workspace(config.Settings(), [root]).entities  # noqa: B018 (the snapshot kept)
    # The seeds' listings are short: keep them all.
    monkeypatch.setattr(kept_contexts, "KEEP_MIN_ARTICLES", 1)
    return root


def _catalog(root: Path):
    workspace = open_workspace(config.Settings(), [root])
    workspace.derive_mentions = True
    return workspace.entities


def _texts(contexts) -> list[tuple[str, int, int, str, int]]:
    return [(c.article.id, c.mention.start, c.mention.end, c.context, c.offset)
            for c in contexts]


def _listing(root: Path, name: str = NAME) -> tuple[list, KeptListing]:
    catalog = _catalog(root)
    entity = catalog.resolve(name)
    kept = KeptListing(kept_folder(store_file([root])), entity.key)
    made = list(catalog.iter_contexts(catalog.listed_mentions(entity), kept))
    return made, kept


def _fresh(root: Path, name: str = NAME) -> list:
    catalog = _catalog(root)
    entity = catalog.resolve(name)
    return _texts(catalog.iter_contexts(catalog.listed_mentions(entity)))


def _reads(monkeypatch) -> list[int]:
    """How many articles each bulk read of texts and spans is asked for."""
    counts: list[int] = []
    real = stored.with_packed_segments

    def counted(articles):
        counts.append(len(articles))
        return real(articles)

    monkeypatch.setattr(stored, "with_packed_segments", counted)
    return counts


def test_a_second_listing_reads_no_article(corpus: Path, monkeypatch):
    first, kept = _listing(corpus)
    articles = len({c.article.id for c in first})
    assert articles >= 3 and kept.made == articles and kept.taken == 0
    kept.save()
    assert kept.path.is_file()
    reads = _reads(monkeypatch)
    again, kept = _listing(corpus)
    assert _texts(again) == _texts(first)
    assert kept.taken == articles and kept.made == 0 and sum(reads) == 0
    # The contexts belong to this run's articles and mentions, not to those they were made of.
    catalog_articles = {c.article.id: c.article for c in again}
    assert all(c.article is catalog_articles[c.article.id] for c in again)


def test_after_an_edit_only_that_article_is_read(corpus: Path, monkeypatch):
    first, kept = _listing(corpus)
    kept.save()
    ids = list(dict.fromkeys(c.article.id for c in first))
    edited = next(c.article.path for c in first if c.article.id == ids[1])
    at = next(c.mention.start for c in first if c.article.id == ids[1])
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text[:at] + f"{NAME} spoke again. " + text[at:], encoding="utf-8")
    reads = _reads(monkeypatch)
    after, kept = _listing(corpus)
    assert kept.made == 1 and kept.taken == len(ids) - 1 and sum(reads) == 1
    assert any("spoke again" in c.context for c in after)
    monkeypatch.undo()
    assert _texts(after) == _fresh(corpus)


def test_damaged_or_foreign_kept_files_are_ignored_and_replaced(corpus: Path):
    first, kept = _listing(corpus)
    kept.save()
    for damage in (b"not zlib at all", kept.path.read_bytes()[:50]):
        kept.path.write_bytes(damage)
        again, kept = _listing(corpus)
        assert kept.taken == 0 and _texts(again) == _texts(first)
        kept.save()
        again, kept = _listing(corpus)
        assert kept.made == 0 and _texts(again) == _texts(first)


def test_short_listings_are_not_kept_and_old_ones_are_trimmed(corpus: Path, monkeypatch):
    monkeypatch.setattr(kept_contexts, "KEEP_MIN_ARTICLES", 10**6)
    _, kept = _listing(corpus)
    kept.save()
    assert not kept.path.exists()
    monkeypatch.setattr(kept_contexts, "KEEP_MIN_ARTICLES", 1)
    monkeypatch.setattr(kept_contexts, "KEPT_LISTINGS", 2)
    catalog = _catalog(corpus)
    folder = kept_folder(store_file([corpus]))
    saved = []
    for entity in [e for e in catalog.entities if e.mention_count > 1][:4]:
        kept = KeptListing(folder, entity.key)
        list(catalog.iter_contexts(catalog.listed_mentions(entity), kept))
        kept.save()
        saved.append(kept.path)
    assert len(saved) == 4
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in saved[-2:])


def test_the_command_prints_the_same_from_kept_contexts(corpus: Path, capsys, monkeypatch):
    monkeypatch.setattr(Workspace, "walk_running", lambda self: False)
    assert main(["mentions", NAME, str(corpus)]) == 0
    first = capsys.readouterr().out
    assert main(["mentions", "--json", NAME, str(corpus)]) == 0
    first_json = capsys.readouterr().out
    assert any(kept_folder(store_file([corpus])).iterdir())
    reads = _reads(monkeypatch)
    assert main(["mentions", NAME, str(corpus)]) == 0
    assert capsys.readouterr().out == first
    assert main(["mentions", "--json", NAME, str(corpus)]) == 0
    assert capsys.readouterr().out == first_json
    assert sum(reads) == 0
    assert first.startswith(f"{NAME} (PERSON): ") and len(first.splitlines()) > 10


def test_contexts_made_ahead_stand_for_the_unchanged_files_of_another_catalog(corpus: Path,
                                                                             monkeypatch):
    catalog = _catalog(corpus)
    ahead = MentionsAhead(NAME)
    ahead.kept_folder = kept_folder(store_file([corpus]))
    ahead.walking = lambda: True  # the whole listing made while the walk "runs"
    ahead.start(catalog)
    listed = catalog.listed_mentions(catalog.resolve(NAME))
    ids = list(dict.fromkeys(m.article_id for m in listed))
    # A file edited while it was walked: the command gets another catalog.
    edited = catalog.article(ids[-1]).path
    at = next(m.start for m in listed if m.article_id == ids[-1])
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text[:at] + f"{NAME} spoke again. " + text[at:], encoding="utf-8")
    after = _catalog(corpus)
    assert after is not catalog
    reads = _reads(monkeypatch)
    mentions, contexts = ahead.listing(after, after.resolve(NAME))
    made = list(contexts)
    assert sum(reads) == 1  # only the edited file read again
    assert all(c.article is after.article(c.article.id) for c in made)
    assert any("spoke again" in c.context for c in made)
    monkeypatch.undo()
    assert _texts(made) == _fresh(corpus)
