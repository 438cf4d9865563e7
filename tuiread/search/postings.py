"""Whoosh's W3 codec with a faster inverted-index writer: the same files, byte for byte.

Committing a segment writes every term's postings through four layers of Whoosh calls per posting
(with type assertions) and six per term; a first build of 22,000 articles spent about two thirds
of its index CPU there. ``FastFieldWriter.add_postings`` does the same work in one loop: the same
blocks, pickles, compression, term infos and term table rows in the same order, so an index it
writes is the one Whoosh writes (``tests/unit/test_postings.py`` compares the files).

It takes the common path only: no per-document length statistics (``index_codec`` turns them
off), no inlined postings (W3's default ``inlinelimit`` of 1 never inlines) and integer ids.
Anything else goes to Whoosh's own writer.
"""

from __future__ import annotations

import zlib
from array import array
from pickle import dumps

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.system import _INT_SIZE, pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

# W3 blocks record the shortest and longest field length of their postings; without length
# statistics every posting's length is 0, so these two bytes never change.
_NO_MIN_LENGTH = length_to_byte(None)
_NO_MAX_LENGTH = length_to_byte(0)


class FastFieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items) -> None:
        codec = self._codec
        if lengths is not None or codec._inlinelimit > 1:
            super().add_postings(schema, lengths, items)
            return
        postfile = self._postfile
        write = postfile.write
        pack_info = W3TermInfo._struct.pack
        tindex_add = self._tindex.add
        fieldmap = self._fieldmap
        blocklimit = codec._blocklimit
        compression = codec._compression

        fieldname_last = None
        btext_last = None
        prefix = b""
        fixedsize = None
        # Where the next byte goes in the postings file (counted, not asked for each term).
        offset = postfile.tell()
        # The term being written: its blocks so far and the statistics of its term info.
        blocks = 0
        start_offset = 0
        total_weight = 0
        doc_freq = 0
        max_weight = 0
        first_id = None
        # The block being filled.
        ids = array("I")
        weights = array("f")
        values: list[bytes] = []
        block_max_weight = 0

        def write_block(last: bool) -> None:
            nonlocal blocks, total_weight, doc_freq, max_weight, first_id, offset
            nonlocal ids, weights, values, block_max_weight
            if not blocks:
                write(WHOOSH3_HEADER_MAGIC)
                offset += len(WHOOSH3_HEADER_MAGIC)
            # What W3TermInfo.add_block adds up.
            total_weight += sum(weights)
            doc_freq += len(ids)
            max_weight = max(max_weight, block_max_weight)
            if first_id is None:
                first_id = ids[0]
            # W3PostingsWriter._mini_ids, _mini_weights and _mini_values.
            deltas = []
            base = 0
            for n in ids:
                deltas.append(n - base)
                base = n
            if all(w == 1.0 for w in weights):
                mini_weights = None
            elif all(w == weights[0] for w in weights):
                mini_weights = weights[0]
            else:
                mini_weights = tuple(weights)
            if fixedsize is None or fixedsize < 0:
                mini_values = tuple(values)
            elif fixedsize == 0:
                mini_values = None
            else:
                mini_values = b"".join(values)
            databytes = dumps((tuple(deltas), mini_weights, mini_values), 2)
            if compression:
                databytes = zlib.compress(databytes, compression)
            infobytes = dumps((len(ids), ids[-1], block_max_weight, compression,
                               _NO_MIN_LENGTH, _NO_MAX_LENGTH), 2)
            length = len(infobytes) + len(databytes)
            write(pack_int(-length if last else length))
            write(infobytes)
            write(databytes)
            offset += _INT_SIZE + length
            blocks += 1
            ids = array("I")
            weights = array("f")
            values = []
            block_max_weight = 0

        def finish_term() -> None:
            nonlocal blocks, total_weight, doc_freq, max_weight, first_id
            last_id = ids[-1]  # a term has a posting, so its last block is not empty
            write_block(True)
            # W3TermInfo.to_bytes of a term info that is not inlined.
            info = pack_info(False, total_weight, doc_freq, _NO_MIN_LENGTH, _NO_MAX_LENGTH,
                             max_weight, first_id, last_id)
            tindex_add(prefix + btext_last,
                       info + pack_long(start_offset) + pack_int(offset - start_offset))
            blocks = 0
            total_weight = 0
            doc_freq = 0
            max_weight = 0
            first_id = None

        for fieldname, btext, docnum, weight, value in items:
            if fieldname_last is not None and fieldname < fieldname_last:
                raise OutOfOrderError(f"Field {fieldname_last!r} .. {fieldname!r}")
            if fieldname == fieldname_last and btext_last and btext < btext_last:
                raise OutOfOrderError(f"Term {fieldname_last}:{btext_last!r} .. "
                                      f"{fieldname}:{btext!r}")
            if fieldname != fieldname_last:
                if btext_last is not None:
                    finish_term()
                if fieldname in fieldmap:
                    field_id = fieldmap[fieldname]
                else:
                    field_id = fieldmap[fieldname] = len(fieldmap)
                prefix = pack_ushort(field_id)
                fixedsize = schema[fieldname].format.fixed_value_size()
                fieldname_last = fieldname
                btext_last = None
            if docnum == -1:  # a spelling-graph word, not a posting (as Whoosh skips it)
                continue
            if btext != btext_last:
                if btext_last is not None:
                    finish_term()
                start_offset = offset
                btext_last = btext
            if len(ids) >= blocklimit:
                write_block(False)
            ids.append(docnum)
            weights.append(weight)
            if weight > block_max_weight:
                block_max_weight = weight
            if value:
                values.append(value)
        if btext_last is not None:
            finish_term()


class IndexCodec(W3Codec):
    """W3 with ``FastFieldWriter``: indexes it writes are read by the plain W3 codec."""

    def field_writer(self, storage, segment):
        return FastFieldWriter(self, storage, segment)
