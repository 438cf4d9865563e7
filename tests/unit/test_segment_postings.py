"""A merged segment's postings read whole are the ones Whoosh reads term by term."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.reading import SegmentReader
from whoosh.writing import NO_MERGE

from tests.unit.test_postings import _documents
from tuiread.search.build import index_codec
from tuiread.search.merging import merge_tiny
from tuiread.search.schema import build_schema
from tuiread.search.segment_postings import MergingReader


def _segment(folder: Path, count: int, deleted: list[int]):
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(codec=index_codec())
    for document in _documents(count):
        writer.add_document(**document)
    writer.commit(mergetype=NO_MERGE)
    if deleted:
        writer = ix.writer()
        for number in deleted:
            writer.delete_by_term("id", f"a{number}")
        writer.commit(mergetype=NO_MERGE)
    return ix


@pytest.mark.parametrize(("count", "deleted"), [(1, []), (40, [3, 17]), (300, [0, 129, 200])])
def test_same_postings_as_whoosh(tmp_path: Path, count: int, deleted: list[int]) -> None:
    # 300 documents: "common" runs over several 128-posting blocks, some documents deleted.
    ix = _segment(tmp_path, count, deleted)
    (segment,) = ix._segments()
    theirs = SegmentReader(ix.storage, ix.schema, segment)
    ours = MergingReader(ix.storage, ix.schema, segment)
    try:
        expected = list(theirs.iter_postings())
        assert list(ours.iter_postings()) == expected
        assert len({(p[0], p[1]) for p in expected}) > 20  # (many terms, in every field)
        assert not {p[2] for p in expected} & set(deleted)
    finally:
        theirs.close()
        ours.close()


def test_a_merge_keeps_every_document_searchable(tmp_path: Path) -> None:
    ix = _segment(tmp_path, 40, [5])
    for number in range(5):
        writer = ix.writer(codec=index_codec())
        writer.add_document(**{**_documents(1)[0], "id": f"new{number}",
                               "body": f"ferry crossing {number}"})
        writer.commit(mergetype=NO_MERGE)
    writer = ix.writer(codec=index_codec())
    writer.add_document(**{**_documents(1)[0], "id": "last", "body": "ferry crossing last"})
    writer.commit(mergetype=merge_tiny)
    # The five single documents were merged into the new segment.
    assert sorted(s.doc_count_all() for s in ix._segments()) == [6, 40]
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 39 + 6
        found = {hit["id"] for hit in searcher.search(Term("body", "ferri"), limit=None)}
        assert found == {"new0", "new1", "new2", "new3", "new4", "last"}
