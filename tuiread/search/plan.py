"""The freshness check: which corpus files changed since they were indexed, from ``stat`` alone.

A file whose size and mtime match its stamp is unchanged and never read. One whose stat differs is
*suspect*: the update reads and hashes it, and re-indexes it only if its content changed.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from tuiread.corpus.loader import id_base
from tuiread.corpus.walk import DEFAULT_EXCLUDE, CorpusFile, walk_corpus
from tuiread.search.manifest import Manifest

__all__ = ["CorpusFile", "Plan", "id_base", "make_plan", "refine_plan", "scan_corpus",
           "walk_fingerprint"]

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
    for item in files:
        stamp = stamps.get(item.rel)
        if stamp is None:
            plan.added.append(item)
        elif stamp.size != item.size or stamp.mtime_ns != item.mtime_ns:
            plan.suspect.append(item)
        else:
            plan.unchanged += 1
    present = {item.rel for item in files}
    plan.removed = sorted(rel for rel in stamps if rel not in present)
    return plan


def refine_plan(plan: Plan, manifest: Manifest) -> Plan:
    """``plan`` again after an update changed ``manifest``: only the files it named as new,
    changed or removed are looked at again (an update leaves the other stamps as they were)."""
    stamps = manifest.files
    refined = Plan(files=plan.files, unchanged=plan.unchanged, missing=list(plan.missing))
    for item in plan.added + plan.suspect:
        stamp = stamps.get(item.rel)
        if stamp is None:
            refined.added.append(item)
        elif stamp.size != item.size or stamp.mtime_ns != item.mtime_ns:
            refined.suspect.append(item)
        else:
            refined.unchanged += 1
    refined.removed = [rel for rel in plan.removed if rel in stamps]
    return refined


def walk_fingerprint(files: Sequence[CorpusFile]) -> str:
    """A digest of every file's path, size and mtime, in walk order.

    When it equals the one recorded the last time the walk matched the manifest (at the same
    index commit), nothing changed and the manifest need not be read. Built from whole columns
    (one join, two arrays): at 100,000 files it costs a fraction of reading the stamps.
    """
    fingerprint = hashlib.blake2b(digest_size=FINGERPRINT_BYTES)
    fingerprint.update("\n".join(map(itemgetter(1), files)).encode("utf-8", "surrogateescape"))
    fingerprint.update(array("q", map(itemgetter(3), files)).tobytes())
    fingerprint.update(array("q", map(itemgetter(4), files)).tobytes())
    return fingerprint.hexdigest()
