"""The index schema, its version, and the signature of everything the indexed text depends on."""

from __future__ import annotations

import hashlib
import json
from operator import sub
from pickle import dumps

from whoosh import fields, formats
from whoosh.analysis import SimpleAnalyzer
from whoosh.system import pack_uint

from tuiread.corpus import Rule
from tuiread.search import analysis
from tuiread.search.analysis import index_terms, query_analyzer

# Bump when fields, analysis or stored values change: an index of another version is rebuilt.
# 2: each document stores the digest of its entity names (``entity_hash``).
# 3: ``date`` (the day, YYYY-MM-DD, for ranges) and ``author`` fields.
SCHEMA_VERSION = 3

# A match in the headline says more about an article than one in its body; 2x is the usual
# BM25F title weight and keeps long bodies from drowning a headline match.
TITLE_BOOST = 2.0

# Fields a query may name, with what they hold (for error messages and help).
QUERY_FIELDS = {
    "title": "the headline",
    "body": "the visible text",
    "source": "the outlet",
    "author": "the byline",
    "date": "the publication day, YYYY-MM-DD (date:[2025-08-18 TO 2025-08-20], date:2025-08*)",
    "entity": "canonical entity names",
    "id": "the article id",
    "path": "the file's path in the corpus (path:politics/* for one folder)",
}
DEFAULT_FIELDS = ("title", "body")


class StemmedPositions(formats.Positions):
    """Whoosh's Positions format, with terms from the fused analysis in ``analysis.py``."""

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        for term, positions in index_terms(value).items():
            count = len(positions)
            # ``Positions.encode`` (the count, then the pickled gaps) without its Python loop:
            # a term seen once, most of an article's, is its own list of gaps.
            gaps = positions if count == 1 else [positions[0], *map(sub, positions[1:],
                                                                    positions)]
            yield term, count, count * boost, pack_uint(count) + dumps(gaps, 2)


def _stemmed_text(boost: float = 1.0, stored: bool = False) -> fields.TEXT:
    field = fields.TEXT(analyzer=query_analyzer(), stored=stored, field_boost=boost)
    field.format = StemmedPositions(field_boost=boost)
    return field


def build_schema() -> fields.Schema:
    """One document per article.

    ``body`` is the article's visible text (hidden boilerplate left out) and is stored so results
    can show snippets without reading the corpus; ``spans`` maps it back to raw offsets. ``path``
    (corpus-relative) ties documents to the file they came from for incremental updates.
    """
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True),
        title=_stemmed_text(TITLE_BOOST, stored=True),
        body=_stemmed_text(stored=True),
        source=fields.TEXT(analyzer=SimpleAnalyzer(), stored=True),
        author=fields.TEXT(analyzer=SimpleAnalyzer(), stored=True),
        # The day only: ISO days sort as text, so ranges and prefixes need no date parsing.
        date=fields.ID(stored=True),
        entity=fields.TEXT(analyzer=SimpleAnalyzer()),
        spans=fields.STORED(),
        stamp=fields.STORED(),  # the file's stamp, to rebuild a lost manifest
        # Digest of the names in ``entity`` ("" for none): a lost manifest's per-article
        # digests are rebuilt from it.
        entity_hash=fields.STORED(),
    )


def settings_signature(rules: list[Rule]) -> str:
    """A digest of what decides the indexed text: schema version, analysis and cleaning rules.
    When it changes (a boilerplate rule edited) the index is rebuilt.

    Entity names are not part of it: each document records a digest of the names it was given,
    and an update re-indexes only the documents whose names changed (``entity_refresh``), so a
    new gazetteer or a user's decision never rebuilds the whole index.
    """
    described = {
        "schema": SCHEMA_VERSION,
        "analysis": analysis.describe(),
        "rules": [[r.name, r.scope, r.pattern.pattern, r.pattern.flags] for r in rules],
    }
    encoded = json.dumps(described, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]
