"""Full-text search: a Whoosh index per corpus, kept up to date incrementally, and its queries.

Typical use (the app runs the two slow calls in thread workers)::

    index = SearchIndex.open(roots, rules)          # fast: reads stat only
    index.update(progress, cancelled)               # builds / catches up; searchable meanwhile
    results = index.search("ceasefire talks", cancelled=worker_cancelled)
    for hit in results.hits: hit.title, hit.snippets, hit.hits   # raw offsets into Article.text
    results.suggestions                             # "did you mean" when little is found
    index.article_hits(article, "ceasefire talks")  # hits in a loaded article, for the reader
    index.set_entities(catalog.index_field())       # entity: names; the next update re-indexes
                                                    # only the articles whose names changed

Bad queries raise ``QueryError`` (``message`` and ``position`` for the UI); a cancelled search
raises ``SearchCancelled``; ``IndexDamaged`` asks for ``update()``, which moves the damaged index
aside and rebuilds it.

Each name is imported from its module on first use (``tuiread.lazy``).
"""

from typing import TYPE_CHECKING

from tuiread.lazy import lazy_names
from tuiread.search import light_imports

# Before any module here imports Whoosh (see ``light_imports``).
light_imports.install()

if TYPE_CHECKING:
    from tuiread.search.index import IndexDamaged, SearchIndex
    from tuiread.search.query import QueryError, check_syntax, named_fields
    from tuiread.search.results import (
        DEFAULT_LIMIT,
        SearchHit,
        SearchResults,
        Suggestion,
        UpdateReport,
    )
    from tuiread.search.schema import QUERY_FIELDS, SCHEMA_VERSION
    from tuiread.search.searching import SearchCancelled
    from tuiread.search.snippets import Snippet
    from tuiread.search.updater import prepare_worker_processes

_MODULES = {
    "IndexDamaged": "index", "SearchIndex": "index",
    "QueryError": "query", "check_syntax": "query", "named_fields": "query",
    "DEFAULT_LIMIT": "results", "SearchHit": "results", "SearchResults": "results",
    "Suggestion": "results", "UpdateReport": "results",
    "QUERY_FIELDS": "schema", "SCHEMA_VERSION": "schema",
    "SearchCancelled": "searching",
    "Snippet": "snippets",
    "prepare_worker_processes": "updater",
}
__getattr__, __dir__ = lazy_names(__name__, _MODULES)

__all__ = [
    "prepare_worker_processes",
    "DEFAULT_LIMIT",
    "QUERY_FIELDS",
    "SCHEMA_VERSION",
    "IndexDamaged",
    "QueryError",
    "SearchCancelled",
    "SearchHit",
    "SearchIndex",
    "SearchResults",
    "Snippet",
    "Suggestion",
    "UpdateReport",
    "check_syntax",
    "named_fields",
]
