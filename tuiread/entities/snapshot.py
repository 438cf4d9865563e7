"""The entity catalog kept between runs: ``entities QUERY`` and ``mentions ENTITY`` answer at once.

Grouping mentions into entities looks at the whole corpus, so its result is kept as a whole: a
SQLite file beside the corpus store holds the entities (name, kind, spellings, counts) and the
fuzzy lookup's name index, read row by row as a command asks (see ``snapshot_rows``), each
entity's mentions (read only for the entities a command shows) and each article's ``entity:``
names for the search index. It is valid for one *state* (the extractor's version and the user's
decisions) and records each article's id and content digest. While few articles changed since
(STALE_SHARE), it is used with their old mentions left out and their entity names found by
spelling (cost follows change); otherwise the catalog is grouped again from the mentions kept in
the corpus store (only new or changed articles are extracted again) and kept anew.

Derived data: a file that cannot be read or is of another version is rebuilt; failing to write
it only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

from tuiread.corpus import Article, Corpus
from tuiread.entities.articles import MentionCount
from tuiread.entities.catalog import EntityCatalog, EntityField, _Grouping
from tuiread.entities.decisions import Decision
from tuiread.entities.model import ArticleMention, Entity
from tuiread.entities.normalize import name_key
from tuiread.entities.snapshot_rows import (
    EntityKeys,
    EntityList,
    EntityRows,
    StoredEntity,
    StoredNameIndex,
    write_rows,
)

SNAPSHOT_VERSION = 5
# Long lists are kept in chunks of this many items: parsing one is a single call that holds the
# interpreter lock, and the app reads the snapshot in a thread beside its UI (5,000 items parse
# in a few milliseconds).
CHUNK_ITEMS = 5000
# A snapshot stays in use while at most this share of the articles (or STALE_MIN of them) changed
# since it was grouped: grouping looks at the whole corpus and costs seconds per 10,000 articles,
# while a few changed articles barely move it. Their old mentions are left out and their entity
# names found by spelling; more changes than that and the catalog is grouped again.
STALE_SHARE = 0.02
STALE_MIN = 20
# Below this many articles grouping takes well under a second: always group again.
STALE_CORPUS_MIN = 1000
# Random bytes that name a grouping (see ``SnapshotCatalog.listing_parts``).
GROUPING_BYTES = 8

_START = attrgetter("start")


def snapshot_file(corpus: Corpus) -> Path | None:
    store = corpus.store
    return store.path.with_name(store.path.stem + ".entities.sqlite3") if store else None


def corpus_state(corpus: Corpus, version: str, decisions: Sequence[Decision]) -> str:
    """A digest of what the whole grouping depends on besides the articles: the extractor's
    version and the user's decisions (the articles are compared one by one, by digest)."""
    digest = hashlib.sha256()
    digest.update(f"{SNAPSHOT_VERSION}\0{version}\0".encode())
    for d in decisions:
        digest.update(json.dumps([d.id, d.action, d.subject, d.value]).encode())
    return digest.hexdigest()


