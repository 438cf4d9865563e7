"""A long first read hands out the articles read so far as they grow, not only the first ones."""

from __future__ import annotations

from pathlib import Path

import tuiread.corpus.derive as derive
import tuiread.corpus.store as store
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.corpus import open_corpus


def test_the_articles_read_so_far_are_handed_out_as_the_read_doubles(tmp_path: Path,
                                                                       monkeypatch):
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(12):
        (root / f"story{n:02}.txt").write_text(f"Story {n}\n\nA paragraph about day {n}.\n")
    monkeypatch.setattr(derive, "BATCH_FILES", 2)
    early: list[list[str]] = []
    corpus = open_corpus([root], load_rules(*boilerplate_files()),
                         store_path=tmp_path / "store.sqlite3",
                         partial=lambda c: early.append([a.id for a in c.articles]))
    # After 2 files, then each time the files read have doubled (4, 8); the 12th ends the read.
    assert [len(ids) for ids in early] == [2, 4, 8]
    final = [a.id for a in corpus.articles]
    assert len(final) == 12
    for ids in early:
        assert ids == final[: len(ids)]  # the files read so far, in walk order, same ids
    assert corpus.changes.derived == 12


def test_the_hand_outs_follow_the_growth_factor(tmp_path: Path, monkeypatch):
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(30):
        (root / f"s{n:02}.txt").write_text(f"Story {n}\n\nText {n}.\n")
    monkeypatch.setattr(derive, "BATCH_FILES", 1)
    monkeypatch.setattr(store, "PARTIAL_GROWTH", 3)
    sizes: list[int] = []
    open_corpus([root], load_rules(*boilerplate_files()), store_path=tmp_path / "s.sqlite3",
                partial=lambda c: sizes.append(len(c.articles)))
    assert sizes == [1, 3, 9, 27]
