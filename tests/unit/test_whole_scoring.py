"""Scoring a segment's matches at once gives Whoosh's own ranking: the same scores (the same
floats), the same order among equal scores, the same total, over several segments with deleted
documents; what it does not support is collected match by match, as before."""

from __future__ import annotations

import random

import pytest
from whoosh import collectors

from tests.unit.test_search_index import rules, write
from tuiread.search import SearchCancelled, SearchIndex
from tuiread.search.query import parse_query
from tuiread.search.whole_scoring import WholeTopCollector

WORDS = ("minister talks ceasefire border election economy summit market energy court "
         "prime vote budget army trade union strike rates").split()
PLAIN = ["minister", "prime minister", "economy OR energy", "(summit OR talks) AND border",
         "title:election", "election vote budget", "strike AND (union OR trade)", "absentword",
         "minist*"]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    """Articles of a few words each (many share their score: copies of one text), indexed in
    several commits, some of them edits (a deleted document and a new segment each)."""
    root = tmp_path_factory.mktemp("corpus")
    pick = random.Random(9)
    texts = [" ".join(pick.choices(WORDS, k=pick.randint(3, 40))) for _ in range(25)]
    for n in range(60):
        body = texts[n % len(texts)] + (" minister" * (n % 4))
        write(root / f"story{n:03d}.txt", " ".join(pick.sample(WORDS, 3)), body)
    index = SearchIndex.open([root], rules(), directory=tmp_path_factory.mktemp("index"))
    index.update()
    for n in (3, 17, 42):
        edited = texts[n % len(texts)] + " prime vote"
        write(root / f"story{n:03d}.txt", "An edited election story", edited)
        index.check()
        index.update()
    return index


def ranked(index: SearchIndex, text: str, collector) -> tuple[list[tuple[float, int]], int]:
    searcher = index._searcher
    searcher.search_with_collector(parse_query(index._parser, text), collector)
    return [(hit.score, hit.docnum) for hit in collector.results()], collector.count()


def test_the_index_has_segments_with_deleted_documents(index):
    readers = [sub.reader() for sub, _ in index._searcher.leaf_searchers()]
    assert len(readers) > 1 and any(reader.has_deletions() for reader in readers)


@pytest.mark.parametrize("text", PLAIN)
@pytest.mark.parametrize("limit", [1, 3, 10, 100])
def test_plain_queries_score_at_once_as_whoosh_ranks_them(index, text, limit):
    whoosh = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    whole = WholeTopCollector(limit, lambda: False)
    assert ranked(index, text, whole) == ranked(index, text, whoosh)
    assert whole.whole_segments == len(index._searcher.leaf_searchers())


def test_ties_keep_the_document_order(index):
    hits, total = ranked(index, "minister", WholeTopCollector(100, lambda: False))
    scores = [score for score, _ in hits]
    assert total > len(set(scores))  # (copies of one text score the same)
    assert hits == sorted(hits, key=lambda hit: (-hit[0], hit[1]))


@pytest.mark.parametrize("text", ['"prime minister"', "minister NOT vote", "electoin~"])
def test_other_queries_are_collected_match_by_match(index, text):
    whoosh = collectors.TopCollector(limit=10, usequality=False, replace=0)
    whole = WholeTopCollector(10, lambda: False)
    assert ranked(index, text, whole) == ranked(index, text, whoosh)


def test_a_phrase_is_not_scored_at_once(index):
    whole = WholeTopCollector(10, lambda: False)
    hits, _ = ranked(index, '"prime minister"', whole)
    assert hits and whole.whole_segments < len(index._searcher.leaf_searchers())


def test_a_cancelled_collection_stops(index):
    with pytest.raises(SearchCancelled):
        ranked(index, "minister", WholeTopCollector(10, lambda: True))


def test_search_results_come_from_it(index, monkeypatch):
    import tuiread.search.searching as searching

    made: list[WholeTopCollector] = []

    class Recording(WholeTopCollector):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(searching, "WholeTopCollector", Recording)
    results = index.search("prime minister", limit=5)
    assert made and made[0].whole_segments > 0
    expected, total = ranked(index, "prime minister", collectors.TopCollector(
        limit=5, usequality=False, replace=0))
    stored = index._searcher.stored_fields
    assert results.total == total
    assert [hit.id for hit in results.hits] == [stored(docnum)["id"] for _, docnum in expected]
