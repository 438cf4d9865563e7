"""Where a query matches inside an article: the words and phrases to highlight and step through.

The terms come from the parsed query, with wildcards and fuzzy words expanded against the index's
vocabulary; words under NOT are left out. Matching re-analyses the visible text with the index's
own analysis, so "talks" finds "talked" exactly as the search did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query
from whoosh.analysis.tokenizers import default_pattern
from whoosh.reading import IndexReader

from tuiread.corpus import Span
from tuiread.search.analysis import stem_word

# Fields whose terms are looked for in the article's text (both use the same analysis).
TEXT_FIELDS = ("title", "body")


@dataclass(frozen=True, slots=True)
class Phrase:
    terms: tuple[str, ...]
    slop: int  # the next word may be at most this many positions after the previous one


@dataclass(slots=True)
class QueryTerms:
    terms: set[str] = field(default_factory=set)
    phrases: set[Phrase] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


def query_terms(parsed: query.Query, reader: IndexReader | None) -> QueryTerms:
    """The index terms and phrases of ``parsed`` to highlight (expanded with ``reader``)."""
    found = QueryTerms()
    _collect(parsed, reader, found)
    return found


def _collect(node: query.Query, reader: IndexReader | None, found: QueryTerms) -> None:
    if isinstance(node, query.Not):
        return
    if isinstance(node, query.AndNot):
        _collect(node.a, reader, found)
        return
    if isinstance(node, query.Phrase):
        if node.fieldname in TEXT_FIELDS and node.words:
            found.phrases.add(Phrase(tuple(node.words), max(int(node.slop), 1)))
        return
    if isinstance(node, query.Term) and not isinstance(node, query.MultiTerm):
        if node.fieldname in TEXT_FIELDS and isinstance(node.text, str):
            found.terms.add(node.text)
        return
    if node.is_leaf():
        if reader is None:
            return
        for fieldname, text in node.existing_terms(reader, phrases=False, expand=True):
            if fieldname in TEXT_FIELDS:
                found.terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
        return
    for child in node.children():
        _collect(child, reader, found)


def find_hits(text: str, wanted: QueryTerms) -> list[Span]:
    """Spans of ``text`` where the query's terms and phrases occur, sorted and merged.

    Only words that could stem to a wanted term are analysed: a regular expression finds words
    starting like one (Porter stemming rewrites at most the last letters of a stem), which is much
    faster than analysing every word of every article on the results page.
    """
    if not wanted:
        return []
    spans = [Span(start, end) for start, end, _term in _candidates(text, wanted.terms)]
    for phrase in wanted.phrases:
        spans.extend(_phrase_spans(text, phrase))
    return _merge(spans)


def _prefix(term: str) -> str:
    return term[: max(1, min(len(term) - PORTER_REWRITES, PREFIX_CHARS))]


# Porter stemming changes at most this many final letters of a stem ("happy" -> "happi",
# "hoping" -> "hope"), so a word shares all but these of its stem's first letters.
PORTER_REWRITES = 2
# Letters of a stem that a candidate word must start with (more only narrows the search).
PREFIX_CHARS = 3


def _candidates(text: str, terms: set[str] | frozenset[str]):
    """(start, end, term) of each indexed word of ``text`` whose term is in ``terms``."""
    if not terms:
        return
    lowered = text.lower()
    if len(lowered) == len(text):
        finder = _finder(frozenset(terms))
    else:
        # Lowercasing changed lengths ("İ" becomes two characters): look at every word.
        lowered, finder = text, _WORD_START
    for found in finder.finditer(lowered):
        start = found.start()
        if start and (text[start - 1] == "*" or (text[start - 1] == "." and start > 1
                                                  and _WORD_CHAR.match(text, start - 2))):
            continue  # inside a longer token ("x.blair", "f*blair")
        token = default_pattern.match(text, start)
        if token is None:
            continue
        term = stem_word(token.group().lower())
        if term in terms:
            yield start, token.end(), term


@lru_cache(maxsize=64)
def _finder(terms: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching (lowercased) words that start like one of ``terms``."""
    prefixes = sorted({_prefix(t) for t in terms}, key=len, reverse=True)
    # Not \b: a token may start with "*" ("*0"), where \b finds no boundary.
    return re.compile(r"(?<![\w*])(?:" + "|".join(re.escape(p) for p in prefixes) + ")")


_WORD_CHAR = re.compile(r"[\w*]")
_WORD_START = re.compile(r"(?<![\w*])[\w*]")


def _phrase_spans(text: str, phrase: Phrase) -> list[Span]:
    """Occurrences of ``phrase``: each next term within ``slop`` indexed words of the last."""
    spans = []
    first, rest = phrase.terms[0], phrase.terms[1:]
    for start, end, _term in _candidates(text, {first}):
        last_end = _follow(text, end, rest, phrase.slop)
        if last_end is not None:
            spans.append(Span(start, last_end))
    return spans


def _follow(text: str, position: int, terms: tuple[str, ...], slop: int) -> int | None:
    """Where the phrase ``terms`` ends if it continues from ``position`` (None if it does not)."""
    if not terms:
        return position
    wanted = 0
    gap = 0
    for match in default_pattern.finditer(text, position):
        term = stem_word(match.group().lower())
        if term is None:
            continue  # stop words have no position in the index
        gap += 1
        if term == terms[wanted]:
            wanted += 1
            gap = 0
            if wanted == len(terms):
                return match.end()
        elif gap >= slop:
            return None
    return None


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start < merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
            continue
        merged.append(span)
    return merged
