"""Scoring a segment's matches all at once: Whoosh's top collector, without its per-posting walk.

Whoosh's collector steps its matcher tree one document at a time: at 100,000 articles a plain
two-word query ("prime minister": both words in the title or body) costs a quarter of a second,
nearly all of it in Python calls per posting per node. A query made only of words, AND and OR
(what the parser makes of plain words, over the title and the body) builds a tree of term
postings, unions, intersections and the filter that leaves out deleted documents. For such a
tree :class:`WholeTopCollector` reads each term's postings in one pass, finds the matching
documents with set operations, and scores each match with the term's own scorer, adding the
scores in the order Whoosh's matchers add them (union and intersection: left plus right;
wrapper: times its boost). The scores are the same floats, so the ranking, ties included, is
Whoosh's. Any other tree (phrases, NOT, wildcards expanded into many terms, a custom scorer...)
is collected match by match as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Set
from itertools import accumulate

from whoosh import collectors
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching import IntersectionMatcher, Matcher, UnionMatcher
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.scoring import BM25FScorer, WeightLengthScorer
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from tuiread.search.kept_postings import postings_from

# How many candidate documents are scored between two looks at the cancel flag (when the
# matches are walked one by one).
CHECK_EVERY = 256


class SearchCancelled(Exception):
    """The caller's ``cancelled()`` said stop; nothing is returned."""


class WholeTopCollector(collectors.TopCollector):
    """``TopCollector(usequality=False)``: every match is scored (an exact total), the top
    ``limit`` kept; a supported matcher tree is scored at once (see the module's docstring).
    Raises SearchCancelled when ``cancelled()`` becomes true."""

    def __init__(self, limit: int, cancelled: Callable[[], bool]):
        super().__init__(limit=limit, usequality=False, replace=0)
        self.cancelled = cancelled
        self.whole_segments = 0  # segments scored at once (the rest were walked)

    def collect_matches(self) -> None:
        if self.cancelled():
            raise SearchCancelled
        segment = getattr(self.subsearcher.reader(), "_segment", None)
        tree = _tree(self.matcher, segment) if self.final_fn is None else None
        if tree is None:
            for count, docnum in enumerate(self.matches()):
                if count % CHECK_EVERY == 0 and self.cancelled():
                    raise SearchCancelled
                self.collect(docnum)
            return
        scores = tree.scores(tree.ids, Lengths(self.subsearcher))
        self.whole_segments += 1
        offset, collect = self.offset, self._collect
        for docnum in sorted(scores):  # in document order, as the matcher gives them
            collect(offset + docnum, scores[docnum])


# The field length Whoosh scores with, by the byte it keeps per document (see ``Lengths``).
_LENGTH_OF_BYTE = [byte_to_length(byte) for byte in range(256)]


class Lengths:
    """One segment's field lengths as Whoosh keeps them, a byte per document, read whole once
    per field (Whoosh's own look-up reads the file once per document and field)."""

    def __init__(self, searcher: Searcher):
        self._searcher = searcher
        self._coded: dict[str, bytes | None] = {}

    def of(self, field: str) -> bytes | None:
        """The field's length bytes by document; None when they cannot be read whole here (a
        reader of another kind): each length is then asked of the scorer."""
        if field not in self._coded:
            self._coded[field] = _length_bytes(self._searcher, field)
        return self._coded[field]


