"""The workspace: every service of one corpus, built by one factory, shared by the CLI and the app.

``open_workspace(settings, roots)`` is cheap: it reads the cleaning rules and nothing else. Each
service is opened the first time it is asked for, so ``tuiread list`` never opens the search index
and ``tuiread search`` never builds the entity catalog. The services:

- ``corpus`` (``load_corpus(progress, cancelled)`` to watch it load): the articles, found through
  the persistent corpus store (``corpus_store``), which only reads files that are new or changed;
  ``corpus.changes`` says what changed since the last run.
- ``search_index``: the Whoosh index of the corpus, opened from disk (no file read); ``update`` it
  to bring it up to date.
- ``entities`` (``entity_catalog(progress, cancelled)``): the entity catalog with the user's
  decisions applied, from its snapshot when nothing changed (mentions are kept per article in
  the corpus store, so only new or changed articles are extracted: see ``mention_count``);
  ``decisions()`` opens the user's decision store for a change.
- ``annotations``: the user's annotation store (opening it never fails; see its ``notice``).
- ``related`` (``related_index(cancelled)``): related-article ranking over the corpus; its
  candidates come from the search index (the articles sharing rare terms) for a large corpus,
  so nothing is held for the whole corpus; a small one (or one without an index yet) gets an
  in-memory term index.

A command that will walk the corpus calls ``start_walk`` first: the walk then runs in a child
process (see ``corpus.walk_ahead``; GNU find for one folder opened before) while this one
reads the corpus store's record and works from it (the entity snapshot is read then when
``derive_mentions`` is set, and given to ``catalog_ahead`` for work of its own); the one walk
serves the corpus store and the search index alike (the index, from find's output alone when it
can: see ``search.walk_found``).

Every service is created at most once per workspace, under a lock, so worker threads of the app
may ask for the same one at once. ``close()`` closes what was opened. Nothing here imports the UI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread import config, locations
from tuiread.corpus.rules import Rule, load_rules
from tuiread.errors import TuireadError

if TYPE_CHECKING:
    from tuiread.annotations import Store
    from tuiread.compare import RelatedIndex
    from tuiread.compare.related import CandidateProvider
    from tuiread.corpus import Article, Corpus
    from tuiread.corpus.quick import QuickLookup
    from tuiread.corpus.store import CorpusStore
    from tuiread.corpus.walk import Walk
    from tuiread.corpus.walk_ahead import WalkAhead
    from tuiread.corpus.walk_find import FindOutput
    from tuiread.entities import DecisionStore, EntityCatalog
    from tuiread.entities.catalog import EntityField
    from tuiread.entities.model import MentionCount
    from tuiread.search import SearchIndex

# From this many articles on, related candidates come from the search index. Below it the
# in-memory term index (whose cosine the ranking weighs, tuned on ECB+) is built in well under a
# second, so small corpora keep that measured precision; BBC's 2,225 articles took 4.6 s.
INDEX_CANDIDATES_MIN = 300

# Children that walk the corpus while the app starts from the store's record (see
# ``start_walk_beside_start``): one, on the core the app's own start leaves free (its first
# article comes from the record, not from the walk; two children would take both cores).
APP_WALK_PARTS = 1

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _similar(index: SearchIndex) -> CandidateProvider:
    from tuiread.search.similar import similar_ids

    return lambda article, limit: similar_ids(index, article, limit)


def default_roots(settings: config.Settings) -> list[Path]:
    """The configured corpus paths, else the bundled demo corpus."""
    if settings.corpus.paths:
        return [Path(p).expanduser() for p in settings.corpus.paths]
    return [locations.demo_corpus_dir()]


@dataclass(eq=False)
class Workspace:
    """The services of one corpus. Build it with :func:`open_workspace`."""

    settings: config.Settings
    roots: list[Path]
    rules: list[Rule]
    # One-line messages for the user gathered while opening services (a rebuilt store, …).
    notices: list[str] = field(default_factory=list)
    _annotations: Store | None = field(default=None, repr=False)
    _corpus: Corpus | None = field(default=None, repr=False)
    _index: SearchIndex | None = field(default=None, repr=False)
    _catalog: EntityCatalog | None = field(default=None, repr=False)
    _related: RelatedIndex | None = field(default=None, repr=False)
    _quick: QuickLookup | None | bool = field(default=False, repr=False)  # False: not tried
    # The corpus walk: started ahead by ``start_walk`` (a child process walks while this one
    # works), and kept once made, so the corpus store and the search index share one walk.
    _ahead: WalkAhead | None = field(default=None, repr=False)
    _walked: Walk | None = field(default=None, repr=False)
    # The corpus store opened, its record read, while the walk ran (``read_record_ahead``):
    # the corpus load takes it.
    _store_ahead: CorpusStore | None = field(default=None, repr=False)
    # Set when the entity catalog will be wanted: the corpus load then makes the mentions of
    # the articles it derives, from the text in hand (no second read of the corpus).
    derive_mentions: bool = False
    # Called with the entity catalog read ahead while the walk still runs (``derive_mentions``
    # set): work from it that overlaps the walk. Nothing it makes may be shown unless
    # ``entities`` then is that very catalog (files changed since: another one).
    catalog_ahead: Callable[[EntityCatalog], None] | None = field(default=None, repr=False)
    # Whether a load with the walk started ahead reads the entity snapshot meanwhile (for a
    # command that will ask for the catalog). ``tuiread index`` clears it: the index's names
    # are read by article (``give_index_entity_names``), and reading the whole catalog ahead
    # would cost it a third of its time.
    read_catalog_ahead: bool = True
    # How many articles the entity catalog extracted afresh and found kept (cost follows change).
    # (None until the catalog is first asked for.)
    mention_count: MentionCount | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # -- corpus -----------------------------------------------------------------------------

    @property
    def corpus(self) -> Corpus:
        """The corpus, loaded on first use."""
        return self.load_corpus()

    @property
    def corpus_loaded(self) -> bool:
        return self._corpus is not None

    def load_corpus(self, progress: Progress | None = None,
                    cancelled: Cancelled | None = None,
                    partial: Callable[[Corpus], None] | None = None) -> Corpus:
        """The corpus, loading it now if it is not yet (``progress(done, total)`` in files;
        ``partial(corpus)`` with the first articles of a long load, to show them early, and again
        as more are read).
        A cancelled load is returned as far as it got and not kept.

        With the walk started ahead (``start_walk``), ``partial`` is first given the corpus
        the store last recorded, before the walk's result is in: when the walk finds nothing
        changed, the returned corpus's ``articles`` are that very object (compare by
        identity before using anything worked out from it)."""
        with self._lock:
            if self._corpus is not None:
                return self._corpus
            from tuiread.corpus.corpus import open_corpus

            mentions = None
            if self.derive_mentions:
                from tuiread.entities.articles import derived_mentions as mentions
            ahead: dict[str, object] = {}

            def early(corpus: Corpus) -> None:
                if partial is not None:
                    partial(corpus)
                if (self.derive_mentions and self.read_catalog_ahead and corpus.store is not None
                        and not ahead and self.walk_running()):
                    # The catalog will be wanted: its snapshot is read while the walk runs.
                    ahead["articles"] = corpus.articles
                    ahead["catalog"] = found = self._snapshot_catalog(corpus)
                    if found is not None and self.catalog_ahead is not None:
                        self.catalog_ahead(found)

            wanted = partial is not None or self.derive_mentions
            store, self._store_ahead = self._store_ahead, None
            corpus = open_corpus(self.roots, self.rules, progress=progress, cancelled=cancelled,
                                 exclude=self.settings.corpus.exclude,
                                 on_waiting=self._waiting, partial=early if wanted else None,
                                 mentions=mentions,
                                 walk=self._walk if self._walk_pending() else None,
                                 store=store)
            if cancelled is None or not cancelled():
                self._corpus = corpus
                self._walked = corpus.walk
                if ahead.get("catalog") is not None and self._catalog is None:
                    if corpus.articles is ahead["articles"]:
                        self._catalog = ahead["catalog"]  # type: ignore[assignment]
                    else:  # files edited since: its entities may stand for this corpus too
                        self._catalog = self._rebased_catalog(ahead["catalog"], corpus)
            return corpus

    def start_walk(self, parts: int | None = None, background: bool = False,
                   find: bool = True) -> None:
        """Start the corpus walk now, in a child process where that is safe (see
        ``corpus.walk_ahead``), for a caller that will load the corpus or check the search
        index: its own work until then overlaps the walk. ``parts``, ``background`` and
        ``find``: see ``WalkAhead.start``; find is used only once the store has a record,
        from which its output is recognised (a first opening would parse it whole, in this
        process, where the children hand over columns: 0.5-0.8 s at 100,000 files)."""
        self._start_walk(parts, background, find, None)

    def _start_walk(self, parts: int | None, background: bool, find: bool,
                    recorded: bool | None) -> None:
        """``start_walk``; ``recorded``: whether the store has a file, when already known."""
        with self._lock:
            if self._corpus is None and self._walked is None and self._ahead is None:
                from tuiread.corpus.walk_ahead import WalkAhead

                find = find and (self._recorded() if recorded is None else recorded)
                self._ahead = WalkAhead.start(self.roots, self.settings.corpus.exclude, parts,
                                              background, find)

    def read_record_ahead(self) -> None:
        """Open the corpus store and read its record now, while the walk started ahead still
        runs, for a command that waits for the walk before it loads the corpus (``tuiread
        index`` checks the search index first): the corpus load then starts from it. Nothing
        when the walk is over, the corpus loaded, or the store cannot be opened (said when the
        corpus is loaded)."""
        with self._lock:
            if (self._corpus is not None or self._store_ahead is not None
                    or len(self.roots) != 1 or not self.walk_running()):
                return
            import sqlite3

            from tuiread.corpus.store import StoreUnavailable, open_corpus_store

            try:
                store = open_corpus_store(self.roots, self.rules)
            except StoreUnavailable:
                return
            try:
                store.early(self.roots[0])  # (the record read, its files' locations made)
            except sqlite3.Error:
                store.close()  # (the load opens it again, and says what is wrong)
                return
            self._store_ahead = store
            if self.walk_running():
                store.unpack_record()

    def _recorded(self) -> bool:
        """Whether the corpus store has a file for these roots (a corpus opened before)."""
        from tuiread.corpus.store import store_file

        try:
            return store_file(self.roots).is_file()
        except OSError:
            return False

    def start_walk_beside_start(self) -> None:
        """Start the walk for a front end that shows the corpus as the store last recorded it
        while the corpus is walked: then in one child at a lower priority (its start goes
        first); without a store yet (a first opening, which waits for the walk) as fast as a
        command's."""
        with self._lock:
            if self._corpus is not None or self._walk_pending():
                return  # (started already: the store is not looked at again)
        if self._recorded():
            self._start_walk(APP_WALK_PARTS, True, True, recorded=True)
        else:
            self._start_walk(None, False, True, recorded=False)

    def walk_running(self) -> bool:
        """Whether the walk started ahead is still under way in its child process: the time
        to do work it may void (see ``corpus.walk_ahead``)."""
        with self._lock:
            return self._ahead is not None and self._ahead.running()

    def _walk_pending(self) -> bool:
        return self._walked is not None or self._ahead is not None

    def _walk(self, recognise: Callable[..., Walk | None] | None = None) -> Walk:
        """The corpus walk: the one made already, else the walk started ahead, else one
        made now (``recognise``: see ``FindWalk.walk``)."""
        with self._lock:
            if self._walked is None:
                if self._ahead is not None:
                    ahead, self._ahead = self._ahead, None
                    self._walked = ahead.result(recognise)
                else:
                    from tuiread.corpus.walk import walk_corpus

                    self._walked = walk_corpus(self.roots, self.settings.corpus.exclude)
            return self._walked

    def _walk_of(self, found: FindOutput) -> Walk:
        """The walk find's output ``found`` makes, for the search index: the workspace's own
        when its lock is free (one walk for the index and the corpus), else made from
        ``found`` alone (the index asks under its own lock, which a thread holding this one
        may be waiting for)."""
        if self._lock.acquire(blocking=False):
            try:
                return self._walk()
            finally:
                self._lock.release()
        from tuiread.corpus.walk import walk_corpus
        from tuiread.corpus.walk_find import parse

        walked = parse(found.raw, found.root, found.exclude, found)
        if walked is None:
            return walk_corpus(self.roots, self.settings.corpus.exclude)
        walked.digest = found.digest
        return walked

    def _found(self) -> FindOutput | None:
        """find's output of the walk started ahead, before the walk is made of it (None when
        the walk is not by find)."""
        with self._lock:
            return self._ahead.found() if self._ahead is not None else None

    def _snapshot_catalog(self, corpus: Corpus) -> EntityCatalog | None:
        """The entity catalog from its snapshot for ``corpus``, else None (grouping it is
        left for when the corpus is certain)."""
        from tuiread.entities.model import MentionCount
        from tuiread.entities.snapshot import snapshot_catalog

        if self.mention_count is None:
            self.mention_count = MentionCount()
        try:
            return snapshot_catalog(corpus, count=self.mention_count)
        except TuireadError:
            return None  # (a bad entities.yaml, say): said when the catalog is opened

    def _rebased_catalog(self, ahead: EntityCatalog, corpus: Corpus) -> EntityCatalog | None:
        """The catalog read ahead carried over to ``corpus`` (see ``entities.rebase``), else
        None (it is opened when asked for)."""
        from tuiread.entities.rebase import rebase
        from tuiread.entities.snapshot import SnapshotCatalog

        if not isinstance(ahead, SnapshotCatalog):
            return None
        try:
            return rebase(ahead, corpus, count=self.mention_count)
        except TuireadError:
            return None  # (an unreadable decisions file): said when the catalog is opened

    def quick_article(self, ref: str) -> Article | None:
        """The article of the exact id ``ref`` from the corpus store alone, without walking the
        corpus, when the store can answer for certain (see ``corpus.quick``); else None (open
        the corpus and resolve ``ref`` there)."""
        with self._lock:
            quick = self._quick_lookup()
            return quick.get(ref) if quick is not None else None

    def _quick_lookup(self) -> QuickLookup | None:
        """The store lookup while the corpus is not open (once it is, the corpus answers)."""
        if self._corpus is not None:
            return None
        if self._quick is False:
            from tuiread.corpus.quick import quick_lookup

            self._quick = quick_lookup(self.roots, self.rules, self.settings.corpus.exclude)
        # (A lookup is a Mapping, empty until asked: test for None, never for truth.)
        return None if self._quick is False else self._quick

    def article_count(self) -> int:
        """How many articles the corpus holds (from the store when the corpus is not open and
        the store can answer)."""
        with self._lock:
            quick = self._quick_lookup()
            if quick is not None:
                return quick.article_count()
            return len(self.corpus)

    def forget_corpus(self) -> None:
        """Drop the loaded corpus and what was derived from it in memory (the related ranking,
        the entity catalog): the next ask reads what changed on disk, the stores keep the
        rest."""
        with self._lock:
            self._corpus = None
            self._related = None
            self._catalog = None
            self._quick = False
            self._walked = None
            if self._ahead is not None:
                self._ahead.close()
                self._ahead = None

    def _waiting(self) -> None:
        self.notices.append("another tuiread process is reading this corpus; waited for it")

    @property
    def corpus_store(self) -> CorpusStore | None:
        """The persistent corpus store the corpus came from (None if it could not be used);
        ``corpus.changes`` says what its last refresh found added, changed and removed."""
        return self.corpus.store

    # -- search -----------------------------------------------------------------------------

    @property
    def search_index(self) -> SearchIndex:
        """The corpus's search index as it is on disk (opening it reads no corpus file)."""
        return self.open_search_index()

    def open_search_index(self, ahead: Callable[[SearchIndex], None] | None = None,
                          ) -> SearchIndex:
        """``search_index``; ``ahead(index)``, when the index is opened now, is called with it
        before it is checked against the corpus walk (work that overlaps a walk started
        ahead: it must not be shown before the check confirms it)."""
        with self._lock:
            if self._index is None:
                from tuiread.search import SearchIndex

                index = SearchIndex(self.roots, self.rules, exclude=self.settings.corpus.exclude)
                index.reload()
                if ahead is not None:
                    ahead(index)
                # The corpus's walk, or one made now and kept for the corpus: one walk.
                walked = self._corpus.walk if self._corpus is not None else self._walked
                found = self._found() if walked is None else None
                if found is not None:
                    # Told from find's output, without the walk made (see search.walk_found).
                    index.check_found(found, lambda: self._walk_of(found))
                else:
                    if walked is None:
                        walked = self._walk()
                    index.check(walked.files, walked.missing)
                self._index = index
                self.notices.extend(self._index.notices)
                self._index.notices.clear()
            return self._index

    def give_index_entity_names(self, progress: Progress | None = None,
                                known: Callable[[EntityField], None] | None = None) -> None:
        """Give the search index the corpus's canonical entity names (its ``entity:`` field),
        from the entity snapshot alone when it can answer (names read only as the index asks
        for them), else from the entity catalog. ``known`` is called with the names as soon
        as they are known (a catalog grouped again is kept after). Raises what
        ``entity_catalog`` raises."""
        told: list[EntityField] = []

        def tell(field: EntityField) -> None:
            if known is not None and not told:
                told.append(field)
                known(field)

        field = None
        if self._catalog is None:
            from tuiread.entities.index_names import open_index_field
            from tuiread.entities.model import MentionCount

            if self.mention_count is None:
                self.mention_count = MentionCount()
            field = open_index_field(self.load_corpus(), self.mention_count)
        if field is None:
            field = self.entity_catalog(
                progress, grouped=lambda catalog: tell(catalog.index_field())).index_field()
        tell(field)
        self.search_index.set_entities(field)

    # -- entities ---------------------------------------------------------------------------

    @property
    def entities(self) -> EntityCatalog:
        """The entity catalog with the user's decisions, built on first use."""
        return self.entity_catalog()

    def entity_catalog(self, progress: Progress | None = None,
                       cancelled: Cancelled | None = None,
                       grouped: Callable[[EntityCatalog], None] | None = None,
                       ) -> EntityCatalog:
        """The entity catalog, building it now if needed (``grouped``: see
        ``snapshot.open_catalog``). Raises ConfigError for a bad entities.yaml and
        TuireadError for an unreadable decisions file."""
        with self._lock:
            if self._catalog is not None:
                return self._catalog
            from tuiread.entities.model import MentionCount
            from tuiread.entities.snapshot import open_catalog

            if self.mention_count is None:
                self.mention_count = MentionCount()
            corpus = self.load_corpus(cancelled=cancelled)
            catalog = open_catalog(corpus, progress=progress, cancelled=cancelled,
                                   count=self.mention_count, grouped=grouped)
            if cancelled is None or not cancelled():
                self._catalog = catalog
            return catalog

    def set_entity_catalog(self, catalog: EntityCatalog) -> None:
        """Use ``catalog`` from now on (a regrouped copy after a decision)."""
        with self._lock:
            self._catalog = catalog

    def decisions(self) -> DecisionStore:
        """The user's entity decisions, opened for one change: use it as a context manager."""
        from tuiread.entities import DecisionStore

        return DecisionStore()

    # -- annotations ------------------------------------------------------------------------

    @property
    def annotations(self) -> Store:
        """The user's annotation store; a damaged or read-only one says so in ``notice``."""
        with self._lock:
            if self._annotations is None:
                from tuiread.annotations import open_store

                self._annotations = open_store()
            return self._annotations

    # -- related articles -------------------------------------------------------------------

    @property
    def related(self) -> RelatedIndex:
        """Related-article ranking over the corpus."""
        return self.related_index()

    def related_index(self, cancelled: Cancelled | None = None) -> RelatedIndex:
        with self._lock:
            if self._related is not None:
                return self._related
            from tuiread.compare import RelatedIndex

            quick = self._quick_lookup()
            if quick is not None and quick.article_count() >= INDEX_CANDIDATES_MIN:
                # Candidates from the index, looked up by id in the store: no walk.
                index = self._index_as_is()
                if index.usable and index.documents:
                    self._related = RelatedIndex(quick, candidates=_similar(index))
                    return self._related
            corpus = self.load_corpus(cancelled=cancelled)
            index = RelatedIndex(corpus.articles, candidates=self._candidates(),
                                 cancelled=cancelled)
            if cancelled is None or not cancelled():
                self._related = index
            return index

    def _candidates(self) -> CandidateProvider | None:
        """Related candidates from the search index when it holds articles (nothing is held for
        the whole corpus); else None, and the ranking builds its own term index."""
        if len(self.corpus) < INDEX_CANDIDATES_MIN:
            return None
        index = self.search_index
        if not index.usable or not index.documents:
            return None
        return _similar(index)

    def _index_as_is(self) -> SearchIndex:
        """The search index as it is on disk, not compared with the corpus (related candidates
        only need its terms; every candidate is then checked against the store)."""
        with self._lock:
            if self._index is not None:
                return self._index
            from tuiread.search import SearchIndex

            index = SearchIndex(self.roots, self.rules, exclude=self.settings.corpus.exclude)
            index.reload()
            return index

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the stores this workspace opened."""
        with self._lock:
            if self._annotations is not None:
                self._annotations.close()
                self._annotations = None
            if self._quick is not False and self._quick is not None:
                self._quick.store.close()
            self._quick = False
            if self._ahead is not None:
                self._ahead.close()
                self._ahead = None
            if self._store_ahead is not None:
                self._store_ahead.close()
                self._store_ahead = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workspace(settings: config.Settings | None = None, roots: list[Path] | None = None, *,
                   rules: list[Rule] | None = None,
                   annotations: Store | None = None) -> Workspace:
    """The workspace of ``roots`` (default: the configured corpus, else the demo corpus).

    ``settings`` default to the user's; ``rules`` to the bundled and user boilerplate rules;
    ``annotations`` to the user's store, opened when first used. Raises ConfigError for a bad
    config or rules file. Opens no service.
    """
    settings = settings if settings is not None else config.load_settings()
    roots = [Path(r).expanduser() for r in roots] if roots else default_roots(settings)
    rules = rules if rules is not None else load_rules(*config.boilerplate_files())
    return Workspace(settings=settings, roots=roots, rules=rules, _annotations=annotations)
