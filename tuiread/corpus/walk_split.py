"""The corpus walk dealt out to several processes, and their parts merged into the one walk.

A walk is interpreter-bound (a stat and a few string operations per file), so two processes
walk 100,000 files in about half the wall time of one. :func:`walk_part` is the walk of one
part of ``parts``: every part lists the roots and the folders near them alike (the *shallow*
folders: a root folder, and a lone sub-folder of a shallow folder), and deals out the rest: a
shallow folder's own files are cut into ``parts`` slices in name order, its sub-folders are
dealt whole, each to the part with the least given so far (by the folder's size on disk, which
grows with its entries: a cheap guess at its work). Each piece of the walk (a *segment*) is
numbered in the order of the whole walk, so :func:`merge` lays the parts' segments end to end
and has the whole walk's files, order, counts, notices and problems exactly, and then drops
the files reached twice as the whole walk does.

Exactness before speed: wherever a part would see something the whole walk would handle
differently (a shallow entry whose stat fails, an entry that changes kind between the listing
and its stat), the part raises :class:`SplitMismatch`; and the parts' records of what they
listed (``plan``) must agree, or the tree changed while they walked. Either way the caller
walks the whole corpus in one piece instead.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tuiread.corpus.walk import (
    DEFAULT_EXCLUDE,
    CorpusFile,
    Excluder,
    Walk,
    Walker,
    is_folder,
    listing,
    safe_name,
)

# Sub-folders are dealt whole only when there are at least this many (else they are shallow
# too, their files cut into slices): a few folders dealt whole are often lopsided (one data
# set beside small ones), while listing a shallow folder in every part costs only its listing.
FOLDERS_TO_DEAL = 8
# How deep shallow folders go at most: below, sub-folders are dealt whole however few.
SHALLOW_DEPTH = 3


class SplitMismatch(Exception):
    """A part saw what the whole walk would treat otherwise (or the parts disagree)."""


@dataclass(slots=True)
class Segment:
    """One piece of the walk: ``number`` is its place in the whole walk."""

    number: int
    walk: Walk
    runs: list[tuple[int, int, str, int]] = field(default_factory=list)  # see ``Walker.runs``
    linked: dict[int, str] = field(default_factory=dict)  # see ``Walker.linked``


@dataclass(slots=True)
class Part:
    plan: list  # what this part listed of the shallow folders: every part's must be equal
    count: int  # segments in the whole walk
    segments: list[Segment]


def walk_part(roots: Sequence[Path], exclude: Sequence[str] = DEFAULT_EXCLUDE, part: int = 0,
              parts: int = 2) -> Part:
    """Part ``part`` (from 0) of ``parts`` of :func:`tuiread.corpus.walk.walk_corpus`'s walk."""
    roots = [Path(r).expanduser() for r in roots]
    walker = _PartWalker(Excluder(exclude), part, parts)
    several = len([r for r in roots if is_folder(r)]) > 1
    for root in roots:
        try:
            info = os.stat(root)
        except FileNotFoundError:
            walker.plan.append("missing")
            if walker.begin(0):
                walker.result.missing.append(root)
                walker.end()
            continue
        except OSError as exc:
            walker.plan.append("unreadable")
            if walker.begin(0):
                walker.problem(str(root), exc)
                walker.end()
            continue
        if stat.S_ISDIR(info.st_mode):
            walker.plan.append("folder")
            prefix = f"{safe_name(root.name)}/" if several else ""
            walker.shallow(str(root), os.path.realpath(root), "", prefix, 0)
        else:
            walker.plan.append("file")
            if walker.begin(0):
                walker.file(str(root), os.path.realpath(root), root.name, "", info)
                walker.end()
    return Part(walker.plan, walker.number, walker.segments)


