"""The index checked against find's output without parsing it whole (see ``corpus.walk_find``).

Each time the index is found to match a walk made by find (every stamp equal, nothing added or
removed), the manifest records the digest of find's output and the number of files, with the
index commit (kind "find"), and the output itself is kept beside the manifest. The next check
at that commit:

- an output of that digest: nothing changed, and the plan is made without reading a stamp or
  parsing the output (the files are made only if asked for; the location of a hit is looked up
  in the output's bytes);
- another output: it is compared with the kept one byte by byte (``corpus.walk_diff``), the few
  entries that differ are made into files by the walk's own rules, and the plan is made from
  their folders' stamps alone.

Anything else (no record, another commit, a kept output that is missing or does not hash to the
recorded digest, an entry only the full walk handles) is the check as before, from the whole
walk. The kept output is derived data: written whole to a temporary file and renamed, and
trusted only when its digest (over the same head: root, exclude patterns, formats, code) is the
recorded one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

from tuiread.corpus.walk import CorpusFile, Walk, id_base
from tuiread.corpus.walk_diff import (
    Change,
    changed_entries,
    entries_at,
    entries_in,
    path_bytes,
    read_kept,
    subset_walk,
)
from tuiread.corpus.walk_find import FindOutput
from tuiread.search.manifest import FIND_KIND, matched, save_matched
from tuiread.search.plan import Plan, folder_of
from tuiread.search.store import MANIFEST_FILE, WriterLock

if TYPE_CHECKING:
    from tuiread.search.index import SearchIndex

# Up to this many paths, files are looked up in find's output by a search of its bytes per
# path (a few milliseconds each at 100,000 files); past it, by splitting it once (30-100 ms).
FEW_PATHS = 8
# The kept output's file, beside the manifest, and the line it starts with.
KEPT_FILE = "walk.find"
KEPT_LAYOUT = b"tuiread find output 1\n"


class FoundFiles(Sequence[CorpusFile]):
    """The files of the walk find's output ``found`` makes, ``count`` of them, made (by
    ``make_walk``) only when first used as a list."""

    def __init__(self, found: FindOutput, make_walk: Callable[[], Walk], count: int | None = None,
                 walked: Walk | None = None):
        self.found = found
        self._make_walk = make_walk
        self._files: list[CorpusFile] | None = walked.files if walked is not None else None
        # (Until the walk is made, the record of the output says it could be made from it.)
        self._from_output = walked is None or walked.digest == found.digest
        self.count = count if count is not None else len(self._files or [])
        self._change: tuple[tuple[str, Path], Change | None] | None = None

    @property
    def made(self) -> bool:
        return self._files is not None

    @property
    def from_output(self) -> bool:
        """Whether the walk is the one find's output makes (not the full walk it fell back
        to, for a link say: a link's target may change with its entry unchanged)."""
        return self._from_output

    def _list(self) -> list[CorpusFile]:
        if self._files is None:
            walked = self._make_walk()
            self._files = walked.files
            self._from_output = walked.digest == self.found.digest
            self.count = len(self._files)
        return self._files

    def __len__(self) -> int:
        return self.count if self._files is None else len(self._files)

    @overload
    def __getitem__(self, index: int) -> CorpusFile: ...

    @overload
    def __getitem__(self, index: slice) -> list[CorpusFile]: ...

    def __getitem__(self, index):
        return self._list()[index]

    def __iter__(self) -> Iterator[CorpusFile]:
        return iter(self._list())

    def located(self, rels: Iterable[str]) -> dict[str, str | None] | None:
        """Where each of the files ``rels`` is (None: not a file of the walk), found in find's
        output; None when that cannot be told so (use the files)."""
        wanted = {}
        for rel in set(rels):
            path = path_bytes(rel)
            if path is None:
                return None
            wanted[path] = rel
        walked = self._subset(entries_at(self.found.fields, wanted))
        if walked is None:
            return None
        found = dict(zip(walked.column("rel"), walked.column("location"), strict=True))
        return {rel: found.get(rel) for rel in wanted.values()}

    def sharing(self, bases: set[str]) -> list[CorpusFile] | None:
        """The files whose id base is one of ``bases``, in walk order, found in find's output;
        None when that cannot be told so."""
        paths = [path_bytes(base) for base in bases]
        if any(path is None for path in paths):
            return None
        if len(paths) <= FEW_PATHS:  # (a search of the output's bytes per path)
            entries = entries_in(self.found.raw, paths, siblings=True)  # type: ignore[arg-type]
        else:
            entries = entries_at(self.found.fields, paths, siblings=True)  # type: ignore[arg-type]
        walked = self._subset(entries)
        if walked is None:
            return None
        return [item for item in walked.files if id_base(item.rel) in bases]

    def change_from(self, digest: str, generation: Path) -> Change | None:
        """How find's output differs from the one of ``digest`` kept in ``generation`` (None
        when that one is not kept there); worked out once (an update plans again twice)."""
        key = (digest, generation)
        if self._change is None or self._change[0] != key:
            kept = read_kept(generation / KEPT_FILE, KEPT_LAYOUT, digest, self.found)
            self._change = (key, changed_entries(kept, self.found.raw) if kept is not None
                            else None)
        return self._change[1]

    def _subset(self, entries: Sequence[bytes]) -> Walk | None:
        return subset_walk(entries, self.found.root, self.found.exclude)


