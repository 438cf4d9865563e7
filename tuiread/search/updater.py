"""Bringing an index up to date: what to (re)index, in which process, and committing it safely.

Runs under the writer lock. Each chunk of files is one Whoosh commit followed by a manifest write,
so a build stopped or killed at any point leaves a consistent index that the next update continues.
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from tuiread.processes import (  # noqa: F401 (prepare_worker_processes: for tuiread.search)
    helper_started,
    prepare_worker_processes,
    stderr_has_descriptor,
)
from tuiread.search.build import (
    WRITER_LIMIT_MB,
    Chunk,
    FileOutcome,
    StagedChunk,
    group_units,
    index_codec,
    names_by_article,
    read_file,
    run_parallel,
    split_chunks,
    unit_documents,
)
from tuiread.search.entity_refresh import (
    REFRESH_CHUNK,
    StaleDocument,
    note_rewritten,
    refresh,
    rewrite,
    stale_documents,
)
from tuiread.search.late_names import LateNames
from tuiread.search.manifest import FileStamp, Manifest, digest, save_manifest
from tuiread.search.merging import merge_tiny
from tuiread.search.plan import CorpusFile, files_sharing, id_base
from tuiread.search.results import UpdateReport
from tuiread.search.store import (
    MANIFEST_FILE,
    STAGING_DIR,
    WriterLock,
    create_generation,
    move_aside,
    open_generation,
    remove_others,
    set_current,
)
from tuiread.search.walk_match import NAMES, remember

if TYPE_CHECKING:
    from pathlib import Path

    from tuiread.search.updatable import UpdatableIndex as SearchIndex

# Below this many files to index, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 400
# Chunks per worker. Each chunk becomes one segment, and every segment adds to the cost of each
# query (on BBC, p95 12.6 ms with 2 segments against 16.6 ms with 4), so a parallel build makes
# one per worker; it is searchable when the workers finish.
CHUNKS_PER_WORKER = 1
# In one process, commit after about this many files so a long build shows results early.
SERIAL_CHUNK_FILES = 500


class _Stopped(Exception):
    """``cancelled()`` became true while reading a chunk."""


@dataclass(slots=True)
class _Target:
    generation: Path
    ix: whoosh_index.Index
    manifest: Manifest
    live: bool  # False while a rebuild is written beside the live generation
    # The entity names' version the documents had when the update began, with the articles
    # (re)indexed since that may differ (see ``SearchIndex.names_record``), so only the
    # articles changed since are compared.
    names_version: str | None = None
    names_written: frozenset[str] = frozenset()


def run_update(index: SearchIndex, progress: Callable[[int, int], None] | None,
               cancelled: Callable[[], bool] | None, rebuild: bool, wait: float | None,
               rescan: bool = True) -> UpdateReport:
    began = time.perf_counter()
    cancelled = cancelled or (lambda: False)
    report = UpdateReport()
    from tuiread.corpus.store import store_file
    from tuiread.search.build import use_corpus_store

    use_corpus_store(store_file(index.roots))
    lock = WriterLock(index.directory)
    if not lock.acquire(wait, cancelled):
        report.locked = True
        return report
    try:
        if not rebuild and _up_to_date(index, rescan):
            report.unchanged = index.plan.unchanged
            report.problems = [f"{rel}: {why}" for rel, why in sorted(index.problems().items())]
            return report
        # (_up_to_date reloaded the index under the lock a moment ago: no other writer since)
        target = _prepare(index, rebuild, rescan, report, reloaded=not rebuild)
        folded = _update_target(index, target, progress, cancelled, report)
        if not report.cancelled:
            _refresh_entities(index, target, progress, cancelled, report, folded)
        if not target.live:
            if report.cancelled:
                shutil.rmtree(target.generation, ignore_errors=True)
            else:
                set_current(index.directory, target.generation)
                remove_others(index.directory, keep=target.generation)
    finally:
        # The stamps just written describe the files as the scan saw them: no need to look again.
        index.reload()
        index.replan(locked=True)
        lock.release()
        report.articles = index.documents
        report.seconds = time.perf_counter() - began
    return report


def _up_to_date(index: SearchIndex, rescan: bool) -> bool:
    """Whether there is nothing to do (found, when nothing changed, without reading the
    manifest: see ``walk_match``)."""
    index.reload()  # under the lock now: another process may have written since we looked
    if index.generation is not None:
        remove_others(index.directory, keep=index.generation)  # a killed rebuild's leftovers
    if rescan or not index.plan.files:
        index.check()
    else:
        index.replan(locked=True)
    _, _, outdated, damaged = index._state(manifest=False)
    return (index.usable and outdated is None and damaged is None and not index.plan.needed
            and index.entity_changes(locked=True) == 0)


def _prepare(index: SearchIndex, rebuild: bool, rescan: bool, report: UpdateReport,
             reloaded: bool = False) -> _Target:
    """Decide where this update writes: the live generation, or a new one (``reloaded``: the
    index was reloaded since the writer lock was taken)."""
    if not reloaded:
        index.reload()  # under the lock now: another process may have written since we looked
    # (The stamps are read by the plan below only if it has files to compare: an update that
    # only gives new entity names reads none.)
    ix, manifest, outdated, damaged = index._state(stamps=False)
    was_damaged = damaged is not None and index.generation is not None
    if was_damaged:
        aside = move_aside(index.directory, index.generation)
        notice = f"the search index was damaged ({damaged}); moved it to {aside} and rebuilt it"
        index.notices.append(notice)
        report.notices.append(notice)
        index.reload()
        ix, manifest, outdated, damaged = index._state(stamps=False)
    remove_others(index.directory, keep=index.generation)
    if rescan or not index.plan.files:
        index.check()
    else:
        index.replan(locked=True)
    reason = "requested" if rebuild else outdated
    if ix is None or manifest is None:
        # Nothing usable: a fresh generation goes live at once and fills up as chunks commit.
        generation = create_generation(index.directory, index.signature)
        set_current(index.directory, generation)
        remove_others(index.directory, keep=generation)
        if was_damaged:
            report.rebuilt = "the index was damaged"
        elif index.generation is not None:
            report.rebuilt = reason
        index.reload()
        index.replan(locked=True)
        ix, manifest, _, _ = index._state()
        assert ix is not None and manifest is not None
        return _Target(generation, ix, manifest, live=True)
    if reason is not None:
        report.rebuilt = reason
        generation = create_generation(index.directory, index.signature)
        fresh = open_generation(generation)
        return _Target(generation, fresh, Manifest(fresh.latest_generation(), {}, {}), live=False)
    assert index.generation is not None
    since, written = index.names_record() or (None, frozenset())
    target = _Target(index.generation, ix, manifest, live=True, names_version=since,
                     names_written=written)
    if manifest._source is None:
        _save(target)  # converted or rebuilt as it was opened: saved once, here under the lock
    return target


def _update_target(index: SearchIndex, target: _Target, progress, cancelled,
                   report: UpdateReport) -> bool:
    """Index the plan's files into ``target``; whether the documents whose entity names are
    stale were re-indexed in the same commit (one commit, not two, for an edit: done when the
    files make one commit in this process and the stale documents fit in one refresh's)."""
    plan = index.plan
    manifest = target.manifest
    touched: dict[str, FileStamp] = {}
    if target.live:
        changed, touched = _resolve_suspects(plan.suspect, manifest)
        todo = plan.added + changed
        removed = list(plan.removed)
        if plan.missing and not plan.files and removed:
            # Every folder is gone (an unplugged drive?): keep the index rather than empty it.
            report.notices.append("the corpus folders are missing; the index was left as it is")
            removed = []
        report.added, report.updated, report.removed = len(plan.added), len(changed), len(removed)
        report.unchanged = plan.unchanged + len(touched)
        manifest.files.update(touched)
    else:
        todo, removed = list(plan.files), []
        report.added = len(todo)
    # Files sharing an id base are read together, so a change to one re-reads its neighbours.
    affected = {id_base(f.rel) for f in todo} | {id_base(rel) for rel in removed}
    candidates = files_sharing(plan.files, affected)
    units = [u for u in group_units(candidates) if id_base(u[0].rel) in affected]
    total = sum(len(u) for u in units)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    workers = _workers(total, index)
    report.workers = workers
    if workers <= 1 and isinstance(index.entities, LateNames):
        index.set_entities(index.entities.wait())  # (documents made here need them at once)
    if workers > 1:
        chunks = split_chunks(units, workers * CHUNKS_PER_WORKER)
        staging = index.directory / STAGING_DIR / uuid.uuid4().hex

        def commit(chunk: Chunk, staged: StagedChunk) -> None:
            _commit_staged(target, chunk, staged, removed)
            removed.clear()

        try:
            finished = run_parallel(chunks, staging, index.rules, index.entities, workers,
                                    commit, advance, cancelled)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        report.cancelled = not finished
        if isinstance(index.entities, LateNames) and index.entities.ready:
            index.set_entities(index.entities.wait())  # (the names the documents were given)
    folded = False
    if workers <= 1:
        chunks = split_chunks(units, -(-total // SERIAL_CHUNK_FILES))
        stale = _stale(index, target) if target.live and len(chunks) == 1 else None
        fold = stale is not None and len(stale) <= REFRESH_CHUNK
        try:
            for chunk in chunks:
                entities = _unwritten(stale, chunk, removed) if fold and stale else []
                report.entities += _commit_serial(index, target, chunk, removed, advance,
                                                  cancelled, entities)
                removed.clear()
            folded = fold
        except _Stopped:
            report.cancelled = True
    if removed and not report.cancelled:
        _commit_serial(index, target, Chunk([]), removed, advance, cancelled)
    if touched and not report.cancelled:
        _save(target)  # new stamps for files whose content did not change (commits save too)
    report.problems = [f"{rel}: {why}" for rel, why in sorted(manifest.problems.items())]
    return folded


def _unwritten(stale: list[StaleDocument], chunk: Chunk, removed: list[str],
               ) -> list[StaleDocument]:
    """The ``stale`` documents not of a file the chunk re-indexes or removes (those get their
    names from the file, or go)."""
    written = {f.rel for f in chunk.files} | set(removed)
    return [item for item in stale if item.rel not in written]


def _resolve_suspects(suspects: list[CorpusFile], manifest: Manifest,
                      ) -> tuple[list[CorpusFile], dict[str, FileStamp]]:
    """Suspects whose content changed, and new stamps for those only touched (same content)."""
    changed: list[CorpusFile] = []
    touched: dict[str, FileStamp] = {}
    for item in suspects:
        old = manifest.files.get(item.rel)
        try:
            data, info = read_file(item.location)
        except OSError:
            changed.append(item)
            continue
        if old is not None and old.digest and digest(data) == old.digest:
            touched[item.rel] = FileStamp(info.st_size, info.st_mtime_ns, old.digest,
                                          old.articles)
        else:
            changed.append(item)
    return changed, touched


def _stale(index: SearchIndex, target: _Target) -> list[StaleDocument] | None:
    """The indexed documents whose entity names differ from the index's (None: no names by
    article to compare with)."""
    names = index.entity_map
    if names is None:
        return None
    only = index.names_to_compare(target.names_version, target.names_written)
    manifest = target.manifest
    return stale_documents(manifest.entities if only is None else manifest.names_of(only),
                           names)


def _refresh_entities(index: SearchIndex, target: _Target, progress, cancelled,
                      report: UpdateReport, folded: bool = False) -> None:
    """Re-index the documents whose entity names changed (after the files are up to date),
    unless that was ``folded`` into the files' commit."""
    if index.entity_map is None:
        return
    stale = [] if folded else _stale(index, target)
    if stale:
        report.entities, stopped = refresh(target.ix, target.manifest, stale, progress,
                                           cancelled, lambda: _save(target))
        report.cancelled = report.cancelled or stopped
    version = getattr(index.entities, "version", None)
    if (not report.cancelled and isinstance(version, str) and target.live
            and target.manifest.saved):
        # Every document has these names now: the next run need not compare them.
        remember(index.directory, target.generation / MANIFEST_FILE, NAMES,
                 target.manifest.generation, version, locked=True)


def _workers(files: int, index: SearchIndex) -> int:
    if files < PARALLEL_MIN_FILES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if cpus < 2 or not (helper_started() or stderr_has_descriptor()):
        return 1
    if (index.entities is not None and names_by_article(index.entities) is None
            and not isinstance(index.entities, LateNames)):
        # (names by article id go as plain dicts of each chunk's: see ``build.chunk_names``;
        # pickled whole to try, those of 100,000 articles held the interpreter lock 0.3-0.4 s)
        try:
            pickle.dumps(index.entities)
        except (pickle.PicklingError, AttributeError, TypeError):
            return 1  # a closure or bound method cannot be sent to a worker process
    return cpus


def start_build_workers(index: SearchIndex) -> bool:
    """When the index is empty and its build will use worker processes, start them now (see
    ``build.start_workers``), and say so; ``build.stop_workers`` ends them if the build does
    not."""
    from tuiread.corpus.store import store_file
    from tuiread.search.build import start_workers

    if index.documents:
        return False
    workers = _workers(len(index.plan.files), index)
    if workers > 1:
        start_workers(workers, store_file(index.roots))
    return workers > 1


def _record(manifest: Manifest, outcomes: list[FileOutcome], removed: list[str]) -> None:
    for rel in removed:
        manifest.files.pop(rel, None)
        manifest.problems.pop(rel, None)
        manifest.set_names(rel, None)
    for outcome in outcomes:
        manifest.files[outcome.rel] = outcome.stamp
        manifest.set_names(outcome.rel, outcome.entities)
        if outcome.problem:
            manifest.problems[outcome.rel] = outcome.problem
        else:
            manifest.problems.pop(outcome.rel, None)


def _save(target: _Target) -> None:
    target.manifest.generation = target.ix.latest_generation()
    save_manifest(target.generation / MANIFEST_FILE, target.manifest)


def _commit_serial(index: SearchIndex, target: _Target, chunk: Chunk, removed: list[str],
                   advance: Callable[[int], None], cancelled: Callable[[], bool],
                   stale: list[StaleDocument] | None = None) -> int:
    """Commit the chunk's files and ``removed`` (with the ``stale`` documents re-indexed
    with their new names, none of the chunk's files); how many of those were."""
    writer = target.ix.writer(limitmb=WRITER_LIMIT_MB, codec=index_codec())
    outcomes: list[FileOutcome] = []
    stale = stale or []
    try:
        for rel in [f.rel for f in chunk.files] + removed:
            writer.delete_by_term("path", rel)
        for unit in chunk.units:
            if cancelled():
                raise _Stopped
            documents, unit_outcomes = unit_documents(unit, index.rules, index.entities)
            for document in documents:
                writer.add_document(**document)
            outcomes.extend(unit_outcomes)
            advance(len(unit))
        # (After the files' documents, as a refresh's own commit would add them.)
        gone = rewrite(writer, stale)
    except BaseException:
        writer.cancel()
        raise
    # Merging tiny segments keeps searches fast after many small updates; skip it mid-build.
    if len(chunk.files) < SERIAL_CHUNK_FILES:
        writer.commit(mergetype=merge_tiny)
    else:
        writer.commit(merge=False)
    _record(target.manifest, outcomes, removed)
    rewritten = note_rewritten(target.manifest, stale, gone)
    _save(target)
    return rewritten


def _commit_staged(target: _Target, chunk: Chunk, staged: StagedChunk, removed: list[str],
                   ) -> None:
    """Move a worker's segment into the target and commit it with the chunk's deletions."""
    added = []
    if staged.segment is not None:
        storage = FileStorage(str(staged.folder))
        for name in staged.segment.list_files(storage):
            os.replace(staged.folder / name, target.generation / name)
        added.append(staged.segment)
    writer = target.ix.writer(codec=index_codec())
    try:
        for rel in [f.rel for f in chunk.files] + removed:
            writer.delete_by_term("path", rel)
    except BaseException:
        writer.cancel()
        raise
    # A merge policy may return any segment list: keep the existing ones and add the new one.
    writer.commit(mergetype=lambda _writer, segments: list(segments) + added)
    shutil.rmtree(staged.folder, ignore_errors=True)
    _record(target.manifest, staged.outcomes, removed)
    _save(target)