class SnapshotCatalog(EntityCatalog):
    """An :class:`EntityCatalog` read from a snapshot. Lookups and mention contexts answer from
    it; anything that needs every mention at once (a decision, the entity under the cursor)
    builds the full catalog first, from the mentions the corpus store keeps."""

    def __init__(self, corpus: Corpus, rows: EntityRows, skipped: list[Decision],
                 full: Callable[[], EntityCatalog], changed: set[str], path: Path,
                 names: int):
        # By id through the corpus: the store's rows make an article only when it is asked for.
        self._articles = _ById(corpus)
        self._order = _ids(corpus)
        self._db = rows.db
        self.rows = rows
        self.names = names  # how many names the kept name index holds
        self._full_factory = full
        self._full: EntityCatalog | None = None
        self._corpus = corpus
        self.path = path
        # Articles changed since the snapshot was made (few, see STALE_SHARE): left out of the
        # entities' mentions, and given entity names by spelling for the search index.
        self.changed = changed
        self.count: MentionCount | None = None  # where extraction of changed articles counts
        self.state: str | None = None  # the state it was read for, and the file it was read
        self.file: tuple[int, int] | None = None  # from (see ``load_snapshot``)
        # The name of the grouping its rows hold (see ``listing_parts``), None when not known.
        self.grouping: str | None = None
        # Nothing read yet: entities, lookups and searches read the rows they need (lists and
        # mappings that read as they are asked, where a grouping holds plain ones).
        entities: Any = EntityList(rows, 0, rows.shown)
        ignored: Any = EntityList(rows, rows.shown, rows.ignored)
        by_key: Any = EntityKeys(rows)
        self._state = self._own = _Grouping(
            entities=entities, ignored=ignored, skipped=skipped, by_key=by_key,
            index=StoredNameIndex(rows, entities, names), at={})

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
        if self._state is not self._own:  # (regrouped by a decision: that grouping's)
            return super().find(name)
        return self.rows.by_spelling(name_key(name))

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

    def listed_mentions(self, entity: Entity) -> list[ArticleMention]:
        """``EntityCatalog.listed_mentions``, with the current mentions of the articles changed
        since the snapshot (its entities leave their old ones out): each goes to the entity
        that has its spelling, as their entity names for the search index do. Without them,
        a file just edited would vanish from the listing of every name it holds."""
        if not self.changed or not isinstance(entity, StoredEntity):
            return super().listed_mentions(entity)  # (the whole catalog's have them already)
        spelled: dict[str, Entity | None] = {}  # (a spelling's entity, found once)

        def of(text: str) -> Entity | None:
            found = spelled.get(text, spelled)
            if found is spelled:
                found = spelled[text] = self.find(text)
            return found  # type: ignore[return-value]

        extra = [ArticleMention(article_id, m.start, m.end, m.text, m.kind)
                 for article_id, found in self._changed_mentions().items()
                 for m in found if of(m.text) is entity]
        return self._listed([*entity.mentions, *extra])

    def carry_changed_mentions(self, other: SnapshotCatalog) -> None:
        """Take the mentions ``other`` (the catalog read ahead, of the corpus before an edit)
        found for the articles changed since the snapshot, for those whose content is the
        same here: after one edit only the edited file's are looked for again."""
        found = getattr(other, "_changed_found", None)
        mine, theirs = self.content_keys(), other.content_keys()
        if not found or mine is None or theirs is None:
            return
        carried = {}
        for article_id, mentions in found.items():
            key = mine(article_id) if article_id in self.changed else None
            if key is not None and key == theirs(article_id):
                carried[article_id] = mentions
        self._changed_carried = carried

    def listing_basis(self) -> str | None:
        """A digest of everything this catalog's mention listings depend on: the snapshot file
        as it is now (replaced or updated in place since it was read: another digest), the
        state it was read for, the articles changed since it was grouped and the corpus
        store's state (its articles: ids, files, contents). None when one is not known, or a
        decision regrouped the catalog since."""
        store = self._corpus.store
        if (self._state is not self._own or self.file is None or self.state is None
                or store is None or store.state is None):
            return None
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        if (info.st_dev, info.st_ino) != self.file:
            return None
        described = [self.state, store.state, info.st_ino, info.st_size, info.st_mtime_ns,
                     sorted(self.changed)]
        return hashlib.sha256(json.dumps(described).encode()).hexdigest()

    def listing_parts(self, name: bool = False) -> dict | None:
        """What this catalog's mention listings are made of, part by part, where
        ``listing_basis`` is their digest: the grouping the snapshot's rows hold (named once
        per grouping; with ``name``, a snapshot written before groupings were named is named
        now), the state it was read for, the corpus store's state and the articles changed
        since the grouping. A listing kept with them is brought up to date at the cost of
        the articles changed since (see ``kept_catchup``). None when one is not known."""
        store = self._corpus.store
        if (self._state is not self._own or self.file is None or self.state is None
                or store is None or store.state is None or file_id(self.path) != self.file):
            return None
        if self.grouping is None and name:
            self.grouping = _name_grouping(self.path)
        if self.grouping is None:
            return None
        return {"grouping": self.grouping, "state": self.state, "store": store.state,
                "changed": sorted(self.changed)}

    def corpus_rows(self):
        """The articles of the corpus this catalog was read for."""
        return self._corpus.articles

    def content_keys(self) -> Callable[[str], str | None] | None:
        """The corpus rows' ``derived_key_of`` (None for a corpus not read from its store)."""
        from tuiread.corpus.rows import ArticleRows

        rows = self._corpus.articles
        return rows.derived_key_of if isinstance(rows, ArticleRows) else None

    def _listed(self, mentions: list[ArticleMention]) -> list[ArticleMention]:
        """``EntityCatalog._listed`` by the corpus rows' own index of ids (no index of the
        whole corpus made for one listing)."""
        from tuiread.corpus.rows import ArticleRows

        rows = self._corpus.articles
        if not isinstance(rows, ArticleRows):
            return super()._listed(mentions)
        position = rows.position
        rank: dict[str, int | None] = {}
        for mention in mentions:
            if mention.article_id not in rank:
                rank[mention.article_id] = position(mention.article_id)
        return sorted((m for m in mentions if rank[m.article_id] is not None),
                      key=lambda m: (rank[m.article_id], m.start))

    def changed_listed(self, entity: Entity, article_ids: Iterable[str],
                       at: Mapping[str, int] | None = None) -> dict[str, list[ArticleMention]]:
        """The mentions ``listed_mentions(entity)`` gives in each of ``article_ids`` (articles
        changed since the snapshot), in text order: only those articles' mentions read (``at``:
        the positions of those articles in the corpus rows, when known)."""
        wanted = set(article_ids)
        found = self._kept_changed(wanted, at) if at is not None else {}
        if len(found) < len(wanted & self.changed):
            found.update(self._changed_mentions(wanted & self.changed - set(found)))
            found = {a: found[a] for a in sorted(found)}
        spelled: dict[str, Entity | None] = {}
        listed: dict[str, list[ArticleMention]] = {}
        for article_id, mentions in found.items():
            own = []
            for m in mentions:
                if m.text not in spelled:
                    spelled[m.text] = self.find(m.text)
                if spelled[m.text] is entity:
                    own.append(ArticleMention(article_id, m.start, m.end, m.text, m.kind))
            own.sort(key=_START)  # (stable: as ``_listed`` orders them)
            listed[article_id] = own
        return listed

    def _kept_changed(self, wanted: set[str], at: Mapping[str, int]) -> dict[str, list]:
        """``_changed_mentions`` of the ``wanted`` articles that the corpus store keeps
        mentions for, read by their place in its rows (no article made)."""
        from tuiread.corpus.rows import ArticleRows
        from tuiread.entities.articles import kept_mentions, quick_version

        rows = self._corpus.articles
        carried: dict[str, list] = getattr(self, "_changed_carried", {})
        found = {a: carried[a] for a in wanted & self.changed if a in carried}
        if not isinstance(rows, ArticleRows):
            return found
        keys = {a: rows.key_at(at[a]) for a in sorted(wanted & self.changed)
                if a not in found and a in at}
        if keys:
            kept = kept_mentions(rows.store, quick_version(), list(keys.values()))
            found.update((a, kept[key]) for a, key in keys.items() if key in kept)
        return found

    def _changed_mentions(self, only: set[str] | None = None) -> dict[str, list]:
        """The mentions of the articles changed since the snapshot, as the corpus store keeps
        them (extracted for those it does not), read once."""
        found = getattr(self, "_changed_found", None)
        if found is not None and only is not None:
            return {a: found[a] for a in sorted(only) if a in found}
        if found is None:
            from tuiread.entities.articles import LazyExtractor, corpus_mentions, quick_version

            carried: dict[str, list] = getattr(self, "_changed_carried", {})
            ids = sorted(self.changed if only is None else self.changed & only)
            articles = [a for a in map(self._articles.get, ids)
                        if a is not None and a.id not in carried]
            fresh = corpus_mentions(articles, LazyExtractor(), count=self.count,
                                    store_version=quick_version()) if articles else {}
            # (In the order of the ids, as when all are looked for.)
            found = {a: carried[a] if a in carried else fresh[a] for a in ids
                     if a in carried or a in fresh}
            if only is None:
                self._changed_found = found
        return found

    def index_field(self) -> EntityField:
        """The names by article id, read from the snapshot's rows as they are asked for (see
        ``stored_names``)."""
        from tuiread.entities.stored_names import stored_field

        made = getattr(self, "_field_made", None)
        if made is not None and made[0] is self._state:
            return made[1]
        field = stored_field(
            self._db, self.path, lambda: self._order, self.changed,
            lambda: [self._articles[a] for a in self._order if a in self.changed],
            self._names_by_spelling)
        self._field_made = (self._state, field)
        return field

    def _names_by_spelling(self, articles: list) -> dict[str, tuple[str, ...]]:
        def names(text: str) -> list[str] | None:
            entity = self.find(text)
            if entity is None or entity in self.ignored:
                return None
            return entity.variant_names()

        from tuiread.entities.stored_names import names_by_spelling

        return names_by_spelling(articles, names, self.count)