def found_plan(index: SearchIndex, files: FoundFiles) -> tuple[Plan, object] | None:
    """The plan of the walk of ``files`` (find's output, not parsed) against ``index``, with
    the manifest it was made against (None when no stamp was read), when the manifest's record
    of the output last found to match it allows; else None."""
    generation, commit = index.generation, index.live_commit()
    if generation is None or commit is None:
        return None
    path = generation / MANIFEST_FILE
    record = matched(path, FIND_KIND)
    if record is None or record[0] != commit:
        return None
    digest, _, count = record[1].partition(":")
    if not count.isdigit():
        return None
    found = files.found
    if digest == found.digest:
        files.count = int(count)
        return Plan(files=files, unchanged=files.count), None
    changes = files.change_from(digest, generation)
    if changes is None:
        return None
    old = subset_walk(changes.gone, found.root, found.exclude)
    new = subset_walk(changes.new, found.root, found.exclude)
    if old is None or new is None:
        return None
    old_rels, new_files = set(old.column("rel")), new.files
    folders = {folder_of(rel) for rel in old_rels} | {folder_of(item.rel) for item in new_files}
    manifest = index._opened_manifest(folders)
    if manifest is None:
        return None
    if manifest.partial is not None and not folders <= manifest.partial:
        manifest.complete()
    stamps = manifest.files
    plan = Plan(files=files)
    new_rels = set()
    for item in new_files:
        new_rels.add(item.rel)
        stamp = stamps.get(item.rel)
        if stamp is None:
            plan.added.append(item)
        elif stamp.size != item.size or stamp.mtime_ns != item.mtime_ns:
            plan.suspect.append(item)
    plan.removed = sorted(rel for rel in old_rels - new_rels if rel in stamps)
    files.count = int(count) - len(old_rels - new_rels) + len(new_rels - old_rels)
    plan.unchanged = files.count - len(plan.added) - len(plan.suspect)
    if changes.in_place is not None:
        found.change = (digest, changes.in_place)  # (for the corpus store: see walk_memo)
    return plan, manifest


def remember_found(index: SearchIndex, files: FoundFiles, commit: int, *,
                   locked: bool = False) -> None:
    """Record that the walk of ``files`` matched the manifest at ``commit`` (its output kept
    beside it): under the writer lock (``locked``: the caller holds it), else only if it is
    free right now."""
    generation = index.generation
    if generation is None:
        return
    path = generation / MANIFEST_FILE
    found = files.found
    value = f"{found.digest}:{len(files)}"
    if not files.from_output:
        return  # (the next check makes the whole walk again)
    if matched(path, FIND_KIND) == (commit, value):
        return
    lock = None if locked else WriterLock(index.directory)
    if lock is not None and not lock.acquire(0.0):
        return  # a writer is at work: its commit would make the record stale anyway
    try:
        _write_kept(generation, found)
        save_matched(path, FIND_KIND, commit, value)
    except (OSError, sqlite3.Error):
        return  # (a read-only cache): the next check makes the whole walk
    finally:
        if lock is not None:
            lock.release()


def _write_kept(generation: Path, found: FindOutput) -> None:
    target = generation / KEPT_FILE
    temporary = target.with_name(f"{KEPT_FILE}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as f:
            f.write(KEPT_LAYOUT)
            f.write(found.raw)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
