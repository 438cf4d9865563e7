"""Telling that ``tuiread index`` has nothing to do before the corpus is opened.

With nothing changed, ``tuiread index`` used to open the corpus store (the record of every
article: half a second at 100,000 articles) and the entity snapshot, only to find the entity
names the index already has. Besides the corpus files (the walk's fingerprint), those names
depend only on files whose stat says when they change: the corpus store and the entity snapshot
beside it, the user's entity decisions, the gazetteers, and the extractor's code and tables. A
run that leaves the index up to date records, with the index commit, the walk's fingerprint and
a stamp of those files; a later run that finds the same walk, stamp and commit has nothing to do.
Any commit to the index drops the record (see ``manifest._write_changes``); a stat that moved for
no reason only costs one run the full check.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread import locations
from tuiread.search.manifest import matched
from tuiread.search.store import MANIFEST_FILE
from tuiread.search.walk_found import FoundFiles
from tuiread.search.walk_match import remember

if TYPE_CHECKING:
    from tuiread.search.index import SearchIndex

SETTLED_KIND = "settled"
# What starts the recorded name of a walk by find.
FIND_PREFIX = "find-"
# The entity snapshot beside the corpus store (``entities.snapshot.snapshot_file``).
SNAPSHOT_SUFFIX = ".entities.sqlite3"


def entity_inputs(roots: Sequence[Path]) -> list[Path]:
    """The files besides the corpus whose change may change the index's entity names."""
    from tuiread.corpus.store import store_file

    store = store_file(roots)
    snapshot = store.with_name(store.stem + SNAPSHOT_SUFFIX)
    decisions = locations.entity_decisions_file()
    found = [store, snapshot, decisions]
    # (SQLite in WAL mode: a write lands in the -wal file first.)
    found += [path.with_name(path.name + "-wal") for path in (store, snapshot, decisions)]
    found += [locations.bundled_config_dir() / "entities.yaml",
              locations.config_dir() / "entities.yaml"]
    code = Path(__file__).resolve().parent.parent / "entities"
    for folder in (code, code / "data"):
        try:
            found += sorted(Path(entry.path) for entry in os.scandir(folder) if entry.is_file())
        except OSError:
            found.append(folder)  # (stamped as missing)
    return found


def inputs_stamp(roots: Sequence[Path]) -> str:
    """A digest of the stat of each of ``entity_inputs(roots)`` (a missing file too)."""
    digest = hashlib.sha256()
    for path in entity_inputs(roots):
        try:
            info = os.stat(path)
        except OSError:
            info = None
        if path.name.endswith("-wal"):
            # An empty -wal holds nothing: SQLite makes, truncates and deletes one as
            # connections come and go (a new inode, a new ctime, no new content). One with
            # frames changes size or mtime with every write.
            stat = f"{info.st_size}:{info.st_mtime_ns}" if info and info.st_size else "-"
        else:
            stat = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}" if info else "-"
        digest.update(f"{path}\0{stat}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:32]


def _value(index: SearchIndex, stamp: str, by_find: bool = True) -> str | None:
    """What a settled run records: the walk's name and ``stamp``. A walk by find is named by
    its output's digest (``by_find``; else by its files' fingerprint, as any other walk)."""
    files = index.plan.files
    if not files:
        return None
    if by_find and isinstance(files, FoundFiles):
        return f"{FIND_PREFIX}{files.found.digest}:{stamp}"
    return f"{index.walk_fingerprint(files)}:{stamp}"


def is_settled(index: SearchIndex, stamp: str) -> bool:
    """Whether the index, just checked against the walk, needs nothing and a run recorded this
    walk and ``stamp`` at its live commit (then its entity names are those it has)."""
    commit = index.live_commit()
    if commit is None or index.needs_update or index.generation is None:
        return False
    recorded = matched(index.generation / MANIFEST_FILE, SETTLED_KIND)
    if recorded is None or recorded[0] != commit:
        return False
    # (A run that walked otherwise, as a first build does, named the walk by its files.)
    value = _value(index, stamp, by_find=recorded[1].startswith(FIND_PREFIX))
    return value is not None and recorded == (commit, value)


def record_settled(index: SearchIndex, stamp: str) -> None:
    """Record that the index is up to date with the walk and ``stamp`` (the entity names given
    to it are those it has): call when a run leaves it so."""
    commit = index.live_commit()
    value = _value(index, stamp)
    if commit is None or value is None or index.needs_update or index.generation is None:
        return
    remember(index.directory, index.generation / MANIFEST_FILE, SETTLED_KIND, commit, value)
