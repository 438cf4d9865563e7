"""A writer's posting pool that keeps postings packed in arrays instead of one tuple each.

Whoosh's ``PostingPool`` holds every posting of a segment as a ``(field, term, docnum, weight,
value)`` tuple until the commit sorts them all, about 230 bytes a posting on CPython 3.11 against
the 170 its size estimate counts, so a staging worker given 512 MB held about 1 GB before it
spilled (a first build of 100,000 articles, two workers of 50,000). Here a term is numbered once
per field and each posting is a row of flat arrays (document, weight, next posting of the same
term, end of its value in one byte buffer): about 20 bytes plus its value. Documents arrive in
order, so a term's postings are already sorted: the commit sorts the terms only, not the
postings. The stream handed to the field writer is the one Whoosh's pool gives, item for item,
so the segment's files are the same (``tests/unit/test_posting_pool.py``). Past the memory
limit the postings go to a sorted run on disk, as Whoosh's own pool does.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.externalsort import SortingPool
from whoosh.writing import PostingPool

# No next posting (the end of a term's chain); postings are numbered from 0 in an array("I").
_END = 0xFFFFFFFF
# Bytes a posting costs in the arrays: 4 (document) + 8 (weight) + 4 (next) + 4 (value end),
# plus the arrays' growth slack (they over-allocate by about an eighth).
POSTING_BYTES = 23
# Bytes a new term costs: its dict slot and key (a bytes object, 33 + length) and its number
# (a 28-byte int), 4 + 4 in the first/last arrays. Measured with tracemalloc on BBC: 120-140.
TERM_BYTES = 140


class PackedPool(PostingPool):
    """``PostingPool`` with the postings in arrays; install with :func:`use_packed_pool`."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: float = 128) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb)
        self._clear()

    def _clear(self) -> None:
        # field -> term -> term number
        self._fields: dict[str, dict[bytes, int]] = {}
        self._field: str | None = None  # the field of the last posting, with its terms
        self._terms: dict[bytes, int] = {}
        self._first = array("I")  # per term: its first posting
        self._last = array("I")  # per term: its last posting so far
        self._next = array("I")  # per posting: the term's next posting, or _END
        self._docnums = array("I")
        self._weights = array("d")
        self._ends = array("I")  # per posting: where its value ends in _values
        self._values = bytearray()
        # Rare cases kept aside so the stream stays exact: a value of None, a weight that is not
        # a float (array("d") would turn it into one), a document number out of order.
        self._nones: set[int] = set()
        self._odd_weights: dict[int, Any] = {}
        # The last document number per field: a term's postings are in order when each field's
        # are (a late field's postings may follow later documents of other fields).
        self._tops: dict[str, int] = {}
        self._top = 0
        self._unordered = False
        self.currentsize = 0

    def add(self, item: tuple) -> None:
        fieldname, tbytes, docnum, weight, value = item
        # A document's postings come field by field: the last field's terms are likely next.
        if fieldname is self._field:
            terms = self._terms
        else:
            terms = self._fields.get(fieldname)
            if terms is None:
                terms = self._fields[fieldname] = {}
                self.fieldnames.add(fieldname)
            if self._field is not None:
                self._tops[self._field] = self._top
            self._top = self._tops.get(fieldname, 0)
            self._field, self._terms = fieldname, terms
        number = len(self._docnums)
        term = terms.get(tbytes)
        if term is None:
            terms[tbytes] = len(self._first)
            self._first.append(number)
            self._last.append(number)
            self.currentsize += TERM_BYTES + len(tbytes)
        else:
            self._next[self._last[term]] = number
            self._last[term] = number
        self._next.append(_END)
        if docnum < self._top:
            self._unordered = True
        else:
            self._top = docnum
        self._docnums.append(docnum)
        if type(weight) is not float:
            self._odd_weights[number] = weight
            weight = 0.0
        self._weights.append(weight)
        if value:
            self._values += value
            self.currentsize += POSTING_BYTES + len(value)
        else:
            if value is None:
                self._nones.add(number)
            self.currentsize += POSTING_BYTES
        self._ends.append(len(self._values))
        if self.currentsize > self.limit:
            self.save()

    def _sorted_items(self) -> Iterator[tuple]:
        """The postings held in memory as Whoosh's pool sorts them: by field, term, document."""
        first, following = self._first, self._next
        docnums, weights, ends, values = self._docnums, self._weights, self._ends, self._values
        nones, odd_weights = self._nones, self._odd_weights
        plain = not nones and not odd_weights
        for fieldname in sorted(self._fields):
            terms = self._fields[fieldname]
            for tbytes in sorted(terms):
                posting = first[terms[tbytes]]
                if plain and not self._unordered:
                    while posting != _END:
                        start = ends[posting - 1] if posting else 0
                        yield (fieldname, tbytes, docnums[posting], weights[posting],
                               bytes(values[start:ends[posting]]))
                        posting = following[posting]
                    continue
                rows = []
                while posting != _END:
                    start = ends[posting - 1] if posting else 0
                    rows.append((fieldname, tbytes, docnums[posting],
                                 odd_weights.get(posting, weights[posting]),
                                 None if posting in nones else bytes(values[start:ends[posting]])))
                    posting = following[posting]
                if self._unordered:
                    rows.sort()
                yield from rows

    def save(self) -> None:
        """Write the postings held in memory to a sorted run on disk and start afresh."""
        if self._docnums:
            path, handle = self._new_run()
            self._write_run(handle, self._sorted_items())
            self._add_run(path)
        self._clear()

    def items(self, maxfiles: int = 128) -> Iterator[tuple]:
        if not self.runs:
            return self._sorted_items()
        return SortingPool.items(self, maxfiles)


def use_packed_pool(writer: Any, limitmb: float) -> None:
    """Give a new Whoosh ``SegmentWriter`` a :class:`PackedPool` before it takes documents."""
    old = writer.pool
    writer.pool = PackedPool(old.tempstore, old.segment, limitmb=limitmb)
