"""What the index holds for each corpus file: size, mtime and content digest when it was indexed.

The manifest sits beside the Whoosh files of one index generation and is rewritten (atomically)
after every commit, naming the Whoosh generation it describes. One that is missing or damaged is
rebuilt from the stamps stored with the documents; one a commit behind (its writer was killed in
between) is used as it is, since it can only make a few files look changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from tuiread.fileio import atomic_write_text

MANIFEST_VERSION = 1
# Content digests: 128-bit BLAKE2b is plenty to tell two versions of one file apart.
DIGEST_BYTES = 16


class FileStamp(NamedTuple):
    """A tuple: a manifest holds one per corpus file, and 100,000 are read on every open."""

    size: int
    mtime_ns: int
    digest: str
    articles: int  # 0 for a file that could not be read as articles

    def as_list(self) -> list:
        return [self.size, self.mtime_ns, self.digest, self.articles]


@dataclass(slots=True)
class Manifest:
    generation: int  # the Whoosh TOC generation these stamps describe
    files: dict[str, FileStamp]
    # Files that could not be read, with the reason (kept so they are not retried until changed).
    problems: dict[str, str]
    # file -> {article id: digest of the entity names it was indexed with ("" for none)}
    entities: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.files.values())


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=DIGEST_BYTES).hexdigest()


def load_manifest(path: Path) -> Manifest | None:
    """The manifest at ``path``, or None when it is missing or cannot be trusted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    try:
        if data["version"] != MANIFEST_VERSION:
            return None
        # Checked for shape only: a stamp of the wrong type only makes its file look changed.
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


def save_manifest(path: Path, manifest: Manifest) -> None:
    data = {
        "version": MANIFEST_VERSION,
        "generation": manifest.generation,
        "files": {rel: stamp.as_list() for rel, stamp in sorted(manifest.files.items())},
        "problems": manifest.problems,
        "entities": {rel: names for rel, names in sorted(manifest.entities.items())},
    }
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
