"""Postings kept from one query serve the next: the same ranking as Whoosh's, edits included."""

from __future__ import annotations

import random

from whoosh import collectors

from tests.unit.test_search_index import rules, write
from tests.unit.test_whole_scoring import WORDS, ranked
from tuiread.search import SearchIndex, kept_postings
from tuiread.search.whole_scoring import WholeTopCollector

QUERIES = ["prime minister", "minister", "(summit OR talks) AND border", "election vote"]


def _same_as_whoosh(index: SearchIndex, text: str) -> bool:
    whoosh = collectors.TopCollector(limit=20, usequality=False, replace=0)
    return ranked(index, text, WholeTopCollector(20, lambda: False)) == ranked(index, text,
                                                                               whoosh)


def test_kept_postings_rank_as_whoosh_across_an_edit(tmp_path, monkeypatch):
    kept_postings.forget()
    root = tmp_path / "corpus"
    pick = random.Random(4)
    for n in range(40):
        write(root / f"story{n:03d}.txt", " ".join(pick.sample(WORDS, 3)),
              " ".join(pick.choices(WORDS, k=pick.randint(3, 30))))
    index = SearchIndex.open([root], rules(), directory=tmp_path / "index")
    index.update()
    assert all(_same_as_whoosh(index, text) for text in QUERIES)
    assert kept_postings._count > 0  # (kept by the first runs, used by the ones after)
    write(root / "story007.txt", "An edited story", "prime minister border talks summit")
    index.check()
    index.update()
    assert all(_same_as_whoosh(index, text) for text in QUERIES)
    found = {hit.path.name for hit in index.search("prime minister border").hits}
    assert "story007.txt" in found


def test_the_store_is_dropped_when_full(tmp_path, monkeypatch):
    kept_postings.forget()
    monkeypatch.setattr(kept_postings, "KEPT_POSTINGS", 5)
    root = tmp_path / "corpus"
    for n in range(12):
        write(root / f"story{n:03d}.txt", "Minister", "minister talks " * (n + 1))
    index = SearchIndex.open([root], rules(), directory=tmp_path / "index")
    index.update()
    assert _same_as_whoosh(index, "minister talks")
    assert kept_postings._count <= 5
    kept_postings.forget()
