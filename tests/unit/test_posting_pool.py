"""The packed posting pool gives the writer the stream Whoosh's pool gives, in memory or spilled
to runs on disk, writes the same segment files, and counts the memory it holds."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool

from tests.unit.test_postings import _documents
from tuiread.search.build import index_codec
from tuiread.search.posting_pool import PackedPool, use_packed_pool
from tuiread.search.schema import build_schema


def _postings(count: int, seed: int = 5) -> list[tuple]:
    """Postings as a writer adds them: document by document, terms in any order."""
    rng = random.Random(seed)
    items = []
    for docnum in range(count):
        for field in rng.sample(["body", "title", "id", "entity"], k=rng.randint(1, 4)):
            for term in rng.sample(range(300), k=rng.randint(1, 40)):
                value = bytes(rng.randrange(256) for _ in range(rng.randint(0, 12)))
                items.append((field, f"t{term}".encode(), docnum, rng.choice([1.0, 2.0, 3.5]),
                              value))
    return items


def _pool(cls, folder: Path, limitmb: float = 64):
    return cls(FileStorage(str(folder)), None, limitmb=limitmb)


def _stream(pool, items: list[tuple]) -> list[tuple]:
    for item in items:
        pool.add(item)
    return list(pool.items())


def test_same_stream_as_whoosh_in_memory(tmp_path: Path) -> None:
    items = _postings(120)
    packed = _pool(PackedPool, tmp_path)
    assert _stream(packed, items) == _stream(_pool(PostingPool, tmp_path), items)
    assert not packed.runs
    assert packed.fieldnames == {field for field, *_ in items}


def test_same_stream_when_spilled_to_runs(tmp_path: Path, monkeypatch) -> None:
    items = _postings(120)
    spills = []
    save = PackedPool.save
    monkeypatch.setattr(PackedPool, "save", lambda pool: (spills.append(1), save(pool))[1])
    streamed = _stream(_pool(PackedPool, tmp_path, limitmb=0.01), items)  # 10 KB: many runs
    assert len(spills) > 3
    assert streamed == sorted(items)


def test_rare_items_come_back_exactly(tmp_path: Path) -> None:
    # A value of None, an integer weight and documents out of order (a merge's postings): kept
    # as they came, sorted as Whoosh sorts them.
    items = [("body", b"b", 4, 1.0, b"x"), ("body", b"a", 5, 2, None),
             ("body", b"a", 1, 1.0, b"yz"), ("id", b"a", 0, 1.0, b""),
             ("body", b"b", 2, 1.5, b"")]
    streamed = _stream(_pool(PackedPool, tmp_path), items)
    assert streamed == sorted(items)
    assert type(streamed[1][3]) is int and streamed[1][4] is None


def _segment_files(folder: Path, packed: bool) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(codec=index_codec(), compound=False)
    if packed:
        use_packed_pool(writer, 64)
    for document in _documents(300):
        writer.add_document(**document)
    writer.commit()
    # Segment names are random: files by extension; the table of contents names the segment.
    return {path.name.split(".", 1)[-1]: path.read_bytes() for path in folder.iterdir()
            if not path.name.endswith(".toc") and "." in path.name}


def test_writes_the_segment_whoosh_writes(tmp_path: Path) -> None:
    expected = _segment_files(tmp_path / "plain", packed=False)
    written = _segment_files(tmp_path / "packed", packed=True)
    assert {"pst", "trm"} <= set(written)
    assert written == expected


@pytest.mark.parametrize("value_bytes", [0, 16])
def test_counted_size_is_what_it_holds(tmp_path: Path, value_bytes: int) -> None:
    # The memory limit means something only if the count follows the memory: within a quarter
    # of what tracemalloc sees (Whoosh's pool counts three quarters of what it holds).
    rng = random.Random(3)
    terms = [rng.randrange(4000) for _ in range(400 * 60)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        pool = _pool(PackedPool, tmp_path, limitmb=1024)
        for number, term in enumerate(terms):
            # Each posting's term and value are new objects, as an analyser makes them.
            pool.add(("body", f"term{term}".encode(), number // 60, 1.0, bytes(value_bytes)))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert not pool.runs
    assert 0.75 * held <= pool.currentsize <= 1.25 * held