class _PartWalker(Walker):
    def __init__(self, excluded: Excluder, part: int, parts: int):
        super().__init__(excluded)
        self.part, self.parts = part, parts
        self.number = 0  # segments numbered so far (every part numbers them alike)
        self.plan: list = []
        self.segments: list[Segment] = []
        self.given = [0] * parts  # the sizes of the folders dealt to each part

    def begin(self, owner: int) -> bool:
        """The next segment: True (and walked into a fresh record) when it is this part's."""
        self.number += 1
        if owner != self.part:
            return False
        self.result, self.runs, self.linked = Walk(), [], {}
        return True

    def end(self) -> None:
        self.segments.append(Segment(self.number - 1, self.result, self.runs, self.linked))

    def shallow(self, folder: str, real: str, rel: str, prefix: str, depth: int) -> None:
        try:
            entries = listing(folder)
        except OSError as exc:
            self.plan.append(("unreadable", rel))
            if self.begin(0):
                self.problem(folder, exc, "cannot read folder")
                self.end()
            return
        others, folders = [], []
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            if self.excluded(name, rel + safe_name(name)):
                others.append(entry)  # (counted as excluded by the part of its slice)
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                info = entry.stat(follow_symlinks=False) if is_folder else None
            except OSError as exc:
                raise SplitMismatch(f"{entry.path}: {exc}") from exc
            if info is not None and not stat.S_ISDIR(info.st_mode):
                raise SplitMismatch(f"{entry.path}: no longer a folder")
            size = info.st_size if info is not None else 0
            if is_folder:
                folders.append((entry, size))
            else:
                others.append(entry)
        self.plan.append((rel, len(others), [(e.name, size) for e, size in folders]))
        count = len(others)
        for part in range(self.parts):
            if self.begin(part):
                piece = others[count * part // self.parts:count * (part + 1) // self.parts]
                if self.files_of(piece, folder, real, rel, prefix):
                    raise SplitMismatch(f"{folder}: a folder appeared")
                self.end()
        deal = len(folders) >= FOLDERS_TO_DEAL or depth >= SHALLOW_DEPTH
        for entry, size in folders:
            shown = entry.name if entry.name.isascii() else safe_name(entry.name)
            inner, inner_rel = f"{real}/{entry.name}", f"{rel}{shown}/"
            if not deal:
                self.shallow(entry.path, inner, inner_rel, prefix, depth + 1)
                continue
            owner = self.given.index(min(self.given))
            self.given[owner] += max(size, 1)
            if self.begin(owner):
                self.folder(entry.path, inner, inner_rel, prefix)
                self.end()


def merge(parts: Sequence[Part], roots: Sequence[Path]) -> Walk:
    """The whole walk from all its parts (SplitMismatch when they are not the parts of one)."""
    first = parts[0]
    if any(p.plan != first.plan or p.count != first.count for p in parts):
        raise SplitMismatch("the parts listed different folders")
    segments = sorted((s for p in parts for s in p.segments), key=lambda s: s.number)
    if [s.number for s in segments] != list(range(first.count)):
        raise SplitMismatch("the parts do not make one walk")
    walker = Walker(Excluder(()))
    whole = walker.result
    # The files as columns (the parts send columns: no file's tuple is made here unless
    # files reached twice are to be dropped).
    columns: list[list] = [[] for _ in CorpusFile._fields]
    whole._files, whole._columns = None, columns
    skipped = whole.skipped
    for segment in segments:
        offset, walked = len(columns[0]), segment.walk
        for mine, theirs in zip(columns, walked.columns(), strict=True):
            mine.extend(theirs)
        for suffix, count in walked.skipped.items():  # (in order: notices list ties so)
            skipped[suffix] += count
        whole.special += walked.special
        whole.excluded += walked.excluded
        whole.missing.extend(walked.missing)
        whole.problems.extend(walked.problems)
        walker.runs.extend((start + offset, end + offset, real, cut)
                           for start, end, real, cut in segment.runs)
        walker.linked.update({number + offset: real for number, real in segment.linked.items()})
    if len(roots) > 1 or walker.linked:
        walker.once()
    return whole
