"""A kept mention listing caught up after edits prints what a listing made afresh prints, and
looks at the changed articles only."""

from __future__ import annotations

import shutil
from itertools import count
from pathlib import Path

import pytest

from tuiread import config
from tuiread.cli import main
from tuiread.commands.mentions_ahead import MentionsAhead
from tuiread.corpus import stored
from tuiread.entities import kept_contexts, snapshot
from tuiread.workspace import Workspace, open_workspace

NAME = "Volodymyr Zelensky"


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path, monkeypatch) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    monkeypatch.setattr(Workspace, "walk_running", lambda self: False)
    # The snapshot used with articles changed, as in a corpus of thousands.
    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 0)
    # The seeds' listings are short: keep them all.
    monkeypatch.setattr(kept_contexts, "KEEP_MIN_ARTICLES", 1)
    open_workspace(config.Settings(), [root]).entities  # noqa: B018 (the snapshot kept)
    return root


class Runs:
    """``mentions NAME`` as a user runs it (with the kept listing), and as a listing made
    afresh prints it (no kept contexts: every article read)."""

    def __init__(self, corpus: Path, tmp_path: Path, capsys, monkeypatch):
        self.corpus, self.tmp, self.capsys, self.monkeypatch = corpus, tmp_path, capsys, monkeypatch
        self.caught: list[bool] = []
        self.reads: list[int] = []
        self._fresh = count()
        real_caught = MentionsAhead.caught_up

        def caught_up(ahead, *args):
            found = real_caught(ahead, *args)
            self.caught.append(found is not None)
            return found

        monkeypatch.setattr(MentionsAhead, "caught_up", caught_up)
        real_read = stored.with_packed_segments

        def counted(articles):
            self.reads.append(len(articles))
            return real_read(articles)

        monkeypatch.setattr(stored, "with_packed_segments", counted)

    def listing(self, name: str = NAME) -> str:
        self.capsys.readouterr()
        self.caught.clear()
        self.reads.clear()
        assert main(["mentions", name, str(self.corpus)]) == 0
        return self.capsys.readouterr().out

    def fresh(self, name: str = NAME) -> str:
        """The listing made without any kept contexts (the user's kept ones untouched)."""
        with self.monkeypatch.context() as patch:
            folder = self.tmp / f"fresh-{next(self._fresh)}"
            patch.setattr(kept_contexts, "kept_folder", lambda _store: folder)
            assert main(["mentions", name, str(self.corpus)]) == 0
        return self.capsys.readouterr().out


@pytest.fixture
def runs(corpus: Path, tmp_path: Path, capsys, monkeypatch) -> Runs:
    made = Runs(corpus, tmp_path, capsys, monkeypatch)
    made.listing()  # made and kept
    made.listing()  # kept, standing
    return made


def _mentioning(corpus: Path, name: str = NAME) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if name in p.read_text("utf-8"))


def _edit(path: Path, change) -> None:
    path.write_text(change(path.read_text("utf-8")), "utf-8")


def test_an_edit_to_a_listed_article_is_caught_up_reading_that_article_only(runs: Runs):
    edited = _mentioning(runs.corpus)[1]
    _edit(edited, lambda t: t.replace(NAME, f"{NAME} (again {NAME})", 1))
    out = runs.listing()
    assert runs.caught == [True]
    assert runs.reads == [1]  # the edited article's contexts made, no other read
    assert out == runs.fresh()
    assert "(again" in out
    # Caught up, the listing stands whole on the next run.
    assert runs.listing() == out and runs.caught == [] and runs.reads == []


def _silenced(text: str) -> str:
    for spelling in ("Volodymyr Zelensky", "Volodymyr Zelenskiy", "Zelenskiy", "Zelensky",
                     "Volodymyr"):
        text = text.replace(spelling, "Somebody")
    return text


def test_an_article_that_stops_and_then_starts_mentioning_the_entity(runs: Runs):
    # Gone from the listing, then back in its place in corpus order (between two kept ones).
    before = runs.listing()
    edited = _mentioning(runs.corpus)[2]
    listed = f"\n{edited.stem}:"
    assert listed in before and before.index(listed) < before.rindex("\n004_")
    original = edited.read_text("utf-8")
    _edit(edited, _silenced)
    out = runs.listing()
    assert runs.caught == [True] and runs.reads == []
    assert out == runs.fresh()
    assert listed not in out and len(out.splitlines()) < len(before.splitlines())
    edited.write_text(original, "utf-8")
    out = runs.listing()
    assert runs.caught == [True] and runs.reads == [1]
    assert out == runs.fresh() == before


def test_edits_taken_in_by_index_are_caught_up_too(runs: Runs):
    for number, path in enumerate(_mentioning(runs.corpus)[:2]):
        _edit(path, lambda t, n=number: t + f"\nAn added line {n} about {NAME}.\n")
        assert main(["index", str(runs.corpus)]) == 0
    out = runs.listing()
    assert runs.caught == [True] and runs.reads == [2]
    assert out == runs.fresh()


def test_a_file_added_is_not_caught_up_and_the_listing_is_made_again(runs: Runs, seeds_dir: Path):
    source = _mentioning(runs.corpus)[0]
    shutil.copy(source, runs.corpus / "000_added.txt")
    out = runs.listing()
    assert runs.caught == [False]  # (the articles' positions moved: listed from the catalog)
    assert out == runs.fresh()
    assert runs.listing() == out and runs.caught == []  # kept again, standing
