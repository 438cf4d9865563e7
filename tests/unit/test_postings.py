"""The index codec's postings writer writes the files Whoosh's own W3 writer writes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.qparser import QueryParser

from tuiread.search.build import index_codec
from tuiread.search.postings import IndexCodec
from tuiread.search.schema import build_schema

WORDS = ("minister election vote party labour council budget tax report court police "
         "market shares bank growth strike union talks deal summit").split()


def _documents(count: int) -> list[dict]:
    rng = random.Random(9)
    documents = []
    for number in range(count):
        # "common" is in every document: its postings run over several 128-posting blocks.
        words = ["common", *rng.choices(WORDS, k=rng.randint(0, 60))]
        documents.append({
            "id": f"a{number}",
            "path": f"folder/{number % 7}.txt",
            "title": " ".join(rng.choices(WORDS, k=4)),
            "body": " ".join(words),
            "spans": (0, len(words)),
            "source": rng.choice(["BBC", "Reuters", ""]),
            "author": "",
            "date": f"2024-01-{number % 28 + 1:02}",
            "entity": "\n".join(rng.sample(["Tony Blair", "London", "Gordon Brown"],
                                           k=rng.randint(0, 3))),
            "entity_hash": "",
            "stamp": [number, 1, "digest", 1],
        })
    return documents


def _write(folder: Path, codec, documents: list[dict]) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(codec=codec, compound=False)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    # Segment names are random: files by extension; the table of contents names the segment.
    return {path.name.split(".", 1)[-1]: path.read_bytes() for path in folder.iterdir()
            if not path.name.endswith(".toc") and "." in path.name}


@pytest.mark.parametrize("count", [1, 40, 300])
def test_same_files_as_whoosh(tmp_path: Path, count: int) -> None:
    documents = _documents(count)
    plain = W3Codec()
    plain.length_stats = False
    expected = _write(tmp_path / "plain", plain, documents)
    written = _write(tmp_path / "fast", index_codec(), documents)
    assert isinstance(index_codec(), IndexCodec)
    assert {"pst", "trm"} <= set(written)
    assert written.keys() == expected.keys()
    for name in expected:
        assert written[name] == expected[name], name


def test_length_statistics_left_to_whoosh(tmp_path: Path) -> None:
    documents = _documents(50)
    expected = _write(tmp_path / "plain", W3Codec(), documents)
    assert _write(tmp_path / "fast", IndexCodec(), documents) == expected


def test_index_it_writes_is_searched(tmp_path: Path) -> None:
    documents = _documents(300)
    folder = tmp_path / "ix"
    _write(folder, index_codec(), documents)
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        parser = QueryParser("body", ix.schema)
        assert searcher.search(parser.parse("common"), limit=None).scored_length() == 300
        budget = sum("budget" in d["body"].split() for d in documents)
        assert budget and len(searcher.search(parser.parse("budget"), limit=None)) == budget


def test_positions_encoded_as_whoosh_encodes_them() -> None:
    from whoosh.formats import Positions

    from tuiread.search.analysis import index_terms
    from tuiread.search.schema import StemmedPositions

    text = ("The prime minister said the prime minister's office would say nothing; "
            "the minister said so twice. ") * 3
    stemmed, plain = StemmedPositions(field_boost=2.0), Positions()
    values = list(stemmed.word_values(text, None))
    assert any(count > 1 for _, count, _, _ in values)
    assert values == [(term, len(positions), len(positions) * 2.0, plain.encode(positions))
                      for term, positions in index_terms(text).items()]
