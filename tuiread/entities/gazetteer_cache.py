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
from tuiread.entities.gazetteer import Gazetteer, GazetteerEntry
from tuiread.entities.model import Kind

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


def load(key: str) -> Gazetteer | None:
    """The gazetteer kept for ``key``, else None."""
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        entries = [GazetteerEntry(name, Kind(kind), tuple(aliases))
                   for name, kind, aliases in data["entries"]]
        by_key = {k: entries[i] for k, i in data["by_key"].items()}
        exact = {k: set(v) for k, v in data["exact_case"].items()}
        return Gazetteer.restored(entries, tuple(Path(p) for p in data["files"]),
                                  data["fingerprint"], by_key, exact, int(data["max_words"]))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError):
        return None  # none kept, another version, or damaged: loaded from the files


def save(key: str, gazetteer: Gazetteer) -> None:
    """Keep ``gazetteer`` for ``key`` (written beside, then moved over the old file)."""
    position = {id(entry): i for i, entry in enumerate(gazetteer.entries)}
    data = {
        "key": key,
        "entries": [[e.name, str(e.kind), list(e.aliases)] for e in gazetteer.entries],
        "by_key": {k: position[id(e)] for k, e in gazetteer._by_key.items()},
        "exact_case": {k: sorted(v) for k, v in gazetteer._exact_case.items()},
        "max_words": gazetteer.max_words,
        "files": [str(p) for p in gazetteer.files],
        "fingerprint": gazetteer.fingerprint,
    }
    path = cache_file()
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)  # only costs the next load a parse
