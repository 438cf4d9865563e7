"""The articles of an opened corpus as the store's record holds them: made when first asked for.

``tuiread list`` prints 100,000 rows without needing 100,000 article objects, and a lookup by id
needs one: :class:`ArticleRows` is a sequence of :class:`StoredArticle` over the record's columns
(see ``corpus.opened``) that makes an article the first time it is asked for (all of them at
once, in bulk, when iterated) and always gives the same object for the same position.
"""

from __future__ import annotations

import contextlib
import threading
from bisect import bisect_right
from collections.abc import Collection, Iterator, Sequence
from itertools import accumulate, chain, repeat
from typing import TYPE_CHECKING, overload

from tuiread.corpus.opened import ARTICLE_COLUMNS, Opened
from tuiread.corpus.stored import StoredArticle, derived_key
from tuiread.pacing import pace

if TYPE_CHECKING:
    from tuiread.corpus.store import CorpusStore


# The article columns ``derived_key_of`` reads.
_RECORD, _FORMAT = ARTICLE_COLUMNS.index("record"), ARTICLE_COLUMNS.index("format")
# Ids indexed per call while the look-up by id is built (see ``position``), and articles made
# per call by ``materialize``: a few milliseconds each, with a pace point between (see
# ``tuiread.pacing``).
INDEX_SLICE = 10_000
MAKE_SLICE = 5_000
# Up to this many files, ``ids_of_files`` finds each by a search of the record's paths (about a
# millisecond at 100,000 files) rather than a pass over every article.
FEW_FILES = 16


def spread(values: Sequence, counts: Sequence[int]) -> list:
    """Each value repeated its count of times: a file's field for each of its articles (made
    INDEX_SLICE files per call: one call holds the interpreter lock)."""
    if len(values) <= INDEX_SLICE:
        return list(chain.from_iterable(map(repeat, values, counts)))
    spread_out: list = []
    for start in range(0, len(values), INDEX_SLICE):
        pace()
        spread_out.extend(chain.from_iterable(map(
            repeat, values[start : start + INDEX_SLICE], counts[start : start + INDEX_SLICE])))
    return spread_out


