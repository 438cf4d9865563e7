"""The freshness check: which corpus files changed since they were indexed, from ``stat`` alone.

A file whose size and mtime match its stamp is unchanged and never read. One whose stat differs is
*suspect*: the update reads and hashes it, and re-indexes it only if its content changed.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from tuiread.corpus.walk import DEFAULT_EXCLUDE, CorpusFile, id_base, walk_corpus
from tuiread.search.manifest import FileStamp, Manifest

__all__ = ["CorpusFile", "Plan", "WalkPrint", "files_sharing", "folder_of", "folders_plan",
           "id_base", "make_plan", "refine_plan", "scan_corpus", "walk_print"]

FINGERPRINT_BYTES = 16


@dataclass(slots=True)
class Plan:
    files: list[CorpusFile]
    added: list[CorpusFile] = field(default_factory=list)
    suspect: list[CorpusFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[Path] = field(default_factory=list)  # roots that do not exist

    @property
    def needed(self) -> bool:
        return bool(self.added or self.suspect or self.removed)

    def describe(self) -> str:
        parts = [f"{len(self.added)} new", f"{len(self.suspect)} changed",
                 f"{len(self.removed)} removed"]
        return ", ".join(parts) + f", {self.unchanged} unchanged"


def scan_corpus(roots: Iterable[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE,
                ) -> tuple[list[CorpusFile], list[Path]]:
    """Every article file under ``roots`` with its stat: the corpus walk the loader uses."""
    walked = walk_corpus(roots, exclude)
    return walked.files, walked.missing


def make_plan(files: list[CorpusFile], manifest: Manifest | None,
              missing: list[Path] | None = None) -> Plan:
    plan = Plan(files=files, missing=list(missing or []))
    stamps = manifest.files if manifest is not None else {}
    _sort_into(plan, files, stamps)
    present = {item.rel for item in files}
    plan.removed = sorted(rel for rel in stamps if rel not in present)
    return plan


def refine_plan(plan: Plan, manifest: Manifest) -> Plan:
    """``plan`` again after an update changed ``manifest``: only the files it named as new,
    changed or removed are looked at again (an update leaves the other stamps as they were)."""
    stamps = manifest.files
    refined = Plan(files=plan.files, unchanged=plan.unchanged, missing=list(plan.missing))
    _sort_into(refined, plan.added + plan.suspect, stamps)
    refined.removed = [rel for rel in plan.removed if rel in stamps]
    return refined


def _sort_into(plan: Plan, files: list[CorpusFile], stamps: Mapping[str, FileStamp]) -> None:
    """Each file into ``plan`` as new (no stamp), suspect (its stat differs) or unchanged."""
    for item in files:
        stamp = stamps.get(item.rel)
        if stamp is None:
            plan.added.append(item)
        elif stamp.size != item.size or stamp.mtime_ns != item.mtime_ns:
            plan.suspect.append(item)
        else:
            plan.unchanged += 1


def files_sharing(files: Sequence[CorpusFile], affected: set[str]) -> Sequence[CorpusFile]:
    """The files whose id base is one of ``affected`` (all of ``files`` when that is most),
    in walk order; from find's output when the walk's files are not made (see
    ``walk_found.FoundFiles.sharing``)."""
    if len(affected) * 2 > len(files):
        return files
    sharing = getattr(files, "sharing", None)
    if sharing is not None and not files.made:  # type: ignore[attr-defined]
        found = sharing(affected)
        if found is not None:
            return found
    # A few: only their files (a prefix test in C first, the exact one after).
    prefixes = tuple(affected)
    return [f for f in files if f.rel.startswith(prefixes) and id_base(f.rel) in affected]


def folder_of(rel: str) -> str:
    """The folder part of a corpus-relative path ("" for a file at the top)."""
    return rel.rpartition("/")[0]


class WalkPrint:
    """Digests of a walk: of every file's path, size and mtime (``whole``: the one a search
    needs when nothing changed, from whole columns) and, made when first asked for, of each
    folder's (``folders``), so a walk that differs in one folder is compared in that one."""

    __slots__ = ("files", "whole", "_columns", "_folders", "_counts", "_keys")

    def __init__(self, files: Sequence[CorpusFile]):
        self.files = files
        # Sizes and mtimes as whole columns, made once for both kinds of digest.
        self._columns = (array("q", map(itemgetter(3), files)),
                         array("q", map(itemgetter(4), files)))
        self.whole = _whole_digest(map(itemgetter(1), files), *self._columns)
        self._folders: dict[str, str] | None = None
        self._counts: dict[str, int] = {}
        self._keys: list[str] = []

    @property
    def folders(self) -> dict[str, str]:
        """Each folder's digest."""
        if self._folders is None:
            self._by_folder()
        assert self._folders is not None
        return self._folders

    @property
    def counts(self) -> dict[str, int]:
        """Files by folder."""
        self.folders  # noqa: B018
        return self._counts

    @property
    def keys(self) -> list[str]:
        """Each file's folder, in walk order."""
        self.folders  # noqa: B018
        return self._keys

    def _by_folder(self) -> None:
        sizes, mtimes = self._columns
        rels = list(map(itemgetter(1), self.files))
        keys = self._keys = list(map(folder_of, rels))
        folders: dict[str, str] = {}
        counts = self._counts
        start = 0
        for folder, run in groupby(keys):  # a folder's files come together in a walk
            end = start + sum(1 for _ in run)
            part = _digest(rels[start:end], sizes[start:end], mtimes[start:end])
            # (a folder met twice, as with overlapping roots: both runs count, in order)
            folders[folder] = part if folder not in folders else _combine(folders[folder], part)
            counts[folder] = counts.get(folder, 0) + end - start
            start = end
        self._folders = folders


