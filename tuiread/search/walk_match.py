"""Telling that nothing changed without reading the manifest: the walk's fingerprint.

(The entity names are told the same way, by the version the entity catalog gives them.)

Each time a walk is found to match the manifest (every stamp equal, nothing added or removed),
its fingerprint is recorded in the manifest with the index commit it was compared at. The next
walk with that fingerprint, at that commit, has nothing to do: its plan is made without reading
100,000 stamps. Any change to the stamps or any commit makes the record stale, and the walk is
compared with the manifest again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tuiread.search.manifest import NAMES_KIND, WALK_KIND, matched, matched_folders, save_matched
from tuiread.search.plan import CorpusFile, Plan, WalkPrint, walk_print
from tuiread.search.store import WriterLock

WALK, NAMES = WALK_KIND, NAMES_KIND


class Fingerprints:
    """The fingerprint of the last walk asked about (a check and the replans after it use the
    same list of files: it is computed once)."""

    def __init__(self) -> None:
        self._files: list[CorpusFile] | None = None
        self._print: WalkPrint | None = None

    def of(self, files: list[CorpusFile]) -> WalkPrint:
        if files is not self._files or self._print is None:
            self._files, self._print = files, walk_print(files)
        return self._print


def unchanged_plan(manifest_path: Path, commit: int, fingerprint: str,
                   files: list[CorpusFile], missing: list[Path]) -> Plan | None:
    """The plan of a walk known to match the manifest at index commit ``commit``; None when it
    is not known to (compare it with the manifest)."""
    if matched(manifest_path, WALK) != (commit, fingerprint):
        return None
    return Plan(files=files, unchanged=len(files), missing=list(missing))


def changed_folders(manifest_path: Path, walk: WalkPrint) -> set[str] | None:
    """The folders whose walk differs from when they last matched the manifest; None when
    that is not known (no folder was recorded)."""
    recorded = matched_folders(manifest_path)
    if not recorded:
        return None
    changed = {folder for folder, digest in walk.folders.items()
               if recorded.get(folder) != digest}
    return changed | (recorded.keys() - walk.folders.keys())


def remember(directory: Path, manifest_path: Path, kind: str, commit: int, value: str, *,
             locked: bool = False, folders: dict[str, str] | None = None) -> None:
    """Record that ``value`` of ``kind`` (WALK: a walk's fingerprint, with each folder's in
    ``folders``; NAMES: the entity names' version) matched the manifest at ``commit``: under
    the writer lock (``locked``: the caller holds it), else only if it is free right now."""
    lock = None if locked else WriterLock(directory)
    if lock is not None and not lock.acquire(0.0):
        return  # a writer is at work: its commit would make the record stale anyway
    try:
        save_matched(manifest_path, kind, commit, value, folders)
    except (OSError, sqlite3.Error):
        return  # (a read-only cache): the next walk is compared with the manifest again
    finally:
        if lock is not None:
            lock.release()