class ArticleRows(Sequence[StoredArticle]):
    """The record's articles in walk order; ``column(name)`` reads a field of every article
    without making them."""

    def __init__(self, store: CorpusStore, record: Opened, locations: Sequence[str]):
        self._store = store
        self._record = record
        self._locations = locations  # of the record's files, in order (as the walk found them)
        self._owner: list[int] | None = None  # file number of each article
        # Each file's first article, [] when every file has one (see ``file_of``).
        self._starts: list[int] | None = None
        self._made: dict[int, StoredArticle] = {}
        self._all: list[StoredArticle] | None = None
        self._index: dict[str, int] | None = None
        # The app draws rows (making their articles) while a worker makes the rest in bulk.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._record.article_total

    @property
    def store(self) -> CorpusStore:
        """The corpus store the rows were read from."""
        return self._store

    @property
    def store_state(self) -> str | None:
        """The corpus store's state these rows are of (None: not a complete refresh's)."""
        last = self._store._last_record  # (digest, record) of the record read or written last
        return last[0] if last is not None and last[1] is self._record else None

    def changed_since(self) -> tuple[str, list[int]] | None:
        """The store's state before its last refresh and the positions of the articles whose
        content that refresh changed, when it only patched the record to these rows (every
        other article the same, with the same id); else None."""
        store = self._store
        patched = store.patched
        if (patched is None or patched[0] is not self._record or store.previous_state is None
                or self.store_state is None):
            return None
        return store.previous_state, [position for number in patched[1]
                                      for position in self._file_positions(number)]

    def positions_since(self, state: str) -> list[int] | None:
        """The positions of the articles that may differ from those of the store's earlier
        state ``state`` (every other article the same, with the same id and position), when
        the record went from that state to these rows by patches alone (in this process or
        another: see ``RecordParts.files_since``); else None."""
        if self.store_state is None:
            return None
        if state == self.store_state:
            return []
        parts = self._store._record_parts
        numbers = parts.files_since(state) if parts is not None else None
        if numbers is None:
            since = self.changed_since()
            return since[1] if since is not None and since[0] == state else None
        return [position for number in numbers for position in self._file_positions(number)]

    def _file_positions(self, number: int) -> range:
        """The positions of the articles of file ``number``."""
        starts = self._file_starts()
        return range(starts[number], starts[number + 1]) if starts else range(number, number + 1)

    def earlier_states(self) -> list[str]:
        """The store's states these rows can be told from by ``positions_since`` (the
        latest first)."""
        if self.store_state is None:
            return []
        parts = self._store._record_parts
        found = parts.earlier_states() if parts is not None else []
        since = self.changed_since()
        if since is not None and since[0] not in found:
            found.append(since[0])
        return found

    @property
    def file_locations(self) -> Sequence[str]:
        """Where each of the record's files is, in order (those with a problem included)."""
        return self._locations

    @property
    def file_count(self) -> int:
        """How many files the articles come from (those with a problem included)."""
        return len(self._record.rels)

    @overload
    def __getitem__(self, position: int) -> StoredArticle: ...

    @overload
    def __getitem__(self, position: slice) -> list[StoredArticle]: ...

    def __getitem__(self, position):
        if self._all is not None:
            return self._all[position]
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        found = self._made.get(position)
        if found is not None:
            return found
        total = self._record.article_total
        if position < 0:
            position += total
        if not 0 <= position < total:
            raise IndexError(position)
        with self._lock:
            if self._all is not None:
                return self._all[position]
            found = self._made.get(position)
            if found is None:
                found = self._made[position] = self._make(position)
        return found

    def __iter__(self) -> Iterator[StoredArticle]:
        return iter(self.materialize())

    def __contains__(self, article: object) -> bool:
        if not isinstance(article, StoredArticle):
            return False
        position = self.position(article.id)
        return position is not None and self[position] is article

    def column(self, name: str) -> list:
        """One field of every article, in order (``id``, ``title``, ``location``, …)."""
        if name == "location":
            return spread(self._locations, self._record.counts)
        if name == "rel":
            return spread(self._record.rels, self._record.counts)
        if name == "digest":
            return spread(self._record.digests, self._record.counts)
        return self._record.articles[ARTICLE_COLUMNS.index(name)]

    def ids_of_files(self, rels: Collection[str]) -> list[str]:
        """The ids of the articles of the files ``rels`` (corpus-relative paths; one the
        record does not hold has none), in order: told from the files the store's last refresh
        patched when it patched them all, else for a few files by a search of the record's
        paths (no pass over every article either way)."""
        record = self._record
        numbers: set[int] | None = None
        patched = self._store.patched
        if patched is not None and patched[0] is record:
            numbers = {n for n in patched[1] if record.rels[n] in rels}
            if len(numbers) != len(rels):
                numbers = None
        if numbers is None and len(rels) <= FEW_FILES:
            numbers = set()
            for rel in rels:
                with contextlib.suppress(ValueError):
                    numbers.add(record.rels.index(rel))
        ids = self.column("id")
        if numbers is None:
            return [aid for aid, rel in zip(ids, self.column("rel"), strict=True) if rel in rels]
        return [ids[p] for n in sorted(numbers) for p in self._file_positions(n)]

    def same_files(self, other: ArticleRows) -> bool:
        """Whether ``other`` holds the same record at the same locations."""
        return (self._store.state is not None and self._record.rels == other._record.rels
                and self._locations == other._locations)

    def position(self, article_id: str) -> int | None:
        if self._index is None:
            ids = self.column("id")
            # Filled a slice at a time: one call over 100,000 ids holds the interpreter lock
            # for tens of milliseconds, the app's UI thread waiting.
            index: dict[str, int] = {}
            for start in range(0, len(ids), INDEX_SLICE):
                pace()
                index.update(zip(ids[start : start + INDEX_SLICE],
                                 range(start, start + INDEX_SLICE), strict=False))
            self._index = index
        return self._index.get(article_id)

    def derived_keys(self) -> list[str]:
        """``StoredArticle.derived_key`` of every article, without making them."""
        derivations = self._store.derivations
        return [derived_key(digest, record, derivations[fmt]) for digest, record, fmt in
                zip(self.column("digest"), self.column("record"), self.column("format"),
                    strict=True)]

    def derived_key_of(self, article_id: str) -> str | None:
        """``StoredArticle.derived_key`` of the article of ``article_id`` (None when there is
        none), without making it: a mention listing asks it of thousands of articles."""
        position = self.position(article_id)
        if position is None:
            return None
        if self._owner is None:
            self._owner = spread(range(len(self._record.counts)), self._record.counts)
        record = self._record
        return derived_key(record.digests[self._owner[position]],
                           record.articles[_RECORD][position],
                           self._store.derivations[record.articles[_FORMAT][position]])

    def derived_key_at(self, position: int) -> str:
        """``derived_key_of`` the article at ``position``, told from its file alone (no look-up
        of every id, no owner of every article made: for a few articles)."""
        record = self._record
        return derived_key(record.digests[self.file_of(position)],
                           record.articles[_RECORD][position],
                           self._store.derivations[record.articles[_FORMAT][position]])

    def key_at(self, position: int) -> tuple[str, int]:
        """The (file, record) the article at ``position`` is kept under in the store."""
        return self._record.rels[self.file_of(position)], self._record.articles[_RECORD][position]

    def file_of(self, position: int) -> int:
        """The number of the file the article at ``position`` comes from."""
        if self._owner is not None:
            return self._owner[position]
        starts = self._file_starts()
        return bisect_right(starts, position) - 1 if starts else position

    def _file_starts(self) -> list[int]:
        """Each file's first article (and the end), or [] when every file has one article
        (the usual corpus: a file's number is then its article's position)."""
        if self._starts is None:
            counts = self._record.counts
            self._starts = [] if counts.count(1) == len(counts) else \
                list(accumulate(counts, initial=0))
        return self._starts

    def materialize(self) -> list[StoredArticle]:
        """Every article, made now (in bulk) where not made yet."""
        if self._all is None:
            record, store = self._record, self._store
            (records, _, titles, sources, urls, dates, authors, words, encodings, formats,
             ids) = record.articles
            columns = (ids, self.column("location"), self.column("rel"), records,
                       self.column("digest"), titles, sources, encodings, formats, words, urls,
                       dates, authors)
            made: list[StoredArticle] = []
            for start in range(0, len(ids), MAKE_SLICE):
                pace()
                made.extend(map(StoredArticle, repeat(store),
                                *(column[start : start + MAKE_SLICE] for column in columns)))
            with self._lock:
                if self._all is None:
                    for position, article in self._made.items():
                        made[position] = article  # the ones handed out stay the same objects
                    self._all = made
                    self._made = {}
        return self._all

    def _make(self, position: int) -> StoredArticle:
        number = self.file_of(position)
        record = self._record
        (records, _, titles, sources, urls, dates, authors, words, encodings, formats,
         ids) = record.articles
        return StoredArticle(self._store, ids[position], self._locations[number],
                             record.rels[number], records[position], record.digests[number],
                             titles[position], sources[position], encodings[position],
                             formats[position], words[position], urls[position],
                             dates[position], authors[position])
