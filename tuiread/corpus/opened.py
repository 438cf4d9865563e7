"""What the corpus store's last complete refresh found, kept as one record: the next open of an
unchanged corpus compares two lists instead of reading every row.

The record (:class:`Opened`) holds, in walk order, each file's corpus-relative path, size,
mtime_ns, content digest and problem, and each article's fields and id, as columns (one list per
field) packed with :mod:`marshal` (the fastest reader of plain lists the standard library has).
It is written by the process that holds the store's write lock, after a refresh in which every
walked file got its rows, and deleted in the same transaction as any change to the files' rows:
when it is there, it says exactly what the rows say.

Opening a corpus then costs the walk (a stat per file, never skipped: an in-place edit keeps the
folder's mtime) plus a comparison of its paths and stats with the record's; when one file was
edited, only that file's rows are read (and derived again if its content changed), and the other
articles come from the record.

Derived data: a record that does not check (its digest, marshal's or the derivations' version)
is ignored and written anew.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import operator
import sys
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress

from tuiread.corpus.loader import article_id
from tuiread.corpus.walk import CorpusFile, Walk
from tuiread.pacing import pace

# Part of the record's check: a record of another layout or Python is not read.
LAYOUT = f"opened-2/marshal-{marshal.version}/py{sys.version_info[0]}.{sys.version_info[1]}"

# A walked file's fields, by position (CorpusFile is a tuple).
_REL, _SIZE, _MTIME = (operator.itemgetter(CorpusFile._fields.index(name))
                       for name in ("rel", "size", "mtime_ns"))
# The file columns (rels, sizes, mtimes, digests, problems, counts) come first in a packed record.
FILE_COLUMNS = 6
# The article columns, in the order they are packed (``ARTICLE_COLUMNS.index`` names a column).
ARTICLE_COLUMNS = ("record", "key", "title", "source", "url", "date", "author", "words",
                   "encoding", "format", "id")


@dataclass(slots=True)
class Opened:
    """Files (walk order) and their articles (walk order, then record), as columns."""

    derivations: str  # JSON of the derivation digests by format the rows were made with
    rels: list[str]
    sizes: list[int]
    mtimes: list[int]
    digests: list[str]
    problems: list[str | None]
    counts: list[int]  # articles of each file
    articles: list[list] | Columns  # one list per ARTICLE_COLUMNS entry

    @property
    def article_total(self) -> int:
        return len(self.articles[0])

    def same_walk(self, walked: Walk) -> bool:
        """Whether the walk's files are the recorded files, in the same order, with the same
        stat (told from its columns: no file's tuple is made)."""
        if walked.file_count != len(self.rels):
            return False
        return (walked.column("rel") == self.rels and walked.column("size") == self.sizes
                and walked.column("mtime_ns") == self.mtimes)

    def walk_suspects(self, walked: Walk) -> tuple[list[CorpusFile], list[str]]:
        """``suspects`` of the walk's files, told from its columns when they are the recorded
        files in the same order (files edited in place): only the suspects' tuples made."""
        rels = walked.column("rel")
        if len(rels) != len(self.rels) or rels != self.rels:
            return self.suspects(walked.files)
        differ = map(operator.or_, map(operator.ne, walked.column("size"), self.sizes),
                     map(operator.ne, walked.column("mtime_ns"), self.mtimes))
        return walked.files_at(list(compress(range(len(rels)), differ))), []

    def suspects(self, files: Sequence[CorpusFile]) -> tuple[list[CorpusFile], list[str]]:
        """Walked files not recorded with this very stat (new or changed), and recorded paths
        the walk no longer has (removed)."""
        if len(files) == len(self.rels) and list(map(_REL, files)) == self.rels:
            # The same files in the same order (edited in place): only the stats compared,
            # each column in one pass.
            differ = map(operator.or_, map(operator.ne, map(_SIZE, files), self.sizes),
                         map(operator.ne, map(_MTIME, files), self.mtimes))
            return list(compress(files, differ)), []
        at = {rel: number for number, rel in enumerate(self.rels)}
        sizes, mtimes = self.sizes, self.mtimes
        suspect = []
        for item in files:
            number = at.pop(item.rel, None)
            if number is None or sizes[number] != item.size or mtimes[number] != item.mtime_ns:
                suspect.append(item)
        return suspect, sorted(at)

    def ranges(self) -> dict[str, tuple[int, int, int]]:
        """rel -> (file number, first article, end article)."""
        found = {}
        start = 0
        for number, (rel, count) in enumerate(zip(self.rels, self.counts, strict=True)):
            found[rel] = (number, start, start + count)
            start += count
        return found


def pack(opened: Opened) -> tuple[bytes, str]:
    """The record's bytes and their check digest. Each column is packed on its own: unpacking
    one is a single call that holds the interpreter lock, and the app reads the record in a
    thread beside its UI (a column of 100,000 values unpacks in a few tens of milliseconds)."""
    columns = [opened.rels, opened.sizes, opened.mtimes, opened.digests, opened.problems,
               opened.counts, *opened.articles]
    data = marshal.dumps((LAYOUT, opened.derivations, [marshal.dumps(c) for c in columns]))
    return data, _check(data)


def unpack(data: bytes, check: str, derivations: Mapping[str, str]) -> Opened | None:
    """The record, or None when it does not check or was made with other derivations."""
    if _check(data) != check:
        return None
    try:
        layout, made_with, packed = marshal.loads(data)
        if layout != LAYOUT or made_with != derivations_key(derivations):
            return None
        if len(packed) != FILE_COLUMNS + len(ARTICLE_COLUMNS):
            return None
        columns = []
        for column in packed[:FILE_COLUMNS]:
            pace()  # (each column is one call that holds the interpreter lock)
            columns.append(marshal.loads(column))
        articles = Columns(packed[FILE_COLUMNS:])
        total = len(articles[0])
    except (EOFError, ValueError, TypeError):
        return None
    rels, sizes, mtimes, digests, problems, counts = columns
    if sum(counts) != total or any(len(c) != len(rels) for c in columns[1:]):
        return None
    return Opened(made_with, rels, sizes, mtimes, digests, problems, counts, articles)


class Columns:
    """A record's article columns as read from the store, each unpacked when first asked for
    (``tuiread list`` of a corpus whose listing was kept reads none of them; ``show`` all
    for one article). A value a patch writes before its column is unpacked is applied when
    it is (see ``put``). The bytes were checked with the whole record: they unpack."""

    __slots__ = ("_columns", "_packed", "_pending", "_lock", "_base", "__weakref__")

    def __init__(self, packed: Sequence[bytes], base: Columns | None = None):
        self._columns: list[list | None] = [None] * len(packed)
        self._packed: list[bytes | None] = list(packed)
        self._pending: list[dict[int, object] | None] = [None] * len(packed)
        self._lock = threading.Lock()  # (the app reads columns from two threads)
        # The columns these were copied from (see ``copy``), while they live: a column
        # unpacked there since is copied from it rather than unpacked again.
        self._base = weakref.ref(base) if base is not None else None

    def __len__(self) -> int:
        return len(self._columns)

    def _column(self, number: int) -> list:
        column = self._columns[number]
        if column is None:
            with self._lock:
                column = self._columns[number]
                if column is None:
                    source = self._base() if self._base is not None else None
                    base = source._columns[number] if source is not None else None
                    column = (list(base) if base is not None
                              else marshal.loads(self._packed[number]))
                    for position, value in (self._pending[number] or {}).items():
                        column[position] = value
                    self._columns[number] = column
                    self._packed[number] = self._pending[number] = None
        return column

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._column(n) for n in range(*index.indices(len(self._columns)))]
        return self._column(range(len(self._columns))[index])

    def __setitem__(self, index: int, column: list) -> None:
        number = range(len(self._columns))[index]
        with self._lock:
            self._columns[number] = column
            self._packed[number] = self._pending[number] = None

    def __iter__(self) -> Iterator[list]:
        return map(self._column, range(len(self._columns)))

    def put(self, number: int, position: int, value: object) -> None:
        """Column ``number``'s value at ``position`` set, without unpacking the column."""
        with self._lock:
            column = self._columns[number]
            if column is not None:
                column[position] = value
            else:
                pending = self._pending[number]
                if pending is None:
                    pending = self._pending[number] = {}
                pending[position] = value

    def copy(self, keep: int) -> Columns:
        """Columns that can be patched without changing these: each column copied, the one
        numbered ``keep`` shared, and a column not unpacked yet left packed (its bytes and the
        values written to it so far are taken along: a patch after an edit then unpacks no
        column it does not write)."""
        self._column(keep)  # (unpacked once, for both)
        with self._lock:
            # (These are not patched once copied: a column unpacked here later, with the
            # values written here before the copy, is the copy's column but for its own.)
            made = Columns(self._packed, base=self)
            for number, column in enumerate(self._columns):
                if column is not None:
                    made._columns[number] = column if number == keep else list(column)
                pending = self._pending[number]
                if pending is not None:
                    made._pending[number] = dict(pending)
        return made

    def unpack_all(self) -> None:
        for number in range(len(self._columns)):
            pace()
            self._column(number)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Columns, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def derivations_key(derivations: Mapping[str, str]) -> str:
    return json.dumps(dict(derivations), sort_keys=True)