def _length_bytes(searcher: Searcher, field: str) -> bytes | None:
    # The codec's per-document reader and its column of length bytes (Whoosh has no public
    # way to read a column whole); anything unexpected leaves the per-document look-up.
    perdoc = getattr(searcher.reader(), "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if not isinstance(column, NumericColumn.Reader) or column._typecode != "B":
        return None
    return bytes(column._dbfile.get(column._basepos, column._count)) if column._count else b""


class _Node:
    ids: Set[int]

    def scores(self, wanted: Set[int], lengths: Lengths) -> dict[int, float]:
        """The score of each document of ``wanted`` (all among ``ids``)."""
        raise NotImplementedError


class _Term(_Node):
    def __init__(self, matcher: W3LeafMatcher, scorer: WeightLengthScorer,
                 segment: object | None):
        self.field = matcher.term()[0]
        self.scorer = scorer
        self.weights = postings_from(matcher, segment, _postings)
        self.ids = self.weights.keys()

    def scores(self, wanted: Set[int], lengths: Lengths) -> dict[int, float]:
        scorer = self.scorer
        dfl, score, weights = scorer.dfl, scorer._score, self.weights
        coded = lengths.of(self.field)
        found: dict[int, float] = {}
        if coded is None:
            for docnum in wanted:
                found[docnum] = score(weights[docnum], dfl(docnum))
            return found
        count, decoded = len(coded), _LENGTH_OF_BYTE
        if type(scorer) is BM25FScorer:
            # Whoosh's ``bm25`` written out, the same operations in the same order (the same
            # floats), without two calls per document.
            idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
            k1_plus_1, one_minus_b = k1 + 1, 1 - b
            for docnum in wanted:
                byte = coded[docnum] if docnum < count else 0
                tf = weights[docnum]
                if byte:
                    found[docnum] = idf * ((tf * k1_plus_1) / (
                        tf + k1 * (one_minus_b + b * decoded[byte] / avgfl)))
                else:
                    found[docnum] = score(tf, dfl(docnum))
            return found
        for docnum in wanted:
            byte = coded[docnum] if docnum < count else 0
            # (no length byte: the scorer's own look-up says what that means)
            found[docnum] = score(weights[docnum], decoded[byte] if byte else dfl(docnum))
        return found


class _Union(_Node):
    def __init__(self, a: _Node, b: _Node):
        self.a, self.b = a, b
        self.ids = a.ids | b.ids

    def scores(self, wanted: Set[int], lengths: Lengths) -> dict[int, float]:
        left = self.a.scores(wanted & self.a.ids, lengths)
        right = self.b.scores(wanted & self.b.ids, lengths)
        found = dict(left)
        for docnum, score in right.items():
            mine = left.get(docnum)
            found[docnum] = score if mine is None else mine + score
        return found


class _Intersection(_Node):
    def __init__(self, a: _Node, b: _Node):
        self.a, self.b = a, b
        self.ids = a.ids & b.ids

    def scores(self, wanted: Set[int], lengths: Lengths) -> dict[int, float]:
        left = self.a.scores(wanted, lengths)
        right = self.b.scores(wanted, lengths)
        return {docnum: left[docnum] + right[docnum] for docnum in wanted}


class _Scaled(_Node):
    def __init__(self, child: _Node, boost: float, ids: Set[int] | None = None):
        self.child, self.boost = child, boost
        self.ids = child.ids if ids is None else ids

    def scores(self, wanted: Set[int], lengths: Lengths) -> dict[int, float]:
        boost = self.boost
        return {d: s * boost for d, s in self.child.scores(wanted, lengths).items()}


class _Empty(_Node):
    ids: Set[int] = frozenset()

    def scores(self, wanted: Set[int], lengths: Lengths) -> dict[int, float]:
        return {}


def _tree(matcher: Matcher, segment: object | None) -> _Node | None:
    """The nodes for ``matcher`` when every part of it is supported, else None; the matcher
    is only read (its postings consumed) once the whole tree is known to be supported."""
    if not _supported(matcher):
        return None
    return _node(matcher, segment)


def _supported(matcher: Matcher) -> bool:
    kind = type(matcher)
    if not matcher.is_active():
        return True  # (matches nothing, whatever it is)
    if kind is W3LeafMatcher:
        scorer = matcher.scorer
        return isinstance(scorer, WeightLengthScorer) and hasattr(scorer, "dfl")
    if kind in (UnionMatcher, IntersectionMatcher):
        return _supported(matcher.a) and _supported(matcher.b)
    if kind is FilterMatcher:
        return (isinstance(getattr(matcher, "_ids", None), Set)
                and isinstance(getattr(matcher, "_exclude", None), bool)
                and _supported(matcher.child))
    if kind is WrappingMatcher:
        return _supported(matcher.child)
    return False


def _node(matcher: Matcher, segment: object | None) -> _Node:
    kind = type(matcher)
    if not matcher.is_active():
        return _Empty()
    if kind is W3LeafMatcher:
        return _Term(matcher, matcher.scorer, segment)
    if kind is UnionMatcher:
        return _Union(_node(matcher.a, segment), _node(matcher.b, segment))
    if kind is IntersectionMatcher:
        return _Intersection(_node(matcher.a, segment), _node(matcher.b, segment))
    child = _node(matcher.child, segment)
    if kind is FilterMatcher:
        chosen = matcher._ids
        ids = child.ids - chosen if matcher._exclude else child.ids & chosen
        return _Scaled(child, matcher.boost, ids)
    return _Scaled(child, matcher.boost)


def _postings(matcher: W3LeafMatcher) -> Mapping[int, float]:
    """The term's postings from where the matcher stands: document -> weight."""
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        start = matcher._i  # (a matcher may stand inside its first block)
        if matcher._ids is None or matcher._weights is None:
            _read_block(matcher)
        ids.extend(matcher._ids[start:])
        weights.extend(matcher._weights[start:])
        matcher._next_block()
    return dict(zip(ids, weights, strict=True))


def _read_block(matcher: W3LeafMatcher) -> None:
    """``_read_ids`` and ``_read_weights`` of the matcher's block, the same values made without
    a Python call per posting (Whoosh decodes the ids with a generator)."""
    if matcher._data is None:
        matcher._read_data()
    deltas, weights = matcher._data[0], matcher._data[1]
    if matcher._ids is None:
        matcher._ids = deltas if matcher._byteids else tuple(accumulate(deltas))
    if matcher._weights is None:
        if weights is None:
            matcher._weights = array("f", [1.0]) * matcher._blocklength
        elif isinstance(weights, float):
            matcher._weights = array("f", [weights]) * matcher._blocklength
        else:
            matcher._weights = weights