def walk_print(files: Sequence[CorpusFile]) -> WalkPrint:
    """The walk's digests. Built from whole columns (a join and two arrays): at 100,000 files
    it costs a fraction of reading the stamps."""
    return WalkPrint(files)


def _whole_digest(rels: Iterable[str], sizes: array, mtimes: array) -> str:
    # (Paths joined with NUL, which no path holds; the layout is named so that a digest made
    # otherwise never equals one of these.)
    digest = hashlib.blake2b(b"walk-2\0", digest_size=FINGERPRINT_BYTES)
    digest.update("\0".join(rels).encode("utf-8", "surrogateescape"))
    digest.update(sizes.tobytes())
    digest.update(mtimes.tobytes())
    return digest.hexdigest()


def _digest(rels: list[str], sizes: array, mtimes: array) -> str:
    """A folder's digest: its files' paths, sizes and mtimes."""
    digest = hashlib.blake2b(digest_size=FINGERPRINT_BYTES)
    digest.update("\n".join(rels).encode("utf-8", "surrogateescape"))
    digest.update(sizes.tobytes())
    digest.update(mtimes.tobytes())
    return digest.hexdigest()


def _combine(*parts: str) -> str:
    joined = "\n".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(joined, digest_size=FINGERPRINT_BYTES).hexdigest()


def folders_plan(walk: WalkPrint, files: list[CorpusFile], manifest: Manifest,
                 changed: set[str], missing: list[Path] | None = None) -> Plan:
    """The plan when only the folders ``changed`` can differ from the manifest (the others'
    files are known to match it) and ``manifest`` holds at least those folders' stamps."""
    plan = Plan(files=files, missing=list(missing or []))
    stamps = manifest.files
    looked = [item for item, folder in zip(files, walk.keys, strict=True) if folder in changed]
    plan.unchanged += len(files) - len(looked)
    present = {item.rel for item in looked}
    _sort_into(plan, looked, stamps)
    plan.removed = sorted(rel for rel in stamps
                          if rel not in present and folder_of(rel) in changed)
    return plan
