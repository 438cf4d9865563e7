"""The index's vocabulary in memory, for fuzzy terms (``ceasfire~``) and "did you mean".

Whoosh finds terms near a word by walking the term dictionary with a Levenshtein automaton per
segment, or, across several segments, by computing an edit distance in Python for every term:
hundreds of milliseconds per fuzzy word. Here each segment's terms are read once (segments never
change, so the lists stay valid across commits) and searched with rapidfuzz.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterator

from whoosh import query
from whoosh.reading import IndexReader
from whoosh.spelling import Corrector

# Segment vocabularies kept in memory: a few index generations' worth.
MAX_CACHED_SEGMENTS = 64

_segment_terms: dict[tuple[str, str], frozenset[str]] = {}
_field_terms: dict[tuple[str, tuple[str, ...]], list[str]] = {}
_lock = threading.Lock()


def field_terms(reader: IndexReader, fieldname: str) -> list[str]:
    """Every term of ``fieldname`` in the index (sorted)."""
    leaves = [leaf for leaf, _offset in reader.leaf_readers()]
    ids = tuple(sorted(leaf.segment().segment_id() for leaf in leaves if leaf.segment()))
    key = (fieldname, ids)
    with _lock:
        found = _field_terms.get(key)
    if found is not None:
        return found
    merged: set[str] = set()
    for leaf in leaves:
        segment = leaf.segment()
        segment_key = (fieldname, segment.segment_id() if segment else "")
        with _lock:
            terms = _segment_terms.get(segment_key)
        if terms is None:
            terms = frozenset(t.decode("utf-8") for t in leaf.lexicon(fieldname))
            with _lock:
                if len(_segment_terms) >= MAX_CACHED_SEGMENTS:
                    _segment_terms.clear()
                _segment_terms[segment_key] = terms
        merged |= terms
    result = sorted(merged)
    with _lock:
        if len(_field_terms) >= MAX_CACHED_SEGMENTS:
            _field_terms.clear()
        _field_terms[key] = result
    return result


def near_terms(reader: IndexReader, fieldname: str, text: str, maxdist: int,
               prefix: int = 0) -> list[tuple[str, int]]:
    """Terms within ``maxdist`` edits of ``text`` (sharing its first ``prefix`` characters)."""
    # (Imported here: only fuzzy words and "did you mean" need it, not every search.)
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    terms = field_terms(reader, fieldname)
    if prefix:
        start = text[:prefix]
        lo = bisect_left(terms, start)
        hi = bisect_left(terms, start + "\U0010ffff")
        terms = terms[lo:hi]
    matches = process.extract(text, terms, scorer=OSA.distance, score_cutoff=maxdist,
                              limit=None)
    return [(term, int(dist)) for term, dist, _index in matches]


# Fuzzy words keep their first letter: typos rarely change it (Whoosh's FuzzyTerm defaults to
# this too, though its query syntax asks for none), and "goverment~" then finds "government"
# without "cover" and "lover".
FUZZY_SAME_PREFIX = 1


class FastFuzzyTerm(query.FuzzyTerm):
    """Whoosh's FuzzyTerm, expanded from the in-memory vocabulary."""

    def _btexts(self, ixreader: IndexReader) -> Iterator[str]:
        prefix = max(self.prefixlength, FUZZY_SAME_PREFIX)
        for term, _dist in near_terms(ixreader, self.fieldname, self.text, int(self.maxdist),
                                      prefix):
            yield term


# A stem may be this many letters shorter than a prefix its words start with
# ("negotiat*": "negotiations" is indexed as "negoti").
STEM_SHORTER_BY = 2
# ...but only prefixes this long get the extra terms, so "sec*" does not also match "se".
STEM_PREFIX_MIN = 4


class StemAwarePrefix(query.Prefix):
    """Whoosh's Prefix, plus the stems that words starting with the prefix are indexed under.

    Title and body hold stems, so ``negotiat*`` finds no term starting with "negotiat" although
    the text says "negotiations" (indexed as "negoti").
    """

    def _btexts(self, ixreader: IndexReader) -> Iterator:
        yield from ixreader.expand_prefix(self.fieldname, self.text)
        if len(self.text) < STEM_PREFIX_MIN:
            return
        for length in range(max(STEM_PREFIX_MIN, len(self.text) - STEM_SHORTER_BY),
                            len(self.text)):
            stem = self.text[:length]
            if (self.fieldname, stem) in ixreader:
                yield stem


def tune_query(parsed: query.Query, stemmed_fields: tuple[str, ...]) -> query.Query:
    """``parsed`` with fuzzy terms expanded from memory, prefixes stem-aware, unions simple.

    Whoosh pre-reads every posting of an OR into an array on small indexes; the plain union is
    faster for the few terms of a typed query.
    """

    def swap(node: query.Query) -> query.Query:
        replaced = node
        if type(node) is query.FuzzyTerm:
            replaced = FastFuzzyTerm(node.fieldname, node.text, node.boost, node.maxdist,
                                     node.prefixlength, node.constantscore)
        elif type(node) is query.Prefix and node.fieldname in stemmed_fields:
            replaced = StemAwarePrefix(node.fieldname, node.text, node.boost, node.constantscore)
        elif isinstance(node, query.Or):
            node.matcher_type = query.Or.DEFAULT_MATCHER
        if replaced is not node:
            replaced.startchar = getattr(node, "startchar", None)
            replaced.endchar = getattr(node, "endchar", None)
        return replaced

    return parsed.accept(swap)


class VocabularyCorrector(Corrector):
    """A Whoosh corrector over the in-memory vocabulary: nearest terms first, then commonest."""

    def __init__(self, reader: IndexReader, fieldname: str):
        self.reader = reader
        self.fieldname = fieldname

    def _suggestions(self, text: str, maxdist: int, prefix: int):
        for term, dist in near_terms(self.reader, self.fieldname, text, maxdist, prefix):
            frequency = self.reader.doc_frequency(self.fieldname, term)
            # Higher is better: fewer edits first; among equals, more documents.
            yield (-dist + frequency / (frequency + 1), term)