def _spelling_keys(rows: list[list]) -> dict[str, int]:
    """For ``find``: each spelling key's entity (its position in ``rows``, the snapshot's
    entities): the entity of that name, else the one that uses that spelling most."""
    by_own: dict[str, int] = {}
    by_spelling: dict[str, tuple[int, int]] = {}
    for position, row in enumerate(rows):
        own, *spellings = row[6]
        if own:
            by_own.setdefault(own, position)
        for spelling, uses in spellings:
            if spelling not in by_spelling or uses > by_spelling[spelling][0]:
                by_spelling[spelling] = (uses, position)
    keys = {key: position for key, (_, position) in by_spelling.items()}
    keys.update(by_own)
    return keys


class _ById(Mapping[str, Article]):
    """The corpus's articles by id, looked up once each (a mention listing asks for one
    article per mention)."""

    def __init__(self, corpus: Corpus):
        self._corpus = corpus
        self._found: dict[str, Article | None] = {}

    def get(self, article_id: str, default=None):  # type: ignore[override]
        found = self._found.get(article_id, self)
        if found is self:
            found = self._found[article_id] = self._corpus.get(article_id)
        return default if found is None else found

    def __getitem__(self, article_id: str) -> Article:
        found = self.get(article_id)
        if found is None:
            raise KeyError(article_id)
        return found

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self.get(article_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(_ids(self._corpus))

    def __len__(self) -> int:
        return len(self._corpus)


def _ids(corpus: Corpus) -> list[str]:
    from tuiread.corpus.rows import ArticleRows

    if isinstance(corpus.articles, ArticleRows):
        return corpus.articles.column("id")
    return [a.id for a in corpus.articles]


def article_digests(corpus: Corpus) -> dict[str, str]:
    from tuiread.corpus.rows import ArticleRows

    rows = corpus.articles
    if isinstance(rows, ArticleRows):
        return {aid: f"{digest}#{record}" for aid, digest, record in
                zip(rows.column("id"), rows.column("digest"), rows.column("record"),
                    strict=True)}
    return {a.id: getattr(a, "digest", "") + f"#{getattr(a, 'record', 0)}" for a in rows}


def load_snapshot(path: Path, state: str, corpus: Corpus,
                  full: Callable[[], EntityCatalog]) -> SnapshotCatalog | None:
    """The snapshot at ``path`` if it was made for ``state``, else None."""
    before = file_id(path)
    opened = open_valid(path, state, corpus)
    if opened is None:
        return None
    db, changed = opened
    try:
        found = _read(db, corpus, full, changed, path)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        db.close()
        return None
    found.state = state
    # The file it was read from (None if it was replaced meanwhile): see ``rebase``.
    found.file = before if before is not None and file_id(path) == before else None
    return found


def file_id(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is: a snapshot is replaced whole (a new file), its meta updated in
    place (the same file)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def open_valid(path: Path, state: str, corpus: Corpus,
               ) -> tuple[sqlite3.Connection, set[str]] | None:
    """The snapshot at ``path`` opened for reading, with the ids of the articles changed since
    it was grouped, if it was made for ``state`` and few articles changed since; else None."""
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
        same = _corpus_state(corpus)
        checked = _meta(db, "corpus")
        if same is not None and checked == same:
            # The articles it was compared with last time (the corpus store says so): the same
            # articles changed since it was made, nothing to compare.
            return db, set(json.loads(_meta(db, "changed") or "[]"))
        edited = _edited_since(corpus, checked)
        if edited is not None:
            # Files edited in place since that comparison: their articles, and those before.
            changed = set(json.loads(_meta(db, "changed") or "[]")) | edited
            now_count = len(corpus)
        else:
            kept = dict(_chunked(db, "articles"))
            now = article_digests(corpus)
            changed = {a for a, d in now.items() if kept.get(a) != d}
            changed.update(a for a in kept if a not in now)
            now_count = len(now)
        if changed and (now_count < STALE_CORPUS_MIN
                        or len(changed) > max(STALE_MIN, int(now_count * STALE_SHARE))):
            db.close()
            return None
        if same is not None:
            _note_corpus_state(path, same, changed)  # the next run need not compare
        return db, changed
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        db.close()
        return None


def _name_grouping(path: Path) -> str | None:
    """The name of the grouping the snapshot at ``path`` holds, given now if it has none
    (its rows are written once, with the file: a name given later names them as well as one
    given then). None when it cannot be written."""
    try:
        db = sqlite3.connect(path, timeout=1)
        try:
            with db:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('grouping', ?)",
                           (os.urandom(GROUPING_BYTES).hex(),))
            return _meta(db, "grouping")
        finally:
            db.close()
    except sqlite3.Error:
        return None  # only costs a later listing its catching up


def _corpus_state(corpus: Corpus) -> str | None:
    """The corpus store's digest of the articles it gave (see ``CorpusStore.state``)."""
    return corpus.store.state if corpus.store is not None else None


def _note_corpus_state(path: Path, state: str, changed: set[str]) -> None:
    """Record in the snapshot which of its articles changed in the corpus of ``state``."""
    try:
        db = sqlite3.connect(path, timeout=1)
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                               [("corpus", state), ("changed", json.dumps(sorted(changed)))])
        finally:
            db.close()
    except sqlite3.Error:
        pass  # only costs the next run a comparison


