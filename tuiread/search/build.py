"""Reading corpus files into index documents, in this process or in worker processes.

The work is split into *units* (the files that share an article-id base, read together in scan
order so ids come out as the corpus loader gives them) and units into *chunks*. A worker writes a
chunk into a Whoosh index of its own in a staging folder and returns the finished segment; the
parent moves the segment's files into the live index and commits it. Each chunk is one commit,
so a killed build loses at most the chunks not yet committed.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from tuiread.corpus import Rule, UnreadableFile
from tuiread.corpus.loader import SourceFile, build_articles
from tuiread.corpus.store import stored_articles
from tuiread.processes import sliced, unsliced, worker_pool
from tuiread.search.documents import EntityNames, article_document
from tuiread.search.late_names import HELD_DOCUMENTS, HeldDocuments, LateNames, NamesFile
from tuiread.search.manifest import FileStamp, digest
from tuiread.search.orphans import exit_with_parent
from tuiread.search.plan import CorpusFile, id_base
from tuiread.search.posting_pool import use_packed_pool
from tuiread.search.postings import IndexCodec
from tuiread.search.schema import build_schema

# Memory a Whoosh writer may use for postings before it spills sorted runs to disk.
WRITER_LIMIT_MB = 128
# The same for a worker writing a chunk of a parallel build (one chunk per worker: a 45x BBC
# build gives each 50,000 articles). A spill is dear: the runs are written, read back and merged
# in Python. The packed pool (``posting_pool``) counts what it holds, about 7.5 MB per 1,000 BBC
# articles, so 50,000 stay in memory and a bigger chunk spills. One chunk of 22,250 BBC
# articles: 334 MB resident and 90 s of CPU, against 797 MB and 152 s (with a spill) for
# Whoosh's own pool, which counts three quarters of what it holds. A worker's resident memory
# grows about 12 KB an article (the pool's 7.5 and the allocator's slack), so this limit keeps
# it under about 0.9 GB however big the chunk.
STAGING_LIMIT_MB = 512
# How often a waiting parent wakes to forward progress and check for cancellation (seconds).
POLL_SECONDS = 0.1

Unit = list[CorpusFile]


def index_codec() -> IndexCodec:
    """Whoosh's codec without per-block length statistics, writing postings in one loop
    (``postings.FastFieldWriter``: the same files).

    The statistics only serve block-skipping ("quality") optimisations, which searches here turn
    off to count matches exactly; skipping them saves a length lookup per posting when
    committing.
    """
    codec = IndexCodec()
    codec.length_stats = False
    return codec


@dataclass(frozen=True, slots=True)
class FileOutcome:
    rel: str
    stamp: FileStamp
    problem: str | None = None
    # article id -> digest of the entity names it was indexed with, for the manifest
    entities: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Chunk:
    units: list[Unit]

    @property
    def files(self) -> list[CorpusFile]:
        return [f for unit in self.units for f in unit]


def group_units(files: list[CorpusFile]) -> list[Unit]:
    """Files grouped by article-id base, in the given (scan) order."""
    units: dict[str, Unit] = {}
    for item in files:
        units.setdefault(id_base(item.rel), []).append(item)
    return list(units.values())


def split_chunks(units: list[Unit], count: int) -> list[Chunk]:
    """``units`` in at most ``count`` chunks of about the same number of files."""
    total = sum(len(u) for u in units)
    size = max(1, -(-total // max(count, 1)))
    chunks: list[Chunk] = []
    current: list[Unit] = []
    filled = 0
    for unit in units:
        current.append(unit)
        filled += len(unit)
        if filled >= size:
            chunks.append(Chunk(current))
            current, filled = [], 0
    if current:
        chunks.append(Chunk(current))
    return chunks


def read_file(path: str | Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its stat taken before reading (a later edit changes the mtime)."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        return handle.read(), info


def unit_documents(unit: Unit, rules: list[Rule], entities: EntityNames | None,
                   ) -> tuple[list[dict], list[FileOutcome]]:
    """The documents of one unit and a stamp for each of its files."""
    documents: list[dict] = []
    outcomes: list[FileOutcome] = []
    taken: set[str] = set()
    for item in unit:
        try:
            data, info = read_file(item.location)
        except OSError as exc:
            stamp = FileStamp(item.size, item.mtime_ns, "", 0)
            outcomes.append(FileOutcome(item.rel, stamp, f"cannot read ({exc.strerror or exc})"))
            continue
        stamp = FileStamp(info.st_size, info.st_mtime_ns, digest(data), 0)
        source = SourceFile(item.path, item.rel, item.format)
        try:
            # What the corpus store kept for this content, else read and clean it now.
            articles = (_store_path is not None
                        and stored_articles(_store_path, source, data, rules, taken)) \
                or build_articles(source, data, rules, taken)
        except UnreadableFile as exc:
            outcomes.append(FileOutcome(item.rel, stamp, str(exc)))
            continue
        stamp = FileStamp(stamp.size, stamp.mtime_ns, stamp.digest, len(articles))
        names: dict[str, str] = {}
        for article in articles:
            document = article_document(article, item.rel, entities)
            document["stamp"] = stamp.as_list()
            documents.append(document)
            names[article.id] = document["entity_hash"]
        outcomes.append(FileOutcome(item.rel, stamp, entities=names))
    return documents, outcomes


@dataclass(slots=True)
class StagedChunk:
    """A chunk written by a worker: its Whoosh segment (None if it has no documents)."""

    folder: Path
    segment: Any
    outcomes: list[FileOutcome]
    documents: int


# Set in each worker process by ``_init_worker``.
_progress_queue: Any = None
_cancel_event: Any = None
_names_event: Any = None  # set once each chunk's late names are in its ``NamesFile``
# The corpus store whose cleaned articles documents are made from (see ``use_corpus_store``).
_store_path: Path | None = None


def use_corpus_store(path: Path | None) -> None:
    """Make documents from the articles the corpus store at ``path`` kept (None: clean every
    file again), in this process and in the worker processes started after."""
    global _store_path
    _store_path = path if path is not None and path.exists() else None


def _init_worker(progress_queue: Any, cancel_event: Any, store_path: Path | None = None,
                 names_event: Any = None) -> None:
    global _progress_queue, _cancel_event, _store_path, _names_event
    _progress_queue, _cancel_event, _store_path = progress_queue, cancel_event, store_path
    _names_event = names_event
    exit_with_parent()  # a kill -9 of the parent leaves no worker behind


def stage_chunk(folder: Path, chunk: Chunk, rules: list[Rule],
                entities: EntityNames | NamesFile | None) -> StagedChunk | None:
    """Write ``chunk`` as a one-segment index in ``folder`` (run in a worker process).
    ``entities`` as a ``NamesFile``: the names come later (see ``late_names``).

    Returns None when the parent asked to stop.
    """
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(limitmb=STAGING_LIMIT_MB, codec=index_codec())
    use_packed_pool(writer, STAGING_LIMIT_MB)
    late = entities if isinstance(entities, NamesFile) else None
    held = HeldDocuments(writer) if late is not None else None
    outcomes: list[FileOutcome] = []
    count = 0
    for unit in chunk.units:
        if _cancel_event is not None and _cancel_event.is_set():
            writer.cancel()
            return None
        if held is not None and (len(held) >= HELD_DOCUMENTS or _names_given()):
            entities = _late_names(late, held)
            held = None
            if entities is CANCELLED:
                writer.cancel()
                return None
        documents, unit_outcomes = unit_documents(unit, rules, entities if held is None
                                                  else None)
        if held is None:
            for document in documents:
                writer.add_document(**document)
        else:
            digests = {a: o.entities for o in unit_outcomes for a in o.entities}
            for document in documents:
                held.add(document, digests[document["id"]])
        count += len(documents)
        outcomes.extend(unit_outcomes)
        if _progress_queue is not None:
            _progress_queue.put(len(unit))
    if held is not None and _late_names(late, held) is CANCELLED:
        writer.cancel()
        return None
    if not count:
        writer.cancel()
        return StagedChunk(folder, None, outcomes, 0)
    writer.commit()
    with ix.reader() as reader:
        segment = reader.segment()
    return StagedChunk(folder, segment, outcomes, count)


# What ``_late_names`` gives when the parent asked to stop while it waited.
CANCELLED: Any = object()


def _names_given() -> bool:
    return _names_event is None or _names_event.is_set()


def _late_names(late: NamesFile, held: HeldDocuments) -> EntityNames | None:
    """The chunk's names, waited for, with the ``held`` documents given theirs; CANCELLED if
    the parent asked to stop meanwhile."""
    while _names_event is not None and not _names_event.wait(POLL_SECONDS):
        if _cancel_event is not None and _cancel_event.is_set():
            return CANCELLED
    names = late.read()
    held.give(lambda article_id: names_of_id(names, article_id))
    return names


def names_of_id(names: Mapping[str, Sequence[str]] | None, article_id: str) -> list[str]:
    """``documents.entity_names`` of an article known by its id only (a ``NamesFile`` holds
    names by article id: ``_send_late`` sends no other kind)."""
    return [n for n in names.get(article_id, ()) if n.strip()] if names is not None else []


def _sliced_names(names: EntityNames | None) -> EntityNames | list[bytes] | None:
    """A chunk's name mapping as ``processes.sliced`` pieces of its items (another kind as
    it is)."""
    return sliced(list(names.items())) if isinstance(names, Mapping) else names


def _stage_sliced(folder: Path, units: list[bytes], rules: list[Rule],
                  names: EntityNames | NamesFile | list[bytes] | None) -> StagedChunk | None:
    """``stage_chunk`` of what ``run_parallel`` sent in slices (run in a worker process)."""
    if isinstance(names, list):
        shared: dict[str, str] = {}  # (one string per distinct name, as ``chunk_names`` sends)
        names = {article: tuple([shared.setdefault(n, n) for n in those])
                 for article, those in unsliced(names)}
    return stage_chunk(folder, Chunk(unsliced(units)), rules, names)


ChunkDone = Callable[[Chunk, StagedChunk], None]


def names_by_article(entities: EntityNames | None) -> Mapping[str, Sequence[str]] | None:
    """The mapping by article id behind ``entities``: itself, or the ``names`` of an entity
    field (``entities.EntityField``, a function of the article over such a mapping); else
    None."""
    if isinstance(entities, Mapping):
        return entities
    names = getattr(entities, "names", None)
    return names if isinstance(names, Mapping) else None


def chunk_names(entities: EntityNames | None, chunks: list[Chunk]) -> list[EntityNames | None]:
    """For each chunk, the entity names of the articles of its files only, each distinct name
    one string: what its worker process is sent. Every article's names with a string per
    mention (json gives each its own) cost each worker 40 MB at BBC x10 (22,250 articles,
    25 names each, 16,000 distinct), 9 MB shared, and the chunk needs a share of the articles.

    A name mapping of another kind than by article id (a function of the article) goes whole.
    """
    by_article = names_by_article(entities)
    if by_article is None:
        return [entities] * len(chunks)
    entities = by_article
    # An article's id is its file's id base or path, maybe followed by "#" and a record key
    # (``corpus.loader.article_id``): the part before some "#", or the whole id.
    owner: dict[str, int] = {}
    for number, chunk in enumerate(chunks):
        for item in chunk.files:
            owner[item.rel] = owner[id_base(item.rel)] = number
    picked: list[dict[str, tuple[str, ...]]] = [{} for _ in chunks]
    shared: dict[str, str] = {}
    for article_id in entities:
        numbers = _owners_of(article_id, owner)
        if numbers:
            names = tuple([shared.setdefault(n, n) for n in entities.get(article_id, ())])
            for number in numbers:
                picked[number][article_id] = names
    return list(picked)


def _owners_of(article_id: str, owner: dict[str, int]) -> set[int]:
    """The chunks whose files may hold ``article_id`` (more than one only when "#" in a file
    name makes the id ambiguous: each such chunk gets the names)."""
    numbers = set()
    if article_id in owner:
        numbers.add(owner[article_id])
    at = article_id.find("#")
    while at >= 0:
        if article_id[:at] in owner:
            numbers.add(owner[article_id[:at]])
        at = article_id.find("#", at + 1)
    return numbers


def run_parallel(chunks: list[Chunk], staging: Path, rules: list[Rule],
                 entities: EntityNames | LateNames | None, workers: int, on_done: ChunkDone,
                 progress: Callable[[int], None], cancelled: Callable[[], bool]) -> bool:
    """Stage ``chunks`` in ``workers`` processes, calling ``on_done`` as each finishes.
    ``entities`` as ``LateNames``: the workers start before the names are known, and are sent
    them once they are (names by article id, or None).

    Workers are started with "spawn": the caller may be a thread of a running app, and forking a
    threaded process can deadlock the child. Returns False if cancelled.
    """
    pool, progress_queue, cancel_event, names_event = _take_pool(workers)
    pending: dict[Future, Chunk] = {}
    finished = True
    late = entities if isinstance(entities, LateNames) else None
    if late is None:
        sent = [_sliced_names(names) for names in chunk_names(entities, chunks)]
    else:
        sent = [NamesFile(staging / f"names-{number}") for number in range(len(chunks))]
    with pool:
        for number, chunk in enumerate(chunks):
            folder = staging / f"chunk-{number}"
            pending[pool.submit(_stage_sliced, folder, sliced(chunk.units), rules,
                                sent[number])] = chunk
        try:
            while pending:
                done, _ = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                _drain(progress_queue, progress)
                if late is not None and late.ready:
                    _send_late(late.wait(), chunks, sent, names_event)
                    late = None
                if cancelled():
                    cancel_event.set()
                    finished = False
                for future in done:
                    chunk = pending.pop(future)
                    staged = future.result()
                    if staged is not None and finished:
                        on_done(chunk, staged)
        except BaseException:
            cancel_event.set()
            for future in pending:
                future.cancel()
            raise
    _drain(progress_queue, progress)
    return finished


def _send_late(names: EntityNames | None, chunks: list[Chunk], files: list[NamesFile],
               names_event: Any) -> None:
    """Leave each chunk's share of the late ``names`` in its file, then tell the workers."""
    if names is not None and names_by_article(names) is None:
        raise TypeError("late entity names go by article id")
    for share, file in zip(chunk_names(names, chunks), files, strict=True):
        file.write(share)
    names_event.set()


