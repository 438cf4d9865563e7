"""Finding the manifest of an index generation as it is opened, whatever state it was left in.

In order: the SQLite manifest; the JSON one of an index made by an earlier version (converted
once, so a large index is not rebuilt for it); else one rebuilt from the stamps stored with the
documents, with a notice. A converted or rebuilt manifest is saved when no other process is
writing the index, so the next process opens it at once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from whoosh.searching import Searcher

from tuiread.search.legacy import LEGACY_MANIFEST_FILE, load_legacy_manifest
from tuiread.search.manifest import (
    FileStamp,
    Manifest,
    ManifestDamaged,
    load_manifest,
    save_manifest,
)
from tuiread.search.store import MANIFEST_FILE, WriterLock


def open_manifest(directory: Path, generation: Path, searcher: Searcher, latest: int,
                  folders: set[str] | None = None) -> tuple[Manifest, str | None]:
    """The manifest of ``generation`` (whose Whoosh generation is ``latest``; only the stamps of
    ``folders`` if given, when it can), and a notice for the user when it had to be rebuilt."""
    path = generation / MANIFEST_FILE
    legacy = generation / LEGACY_MANIFEST_FILE
    why = None
    try:
        manifest = load_manifest(path, folders)
    except ManifestDamaged as exc:
        manifest, why = None, f"could not be read ({exc})"
    if manifest is None and why is None:
        manifest = load_legacy_manifest(legacy)
        if manifest is None:
            why = "could not be read" if legacy.exists() else "was missing"
    notice = None
    if manifest is None:
        manifest = manifest_from_index(searcher, latest)
        if manifest.files:  # (a new, empty index has nothing to rebuild)
            notice = (f"the search index's list of indexed files {why}; rebuilt it from the "
                      "index (no file was read again)")
    if manifest._source is None:
        _persist(directory, path, legacy, manifest)
    return manifest, notice


def manifest_from_index(searcher: Searcher, generation: int) -> Manifest:
    """Rebuild a lost manifest from the stamps and name digests stored with the documents."""
    files: dict[str, FileStamp] = {}
    entities: dict[str, dict[str, str]] = {}
    for fields in searcher.reader().all_stored_fields():
        stamp = fields.get("stamp")
        rel = fields.get("path")
        if rel and stamp:
            files[rel] = FileStamp(*stamp)
            entities.setdefault(rel, {})[fields["id"]] = fields.get("entity_hash", "")
    return Manifest(generation, files, {}, entities)


def _persist(directory: Path, path: Path, legacy: Path, manifest: Manifest) -> None:
    """Save ``manifest`` if no process is writing the index now (else its writer saves one
    with its next commit)."""
    lock = WriterLock(directory)
    if not lock.acquire(0.0):
        return
    try:
        save_manifest(path, manifest)
        legacy.unlink(missing_ok=True)
    except (OSError, sqlite3.Error):
        # A read-only cache: the manifest stays in memory and is rebuilt next time.
        return
    finally:
        lock.release()
