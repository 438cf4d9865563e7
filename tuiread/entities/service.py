"""The entity catalog of an open corpus and the user's corrections, for a front end.

:class:`EntityService` builds the catalog in a worker thread (seconds on a big corpus) and
records corrections: a decision regroups a copy of the catalog in a worker thread, and the copy
replaces the catalog in one step, so nothing ever reads a half-regrouped catalog. A generation
drops the catalog of a corpus replaced meanwhile; ``busy`` is cleared however a change ends. The
decision store is opened, and the catalog built, through the functions it is given (the
workspace's, so the catalog comes from its snapshot; tests pass temporary ones).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass

from tuiread.corpus import Corpus
from tuiread.entities.catalog import EntityCatalog, build_catalog
from tuiread.entities.decisions import Decision, DecisionStore
from tuiread.entities.model import ArticleMention, Entity, Kind
from tuiread.errors import TuireadError

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
CatalogOf = Callable[[Corpus, Progress, Cancelled], EntityCatalog]


def _build(corpus: Corpus, progress: Progress, cancelled: Cancelled) -> EntityCatalog:
    return build_catalog(corpus, progress=progress, cancelled=cancelled)


@dataclass(frozen=True, slots=True)
class Built:
    """How building a catalog ended (``catalog`` None: ``error`` says why)."""

    catalog: EntityCatalog | None
    error: str | None
    generation: int


@dataclass(frozen=True, slots=True)
class Changed:
    """How a correction ended: the decision recorded (or undone) and whether it changed the
    grouping here; ``error`` when it was not made."""

    decision: Decision | None
    changed: bool = False
    undone: bool = False
    error: str | None = None


class EntityService:
    def __init__(self, decisions: Callable[[], DecisionStore] = DecisionStore,
                 catalog_of: CatalogOf = _build,
                 keep: Callable[[EntityCatalog], None] | None = None) -> None:
        """``catalog_of(corpus, progress, cancelled)`` builds a catalog; ``keep(catalog)`` is
        told of each regrouped one (the workspace keeps it for whoever asks next)."""
        self._open_decisions = decisions
        self._catalog_of = catalog_of
        self._keep = keep
        self.catalog: EntityCatalog | None = None
        self.error: str | None = None  # why there is no catalog
        self.progress = (0, 0)
        self.corpus_loaded = False
        self._generation = 0
        self._lock = threading.Lock()
        self._busy: str | None = None  # what a correction under way is doing

    @property
    def busy(self) -> str | None:
        with self._lock:
            return self._busy

    @property
    def ready(self) -> EntityCatalog | None:
        """The catalog, when there is one and no correction is regrouping it."""
        return None if self.busy else self.catalog

    # -- building ---------------------------------------------------------------------------

    def begin_build(self, corpus: Corpus) -> int:
        """Forget the catalog; the generation to hand to :meth:`build`."""
        self._generation += 1
        self.catalog, self.error = None, None
        self.corpus_loaded = True
        self.progress = (0, len(corpus.articles))
        return self._generation

    def build(self, corpus: Corpus, generation: int, progress: Progress,
              cancelled: Callable[[], bool]) -> Built:
        """For a worker thread: the catalog of ``corpus`` (or why there is none)."""
        try:
            catalog = self._catalog_of(corpus, progress, cancelled)
        except (TuireadError, OSError, sqlite3.Error) as exc:
            return Built(None, str(exc), generation)
        return Built(catalog, None, generation)

    def accept(self, built: Built) -> bool:
        """Keep a finished build; False when it is of a corpus replaced since."""
        if built.generation != self._generation:
            return False
        self.catalog, self.error = built.catalog, built.error
        return True

    def status(self) -> str:
        """What the catalog is waiting for, or why there is none."""
        if self.error is not None:
            return f"Entities could not be found: {self.error}"
        if not self.corpus_loaded:
            return "Reading the corpus…"
        done, total = self.progress
        return f"Finding people, places and organisations… {done:,} of {total:,} articles"

    # -- corrections (begin on the UI thread, then decide or undo in a worker) ---------------

    def begin_change(self, line: str) -> str | None:
        """Start a correction described by ``line``; None when it may go ahead, else why not."""
        if self.catalog is None:
            return "The entities are still being found."
        with self._lock:
            if self._busy:
                return self._busy
            self._busy = line
        return None

    def decide(self, action: str, subject: str, value: str | None = None) -> Changed:
        """For a worker thread: record a decision and regroup a copy of the catalog."""

        def work(catalog: EntityCatalog) -> tuple[Changed, EntityCatalog]:
            with self._open_decisions() as store:
                decision, regrouped = catalog.decided(store, action, subject, value)
            changed = all(d.id != decision.id for d in regrouped.skipped)
            return Changed(decision, changed), regrouped

        return self._change(work)

    def undo(self, decision: Decision) -> Changed:
        """For a worker thread: take ``decision`` back and regroup a copy of the catalog."""

        def work(catalog: EntityCatalog) -> tuple[Changed, EntityCatalog]:
            with self._open_decisions() as store:
                undone = store.remove(decision.id)
                regrouped = catalog.with_decisions(store.all())
            return Changed(undone, True, undone=True), regrouped

        return self._change(work)

    def _change(self, work: Callable[[EntityCatalog], tuple[Changed, EntityCatalog]]) -> Changed:
        base = self.catalog
        outcome = Changed(None, error="The entities could not be regrouped.")
        try:
            if base is not None:
                outcome, regrouped = work(base)
                if self.catalog is base:  # else the corpus was replaced meanwhile
                    self.catalog = regrouped
                    if self._keep is not None:
                        self._keep(regrouped)
        except TuireadError as exc:
            outcome = Changed(None, error=str(exc))
        finally:
            with self._lock:
                self._busy = None
        return outcome

    def decisions(self) -> list[Decision]:
        """Every recorded decision, oldest first. Raises TuireadError when they cannot be
        read."""
        with self._open_decisions() as store:
            return store.all()

    # -- what a reader draws ----------------------------------------------------------------

    def article_spans(self, article_id: str) -> dict[Kind, list[tuple[int, int]]]:
        """The raw spans of every entity mention in one article, by the kind of its entity (a
        decision that changed the kind counts, not what extraction guessed)."""
        spans: dict[Kind, list[tuple[int, int]]] = {kind: [] for kind in Kind}
        catalog = self.ready
        if catalog is None:
            return spans
        for entity in catalog.article_entities(article_id):
            spans[entity.kind].extend(
                (m.start, m.end) for m in entity.mentions if m.article_id == article_id
            )
        return spans

    def mentions_in(self, article_id: str, start: int,
                    end: int) -> list[tuple[Entity, ArticleMention]]:
        """The entities mentioned in raw ``[start, end)`` of an article, in text order, each
        once with the first of its mentions there."""
        catalog = self.ready
        if catalog is None:
            return []
        found: dict[str, tuple[Entity, ArticleMention]] = {}
        for entity in catalog.article_entities(article_id):
            for m in entity.mentions:
                inside = m.article_id == article_id and m.start < end and m.end > start
                if inside and (entity.key not in found or m.start < found[entity.key][1].start):
                    found[entity.key] = (entity, m)
        return sorted(found.values(), key=lambda pair: pair[1].start)

    def mentions_of(self, entity_key: str, article_id: str) -> list[ArticleMention]:
        """The entity's mentions in one article, in text order (for stepping through them)."""
        catalog = self.ready
        entity = catalog.get(entity_key) if catalog is not None else None
        if entity is None:
            return []
        return sorted((m for m in entity.mentions if m.article_id == article_id),
                      key=lambda m: m.start)
