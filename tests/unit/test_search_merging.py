"""An incremental commit merges only tiny segments: one edited file never costs a large merge."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Term
from whoosh.writing import MERGE_SMALL, NO_MERGE

from tuiread.search.merging import (
    MERGE_BUDGET_DOCS,
    MERGE_FANOUT,
    TINY_SEGMENT_DOCS,
    chosen_for_merge,
    merge_tiny,
)

MIDDLING = 60  # a segment of a larger update (documents), more than TINY_SEGMENT_DOCS


def _index(folder: Path, sizes: list[int]):
    """An index of one segment per size (in documents), none merged."""
    ix = whoosh_index.create_in(str(folder), Schema(id=ID(stored=True, unique=True),
                                                    body=TEXT))
    number = 0
    for size in sizes:
        writer = ix.writer()
        for _ in range(size):
            writer.add_document(id=str(number), body=f"ferry crossing number {number}")
            number += 1
        writer.commit(mergetype=NO_MERGE)
    return ix


def _commit_one(ix, policy) -> list[int]:
    writer = ix.writer()
    writer.add_document(id="new", body="an edited article about the ferry")
    writer.commit(mergetype=policy)
    return sorted(s.doc_count_all() for s in ix._segments())


def test_segments_of_a_larger_update_are_left_as_they_are(tmp_path: Path):
    sizes = [1] * 4 + [MIDDLING] * 10
    (tmp_path / "ours").mkdir()
    (tmp_path / "whoosh").mkdir()
    ours = _commit_one(_index(tmp_path / "ours", sizes), merge_tiny)
    # Whoosh's own rule would merge several of the middling segments with the tiny ones.
    theirs = _commit_one(_index(tmp_path / "whoosh", sizes), MERGE_SMALL)
    assert max(theirs) > 2 * MIDDLING
    assert ours == sorted([1] * 5 + [MIDDLING] * 10)


def test_tiny_segments_are_merged_as_they_pile_up(tmp_path: Path):
    ix = _index(tmp_path, [1] * 5 + [MIDDLING] * 3)
    assert _commit_one(ix, merge_tiny) == [6] + [MIDDLING] * 3
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 6 + 3 * MIDDLING


def test_merges_take_whole_size_classes_within_the_budget():
    fanout = MERGE_FANOUT
    # Too few single edits: nothing merged.
    assert chosen_for_merge([1] * (fanout - 1) + [10_000]) == []
    # A full class of single edits, beside a growing segment of the next class left alone.
    assert sorted(chosen_for_merge([fanout + 1] + [1] * fanout)) == list(range(1, fanout + 1))
    # Both classes full: both merged, the big segment never.
    counts = [1] * fanout + [fanout + 1] * fanout + [10_000]
    assert sorted(chosen_for_merge(counts)) == list(range(2 * fanout))
    # Segments of small updates: only the smallest that fit in the budget, if enough of them.
    assert chosen_for_merge([TINY_SEGMENT_DOCS] * (fanout + 3)) == []
    small_updates = [fanout + 2] * (fanout + 3)
    taken = chosen_for_merge(small_updates)
    assert len(taken) >= fanout and sum(small_updates[i] for i in taken) <= MERGE_BUDGET_DOCS


def test_each_document_is_rewritten_at_most_twice_over_many_edits(tmp_path: Path):
    """The growing segment is not merged again with every few edits: merge work per edit stays
    flat, the largest merge stays within the budget, and few small segments are left."""
    ix = _index(tmp_path, [MIDDLING] * 2)
    merged: list[int] = []

    def counting(writer, segments):
        kept = merge_tiny(writer, segments)
        kept_ids = {id(s) for s in kept}
        merged.append(sum(s.doc_count_all() for s in segments if id(s) not in kept_ids))
        return kept

    edits = MERGE_FANOUT**2 + 2 * MERGE_FANOUT + 3
    for number in range(edits):
        writer = ix.writer()
        writer.delete_by_term("id", str(number))  # an edit of an article of the first segment
        writer.add_document(id=str(number), body=f"ferry crossing edited {number}")
        writer.commit(mergetype=counting)
    assert sum(merged) <= 2 * edits
    assert max(merged) <= MERGE_BUDGET_DOCS
    assert sum(1 for m in merged if m) <= edits // MERGE_FANOUT + 1
    small = [s.doc_count_all() for s in ix._segments() if s.doc_count_all() <= TINY_SEGMENT_DOCS]
    assert len(small) <= 2 * (MERGE_FANOUT - 1)
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 2 * MIDDLING
        for number in range(edits):
            hits = searcher.search(Term("id", str(number)))
            assert [hit["id"] for hit in hits] == [str(number)]
        assert len(searcher.search(Term("body", "edited"), limit=None)) == edits
