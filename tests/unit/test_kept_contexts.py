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
from tuiread.entities import kept_contexts, snapshot
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


def test_kept_files_round_trip_and_refuse_what_they_cannot_hold():
    entries = {
        "a/1": ("k1:0:d", [0, 10], [5, 20], [0, 3], ["Blair said", "Mr Blair \udcff ok"]),
        "b\n2": ("k2:0:d", [7], [12], [4], ["«Tony» Blair"]),
    }
    data = kept_contexts._pack(entries, "tony blair")
    back, _, _ = kept_contexts._unpack(data, "tony blair")
    assert {a: tuple(map(list, e[1:])) for a, e in back.items()} == {
        a: tuple(e[1:]) for a, e in entries.items()}
    assert {a: e[0] for a, e in back.items()} == {a: e[0] for a, e in entries.items()}
    with pytest.raises(ValueError):
        kept_contexts._unpack(data, "another entity")
    # A context holding the separator (a JSON record's "\u0000"): the file is refused whole.
    odd = {"c": ("k3:0:d", [1], [2], [0], ["a\0b"])}
    with pytest.raises(ValueError):
        kept_contexts._unpack(kept_contexts._pack(odd, "x"), "x")


def test_an_unchanged_listing_is_printed_as_kept_and_an_edit_ends_that(corpus: Path, capsys,
                                                                        monkeypatch):
    monkeypatch.setattr(Workspace, "walk_running", lambda self: False)
    # The snapshot used with an article changed, as in a corpus of thousands.
    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 0)
    assert main(["mentions", NAME, str(corpus)]) == 0
    first = capsys.readouterr().out
    made: list[int] = []
    real = MentionsAhead.lines
    monkeypatch.setattr(MentionsAhead, "lines",
                        lambda self, *args: (made.append(1), real(self, *args))[1])
    caught: list[bool] = []
    real_caught = MentionsAhead.caught_up

    def caught_up(self, *args):
        found = real_caught(self, *args)
        caught.append(found is not None)
        return found

    monkeypatch.setattr(MentionsAhead, "caught_up", caught_up)
    assert main(["mentions", NAME, str(corpus)]) == 0
    assert capsys.readouterr().out == first and made == []  # printed whole, nothing listed
    # A file of the corpus edited (not one that mentions the entity): the kept listing is
    # caught up (that file's mentions looked at, nothing else), and stands whole again on
    # the next run.
    others = sorted(p for p in corpus.rglob("*.txt") if NAME not in p.read_text("utf-8"))
    others[0].write_text(others[0].read_text("utf-8") + "\nOne more line.\n", "utf-8")
    assert main(["mentions", NAME, str(corpus)]) == 0
    assert capsys.readouterr().out == first and made == [] and caught == [True]
    assert main(["mentions", NAME, str(corpus)]) == 0
    assert capsys.readouterr().out == first and made == [] and caught == [True]
    # A decision regroups the catalog: the listing is made again.
    assert main(["entities", "rename", NAME, "President Zelensky", str(corpus)]) == 0
    capsys.readouterr()
    assert main(["mentions", "President Zelensky", str(corpus)]) == 0
    renamed = capsys.readouterr().out
    assert made == [1] and renamed.startswith("President Zelensky (PERSON): ")
    assert renamed.splitlines()[1:] == first.splitlines()[1:]


def test_a_listing_kept_again_under_a_new_basis_is_read_back_whole(corpus: Path, monkeypatch):
    # Nothing of the listing changed, only its basis (a file that mentions nobody edited):
    # the kept file is written again with the new basis and stays readable, run after run.
    first, kept = _listing(corpus)
    articles = len({c.article.id for c in first})
    kept.save("basis one")
    for basis in ("basis two", "basis three"):
        again, kept = _listing(corpus)
        assert kept.taken == articles and kept.made == 0
        kept.save(basis)
    reads = _reads(monkeypatch)
    last, kept = _listing(corpus)
    assert kept.basis == "basis three" and kept.stands("basis three")
    assert kept.taken == articles and kept.made == 0 and sum(reads) == 0
    assert _texts(last) == _texts(first)


def test_the_listing_after_an_edit_reads_only_the_edited_file(corpus: Path, capsys,
                                                               monkeypatch):
    monkeypatch.setattr(Workspace, "walk_running", lambda self: False)
    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 0)  # (the snapshot used, as at scale)
    other = corpus / "zz_other.txt"
    other.write_text("Rain in Leeds\n\nIt rained all day in Leeds on Monday.\n", "utf-8")
    assert main(["mentions", NAME, str(corpus)]) == 0
    first = capsys.readouterr().out
    listed = {line.split(":")[0] for line in first.splitlines()[1:]}
    mentioning = [p for p in sorted(corpus.rglob("*.txt")) if p.stem in listed]
    assert other.stem not in listed and len(mentioning) >= 2
    folder = kept_folder(store_file([corpus]))
    # An edit elsewhere: the same listing, nothing read; one in an article that mentions the
    # entity: only that one read, the listing as a fresh one prints it.
    at = next(int(line.split(":")[1].split("-")[0]) for line in first.splitlines()[1:]
              if line.startswith(mentioning[1].stem + ":"))
    for edited, line, reads_wanted in ((other, "One more line.\n", 0),
                                       (mentioning[1], f"{NAME} spoke again today. ", 1)):
        text = edited.read_text("utf-8")
        at = at if edited is not other else len(text)
        edited.write_text(text[:at] + line + text[at:], "utf-8")
        reads = _reads(monkeypatch)
        assert main(["mentions", NAME, str(corpus)]) == 0
        after = capsys.readouterr().out
        assert sum(reads) == reads_wanted
        shutil.rmtree(folder)
        assert main(["mentions", NAME, str(corpus)]) == 0
        assert capsys.readouterr().out == after
    assert after != first
    assert int(after.split(": ")[1].split()[0]) > int(first.split(": ")[1].split()[0])