def _check(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Builder:
    """Gathers a record file by file in walk order (runs of unchanged files as slices of the
    old record); ids are given at the end, by the same rule as a fresh load (``article_id`` in
    walk order with the ids taken so far)."""

    def __init__(self, derivations: Mapping[str, str]):
        self.opened = Opened(derivations_key(derivations), [], [], [], [], [], [],
                             [[] for _ in ARTICLE_COLUMNS])

    def add_file(self, rel: str, size: int, mtime_ns: int, digest: str, problem: str | None,
                 rows: Sequence[Sequence]) -> None:
        """One file and its article rows ``(record, key, title, source, url, date, author,
        words, encoding, format)``."""
        opened = self.opened
        opened.rels.append(rel)
        opened.sizes.append(size)
        opened.mtimes.append(mtime_ns)
        opened.digests.append(digest)
        opened.problems.append(problem)
        opened.counts.append(len(rows))
        # (The id column is filled by ``finish``.)
        for column, values in zip(opened.articles, zip(*rows, strict=True) if rows else (),
                                  strict=False):
            column.extend(values)

    def add_recorded(self, old: Opened, first: int, end: int, start: int, stop: int) -> None:
        """Files ``first:end`` of ``old`` as it recorded them, with their articles
        ``start:stop``."""
        opened = self.opened
        for mine, theirs in ((opened.rels, old.rels), (opened.sizes, old.sizes),
                             (opened.mtimes, old.mtimes), (opened.digests, old.digests),
                             (opened.problems, old.problems), (opened.counts, old.counts)):
            mine.extend(theirs[first:end])
        for mine, theirs in zip(opened.articles[:-1], old.articles[:-1], strict=True):
            mine.extend(theirs[start:stop])

    def finish(self, ids: list[str] | None = None) -> Opened:
        """The record, ids given by the rule (or ``ids``, known to be what it gives)."""
        opened = self.opened
        if ids is not None and len(ids) == len(opened.articles[0]):
            opened.articles[-1] = list(ids)
            return opened
        keys = opened.articles[ARTICLE_COLUMNS.index("key")]
        ids = opened.articles[-1]
        ids.clear()
        taken: set[str] = set()
        add = taken.add
        position = 0
        for rel, count in zip(opened.rels, opened.counts, strict=True):
            for key in keys[position : position + count]:
                aid = article_id(rel, key, taken)
                add(aid)
                ids.append(aid)
            position += count
        return opened
