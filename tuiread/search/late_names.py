"""Entity names that arrive after a build has started.

A first ``tuiread index`` groups the corpus's entity catalog (on one core) to learn each
article's ``entity:`` names. Rather than leave the build's worker processes idle for that while,
they start at once: each adds its first documents without their names (``HeldDocuments``:
every other field's postings go into the segment's pool as usual, the per-document record
waits), then, once the parent has the names (``LateNames``) and left each chunk's in a file
(``NamesFile``), adds the held documents' names and goes on as a build given them from the
start. The segment holds the same postings and stored fields as one given the names at once
(``tests/unit/test_late_names.py``).
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuiread.fileio import atomic_write_bytes
from tuiread.search.documents import EntityNames, set_entity_names

# Documents a worker adds before their names, at most: past this it waits. Each held one keeps
# its stored fields (its body text, mostly) until the names come.
HELD_DOCUMENTS = 8_000
# The fields whose values only the names decide.
NAME_FIELDS = ("entity", "entity_hash")


class LateNames:
    """The entity names of a build, given from another thread once known (``give``): None
    when they could not be had (the articles are then indexed without names)."""

    def __init__(self) -> None:
        self._given = threading.Event()
        self._names: EntityNames | None = None

    def give(self, names: EntityNames | None) -> None:
        self._names = names
        self._given.set()

    @property
    def ready(self) -> bool:
        return self._given.is_set()

    def wait(self, timeout: float | None = None) -> EntityNames | None:
        """The names, waited for (``timeout`` seconds at most: then a TimeoutError)."""
        if not self._given.wait(timeout):
            raise TimeoutError("the entity names were not given in time")
        return self._names


@dataclass(frozen=True, slots=True)
class NamesFile:
    """Where a worker finds its chunk's names once the parent has them (sent in their place)."""

    path: Path

    def write(self, names: EntityNames | None) -> None:
        """Leave ``names`` here, whole or not at all (the worker reads it once told)."""
        atomic_write_bytes(self.path, pickle.dumps(names, pickle.HIGHEST_PROTOCOL))

    def read(self) -> EntityNames | None:
        return pickle.loads(self.path.read_bytes())


class _Recorder:
    """Stands in for a Whoosh writer's per-document writer while names are awaited: keeps
    each document's calls (its stored fields and field lengths) to be made later, in order."""

    def __init__(self) -> None:
        self.documents: list[list[tuple[str, tuple]]] = []
        self._calls: list[tuple[str, tuple]] = []

    def start_doc(self, docnum: int) -> None:
        self._calls = []

    def add_field(self, fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
        self._calls.append(("add_field", (fieldname, fieldobj, value, length)))

    def add_column_value(self, fieldname: str, columnobj: Any, value: Any) -> None:
        self._calls.append(("add_column_value", (fieldname, columnobj, value)))

    def add_vector_items(self, fieldname: str, fieldobj: Any, items: Any) -> None:
        self._calls.append(("add_vector_items", (fieldname, fieldobj, items)))

    def finish_doc(self) -> None:
        self.documents.append(self._calls)

    def cancel_doc(self) -> None:
        self._calls = []


class HeldDocuments:
    """Documents added to a Whoosh ``SegmentWriter`` before their entity names are known.

    ``add`` gives the writer a document without its name fields, with a stand-in per-document
    writer: its postings go into the pool (the body's analysis, most of a document's cost, is
    done), its stored fields and lengths are kept. ``give`` then adds each held document's
    ``entity`` postings and writes its record as ``add_document`` would have, and the writer
    takes further documents as usual."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self._recorder = _Recorder()
        self._held: list[tuple[int, dict, dict[str, str]]] = []  # docnum, document, digests

    def __len__(self) -> int:
        return len(self._held)

    def add(self, document: dict, digests: dict[str, str]) -> None:
        """Add ``document``; ``digests`` (article id -> names digest, the file's manifest
        entry) gets its names' digest once they are given."""
        writer = self._writer
        for name in NAME_FIELDS:
            document.pop(name, None)
        real, writer.perdocwriter = writer.perdocwriter, self._recorder
        try:
            docnum = writer.docnum
            writer.add_document(**document)
        finally:
            writer.perdocwriter = real
        self._held.append((docnum, document, digests))

    def give(self, names_of: Callable[[str], list[str]]) -> None:
        """Add the held documents' names (``names_of`` an article id) and their records."""
        writer = self._writer
        schema = writer.schema
        perdoc = writer.perdocwriter
        add_post = writer.pool.add
        entity = schema["entity"]
        for (docnum, document, digests), calls in zip(self._held, self._recorder.documents,
                                                      strict=True):
            set_entity_names(document, names_of(document["id"]))
            digests[document["id"]] = document["entity_hash"]
            calls = list(calls)
            value = document.get("entity")
            if value is not None:
                # What ``add_document`` does for an indexed field (no boosts are given here).
                length = 0
                for tbytes, freq, weight, vbytes in entity.index(value):
                    weight *= 1.0
                    if entity.scorable:
                        length += freq
                    add_post(("entity", tbytes, docnum, weight, vbytes))
                calls.append(("add_field", ("entity", entity, None, length)))
            calls.append(("add_field", ("entity_hash", schema["entity_hash"],
                                        document["entity_hash"], 0)))
            calls.sort(key=lambda call: call[1][0])  # (by field, as ``add_document`` goes)
            perdoc.start_doc(docnum)
            for method, args in calls:
                getattr(perdoc, method)(*args)
            perdoc.finish_doc()
        self._held.clear()
        self._recorder.documents.clear()
