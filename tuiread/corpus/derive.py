"""Reading and cleaning changed files into store rows, in this process or in worker processes.

A row set (:class:`FileRows`) holds what the corpus store keeps of one file; spans are packed into
one array of 32-bit offsets (:func:`pack_spans`) so 100,000 articles' sentences stay small.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread.corpus.copies import sketch
from tuiread.corpus.decode import UnreadableFile
from tuiread.corpus.loader import PARSER_VERSIONS, SourceFile, file_articles
from tuiread.corpus.model import Article, Paragraph, Span
from tuiread.corpus.rules import Rule
from tuiread.corpus.walk import CorpusFile

if TYPE_CHECKING:
    from concurrent.futures import Future

# Below this many files to clean, starting worker processes costs more than it saves (a spawned
# worker takes about half a second to import the cleaner).
PARALLEL_MIN_FILES = 400
# Files per batch: one store commit each, and the unit of work handed to a worker process.
BATCH_FILES = 250
# The last files of a parallel derivation go in batches this small: the workers then finish
# within a small batch of each other, where one full batch left last kept one core busy alone
# (250 BBC files are about a second and a half of a core).
TAIL_BATCH_FILES = 50
# While the worker processes start, this many files are read here, so the first articles can be
# shown before the workers are ready (a spawned worker takes a second or more to start).
FIRST_FILES = 60
# Seconds between looks at whether a parallel derivation was cancelled, and the most a stopped
# worker process is waited for once told to end.
CANCEL_POLL = 0.1
STOP_WAIT = 1.0
# Content digests: 128-bit BLAKE2b tells two versions of one file apart (as the search index does).
DIGEST_BYTES = 16


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=DIGEST_BYTES).hexdigest()


# Bump when the store's tables change: a store of another version is deleted and built again.
STORE_VERSION = 3


def derivation_digest(rules: Sequence[Rule], fmt: str) -> str:
    """What decides the spans of a file of format ``fmt`` besides its bytes: that format's
    parser version and the cleaning rules."""
    described = {
        "store": STORE_VERSION,
        "format": fmt,
        "parser": PARSER_VERSIONS[fmt],
        "rules": [[r.name, r.scope, r.pattern.pattern, r.pattern.flags] for r in rules],
    }
    encoded = json.dumps(described, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


def derivation_digests(rules: Sequence[Rule]) -> dict[str, str]:
    """``derivation_digest`` of every format: a new HTML reader re-derives HTML files only."""
    return {fmt: derivation_digest(rules, fmt) for fmt in PARSER_VERSIONS}


@dataclass(frozen=True, slots=True)
class FileRows:
    rel: str
    size: int
    mtime_ns: int
    digest: str
    derivation: str
    problem: str | None
    # (record, key, title, source, url, date, author, words, encoding, format, spans, hidden, notes)
    articles: list[tuple]
    # What ``MentionMaker`` gave for each article (same order), when asked: kept in the
    # store's mentions table, so the entity catalog reads no text for them.
    mentions: list[tuple[str, str]] | None = None
    # The copies sketch of each article (same order) as uint32 bytes: made here, where the
    # clean text is in hand, and kept in the sketch cache, so finding copies reads no text.
    sketches: list[bytes] | None = None


# Made from an article just derived, in the process that derived it (a module-level function,
# so worker processes can be handed it): (version, data) for the store's mentions table, or
# None when it cannot say (the caller extracts later, and reports why).
MentionMaker = Callable[[Article], "tuple[str, str] | None"]


def pack_spans(article: Article) -> bytes:
    """Visible spans, paragraphs (with the heading flag) and sentences as one uint32 array."""
    packed = array("I", [len(article.visible)])
    for span in article.visible:
        packed.extend((span.start, span.end))
    packed.append(len(article.paragraphs))
    for paragraph in article.paragraphs:
        packed.extend((paragraph.start, paragraph.end, int(paragraph.heading)))
    packed.append(len(article.sentences))
    for span in article.sentences:
        packed.extend((span.start, span.end))
    return packed.tobytes()


def unpack_spans(data: bytes) -> tuple[list[Span], list[Paragraph], list[Span]]:
    values = array("I")
    values.frombytes(data)
    visible, at = _pairs_at(values, 0)
    count = values[at]
    paragraphs = [Paragraph(values[at + 1 + 3 * i], values[at + 2 + 3 * i],
                            bool(values[at + 3 + 3 * i])) for i in range(count)]
    sentences, _ = _pairs_at(values, at + 1 + 3 * count)
    return visible, paragraphs, sentences


def unpack_segment_bounds(data: bytes) -> tuple[array, array, array, array]:
    """The starts and the ends of the visible spans, then of the sentences, of ``pack_spans``'s
    data, as arrays (searchable with ``bisect``): no span object made, for the contexts of
    thousands of mentions at once."""
    values = array("I")
    values.frombytes(data)
    count = values[0]
    visible_starts, visible_ends = values[1 : 1 + 2 * count : 2], values[2 : 2 + 2 * count : 2]
    at = 1 + 2 * count
    at += 1 + 3 * values[at]  # the paragraphs, skipped
    count = values[at]
    return (visible_starts, visible_ends, values[at + 1 : at + 1 + 2 * count : 2],
            values[at + 2 : at + 2 + 2 * count : 2])


def _pairs_at(values: array, at: int) -> tuple[list[Span], int]:
    """The spans stored at ``at`` (a count, then start/end pairs) and where the next part
    starts. Spans made by tuple.__new__ from pairs of one iterator: no Python call per span
    (an article has dozens; a mention listing unpacks thousands of articles)."""
    count = values[at]
    flat = iter(values[at + 1 : at + 1 + 2 * count])
    return list(map(tuple.__new__, repeat(Span), zip(flat, flat, strict=True))), at + 1 + 2 * count


def derive_file(location: str, rel: str, fmt: str, rules: Sequence[Rule],
                derivations: Mapping[str, str],
                data: bytes | None = None, mentions: MentionMaker | None = None) -> FileRows:
    """The rows of one file (its bytes read now unless given); ``derivations`` by format."""
    derivation = derivations[fmt]
    try:
        if data is None:
            with open(location, "rb") as handle:
                info = os.fstat(handle.fileno())
                data = handle.read()
        else:
            info = os.stat(location)
    except OSError as exc:
        return FileRows(rel, 0, 0, "", derivation, f"cannot read ({exc.strerror or exc})", [])
    digest = file_digest(data)
    try:
        found = file_articles(SourceFile(Path(location), rel, fmt), data, list(rules))
    except UnreadableFile as exc:
        return FileRows(rel, info.st_size, info.st_mtime_ns, digest, derivation, str(exc), [])
    rows = [
        (number, key, a.title, a.source, a.url, a.date, a.author, a.words, a.encoding, a.format,
         pack_spans(a), json.dumps([[h.start, h.end, h.reason] for h in a.hidden]),
         json.dumps(a.notes))
        for number, key, a in found
    ]
    made = None
    if mentions is not None:
        made = [mentions(a) for _, _, a in found]
        made = None if any(m is None for m in made) else made
    sketches = [array("I", sketch(a.clean_text())).tobytes() for _, _, a in found]
    return FileRows(rel, info.st_size, info.st_mtime_ns, digest, derivation, None, rows, made,
                    sketches)


def _derive_batch(items: list[tuple[str, str, str]], rules: list[Rule],
                  derivations: Mapping[str, str],
                  mentions: MentionMaker | None = None) -> list[FileRows]:
    return [derive_file(location, rel, fmt, rules, derivations, mentions=mentions)
            for location, rel, fmt in items]


def worker_count(files: int) -> int:
    if files < PARALLEL_MIN_FILES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    # Multiprocessing hands its helper process this process's stderr; a full-screen app
    # replaces it with a capture that has no descriptor, so it starts the helper before
    # (see ``tuiread.processes``).
    from tuiread.processes import helper_started, stderr_has_descriptor

    return cpus if helper_started() or stderr_has_descriptor() else 1


def derive_files(todo: list[tuple[CorpusFile, bytes | None]], rules: Sequence[Rule],
                 derivations: Mapping[str, str], write: Callable[[list[FileRows]], None],
                 cancelled: Callable[[], bool], mentions: MentionMaker | None = None) -> bool:
    """Derive every file of ``todo``, handing ``write`` a batch at a time, in walk order when in
    one process (``mentions``: made for each article too, see ``MentionMaker``). Returns False
    if cancelled."""
    workers = worker_count(len(todo))
    if workers > 1:
        from concurrent.futures.process import BrokenProcessPool

        head, rest = todo[:FIRST_FILES], todo[FIRST_FILES:]
        written: set[str] = set()

        def counted(batch: list[FileRows]) -> None:
            write(batch)
            written.update(rows.rel for rows in batch)

        def first() -> None:
            counted([derive_file(f.location, f.rel, f.format, rules, derivations, data,
                                 mentions) for f, data in head])

        try:
            return _derive_parallel(rest, list(rules), derivations, counted, cancelled, workers,
                                    mentions, first)
        except (BrokenProcessPool, OSError):
            # Worker processes could not start or died: finish in this process.
            todo = [(item, data) for item, data in todo if item.rel not in written]
    batch: list[FileRows] = []
    for item, data in todo:
        if cancelled():
            break
        batch.append(derive_file(item.location, item.rel, item.format, rules, derivations, data,
                                 mentions))
        if len(batch) >= BATCH_FILES:
            write(batch)
            batch = []
    if batch:
        write(batch)
    return not cancelled()


def parallel_batches(items: list, workers: int) -> list[list]:
    """``items`` in batches of ``BATCH_FILES``, the last ``workers`` to ``workers + 1`` batches'
    worth in batches of ``TAIL_BATCH_FILES`` (handed out last, they even out the workers'
    ends)."""
    tail_start = max(0, len(items) - workers * BATCH_FILES) // BATCH_FILES * BATCH_FILES
    head, tail = items[:tail_start], items[tail_start:]
    return ([head[i : i + BATCH_FILES] for i in range(0, len(head), BATCH_FILES)]
            + [tail[i : i + TAIL_BATCH_FILES] for i in range(0, len(tail), TAIL_BATCH_FILES)])


def _derive_parallel(todo: list[tuple[CorpusFile, bytes | None]], rules: list[Rule],
                     derivations: Mapping[str, str], write: Callable[[list[FileRows]], None],
                     cancelled: Callable[[], bool], workers: int,
                     mentions: MentionMaker | None = None,
                     first: Callable[[], None] | None = None) -> bool:
    """``first()`` runs here once the workers are started: their start (a second or more of
    imports) and its work overlap."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, wait

    from tuiread.processes import worker_pool

    # "spawn": the caller may be a thread of a running app, and forking a threaded process can
    # deadlock the child.
    context = multiprocessing.get_context("spawn")
    items = [(f.location, f.rel, f.format) for f, _ in todo]
    batches = parallel_batches(items, workers)
    pool = worker_pool(workers, context)
    pending: set[Future] = set()
    try:
        pending = {pool.submit(_derive_batch, b, rules, derivations, mentions) for b in batches}
        if first is not None:
            first()
        while pending:
            done, pending = wait(pending, timeout=CANCEL_POLL, return_when=FIRST_COMPLETED)
            if cancelled():
                _stop(pool)
                return False
            for future in done:
                write(future.result())
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return True


def _stop(pool) -> None:
    """End ``pool`` now, its running batches with it: waiting for them (up to a batch of files
    each, seconds on a busy machine) kept a cancelled load, and the app quitting, waiting. A
    worker only derives and hands rows back (this process writes them), so stopping one loses
    nothing but its batch."""
    # (The pool has no public way to end its processes.)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(STOP_WAIT)
    for process in processes:
        if process.is_alive():  # (a busy machine may not have let it end on the terminate)
            process.kill()
            process.join(STOP_WAIT)