# A pool started ahead of its build by ``start_workers``: (pool, progress queue, cancel event,
# names event, workers, corpus store), or None.
_early: tuple[ProcessPoolExecutor, Any, Any, Any, int, Path | None] | None = None


def start_workers(workers: int, store_path: Path | None) -> None:
    """Start a parallel build's ``workers`` processes now, for a build that cannot start yet:
    each spends about half a second of a core on its imports, which then overlaps what this
    process does first (a cold ``tuiread index`` groups the entity catalog on one core, the
    build needing its names). ``run_parallel`` takes them when it wants as many workers
    with the same corpus store; ``stop_workers`` ends them if it never does."""
    global _early
    stop_workers()
    store_path = store_path if store_path is not None and store_path.exists() else None
    _early = (*_new_pool(workers, store_path), workers, store_path)
    for _ in range(workers):
        # With "spawn", a process is started for each task submitted while none is idle.
        _early[0].submit(os.getpid)


def stop_workers() -> None:
    """End the processes ``start_workers`` started, if no build took them."""
    global _early
    if _early is not None:
        pool, _early = _early[0], None
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(workers: int, store_path: Path | None,
              ) -> tuple[ProcessPoolExecutor, Any, Any, Any]:
    context = multiprocessing.get_context("spawn")
    progress_queue = context.Queue()
    cancel_event = context.Event()
    names_event = context.Event()
    pool = worker_pool(workers, context, _init_worker,
                       (progress_queue, cancel_event, store_path, names_event))
    return pool, progress_queue, cancel_event, names_event


def _take_pool(workers: int) -> tuple[ProcessPoolExecutor, Any, Any, Any]:
    """The early pool if it fits this build, else a new one."""
    global _early
    if _early is not None and _early[4:] == (workers, _store_path):
        pool, progress_queue, cancel_event, names_event = _early[:4]
        _early = None
        return pool, progress_queue, cancel_event, names_event
    stop_workers()
    return _new_pool(workers, _store_path)


def _drain(progress_queue: Any, progress: Callable[[int], None]) -> None:
    while True:
        try:
            count = progress_queue.get_nowait()
        except queue.Empty:
            return
        progress(count)
