"""Reading the manifest of an index made before the SQLite manifest (``manifest.json``).

It is read once, converted to ``manifest.sqlite3`` and deleted, so an existing index of a large
corpus carries on without being rebuilt.
"""

from __future__ import annotations

import json
from pathlib import Path

from tuiread.search.manifest import FileStamp, Manifest

LEGACY_MANIFEST_FILE = "manifest.json"
LEGACY_VERSION = 1


def load_legacy_manifest(path: Path) -> Manifest | None:
    """The JSON manifest at ``path``, or None when it is missing or cannot be trusted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    try:
        if data["version"] != LEGACY_VERSION:
            return None
        make = tuple.__new__
        files = {rel: make(FileStamp, s) for rel, s in data["files"].items()
                 if type(s) is list and len(s) == 4}
        if len(files) != len(data["files"]):
            return None
        problems = {str(k): str(v) for k, v in data.get("problems", {}).items()}
        entities = data.get("entities", {})
        if type(entities) is not dict or not all(type(v) is dict for v in entities.values()):
            return None
        return Manifest(int(data["generation"]), files, problems, entities)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
