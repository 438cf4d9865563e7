"""The entity catalog kept between runs: ``entities QUERY`` and ``mentions ENTITY`` answer at once.

Grouping mentions into entities looks at the whole corpus, so its result is kept as a whole: a
SQLite file beside the corpus store holds the entities (name, kind, spellings, counts), each
entity's mentions (read only for the entities a command shows) and each article's ``entity:``
names for the search index. It is valid for one *state*: the extractor's version, the user's
decisions, and every article's id and content digest. Any change makes a new state, and the
catalog is grouped again from the mentions kept in the corpus store (only new or changed articles
are extracted again) and kept anew.

Derived data: a file that cannot be read or is of another version is rebuilt; failing to write
it only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from tuiread.corpus import Corpus
from tuiread.entities.articles import MentionCount
from tuiread.entities.catalog import EntityCatalog, EntityField, _Grouping
from tuiread.entities.decisions import Decision
from tuiread.entities.lookup import NameIndex
from tuiread.entities.model import ArticleMention, Entity, Kind
from tuiread.entities.normalize import name_key

SNAPSHOT_VERSION = 2


def snapshot_file(corpus: Corpus) -> Path | None:
    store = corpus.store
    return store.path.with_name(store.path.stem + ".entities.sqlite3") if store else None


def corpus_state(corpus: Corpus, version: str, decisions: Sequence[Decision]) -> str:
    """A digest of everything the catalog depends on."""
    digest = hashlib.sha256()
    digest.update(f"{SNAPSHOT_VERSION}\0{version}\0".encode())
    for d in decisions:
        digest.update(json.dumps([d.id, d.action, d.subject, d.value]).encode())
    digest.update(b"\1")
    for article in corpus.articles:
        digest.update(f"{article.id}\0{getattr(article, 'digest', '')}\0".encode(
            "utf-8", "surrogatepass"))
    return digest.hexdigest()


class StoredEntity(Entity):
    """An entity from the snapshot: its mentions are read when first asked for."""

    __slots__ = ("_count", "_db", "_position")

    def __init__(self, key: str, name: str, kind: Kind, variants: dict[str, int], count: int,
                 db: sqlite3.Connection, position: int):
        self.key, self.name, self.kind, self.variants = key, name, kind, variants
        self._count = count
        self._db = db
        self._position = position

    def __getattr__(self, name: str):
        if name == "mentions":
            data = self._db.execute("SELECT data FROM entity_mentions WHERE position = ?",
                                    (self._position,)).fetchone()[0]
            self.mentions = [ArticleMention(a, s, e, t, Kind(k))
                             for a, s, e, t, k in json.loads(data)]
            return self.mentions
        raise AttributeError(name)

    @property
    def mention_count(self) -> int:
        return self._count


class SnapshotCatalog(EntityCatalog):
    """An :class:`EntityCatalog` read from a snapshot. Lookups and mention contexts answer from
    it; anything that needs every mention at once (a decision, the entity under the cursor)
    builds the full catalog first, from the mentions the corpus store keeps."""

    def __init__(self, corpus: Corpus, db: sqlite3.Connection, entities: list[StoredEntity],
                 ignored: list[StoredEntity], skipped: list[Decision],
                 keys: dict[str, StoredEntity], index: NameIndex,
                 full: Callable[[], EntityCatalog]):
        self._articles = {a.id: a for a in corpus.articles}
        self._order = [a.id for a in corpus.articles]
        self._db = db
        self._keys = keys
        self._full_factory = full
        self._full: EntityCatalog | None = None
        self._state = _Grouping(entities=entities, ignored=ignored, skipped=skipped,
                                by_key={e.key: e for e in [*entities, *ignored]},
                                index=index, at={})

    def _whole(self) -> EntityCatalog:
        if self._full is None:
            self._full = self._full_factory()
        return self._full

    @property
    def gazetteer(self):  # type: ignore[override]
        return self._whole().gazetteer

    @property
    def raw_mentions(self):  # type: ignore[override]
        return self._whole().raw_mentions

    def find(self, name: str) -> Entity | None:
        return self._keys.get(name_key(name))

    def apply(self, decisions: list[Decision]) -> None:
        whole = self._whole()
        whole.apply(decisions)
        self._state = whole._state

    def with_decisions(self, decisions: list[Decision]) -> EntityCatalog:
        return self._whole().with_decisions(decisions)

    def mention_at(self, article_id: str, offset: int):
        return self._whole().mention_at(article_id, offset)

    def article_entities(self, article_id: str) -> list[Entity]:
        return self._whole().article_entities(article_id)

    def index_field(self) -> EntityField:
        rows = self._db.execute("SELECT article_id, names FROM article_names").fetchall()
        version = self._db.execute("SELECT value FROM meta WHERE key = 'field'").fetchone()[0]
        found = {article_id: tuple(json.loads(names)) for article_id, names in rows}
        return EntityField({a: found.get(a, ()) for a in self._order}, version)


def load_snapshot(path: Path, state: str, corpus: Corpus,
                  full: Callable[[], EntityCatalog]) -> SnapshotCatalog | None:
    """The snapshot at ``path`` if it was made for ``state``, else None."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                             check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] != SNAPSHOT_VERSION:
            db.close()
            return None
        found = db.execute("SELECT value FROM meta WHERE key = 'state'").fetchone()
        if found is None or found[0] != state:
            db.close()
            return None
        return _read(db, corpus, full)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        db.close()
        return None


