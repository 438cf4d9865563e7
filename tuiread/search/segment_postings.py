"""Reading a whole small segment's postings in one pass, for merging it into a new segment.

Whoosh merges a segment by asking it for every term's postings one term at a time
(``IndexReader.iter_postings``): a hash look-up of the term, a matcher opened on it, four file
reads and three calls per posting. A single-edit segment at 100,000 articles holds a few thousand
terms, so merging five of them cost about 0.3 s of CPU, more than the rest of the edit's search.
Here the term table and the postings file are each read whole, and each term's blocks decoded
from memory: the same ``(field, term, document, weight, value)`` tuples in the same order,
deleted documents left out as Whoosh's filter leaves them out.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from array import array
from collections.abc import Iterator
from itertools import accumulate, compress

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo, W3TermsReader
from whoosh.reading import SegmentReader
from whoosh.system import _INT_SIZE

Posting = tuple[str, bytes, int, float, "bytes | None"]

# A segment whose postings file is larger than this is read term by term, as Whoosh reads it
# (the merge policy only merges segments of a few dozen documents: a few hundred kilobytes).
WHOLE_READ_BYTES = 32 * 1024 * 1024

# How the term table (a Whoosh HashWriter file) prefixes each key and value: their lengths.
_ENTRY_LENGTHS = struct.Struct("!ii")
_BLOCK_LENGTH = struct.Struct("!i")


class MergingReader(SegmentReader):
    """A segment reader whose ``iter_postings`` reads the segment's tables whole (see the
    module's docstring); another codec's, a large segment's or an inlined term's postings are
    read as Whoosh reads them."""

    def iter_postings(self) -> Iterator[Posting]:
        terms = self._terms
        postings_name = self._segment.make_filename(W3Codec.POSTS_EXT)
        if (type(terms) is not W3TermsReader
                or self._storage.file_length(postings_name) > WHOLE_READ_BYTES):
            yield from super().iter_postings()
            return
        schema = self.schema
        deleted = self.deleted_docs_set
        postfile = terms._postfile
        postings = bytes(postfile.get(0, self._storage.file_length(postings_name)))
        stream = io.BytesIO(postings)
        unmap = terms._fieldunmap
        for key, value in _table_items(terms):
            fieldname, btext = unmap[int.from_bytes(key[:2], "big")], key[2:]
            if fieldname not in schema:
                continue  # (as ``all_terms`` leaves it out)
            info = W3TermInfo.from_bytes(value)
            if info.is_inlined():
                yield from _matcher_postings(self, fieldname, btext)
                continue
            fixedsize = schema[fieldname].format.fixed_value_size()
            for ids, weights, values in _blocks(postings, stream, info._offset, fixedsize):
                if deleted:
                    kept = [docnum not in deleted for docnum in ids]
                    ids, weights, values = (list(compress(ids, kept)),
                                            list(compress(weights, kept)),
                                            list(compress(values, kept)))
                for docnum, weight, posting_value in zip(ids, weights, values, strict=True):
                    yield fieldname, btext, docnum, weight, posting_value


def _table_items(terms: W3TermsReader) -> Iterator[tuple[bytes, bytes]]:
    """The term table's (key, value) pairs in file order, from one read of its data (what
    ``OrderedHashReader.items`` gives, four reads per term)."""
    table = terms._tindex
    start, end = table.startofdata, table.endofdata
    data = bytes(table.dbfile.get(start, end - start))
    size, unpack = _ENTRY_LENGTHS.size, _ENTRY_LENGTHS.unpack_from
    position = 0
    while position < len(data):
        keylength, valuelength = unpack(data, position)
        keystart = position + size
        valuestart = keystart + keylength
        position = valuestart + valuelength
        yield data[keystart:valuestart], data[valuestart:position]


def _matcher_postings(reader: SegmentReader, fieldname: str, btext: bytes,
                      ) -> Iterator[Posting]:
    matcher = reader.postings(fieldname, btext)
    while matcher.is_active():
        yield fieldname, btext, matcher.id(), matcher.weight(), matcher.value()
        matcher.next()


def _blocks(postings: bytes, stream: io.BytesIO, offset: int, fixedsize: int | None):
    """The posting blocks of the term at ``offset``, as W3LeafMatcher decodes them:
    (ids, weights, values) each."""
    magic = postings[offset:offset + len(WHOOSH3_HEADER_MAGIC)]
    if magic != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"Block tag error {magic!r}")
    position = offset + len(WHOOSH3_HEADER_MAGIC)
    last = False
    while not last:
        (length,) = _BLOCK_LENGTH.unpack_from(postings, position)
        if length < 0:
            last, length = True, -length
        following = position + _INT_SIZE + length
        stream.seek(position + _INT_SIZE)
        count, _maxid, _maxweight, compression, _minlength, _maxlength = pickle.load(stream)
        block = postings[stream.tell():following]
        if compression:
            block = zlib.decompress(block)
        deltas, weights, values = pickle.loads(block)
        ids = tuple(accumulate(deltas))
        # (the weights and values as W3LeafMatcher._read_weights and _read_values make them)
        if weights is None:
            weights = array("f", (1.0 for _ in range(count)))
        elif isinstance(weights, float):
            weights = array("f", (weights for _ in range(count)))
        if fixedsize is not None and fixedsize == 0:
            values = (None,) * count
        elif fixedsize is not None and fixedsize > 0:
            values = tuple(values[i:i + fixedsize] for i in range(0, len(values), fixedsize))
        yield ids, weights, values
        position = following
