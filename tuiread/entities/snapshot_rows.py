"""The entity snapshot's entities and name index, read row by row as a command asks for them.

A snapshot of a large corpus holds tens of thousands of entities and names; ``entities QUERY``
shows twenty and ``mentions ENTITY`` one. So nothing is read whole when a snapshot is opened: a
lookup by spelling or key reads one row, a fuzzy search reads the names it scores and the
entities it ranks (see ``NameIndex.search``, which this index answers with queries), and a list
of entities reads the rows it is asked for. Each entity is made once (the same object each time
it is asked for: entities compare by identity).

Names and keys are kept as UTF-8 BLOBs (lone surrogates passed through), whose byte order is
the code-point order of Python's strings: a prefix range reads the names a sorted list holds.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import overload

from tuiread.entities.lookup import NameIndex, _initial_class
from tuiread.entities.model import Entity, Kind, mentions_of_rows
from tuiread.errors import TuireadError

# Rows read with one query (SQLite's limit of bound values is far above it).
ROWS_PER_QUERY = 500

_KINDS = {kind.value: kind for kind in Kind}

TABLES = """
CREATE TABLE entity_rows (position INTEGER PRIMARY KEY, key BLOB NOT NULL, data TEXT NOT NULL);
CREATE INDEX entity_rows_key ON entity_rows (key);
CREATE TABLE spelling_keys (key BLOB PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE name_index (name BLOB PRIMARY KEY, sound BLOB NOT NULL, owners TEXT NOT NULL)
    WITHOUT ROWID;
CREATE INDEX name_index_sound ON name_index (sound, name);
"""


def _b(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def write_rows(db: sqlite3.Connection, rows: list[list], spellings: Mapping[str, int],
               names: list[str], owners: list[list[tuple[int, bool]]]) -> None:
    """Keep the entity ``rows`` (by position: [key, name, kind, variants, count, ignored,
    spelling keys, articles]), ``spellings`` (spelling key -> position, see ``find``) and the
    name index's ``names`` with their ``owners``."""
    db.executescript(TABLES)
    db.executemany("INSERT INTO entity_rows VALUES (?, ?, ?)",
                   [(position, _b(row[0]), json.dumps(row)) for position, row in enumerate(rows)])
    db.executemany("INSERT INTO spelling_keys VALUES (?, ?)",
                   [(_b(key), position) for key, position in spellings.items()])
    db.executemany("INSERT INTO name_index VALUES (?, ?, ?)", [
        (_b(name), _b(_initial_class(name)), json.dumps([[i, int(w)] for i, w in owned]))
        for name, owned in zip(names, owners, strict=True)])


class SnapshotDamaged(TuireadError):
    """The snapshot could not be read past its opening (see ``EntityRows.damaged``)."""


class StoredEntity(Entity):
    """An entity from the snapshot: its mentions are read when first asked for."""

    __slots__ = ("_count", "_rows", "_position", "_changed", "_articles", "_left")

    def __init__(self, key: str, name: str, kind: Kind, variants: dict[str, int], count: int,
                 rows: EntityRows, position: int, changed: set[str],
                 articles: int | None = None):
        self.key, self.name, self.kind, self.variants = key, name, kind, variants
        self._count = count
        self._articles = articles  # how many articles mention it (kept by newer snapshots)
        self._rows = rows
        self._position = position
        self._changed = changed  # articles changed since: their old mentions are left out
        self._left: tuple[int, int] | None = None  # see ``_left_out``

    def __getattr__(self, name: str):
        if name == "mentions":
            data = self._mention_data()
            kinds = _KINDS  # (a dictionary look-up: ``Kind(k)`` costs 30x that, per mention)
            changed = self._changed
            self.mentions = mentions_of_rows(json.loads(data), kinds, changed)
            if changed:
                self._count = len(self.mentions)
            return self.mentions
        raise AttributeError(name)

    @property
    def mention_count(self) -> int:
        if self._changed and not self._mentions_read():
            return self._count - self._left_out()[0]
        return self._count

    @property
    def article_count(self) -> int:
        if self._articles is not None and not self._mentions_read():
            # Without reading its mentions
            return self._articles - (self._left_out()[1] if self._changed else 0)
        return len(self.article_ids)

    def _mention_data(self) -> str:
        found = self._rows.query("SELECT data FROM entity_mentions WHERE position = ?",
                                 (self._position,))
        if not found:
            raise self._rows.damaged(f"no mentions kept for entity {self._position}")
        return found[0][0]

    def forget_mentions(self) -> None:
        """Let go of the mentions read (they are read again when next asked for): a run over
        many entities holds one entity's at a time."""
        if self._mentions_read():
            del self.mentions

    def _mentions_read(self) -> bool:
        try:
            object.__getattribute__(self, "mentions")  # (not through ``__getattr__``)
        except AttributeError:
            return False
        return True

    def _left_out(self) -> tuple[int, int]:
        """How many of the stored mentions, and of the articles they are in, belong to the
        articles changed since (left out), counted in the stored text without parsing it: a
        row starts with its article id, a JSON string that no mention's text can hold."""
        if self._left is None:
            data = self._mention_data()
            counts = [data.count(f"[{json.dumps(article_id)},") for article_id in self._changed]
            self._left = (sum(counts), sum(1 for count in counts if count))
        return self._left


class EntityRows:
    """The snapshot's entities, the shown ones (``shown``, most mentioned first) then the
    ignored ones, read from ``db`` as they are asked for; ``changed``: the articles whose old
    mentions the entities leave out."""

    def __init__(self, db: sqlite3.Connection, changed: set[str], shown: int, ignored: int,
                 path: Path | None = None):
        self.db = db
        self.path = path  # the snapshot's file, set aside if it proves damaged
        self.changed = changed
        self.shown = shown
        self.ignored = ignored
        self._made: dict[int, StoredEntity] = {}
        self._spelled: dict[str, StoredEntity | None] = {}
        # The app reads the catalog from worker threads: one query at a time on the connection.
        self.lock = threading.Lock()

    def with_changed(self, changed: set[str]) -> EntityRows:
        """The same rows for another set of changed articles (no entity made yet)."""
        return EntityRows(self.db, changed, self.shown, self.ignored, self.path)

    def query(self, sql: str, args: Sequence = ()) -> list[tuple]:
        try:
            with self.lock:
                return self.db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self.damaged(str(exc)) from exc

    def damaged(self, why: str) -> SnapshotDamaged:
        """The error to raise for a snapshot found damaged past its opening (only the rows a
        command reads are read): the file is set aside, so the next run groups the catalog
        again (derived data: nothing of the user's is in it)."""
        where = ""
        if self.path is not None:
            where = f" ({self.path})"
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:
                why += f"; it could not be removed: {exc.strerror}"
        return SnapshotDamaged(f"the kept entity catalog{where} is damaged ({why}); it is "
                               "grouped again on the next run")

    def raw(self, position: int) -> list | None:
        """The stored row at ``position`` as kept (see ``write_rows``)."""
        found = self.query("SELECT data FROM entity_rows WHERE position = ?", (position,))
        return json.loads(found[0][0]) if found else None

    def many(self, positions: Sequence[int]) -> dict[int, StoredEntity]:
        """The entities at ``positions``, read with a query per ROWS_PER_QUERY not made yet."""
        made = self._made
        missing = sorted({p for p in positions if p not in made})
        for start in range(0, len(missing), ROWS_PER_QUERY):
            chunk = missing[start : start + ROWS_PER_QUERY]
            self._make(self.query(
                "SELECT position, data FROM entity_rows WHERE position IN "
                f"({','.join('?' * len(chunk))})", chunk))
        return {p: made[p] for p in positions if p in made}

    def span(self, start: int, stop: int) -> list[StoredEntity]:
        """The entities at positions ``start`` to ``stop`` (not included), in order."""
        made = self._made
        if any(p not in made for p in range(start, stop)):
            self._make(self.query("SELECT position, data FROM entity_rows "
                                  "WHERE position >= ? AND position < ?", (start, stop)))
        return [made[p] for p in range(start, stop)]

    def _make(self, found: list[tuple[int, str]]) -> None:
        made, changed = self._made, self.changed
        for position, data in found:
            if position in made:
                continue
            try:
                key, name, kind, variants, count, _, _, *more = json.loads(data)
            except (ValueError, TypeError) as exc:
                raise self.damaged(f"entity {position}: {exc}") from exc
            made[position] = StoredEntity(key, name, _KINDS[kind], variants, count, self,
                                          position, changed, more[0] if more else None)

    def owns(self, entity: object, start: int, stop: int) -> bool:
        """Whether ``entity`` is this snapshot's entity at a position in ``[start, stop)``."""
        position = getattr(entity, "_position", None)
        return (isinstance(entity, StoredEntity) and position is not None
                and start <= position < stop and self._made.get(position) is entity)

    def by_spelling(self, key: str) -> StoredEntity | None:
        """The entity a folded spelling names (see ``snapshot._spelling_keys``), else None."""
        if key in self._spelled:
            return self._spelled[key]
        found = self.query("SELECT position FROM spelling_keys WHERE key = ?", (_b(key),))
        entity = self.many([found[0][0]]).get(found[0][0]) if found else None
        self._spelled[key] = entity
        return entity

    def by_key(self, key: str) -> StoredEntity | None:
        """The entity of ``key`` (the last of that key, as a dictionary of them keeps)."""
        found = self.query("SELECT max(position) FROM entity_rows WHERE key = ?", (_b(key),))
        if not found or found[0][0] is None:
            return None
        return self.many([found[0][0]]).get(found[0][0])


class EntityList(Sequence[Entity]):
    """Positions ``[start, start + length)`` of the snapshot's entities as a list: items and
    slices read as they are asked for, membership by identity."""

    def __init__(self, rows: EntityRows, start: int, length: int):
        self._rows, self._start, self._length = rows, start, length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Entity: ...

    @overload
    def __getitem__(self, index: slice) -> list[Entity]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            first, stop, step = index.indices(self._length)
            if step != 1:
                return [self[i] for i in range(first, stop, step)]
            if stop <= first:
                return []
            return list(self._rows.span(self._start + first, self._start + stop))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self._rows.span(self._start + index, self._start + index + 1)[0]

    def __iter__(self) -> Iterator[Entity]:
        for first in range(0, self._length, ROWS_PER_QUERY):
            yield from self[first : first + ROWS_PER_QUERY]

    def __contains__(self, entity: object) -> bool:
        return self._rows.owns(entity, self._start, self._start + self._length)


class EntityKeys(Mapping[str, Entity]):
    """The snapshot's entities by key, each read when asked for."""

    def __init__(self, rows: EntityRows):
        self._rows = rows

    def __getitem__(self, key: str) -> Entity:
        found = self._rows.by_key(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default=None):  # type: ignore[override]
        found = self._rows.by_key(key)
        return default if found is None else found

    def __iter__(self) -> Iterator[str]:
        return (e.key for e in EntityList(self._rows, 0, self._rows.shown + self._rows.ignored))

    def __len__(self) -> int:
        return self._rows.shown + self._rows.ignored


class StoredNameIndex(NameIndex):
    """``NameIndex`` over the snapshot's kept name index: a search reads the names it looks at
    and the entities it ranks, nothing else."""

    def __init__(self, rows: EntityRows, entities: EntityList, count: int):
        self.entities = entities
        self._rows = rows
        self._count = count
        self._sounds: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return self._count

    def parts(self) -> tuple[list[str], list[list[tuple[int, bool]]]]:
        found = self._rows.query("SELECT name, owners FROM name_index ORDER BY name")
        return [_s(n) for n, _ in found], [_owners(o) for _, o in found]

    def _owners_of(self, name: str) -> list[tuple[int, bool]] | None:
        found = self._rows.query("SELECT owners FROM name_index WHERE name = ?", (_b(name),))
        return _owners(found[0][0]) if found else None

    def _from(self, name: str, count: int) -> Iterator[tuple[str, list[tuple[int, bool]]]]:
        # Only the names that start with ``name`` (the search stops at the first that does
        # not): every byte of UTF-8 is below 0xFF.
        found = self._rows.query(
            "SELECT name, owners FROM name_index WHERE name >= ? AND name < ? ORDER BY name "
            "LIMIT ?", (_b(name), _b(name) + b"\xff", count))
        for found_name, owners in found:
            yield _s(found_name), _owners(owners)

    def _sounding(self, sound: str) -> list[str]:
        names = self._sounds.get(sound)
        if names is None:
            names = self._sounds[sound] = [_s(n) for (n,) in self._rows.query(
                "SELECT name FROM name_index WHERE sound = ? ORDER BY name", (_b(sound),))]
        return names

    def _bucket_owners(self, sound: str, picked: list[int]) -> dict[int, list[tuple[int, bool]]]:
        names = self._sounding(sound)
        wanted = {_b(names[i]): i for i in picked}
        keys = list(wanted)
        found: dict[int, list[tuple[int, bool]]] = {}
        for start in range(0, len(keys), ROWS_PER_QUERY):
            chunk = keys[start : start + ROWS_PER_QUERY]
            for name, owners in self._rows.query(
                    f"SELECT name, owners FROM name_index WHERE name IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                found[wanted[name]] = _owners(owners)
        return found

    def _entities_at(self, indexes: list[int]) -> Mapping[int, Entity]:
        return self._rows.many(indexes)


def _owners(data: str) -> list[tuple[int, bool]]:
    return [(i, bool(w)) for i, w in json.loads(data)]