def _edited_since(corpus: Corpus, checked: str | None) -> set[str] | None:
    """The ids of the articles of files edited in place since the corpus state ``checked``,
    when the corpus store's last refresh started from it and changed nothing else (no file
    added or removed, every id kept); else None (compare every article)."""
    from tuiread.corpus.rows import ArticleRows

    store, changes, rows = corpus.store, corpus.changes, corpus.articles
    if (checked is None or store is None or changes is None or not isinstance(rows, ArticleRows)
            or store.previous_state != checked or not store.ids_kept
            or changes.added or changes.removed):
        return None
    return set(rows.ids_of_files(set(changes.changed)))


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    found = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return found[0] if found else None


def _read(db: sqlite3.Connection, corpus: Corpus, full: Callable[[], EntityCatalog],
          changed: set[str], path: Path) -> SnapshotCatalog:
    """The catalog of the snapshot ``db``: its counts only (the rows are read as asked for)."""
    meta = dict(db.execute("SELECT key, value FROM meta"))
    rows = EntityRows(db, changed, int(meta["shown"]), int(meta["ignored"]), path)
    skipped_ids = set(json.loads(meta["skipped"]))
    from tuiread.entities.decisions import DecisionStore

    skipped: list[Decision] = []
    if skipped_ids:
        with DecisionStore() as store:
            skipped = [d for d in store.all() if d.id in skipped_ids]
    catalog = SnapshotCatalog(corpus, rows, skipped, full, changed, path, int(meta["names"]))
    catalog.grouping = meta.get("grouping")
    return catalog


