"""``tuiread mentions``'s contexts made while the corpus walk runs.

A command opens the corpus by reading the store's record while a child process walks the
folders (``corpus.walk_ahead``); the entity catalog is read from its snapshot meanwhile. The
contexts of a mention listing (a file read per article) are made then too, until the walk's
result is in. They are used only if the walk confirms the corpus the catalog was read for (the
catalog the command gets is that very one); otherwise they are dropped and made again.

The contexts kept from an earlier listing of the same entity (``entities.kept_contexts``, in
``kept_folder``) are taken for the articles unchanged since; ``save`` keeps this listing's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain, groupby
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tuiread.entities import ArticleMention, Entity, EntityCatalog, MentionContext
    from tuiread.entities.kept_contexts import KeptListing

# Contexts made between two looks at whether the walk is done (a look is one ``select``; a
# context a few microseconds).
CONTEXTS_PER_LOOK = 100


class MentionsAhead:
    """The listing of ``name``, started from the catalog read ahead (``start``, given to
    ``Workspace.catalog_ahead``) while ``walking()`` says the walk runs."""

    def __init__(self, name: str, as_lines: bool = False):
        self.name = name
        self.as_lines = as_lines  # the listing is asked for by ``lines`` (else ``listing``)
        self.walking: Callable[[], bool] = lambda: False
        self.kept_folder: Path | None = None  # where listings' contexts are kept, if anywhere
        self._kept: KeptListing | None = None
        self._catalog: EntityCatalog | None = None
        self._entity: Entity | None = None
        self._mentions: list[ArticleMention] = []
        self._made: list[MentionContext] = []
        self._rest: Iterator[MentionContext] = iter(())

    def start(self, catalog: EntityCatalog) -> None:
        from tuiread.commands.collector import held

        # The corpus record just read is settled (as the command does anyway once the corpus
        # is open) and nothing is collected meanwhile: the thousands of mentions and contexts
        # made here would otherwise set off a full collection of it (half a second at 100,000
        # articles) and many passes over themselves.
        with held():
            self._start(catalog)

    def _start(self, catalog: EntityCatalog) -> None:
        from tuiread.entities.kept_catchup import catching_up
        from tuiread.entities.snapshot_rows import SnapshotDamaged

        made: list[MentionContext] = []
        try:
            entity = catalog.resolve(self.name)
            if entity is None:
                return
            kept = self._kept_for(entity)
            if kept is not None and kept.stands(catalog.listing_basis()):
                return  # (the kept listing is printed whole: nothing to make)
            if self.as_lines and kept is not None and catching_up(kept, catalog) is not None:
                return  # (the kept listing is caught up: only changed articles read)
            mentions = catalog.listed_mentions(entity)
            contexts = catalog.iter_contexts(mentions, kept)
            # With contexts kept, a listing takes them by ``lines``: none made ahead.
            taking = (self.as_lines and kept is not None and kept.holds
                      and catalog.content_keys() is not None)
            while not taking and self.walking():
                before = len(made)
                made.extend(c for _, c in zip(range(CONTEXTS_PER_LOOK), contexts,
                                              strict=False))
                if len(made) - before < CONTEXTS_PER_LOOK:
                    break  # all made
        except SnapshotDamaged:
            return  # nothing made ahead: the command meets it again and says so
        self._catalog, self._entity, self._mentions = catalog, entity, mentions
        self._made, self._rest = made, contexts

    def listing(self, catalog: EntityCatalog, entity: Entity,
                ) -> tuple[list[ArticleMention], Iterator[MentionContext]]:
        """The mentions of ``entity`` that ``catalog`` lists, and their contexts: those made
        ahead when ``catalog`` is the one they were made from."""
        if catalog is self._catalog and entity is self._entity:
            return self._mentions, chain(self._made, self._rest)
        mentions = catalog.listed_mentions(entity)
        kept = self._kept_for(entity)
        if kept is not None:
            kept.begin()  # (the contexts made ahead are taken by article and content)
            return mentions, catalog.iter_contexts(mentions, kept)
        if self._entity is None or entity.key != self._entity.key or not self._made:
            return mentions, catalog.iter_contexts(mentions)
        # Files changed while they were walked: the contexts made ahead stand for the first
        # articles that are the same files and have the same mentions.
        same = _same_prefix(catalog, mentions, self._made)
        return mentions, chain(same, catalog.iter_contexts(mentions[len(same):], kept))

    def lines(self, catalog: EntityCatalog, entity: Entity,
              ) -> tuple[int, Iterator[tuple[str, int, int, str]]]:
        """How many mentions of ``entity`` ``catalog`` lists, and the listing's lines (article
        id, start, end, context): with contexts kept from an earlier listing, those of the
        articles unchanged since taken as they are (no article made, no context object), so
        that a listing after an edit costs what changed."""
        kept = self._kept_for(entity)
        key_of = catalog.content_keys()
        if kept is None or not kept.holds or key_of is None:
            mentions, contexts = self.listing(catalog, entity)
            return len(mentions), ((c.article.id, c.mention.start, c.mention.end, c.context)
                                   for c in contexts)
        # (``_start`` made no context from this very catalog: it found contexts kept.)
        same = catalog is self._catalog and entity is self._entity
        mentions = self._mentions if same else catalog.listed_mentions(entity)
        kept.begin()

        def make(pending: list[ArticleMention]) -> Iterator[MentionContext]:
            return catalog.iter_contexts(pending, kept)

        return len(mentions), kept.lines(mentions, key_of, make)

    def current_lines(self, catalog: EntityCatalog, entity: Entity,
                      ) -> tuple[int, Iterator[tuple[str, int, int, str]], KeptListing | None]:
        """``lines`` the cheapest way: the kept listing when it stands whole (then also given,
        as the third value), else caught up for what changed, else made."""
        standing = self.standing(catalog, entity)
        if standing is not None:  # nothing changed since it was listed: the listing as kept
            return standing.count, standing.kept_lines(), standing
        caught = self.caught_up(catalog, entity)
        if caught is not None:  # the kept listing but for the articles changed since
            return *caught, None
        return *self.lines(catalog, entity), None

    def standing(self, catalog: EntityCatalog, entity: Entity) -> KeptListing | None:
        """The kept listing of ``entity`` when it is ``catalog``'s listing whole (see
        ``KeptListing.stands``): printed as it is, nothing read."""
        kept = self._kept_for(entity)
        if kept is not None and kept.stands(catalog.listing_basis()):
            return kept
        return None

    def caught_up(self, catalog: EntityCatalog, entity: Entity,
                  ) -> tuple[int, Iterator[tuple[str, int, int, str]]] | None:
        """``lines`` from the kept listing of ``entity`` brought up to date at the cost of
        the articles changed since it was made (see ``kept_catchup``), when it can be."""
        from tuiread.entities.kept_catchup import catch_up

        kept = self._kept_for(entity)
        return catch_up(kept, catalog, entity) if kept is not None else None

    def save(self, catalog: EntityCatalog) -> None:
        """Keep the contexts of ``catalog``'s listing just given in full, for the next one."""
        if self._kept is not None:
            # (The parts first: naming the grouping may write the snapshot's file, which the
            # basis describes.)
            parts = getattr(catalog, "listing_parts", None)
            parts = parts(name=True) if parts is not None else None
            self._kept.save(catalog.listing_basis(), parts)

    def _kept_for(self, entity: Entity) -> KeptListing | None:
        """The kept contexts of ``entity``'s listings (read once per entity)."""
        if self.kept_folder is None:
            return None
        if self._kept is None or self._kept.entity_key != entity.key:
            from tuiread.entities.kept_contexts import KeptListing

            self._kept = KeptListing(self.kept_folder, entity.key)
        return self._kept


def _same_prefix(catalog: EntityCatalog, mentions: list[ArticleMention],
                 made: list[MentionContext]) -> list[MentionContext]:
    """The contexts of ``made`` that begin ``mentions`` (whole articles only), each given the
    article of ``catalog``: those of the articles derived from the same content of the same
    file, with the same mentions, as the ones they were made from."""
    from tuiread.entities.contexts import MentionContext

    kept: list[MentionContext] = []
    at = 0
    for article_id, run in groupby(made, key=lambda c: c.mention.article_id):
        contexts = list(run)
        own = mentions[at : at + len(contexts)]
        article = catalog.article(article_id)
        was = contexts[0].article
        if (article is None or _derived(article) is None or _derived(article) != _derived(was)
                or article.path != was.path or own != [c.mention for c in contexts]
                or (at + len(contexts) < len(mentions)
                    and mentions[at + len(contexts)].article_id == article_id)):
            break
        kept.extend(MentionContext(m, article, c.context, c.offset)
                    for m, c in zip(own, contexts, strict=True))
        at += len(contexts)
    return kept


def _derived(article) -> str | None:
    """What an article's text and spans were derived from (None when not known)."""
    return getattr(article, "derived_key", None)
