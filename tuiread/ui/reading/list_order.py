"""The article list's rows: which articles, in which order, worked out from columns of fields.

At 100,000 articles, making every article object to sort or filter them costs half a second
before the list can be drawn. The corpus store's rows (``corpus.rows.ArticleRows``) give a field
of every article as one list (``column``), so the order is computed from those lists and the list
holds positions (:class:`Listed`): an article is made when its row is drawn or opened. A plain
list of articles works the same way (its columns are read off the objects).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import chain
from typing import overload

from rapidfuzz import fuzz

from tuiread.corpus import Article
from tuiread.pacing import pace

SORT_KEYS = ("title", "source", "date", "words", "path")
# A filter word of at least this many letters also matches a near miss (a typo in a name):
# rapidfuzz's partial_ratio of the word against the title, source and id must reach FUZZY_MIN.
FUZZY_MIN_LENGTH = 4
FUZZY_MIN = 85
# A sort is one call that holds the interpreter lock: 100,000 keys in random order take
# 100-300 ms, the UI thread frozen all along when a worker sorts. Runs of this many are sorted
# apart (a few milliseconds each), then merged two by two, each merge a sort of two runs laid
# end to end (timsort finds the two runs and only merges them: the last merge of 100,000 keys
# takes a few tens of milliseconds, and when the runs are in order already, a list by path in
# the order the files were walked, each merge is one pass). A merge in Python costs more.
SORT_RUN = 8_000


def column_of(articles: Sequence[Article], name: str) -> list:
    """Field ``name`` of every article, in order, without making the articles when the
    sequence can say it (``column``)."""
    column = getattr(articles, "column", None)
    if column is not None:
        return column(name)
    return list(map(operator.attrgetter(name), articles))


class Listed(Sequence[Article]):
    """The articles of ``base`` at ``positions``, in that order."""

    def __init__(self, base: Sequence[Article], positions: Sequence[int]) -> None:
        self.base = base
        self.positions = positions
        # Columns made once (see ``keep_columns``): the list asks for some whenever it is set.
        self._columns: dict[str, list] = {}

    def keep_columns(self, *names: str) -> None:
        """Make and keep the columns ``names`` now (in the calling thread: a worker's, so the
        UI thread that shows the list does not spend 100,000 look-ups on each)."""
        for name in names:
            self._columns[name] = self._column(name)

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, row: int) -> Article: ...

    @overload
    def __getitem__(self, row: slice) -> list[Article]: ...

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self.base[p] for p in self.positions[row]]
        return self.base[self.positions[row]]

    def column(self, name: str) -> list:
        kept = self._columns.get(name)  # (read, never changed: like a store row's columns)
        return kept if kept is not None else self._column(name)

    def _column(self, name: str) -> list:
        values = column_of(self.base, name)
        return list(map(values.__getitem__, self.positions))


def _casefolded(values: list) -> list[str]:
    return list(map(str.casefold, values))


def sort_keys(articles: Sequence[Article], key: str) -> list:
    """The sort key of every article for ``key`` (one of SORT_KEYS); ties go by id (unique)."""
    ids = column_of(articles, "id")
    if key == "title":
        return list(zip(_casefolded(column_of(articles, "title")), ids, strict=True))
    if key == "source":
        return [(s is None, (s or "").casefold(), i)
                for s, i in zip(column_of(articles, "source"), ids, strict=True)]
    if key == "date":
        return [(d is None, d or "", i) for d, i in zip(column_of(articles, "date"), ids,
                                                       strict=True)]
    if key == "words":
        return list(zip(column_of(articles, "words"), ids, strict=True))
    return ids


def matches(article: Article, query: str) -> bool:
    """Every word of ``query`` occurs in the title, source or id (or nearly, for longer words)."""
    return _matches(f"{article.title} {article.source or ''} {article.id}".casefold(),
                    query.casefold().split())


def _matches(haystack: str, words: list[str]) -> bool:
    for word in words:
        if word in haystack:
            continue
        if len(word) < FUZZY_MIN_LENGTH or fuzz.partial_ratio(word, haystack) < FUZZY_MIN:
            return False
    return True


def filtered(articles: Sequence[Article], query: str) -> list[int]:
    """Positions of the articles ``query`` matches (every one when it is blank)."""
    if not query.strip():
        return list(range(len(articles)))
    words = query.casefold().split()
    columns = zip(column_of(articles, "title"), column_of(articles, "source"),
                  column_of(articles, "id"), strict=True)
    return [n for n, (title, source, aid) in enumerate(columns)
            if _matches(f"{title} {source or ''} {aid}".casefold(), words)]


def arrange(articles: Sequence[Article], query: str, key: str, reverse: bool = False) -> Listed:
    """The articles ``query`` matches, ordered by ``key``."""
    positions = filtered(articles, query)
    pace()
    keys = sort_keys(articles, key).__getitem__
    if len(positions) <= SORT_RUN:
        return Listed(articles, sorted(positions, key=keys, reverse=reverse))
    # (In runs, a pace point between sorts: see ``tuiread.pacing``.)
    runs = []
    for i in range(0, len(positions), SORT_RUN):
        pace()
        runs.append(sorted(positions[i : i + SORT_RUN], key=keys, reverse=reverse))
    while len(runs) > 1:
        merged = []
        for i in range(0, len(runs), 2):
            pace()
            merged.append(sorted(chain(*runs[i : i + 2]), key=keys, reverse=reverse))
        runs = merged
    # (Keys are unique, ids breaking ties: the order is the one sort's of ``positions``.)
    return Listed(articles, runs[0])
