"""The search index of one corpus: open it at once, search it, update it in the background.

``SearchIndex.open`` reads what is on disk and checks every corpus file's stat against what was
indexed (no file is read); ``search`` answers from the last committed state at any time, even
while ``update`` (usually in a worker thread) adds, re-indexes and removes what changed. Every
structural change happens under the writer lock, so a second process on the same corpus either
waits for it or keeps reading the last committed index.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress
from operator import itemgetter
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from tuiread import locations
from tuiread.corpus import Article, Rule, Span
from tuiread.corpus.walk import Walk
from tuiread.corpus.walk_find import FindOutput
from tuiread.search.damage import generation_identity, is_damage, probe
from tuiread.search.documents import BodyMap, EntityNames
from tuiread.search.hits import find_hits, query_terms
from tuiread.search.manifest import Manifest, matched_names, names_of, problems_of
from tuiread.search.manifest_open import open_manifest
from tuiread.search.plan import (
    CorpusFile,
    Plan,
    folders_plan,
    make_plan,
    refine_plan,
    scan_corpus,
)
from tuiread.search.query import make_parser, parse_query
from tuiread.search.results import DEFAULT_LIMIT, SearchResults, UpdateReport
from tuiread.search.schema import build_schema, settings_signature
from tuiread.search.searching import run_search
from tuiread.search.snippets import MAX_SNIPPETS
from tuiread.search.store import (
    MANIFEST_FILE,
    compatible,
    current_generation,
    open_generation,
    read_meta,
)
from tuiread.search.walk_found import FoundFiles, found_plan, remember_found
from tuiread.search.walk_match import (
    NAMES,
    WALK,
    Fingerprints,
    changed_folders,
    remember,
    unchanged_plan,
)

BUILDING = "the search index is still being built: results may be incomplete"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class IndexDamaged(Exception):
    """The index failed while being read; ``SearchIndex.update`` moves it aside and rebuilds."""


class SearchIndex:
    def __init__(self, roots: Sequence[Path], rules: list[Rule], *,
                 entities: EntityNames | None = None, directory: Path | None = None,
                 exclude: Sequence[str] | None = None):
        self.roots = [Path(r).expanduser() for r in roots]
        # The corpus's exclude patterns (None: the walk's defaults), so both see the same files.
        self.exclude = exclude
        self.rules = rules
        # The entity: field's names (see ``set_entities``); None indexes articles without them.
        self.entities = entities
        self.directory = directory or locations.index_dir(self.roots)
        self.signature = settings_signature(rules)
        self.notices: list[str] = []  # said once to the user (a damaged index moved aside, …)
        self.plan = Plan(files=[])
        self._guard = threading.RLock()
        self._generation: Path | None = None
        self._ix: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        self._parser = make_parser(build_schema())
        self._manifest: Manifest | None = None
        # The Whoosh generation whose manifest is still to be read: it is read when first
        # needed, so a caller that only reads the index (related candidates) never pays for it.
        self._manifest_of: int | None = None
        self._outdated: str | None = None  # why the whole index must be rebuilt
        self._damaged: str | None = None  # why the live generation cannot be read
        # Damage a search ran into (deep in the postings, where opening does not look): the
        # generation stays damaged across reloads until an update moves it aside.
        self._found_damage: tuple[tuple[Path, int], str] | None = None
        self._paths: dict[str, str] | None = None
        self._fingerprints = Fingerprints()
        self._last_plan: tuple | None = None  # (files, manifest, (revision, missing), plan)
        self._stale: set[str] = set()
        self._building = threading.Event()

    @classmethod
    def open(cls, roots: Sequence[Path], rules: list[Rule], **options) -> SearchIndex:
        """The index as it is on disk, with ``plan`` saying what ``update`` would do. Fast."""
        index = cls(roots, rules, **options)
        index.reload()
        index.check()
        return index

    # -- state --------------------------------------------------------------------------------

    @property
    def usable(self) -> bool:
        return self._searcher is not None

    @property
    def building(self) -> bool:
        return self._building.is_set()

    @property
    def documents(self) -> int:
        with self._guard:
            return self._searcher.doc_count() if self._searcher is not None else 0

    @property
    def needs_update(self) -> bool:
        return (self.plan.needed or self._outdated is not None or self._damaged is not None
                or not self.usable or self.entity_changes() > 0)

    @property
    def entity_map(self) -> Mapping[str, Sequence[str]] | None:
        """The entity names by article id, when they were given that way (else None)."""
        entities = self.entities
        if isinstance(entities, Mapping):
            return entities
        names = getattr(entities, "names", None)  # an EntityField from the entity catalog
        return names if isinstance(names, Mapping) else None

    def set_entities(self, entities: EntityNames | None) -> None:
        """Use these entity names from now on. Names by article id (a catalog's
        ``index_field()``) let ``update`` re-index exactly the articles whose names changed;
        a function of the article only applies to articles indexed from their files."""
        with self._guard:
            self.entities = entities

    def entity_changes(self, *, locked: bool = False) -> int:
        """How many indexed articles have other entity names than ``entities`` gives them."""
        names = self.entity_map
        with self._guard:
            if names is None or not self.usable or self._generation is None:
                return 0
            path = self._generation / MANIFEST_FILE
            # A catalog's names carry a version that changes whenever a name does.
            version = getattr(self.entities, "version", None)
            since, written = self.names_record() or (None, frozenset())
            if (isinstance(version, str) and self._manifest is None and since == version
                    and not written):
                return 0  # the names the index was last found to have: no digest read
            only = self.names_to_compare(since, written)
            # (Imported here: a search with the names it has never writes to the index.)
            from tuiread.search.entity_refresh import stale_documents

            if self._manifest is None and only is not None:
                # A few articles to compare: their digests are read by id, no stamp is read.
                try:
                    indexed = names_of(path, only)
                except sqlite3.Error:
                    indexed = None
                if indexed is not None:
                    stale = len(stale_documents(indexed, names))
                    if not stale and isinstance(version, str) and self._manifest_of is not None:
                        remember(self.directory, path, NAMES, self._manifest_of, version,
                                 locked=locked)
                    return stale
            manifest = self._opened_manifest()
            if manifest is None:
                return 0
            stale = len(stale_documents(manifest.entities if only is None
                                        else manifest.names_of(only), names))
            if not stale and isinstance(version, str) and manifest.saved:
                remember(self.directory, path, NAMES, manifest.generation, version,
                         locked=locked)
            return stale

    def names_to_compare(self, since: str | None, written: frozenset[str]) -> frozenset[str] | None:
        """The articles whose entity names may differ from ``entities``'s, for an index whose
        articles had names version ``since`` but those ``written`` since; None when every
        article is to be compared (the names cannot tell, or most articles would be)."""
        from tuiread.search.entity_refresh import names_changed_since

        only = names_changed_since(self.entities, since)
        if only is None:
            return None
        only = only | written
        return None if len(only) * 2 > self.documents else only

    def names_record(self) -> tuple[str, frozenset[str]] | None:
        """The version of the entity names the indexed articles were last found to have, with
        the articles (re)indexed since, whose names may differ (see ``manifest.names_since``);
        None when that is not known for the live commit."""
        with self._guard:
            if self._generation is None:
                return None
            kept = self._manifest
            commit = self._manifest_of if kept is None else kept.generation
            if commit is None or (kept is not None and not kept.saved):
                return None
            found = matched_names(self._generation / MANIFEST_FILE)
            return (found[1], found[2]) if found is not None and found[0] == commit else None

    @property
    def generation(self) -> Path | None:
        return self._generation

    def reload(self, _retry: bool = True) -> None:
        """Open the live generation as it is on disk now."""
        with self._guard:
            self._close_searcher()
            previous, kept = self._generation, self._manifest
            self._generation = generation = current_generation(self.directory)
            self._ix = self._manifest = self._manifest_of = None
            self._outdated = self._damaged = None
            if generation is None:
                return
            meta = read_meta(generation)
            if not compatible(meta):
                self._outdated = "the index was made by another version of tuiread"
                return
            try:
                ix = open_generation(generation)
                searcher = ix.searcher()
                probe(searcher)
                latest = ix.latest_generation()
            except Exception as exc:  # sorted below: damage is handled, a bug is raised
                if not is_damage(exc):
                    raise
                if _retry and current_generation(self.directory) != generation:
                    # Another process switched generations while we opened this one.
                    self.reload(_retry=False)
                    return
                self._damaged = f"{type(exc).__name__}: {exc}"
                notice = f"the search index cannot be read ({self._damaged}); it will be rebuilt"
                if notice not in self.notices:
                    self.notices.append(notice)
                return
            found = self._found_damage
            if found is not None and found[0] == generation_identity(generation):
                searcher.close()
                self._damaged = self._found_damage[1]
                return
            self._ix, self._searcher = ix, searcher
            self._parser = make_parser(ix.schema)
            # A manifest a commit or two behind (its writer was stopped between the commit and
            # the manifest) only makes a few files look changed: the update hashes them again.
            self._manifest_of = latest
            if (kept is not None and generation == previous and kept.generation == latest
                    and kept._source == generation / MANIFEST_FILE and kept.saved):
                # This process's own last save (the update just made): no need to read it.
                self._manifest, self._manifest_of = kept, None
            if meta.get("signature") != self.signature:
                self._outdated = "the cleaning rules changed"

    def check(self, files: list[CorpusFile] | None = None,
              missing: list[Path] | None = None) -> Plan:
        """Compare the corpus files' stat with the index (reads no file contents). ``files``:
        the corpus walk's, when the caller has just walked it."""
        if files is None:
            files, missing = (scan_corpus(self.roots) if self.exclude is None
                              else scan_corpus(self.roots, self.exclude))
        with self._guard:
            self.plan = self._make_plan(files, missing or [])
            self._paths = None  # made from plan.files when a search first needs one
            self._stale = {f.rel for f in self.plan.suspect}
            return self.plan

    def check_found(self, found: FindOutput, make_walk: Callable[[], Walk]) -> Plan:
        """``check`` against the walk find's output ``found`` makes, without making it when
        the manifest's record of the output it last matched tells what changed (see
        ``walk_found``); ``make_walk()`` makes it otherwise."""
        with self._guard:
            self.plan = self._make_plan(FoundFiles(found, make_walk), [])
            self._paths = None
            self._stale = {f.rel for f in self.plan.suspect}
            return self.plan

    def replan(self, *, locked: bool = False) -> Plan:
        """The plan again for the files the last ``check`` saw, against the current manifest
        (``locked``: the caller holds the writer lock)."""
        with self._guard:
            self.plan = self._make_plan(self.plan.files, self.plan.missing, locked)
            self._stale = {f.rel for f in self.plan.suspect}
            return self.plan

    def _make_plan(self, files: list[CorpusFile], missing: list[Path],
                   locked: bool = False) -> Plan:
        if not self.usable or self._generation is None:
            return make_plan(files, None, missing)
        path = self._generation / MANIFEST_FILE
        if isinstance(files, FoundFiles):
            return self._found_plan(files, missing, locked)
        walk = self._fingerprints.of(files)
        commit = self.live_commit()
        if commit is not None:
            plan = unchanged_plan(path, commit, walk.whole, files, missing)
            if plan is not None:
                return plan  # nothing changed since the walk last matched: no stamp read
        if self._manifest is None and self._manifest_of is not None:
            changed = changed_folders(path, walk)
            if changed is not None and sum(walk.counts.get(f, 0) for f in changed) * 2 < len(
                    files):
                # A few folders differ: only their stamps are read.
                manifest = self._opened_manifest(changed)
                if manifest is not None and manifest.partial is not None:
                    plan = folders_plan(walk, files, manifest, changed, missing)
                    self._last_plan = (files, manifest, self._plan_key(manifest, missing), plan)
                    if not plan.needed and manifest.saved:
                        remember(self.directory, path, WALK, manifest.generation, walk.whole,
                                 locked=locked, folders=walk.folders)
                    return plan
        manifest, plan, again = self._whole_plan(files, missing)
        if again:
            return plan
        if manifest is not None and not plan.needed and manifest._source == path and (
                manifest.saved):
            remember(self.directory, path, WALK, manifest.generation, walk.whole,
                     locked=locked, folders=walk.folders)
        return plan

    def _whole_plan(self, files: list[CorpusFile], missing: list[Path],
                    ) -> tuple[Manifest | None, Plan, bool]:
        """The manifest and the plan of the whole walk ``files`` against it, and whether it is
        the last plan again (the same walk against the same manifest, not saved since)."""
        manifest = self._opened_manifest()
        key = self._plan_key(manifest, missing)
        last = self._last_plan
        if last is not None and last[0] is files and last[1] is manifest and last[2] == key:
            return manifest, last[3], True
        if (last is not None and last[0] is files and manifest is not None
                and last[1] is manifest and last[2][1] == key[1] and not manifest.files.changed):
            plan = refine_plan(last[3], manifest)  # after this process's update: its files only
        else:
            if manifest is not None:
                manifest.complete()  # (a walk of other folders than it was read for)
            plan = make_plan(files, manifest, missing)
        self._last_plan = (files, manifest, key, plan)
        return manifest, plan, False

    def _found_plan(self, files: FoundFiles, missing: list[Path], locked: bool) -> Plan:
        """``_make_plan`` of a walk by find (see ``walk_found``): from the record of the output
        the manifest last matched, else after this process's own update from the files it
        named, else from the whole walk."""
        known = found_plan(self, files)
        if known is not None:
            plan, manifest = known
            if manifest is not None:
                self._last_plan = (files, manifest, self._plan_key(manifest, missing), plan)
            return plan
        manifest, plan, again = self._whole_plan(files, missing)
        if again:
            return plan
        if (manifest is not None and not plan.needed and manifest.saved
                and manifest._source == self._generation / MANIFEST_FILE):
            remember_found(self, files, manifest.generation, locked=locked)
        return plan

    def live_commit(self) -> int | None:
        """The index commit of the live generation's manifest, when it is known without
        reading the manifest (or it is this process's own last save); else None."""
        with self._guard:
            if self._generation is None:
                return None
            kept = self._manifest
            if kept is None:
                return self._manifest_of
            path = self._generation / MANIFEST_FILE
            return kept.generation if kept.saved and kept._source == path else None

    def walk_fingerprint(self, files: list[CorpusFile]) -> str:
        """The fingerprint of a walk's ``files`` (see ``walk_match``)."""
        return self._fingerprints.of(files).whole

    @staticmethod
    def _plan_key(manifest: Manifest | None, missing: list[Path]) -> tuple:
        return ((manifest.revision, len(manifest.files.changed)) if manifest is not None
                else None, tuple(missing))

    def _sync(self) -> None:
        """Follow commits and generation switches made since (by this or another process)."""
        if current_generation(self.directory) == self._generation and (
                self._searcher is None or self._searcher.up_to_date()):
            return
        self.reload()
        if not self.building:
            self.check()  # the index changed under us: learn the files it may now name

    def _check_not_deleted(self) -> None:
        """Raise IndexDamaged if the index's folder was deleted while it was open (someone
        cleared the cache): the update that answers it rebuilds the index."""
        if self._generation is None or self._generation.exists():
            return
        self._close_searcher()
        self._ix = self._manifest = self._manifest_of = None
        self._generation = None
        raise IndexDamaged(f"the search index was deleted while in use ({self.directory}); "
                           "it will be rebuilt")

    def _opened_manifest(self, folders: set[str] | None = None) -> Manifest | None:
        """The live generation's manifest, read now if it was not yet (only the stamps of
        ``folders``, if given; under the guard)."""
        if (self._manifest is None and self._manifest_of is not None
                and self._generation is not None and self._searcher is not None):
            self._manifest, notice = open_manifest(self.directory, self._generation,
                                                   self._searcher, self._manifest_of, folders)
            self._manifest_of = None
            if notice is not None and notice not in self.notices:
                self.notices.append(notice)
        return self._manifest

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def close(self) -> None:
        with self._guard:
            self._close_searcher()

    # -- searching ----------------------------------------------------------------------------

    def search(self, text: str, limit: int = DEFAULT_LIMIT, cancelled: Cancelled | None = None,
               snippets: int = MAX_SNIPPETS) -> SearchResults:
        """Ranked articles for the query ``text``.

        Raises QueryError (bad query: show its message), SearchCancelled (``cancelled()`` became
        true) or IndexDamaged (run ``update`` to rebuild). Safe to call from any thread.
        """
        with self._guard:
            self._check_not_deleted()
            self._sync()
            if self._searcher is None:
                parse_query(self._parser, text)  # a bad query is still reported
                results = SearchResults(text, [], 0)
                if self._damaged:
                    results.notices.append(f"the search index cannot be read ({self._damaged});"
                                           " it will be rebuilt")
                else:
                    results.building = self.building or self.needs_update
                    results.notices.append(BUILDING if results.building
                                           else "the search index is empty")
                return results
            try:
                results = run_search(self._searcher, self._parser, text, limit, self.locate_each,
                                     cancelled, snippets)
            except Exception as exc:  # sorted below: damage is handled, a bug is raised
                if not is_damage(exc):
                    raise
                self._damaged = f"{type(exc).__name__}: {exc}"
                if self._generation is not None:
                    self._found_damage = (generation_identity(self._generation), self._damaged)
                self._close_searcher()  # its answers can no longer be trusted
                raise IndexDamaged(f"the search index cannot be read ({self._damaged}); "
                                   "it will be rebuilt") from exc
            if self.building:
                results.building = True
                results.notices.append(BUILDING)
            return results

    def search_located(self, locations: Mapping[str, str], text: str,
                       limit: int = DEFAULT_LIMIT) -> SearchResults:
        """``search``, each hit's file taken from ``locations`` (corpus-relative path ->
        location) and none taken as stale: a search run before ``check`` (see
        ``search.ahead``). Raises what ``search`` raises."""
        with self._guard:
            self._paths, self._stale = locations, set()  # type: ignore[assignment]
            try:
                return self.search(text, limit=limit)
            finally:
                self._paths = None  # the check's files give the real ones

    def locate(self, rel: str) -> tuple[Path, bool] | None:
        """Where the file ``rel`` is, and whether it is stale (changed since indexed); None
        when the corpus has no such file."""
        if self._paths is None:
            files = self.plan.files  # (built from whole columns: cheaper than a loop)
            located = files.located([rel]) if isinstance(files, FoundFiles) and not (
                files.made) else None
            if located is not None:
                where = located[rel]
                return None if where is None else (Path(where), rel in self._stale)
            self._paths = dict(zip(map(itemgetter(1), files), map(itemgetter(0), files),
                                   strict=True))
        location = self._paths.get(rel)
        return None if location is None else (Path(location), rel in self._stale)

    def locate_each(self, rels: Iterable[str]) -> dict[str, tuple[Path, bool] | None]:
        """``locate`` of each of ``rels``, found in one pass over the files (a page of hits
        needs no lookup of every file)."""
        wanted = set(rels)
        if self._paths is not None:
            return {rel: self.locate(rel) for rel in wanted}
        files = self.plan.files
        located = files.located(wanted) if isinstance(files, FoundFiles) and not (
            files.made) else None
        if located is not None:  # (a path is listed once by find)
            return {rel: None if where is None else (Path(where), rel in self._stale)
                    for rel, where in located.items()}
        # (in file order, so a path met twice is where it was last met, as with ``locate``)
        chosen = compress(files, map(wanted.__contains__, map(itemgetter(1), files)))
        found = {item[1]: item[0] for item in chosen}
        return {rel: (Path(found[rel]), rel in self._stale) if rel in found else None
                for rel in wanted}

    def article_hits(self, article: Article, text: str) -> list[Span]:
        """Raw spans of every match of the query ``text`` in ``article``'s visible text.

        Works from the loaded article, so it is right even when the indexed copy is stale.
        """
        with self._guard:
            parsed = parse_query(self._parser, text)
            reader = self._searcher.reader() if self._searcher is not None else None
            wanted = query_terms(parsed, reader)
        body_map = BodyMap.from_article(article)
        spans: list[Span] = []
        for span in find_hits(body_map.body, wanted):
            spans.extend(body_map.raw_spans(span.start, span.end))
        return spans

    # -- updating -----------------------------------------------------------------------------

    def update(self, progress: Progress | None = None, cancelled: Cancelled | None = None, *,
               rebuild: bool = False, wait: float | None = 0.0,
               rescan: bool = True) -> UpdateReport:
        """Bring the index up to date with the corpus files; see ``tuiread.search.updater``.

        ``progress(done, total)`` counts files; ``cancelled()`` is checked between files (work
        committed so far is kept). ``wait`` is how long to wait for another process's writer lock
        (None: as long as it takes); if it stays taken the report says ``locked``. With
        ``rescan=False`` the files seen by the last ``check`` (or ``open``) are used as they are.
        """
        from tuiread.search.updater import run_update  # (a warm search never updates)

        self._building.set()
        try:
            return run_update(self, progress, cancelled, rebuild, wait, rescan)
        finally:
            self._building.clear()

    # Used by the updater, under the writer lock.

    def _state(self, manifest: bool = True, stamps: bool = True,
               ) -> tuple[whoosh_index.Index | None, Manifest | None, str | None, str | None]:
        """The open index, its manifest (None without ``manifest``: not read for it; without
        ``stamps``, read without the files' stamps when it is not read yet), why it is outdated
        and why it is damaged."""
        with self._guard:
            opened = self._opened_manifest(None if stamps else set()) if manifest else (
                self._manifest)
            return self._ix, opened, self._outdated, self._damaged

    def problems(self) -> dict[str, str]:
        """The files that could not be indexed, with why (from the manifest)."""
        with self._guard:
            if self._manifest is not None:
                return dict(self._manifest.problems)
            if self._generation is None or not self.usable:
                return {}
            return problems_of(self._generation / MANIFEST_FILE)
