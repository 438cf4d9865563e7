"""An incremental commit merges only tiny segments: one edited file never costs a large merge."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.writing import MERGE_SMALL, NO_MERGE

from tuiread.search.merging import TINY_SEGMENT_DOCS, merge_tiny

MIDDLING = TINY_SEGMENT_DOCS + 10  # a segment of a larger update (documents)


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