def save_snapshot(path: Path, state: str, catalog: EntityCatalog, corpus: Corpus) -> None:
    """Keep ``catalog`` for ``state``: written beside, then moved over the old file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        partial.unlink(missing_ok=True)
        db = sqlite3.connect(partial)
        try:
            _write(db, state, catalog, article_digests(corpus), _corpus_state(corpus))
        finally:
            db.close()
        os.replace(partial, path)
    except (OSError, sqlite3.Error):
        partial.unlink(missing_ok=True)  # only costs time: the next run groups again


def _write(db: sqlite3.Connection, state: str, catalog: EntityCatalog,
           articles: dict[str, str], corpus_state: str | None) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE entity_mentions (position INTEGER PRIMARY KEY, data TEXT)")
    db.execute("CREATE TABLE article_names (article_id TEXT PRIMARY KEY, names TEXT)")
    db.execute("CREATE TABLE chunks (kind TEXT, seq INTEGER, data TEXT, PRIMARY KEY (kind, seq))")
    kept = [(e, 0) for e in catalog.entities] + [(e, 1) for e in catalog.ignored]
    rows = []
    for entity, is_ignored in kept:
        folded: dict[str, int] = {}
        for text, uses in entity.variants.items():
            key = name_key(text)
            folded[key] = folded.get(key, 0) + uses
        rows.append([entity.key, entity.name, str(entity.kind), entity.variants,
                     entity.mention_count, is_ignored,
                     [name_key(entity.name), *folded.items()], len(entity.article_ids)])
    field = catalog.index_field()
    names, owners = catalog._state.index.parts()
    # Each entity's mentions made as they are written: those of the whole corpus at once, as
    # text, are a hundred megabytes and more.
    db.executemany("INSERT INTO entity_mentions VALUES (?, ?)", (
        (position, json.dumps([[m.article_id, m.start, m.end, m.text, str(m.kind)]
                               for m in entity.mentions]))
        for position, (entity, _) in enumerate(kept)))
    db.executemany("INSERT INTO article_names VALUES (?, ?)",
                   [(a, json.dumps(list(n))) for a, n in field.names.items() if n])
    db.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("state", state), ("field", field.version),
        ("skipped", json.dumps([d.id for d in catalog.skipped])),
        ("shown", str(len(catalog.entities))), ("ignored", str(len(catalog.ignored))),
        ("names", str(len(names))), ("grouping", os.urandom(GROUPING_BYTES).hex()),
        *([("corpus", corpus_state), ("changed", "[]")] if corpus_state is not None else [])])
    write_rows(db, rows, _spelling_keys(rows), names, owners)
    for kind, items in (("articles", list(articles.items())),):
        db.executemany("INSERT INTO chunks VALUES (?, ?, ?)", [
            (kind, seq, json.dumps(items[i : i + CHUNK_ITEMS]))
            for seq, i in enumerate(range(0, len(items), CHUNK_ITEMS))])
    db.execute(f"PRAGMA user_version = {SNAPSHOT_VERSION}")
    db.commit()


def _chunked(db: sqlite3.Connection, kind: str):
    """The items of one list, parsed a chunk at a time."""
    for (data,) in db.execute("SELECT data FROM chunks WHERE kind = ? ORDER BY seq", (kind,)):
        yield from json.loads(data)


def open_catalog(corpus: Corpus, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 count: MentionCount | None = None,
                 grouped: Callable[[EntityCatalog], None] | None = None) -> EntityCatalog:
    """The corpus's entity catalog with the user's decisions: from the snapshot when nothing
    changed since it was made, else grouped again (and kept). ``grouped`` is called with a
    catalog grouped again before it is kept (writing the snapshot takes a while). Raises what
    ``build_catalog`` raises."""
    from tuiread.entities.catalog import build_catalog
    from tuiread.entities.decisions import DecisionStore

    with DecisionStore() as store:
        decisions = store.all()
    path = snapshot_file(corpus)
    if path is None:
        return build_catalog(corpus, decisions=decisions, progress=progress, cancelled=cancelled,
                             count=count)
    state, found = _from_snapshot(corpus, path, decisions, count)
    if found is not None:
        return found
    catalog = build_catalog(corpus, decisions=decisions, progress=progress, cancelled=cancelled,
                            count=count)
    if cancelled is None or not cancelled():
        if grouped is not None:
            grouped(catalog)
        save_snapshot(path, state, catalog, corpus)
    return catalog


def snapshot_catalog(corpus: Corpus, count: MentionCount | None = None,
                     ) -> SnapshotCatalog | None:
    """``open_catalog``'s answer when it comes from the snapshot, else None (nothing is
    grouped): what a caller may read ahead, while the corpus walk is still to confirm that
    ``corpus`` is the corpus on disk."""
    from tuiread.entities.decisions import DecisionStore

    path = snapshot_file(corpus)
    if path is None:
        return None
    with DecisionStore() as store:
        decisions = store.all()
    return _from_snapshot(corpus, path, decisions, count)[1]


def _from_snapshot(corpus: Corpus, path: Path, decisions: Sequence[Decision],
                   count: MentionCount | None) -> tuple[str, SnapshotCatalog | None]:
    """The corpus state the snapshot must have been made at, and the catalog read from it
    (None when it was made at another state)."""
    from tuiread.entities.articles import quick_version
    from tuiread.entities.catalog import build_catalog

    state = corpus_state(corpus, quick_version(), decisions)
    found = load_snapshot(path, state, corpus,
                          lambda: build_catalog(corpus, decisions=decisions, count=count))
    if found is not None:
        found.count = count
    return state, found
