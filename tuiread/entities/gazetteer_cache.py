"""The loaded gazetteer kept in the cache dir, so that extracting one edited article's mentions
does not parse entities.yaml again in every command.

Parsing the bundled file and keying its names takes 0.1-0.3 s on a slow machine; the kept form
(the entries and the lookup tables made from them, as JSON) loads in a few milliseconds. It is
keyed by the bytes of the gazetteer files and of the code that reads them and keys the names,
so any change to either is a miss. Derived data: a file that cannot be read or written only
costs time; a gazetteer with problems is never kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tuiread import locations

CACHE_VERSION = 1
# The code whose output is kept: the reading of the files, the name keys, the word flags.
_CODE_FILES = ("gazetteer.py", "gazetteer_cache.py", "normalize.py", "lexicon.py",
               "data/lexicon.tsv.gz")


def cache_file() -> Path:
    return locations.cache_dir() / "entities" / "gazetteer.json"


def cache_key(files: list[Path]) -> str | None:
    """The key of the gazetteer loaded from ``files`` (None when one cannot be read: the
    loading reports it)."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0".encode())
    folder = Path(__file__).resolve().parent
    try:
        for name in _CODE_FILES:
            digest.update((folder / name).read_bytes())
        for path in files:
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def load(key: str) -> dict | None:
    """The gazetteer's tables kept for ``key`` (``Gazetteer.kept``), else None."""
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # none kept or damaged: loaded from the files
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return data


def save(key: str, tables: dict) -> None:
    """Keep a gazetteer's ``tables`` for ``key`` (written beside, then moved over the old
    file)."""
    data = {"key": key, **tables}
    path = cache_file()
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)  # only costs the next load a parse
