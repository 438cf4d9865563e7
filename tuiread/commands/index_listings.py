"""The mention listings of the most mentioned entities, made by a bulk ``tuiread index``.

A listing's first run reads every article that mentions the entity to make its contexts: at
100,000 articles ``mentions "Tony Blair"`` reads about 7,000 files (1.7 s) and
``mentions "United Kingdom"`` about 29,000; the next run prints the kept listing
(``entities.kept_contexts``) or catches it up for what changed, in a fraction of that. Short
listings are made in well under a second, so only the long ones are made here, after a bulk
update has derived the entity mentions: the entities mentioned in at least AHEAD_MIN_ARTICLES
articles, most mentioned first, at most AHEAD_LISTINGS of them. A listing kept from an earlier
run is caught up, not made again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tuiread.commands.mentions_ahead import MentionsAhead
    from tuiread.entities import Entity, EntityCatalog
    from tuiread.workspace import Workspace

# A listing of this many articles takes about a third of a second to make (about 160 us an
# article, measured at 100,000 articles on a 2-core machine); shorter ones are left to their
# first run.
AHEAD_MIN_ARTICLES = 2_000
# Listings made ahead at most (within ``kept_contexts.KEPT_LISTINGS``, which also keeps the
# ones users make).
AHEAD_LISTINGS = 48


def entities_ahead(catalog: EntityCatalog) -> list[Entity]:
    """The entities whose listings are made ahead, most mentioned first."""
    long = [e for e in catalog.entities if e.article_count >= AHEAD_MIN_ARTICLES]
    long.sort(key=lambda e: (-e.article_count, e.key))
    return long[:AHEAD_LISTINGS]


def make_listings(workspace: Workspace) -> int:
    """Make (or catch up) and keep the listings of ``entities_ahead``; how many were made."""
    from tuiread.commands.collector import held
    from tuiread.commands.mentions_ahead import MentionsAhead
    from tuiread.corpus.store import store_file
    from tuiread.entities.kept_contexts import kept_folder

    folder = kept_folder(store_file(workspace.roots))
    catalog = workspace.entities
    made = 0
    for entity in entities_ahead(catalog):
        listing = MentionsAhead(entity.name, as_lines=True)
        listing.kept_folder = folder
        with held():  # (tens of thousands of mentions and contexts, no cycle among them)
            made += _make(listing, catalog, entity)
        forget = getattr(entity, "forget_mentions", None)
        if forget is not None:
            forget()
    return made


def _make(listing: MentionsAhead, catalog: EntityCatalog, entity: Entity) -> int:
    """Make or catch up ``listing`` and keep it: 1, or 0 when the kept one stands."""
    _, lines, standing = listing.current_lines(catalog, entity)
    if standing is not None:
        return 0
    for _ in lines:
        pass  # (making each line keeps its article's contexts)
    listing.save(catalog)
    return 1
