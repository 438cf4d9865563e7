"""The search index's entity names straight from the entity snapshot, with no catalog made.

Kept apart from ``stored_names`` (the lazy names mapping, which the snapshot's catalog uses too)
so that neither of those two modules imports the other.
"""

from __future__ import annotations

import sqlite3

from tuiread.corpus import Article, Corpus
from tuiread.entities.catalog import EntityField
from tuiread.entities.model import Entity, Kind, MentionCount
from tuiread.entities.normalize import name_key
from tuiread.entities.snapshot import (
    _ById,
    _chunked,
    _ids,
    _spelling_keys,
    corpus_state,
    open_valid,
    snapshot_file,
)
from tuiread.entities.stored_names import names_by_spelling, stored_field


def open_index_field(corpus: Corpus, count: MentionCount | None = None) -> EntityField | None:
    """The search index's entity names from the snapshot, without reading its entities (unless
    articles changed since the grouping and their names are not kept yet); None when the
    snapshot cannot answer (build the catalog). Raises what ``open_catalog`` raises."""
    from tuiread.entities.articles import quick_version
    from tuiread.entities.decisions import DecisionStore

    path = snapshot_file(corpus)
    if path is None:
        return None
    with DecisionStore() as store:
        decisions = store.all()
    opened = open_valid(path, corpus_state(corpus, quick_version(), decisions), corpus)
    if opened is None:
        return None
    db, changed = opened
    articles = _ById(corpus)

    def changed_articles() -> list[Article]:
        return [articles[a] for a in _ids(corpus) if a in changed]

    def by_spelling(fresh: list[Article]) -> dict[str, tuple[str, ...]]:
        # The entities' rows only: no catalog (its objects and fuzzy index) is made.
        rows = list(_chunked(db, "entities"))
        keys = _spelling_keys(rows)

        def names(text: str) -> list[str] | None:
            position = keys.get(name_key(text))
            if position is None or rows[position][5]:  # none, or ignored
                return None
            key, name, kind, variants = rows[position][:4]
            return Entity(key, name, Kind(kind), variants).variant_names()

        return names_by_spelling(fresh, names, count)

    try:
        return stored_field(db, path, lambda: _ids(corpus), changed, changed_articles,
                            by_spelling)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        db.close()
        return None