def _read(db: sqlite3.Connection, corpus: Corpus,
          full: Callable[[], EntityCatalog]) -> SnapshotCatalog:
    entities: list[StoredEntity] = []
    ignored: list[StoredEntity] = []
    # find(): the entity of that name, else the one that uses that spelling most.
    by_own: dict[str, StoredEntity] = {}
    by_spelling: dict[str, tuple[int, StoredEntity]] = {}
    meta = dict(db.execute("SELECT key, value FROM meta"))
    for position, (key, name, kind, variants, count, is_ignored, folded) in enumerate(
            json.loads(meta["entities"])):
        entity = StoredEntity(key, name, Kind(kind), variants, count, db, position)
        (ignored if is_ignored else entities).append(entity)
        own, *spellings = folded
        if own:
            by_own.setdefault(own, entity)
        for spelling, uses in spellings:
            if spelling not in by_spelling or uses > by_spelling[spelling][0]:
                by_spelling[spelling] = (uses, entity)
    keys = {key: entity for key, (_, entity) in by_spelling.items()}
    keys.update(by_own)
    names, owners = json.loads(meta["names"])
    index = NameIndex.from_parts(entities, names,
                                 [[(i, bool(w)) for i, w in owner] for owner in owners])
    skipped_ids = set(json.loads(meta["skipped"]))
    from tuiread.entities.decisions import DecisionStore

    skipped: list[Decision] = []
    if skipped_ids:
        with DecisionStore() as store:
            skipped = [d for d in store.all() if d.id in skipped_ids]
    return SnapshotCatalog(corpus, db, entities, ignored, skipped, keys, index, full)


def save_snapshot(path: Path, state: str, catalog: EntityCatalog) -> None:
    """Keep ``catalog`` for ``state``: written beside, then moved over the old file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        partial.unlink(missing_ok=True)
        db = sqlite3.connect(partial)
        try:
            _write(db, state, catalog)
        finally:
            db.close()
        os.replace(partial, path)
    except (OSError, sqlite3.Error):
        partial.unlink(missing_ok=True)  # only costs time: the next run groups again


def _write(db: sqlite3.Connection, state: str, catalog: EntityCatalog) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE entity_mentions (position INTEGER PRIMARY KEY, data TEXT)")
    db.execute("CREATE TABLE article_names (article_id TEXT PRIMARY KEY, names TEXT)")
    rows, mentions = [], []
    for position, (entity, is_ignored) in enumerate(
            [(e, 0) for e in catalog.entities] + [(e, 1) for e in catalog.ignored]):
        folded: dict[str, int] = {}
        for text, uses in entity.variants.items():
            key = name_key(text)
            folded[key] = folded.get(key, 0) + uses
        rows.append([entity.key, entity.name, str(entity.kind), entity.variants,
                     entity.mention_count, is_ignored,
                     [name_key(entity.name), *folded.items()]])
        mentions.append((position, json.dumps(
            [[m.article_id, m.start, m.end, m.text, str(m.kind)] for m in entity.mentions])))
    field = catalog.index_field()
    names, owners = catalog._state.index.parts()
    db.executemany("INSERT INTO entity_mentions VALUES (?, ?)", mentions)
    db.executemany("INSERT INTO article_names VALUES (?, ?)",
                   [(a, json.dumps(list(n))) for a, n in field.names.items() if n])
    db.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("state", state), ("field", field.version), ("entities", json.dumps(rows)),
        ("names", json.dumps([names, owners])),
        ("skipped", json.dumps([d.id for d in catalog.skipped]))])
    db.execute(f"PRAGMA user_version = {SNAPSHOT_VERSION}")
    db.commit()


def quick_version() -> str:
    """The extractor's version without loading the gazetteer: its code and the gazetteer files'
    bytes (a change to either is a new version)."""
    from tuiread.entities.extract import EXTRACTOR_VERSION, _code_fingerprint
    from tuiread.entities.gazetteer import bundled_file, user_file

    digest = hashlib.sha256(f"{EXTRACTOR_VERSION}.{_code_fingerprint()}".encode())
    for path in (bundled_file(), user_file()):
        try:
            digest.update(path.read_bytes())
        except FileNotFoundError:
            digest.update(b"\0none")
        except OSError as exc:  # load_gazetteer reports it; here it only means "another state"
            digest.update(str(exc).encode())
    return digest.hexdigest()[:16]


def open_catalog(corpus: Corpus, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 count: MentionCount | None = None) -> EntityCatalog:
    """The corpus's entity catalog with the user's decisions: from the snapshot when nothing
    changed since it was made, else grouped again (and kept). Raises what ``build_catalog``
    raises."""
    from tuiread.entities.catalog import build_catalog
    from tuiread.entities.decisions import DecisionStore

    with DecisionStore() as store:
        decisions = store.all()
    path = snapshot_file(corpus)
    if path is None:
        return build_catalog(corpus, decisions=decisions, progress=progress, cancelled=cancelled,
                             count=count)
    state = corpus_state(corpus, quick_version(), decisions)
    found = load_snapshot(path, state, corpus,
                          lambda: build_catalog(corpus, decisions=decisions, count=count))
    if found is not None:
        return found
    catalog = build_catalog(corpus, decisions=decisions, progress=progress, cancelled=cancelled,
                            count=count)
    if cancelled is None or not cancelled():
        save_snapshot(path, state, catalog)
    return catalog
