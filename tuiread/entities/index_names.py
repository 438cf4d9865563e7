"""The search index's entity names straight from the entity snapshot, with no catalog made.

Kept apart from ``stored_names`` (the lazy names mapping, which the snapshot's catalog uses too)
so that neither of those two modules imports the other.
"""

from __future__ import annotations

import sqlite3

from tuiread.corpus import Article, Corpus
from tuiread.entities.catalog import EntityField
from tuiread.entities.model import MentionCount
from tuiread.entities.normalize import name_key
from tuiread.entities.snapshot import (
    _ids,
    corpus_state,
    open_valid,
    snapshot_file,
)
from tuiread.entities.snapshot_rows import EntityRows
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

    def changed_articles() -> list[Article]:
        # By position in the corpus (an id's lookup would index all 100,000 ids first).
        rows = corpus.articles
        return [rows[n] for n, a in enumerate(_ids(corpus)) if a in changed]

    def by_spelling(fresh: list[Article]) -> dict[str, tuple[str, ...]]:
        # The entities' rows only, each read as a spelling asks for it: no catalog is made.
        meta = dict(db.execute("SELECT key, value FROM meta"))
        rows = EntityRows(db, changed, int(meta["shown"]), int(meta["ignored"]), path)

        def names(text: str) -> list[str] | None:
            entity = rows.by_spelling(name_key(text))
            if entity is None or entity._position >= rows.shown:  # none, or ignored
                return None
            return entity.variant_names()

        return names_by_spelling(fresh, names, count)

    try:
        return stored_field(db, path, lambda: _ids(corpus), changed, changed_articles,
                            by_spelling)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        db.close()
        return None
