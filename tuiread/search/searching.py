"""Running one query on an open searcher: ranked articles with hits, snippets and suggestions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from whoosh import qparser, query
from whoosh.searching import Searcher

from tuiread.corpus import Span
from tuiread.search.documents import BodyMap
from tuiread.search.hits import find_hits, query_terms
from tuiread.search.query import parse_query
from tuiread.search.results import SearchHit, SearchResults
from tuiread.search.snippets import MAX_SNIPPETS, make_snippets
from tuiread.search.suggest import suggest
from tuiread.search.whole_scoring import SearchCancelled, WholeTopCollector

__all__ = ["NOTHING_TO_SEARCH", "Locate", "SearchCancelled", "run_search"]

NOTHING_TO_SEARCH = ("nothing to search for: every word is too short or too common "
                     "(like 'the') to be indexed")

# rel paths -> for each, (current path of the file, whether it changed since it was indexed), or
# None if the file is no longer in the corpus. (All of a page's hits at once: one pass over the
# corpus's files, not a map of every file made for fifty hits.)
Locate = Callable[[Iterable[str]], "Mapping[str, tuple[Path, bool] | None]"]


def run_search(searcher: Searcher, parser: qparser.QueryParser, text: str, limit: int,
               locate: Locate, cancelled: Callable[[], bool] | None = None,
               snippets: int = MAX_SNIPPETS) -> SearchResults:
    """The top ``limit`` articles for ``text``. Raises QueryError or SearchCancelled."""
    began = time.perf_counter()
    cancelled = cancelled or (lambda: False)
    parsed = parse_query(parser, text)
    if parsed is query.NullQuery:
        return SearchResults(text, [], 0, notices=[NOTHING_TO_SEARCH],
                             seconds=time.perf_counter() - began)
    # Every match is scored (no block skipping): a true total, and for plain words at once.
    top = WholeTopCollector(max(limit, 1), cancelled)
    searcher.search_with_collector(parsed, top)
    results = top.results()
    total = top.count()
    wanted = query_terms(parsed, searcher.reader())
    found: list[SearchHit] = []
    stored = [(hit, hit.fields()) for hit in results]
    where = locate([fields.get("path", "") for _, fields in stored])
    for hit, fields in stored:
        if cancelled():
            raise SearchCancelled
        located = where[fields.get("path", "")]
        if located is None:
            total -= 1
            continue
        path, stale = located
        body_map = BodyMap.from_spans(fields.get("body", ""), fields.get("spans", ()))
        body_hits = find_hits(body_map.body, wanted)
        raw_hits: list[Span] = []
        for span in body_hits:
            raw_hits.extend(body_map.raw_spans(span.start, span.end))
        found.append(SearchHit(
            id=fields["id"],
            path=path,
            title=fields.get("title", ""),
            source=fields.get("source") or None,
            score=float(hit.score or 0.0),
            snippets=tuple(make_snippets(body_map, body_hits, snippets)),
            hits=tuple(raw_hits),
            stale=stale,
        ))
    outcome = SearchResults(text, found[:limit], max(total, 0))
    if not cancelled():
        outcome.suggestions = suggest(searcher, parsed, text, outcome.total,
                                      lambda t: parse_query(parser, t))
    outcome.seconds = time.perf_counter() - began
    return outcome
