"""The annotation store: SQLite (WAL), one transaction per change, undo from the journal.

Several tuiread processes may share the database: every change takes SQLite's write lock for a
few milliseconds (``BEGIN IMMEDIATE``) and waits for another writer rather than failing, and an
update writes only the fields it changes, so two readers editing different annotations, or
different fields of one, both keep their work. Opening, and what happens when the file is
damaged, is in :mod:`tuiread.annotations.opening`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tuiread.annotations.anchor_cache import AnchorLookup
from tuiread.annotations.anchoring import describe, text_hash
from tuiread.annotations.articles import article_path, article_ref, belongs_to
from tuiread.annotations.fingerprint import sketch
from tuiread.annotations.model import (
    Annotation,
    AnnotationError,
    Filter,
    clean_tags,
    new_id,
    now,
)
from tuiread.annotations.schema import INSERT, UPDATE, from_record, storable, to_record
from tuiread.corpus import Article


class StoreMode(StrEnum):
    WRITABLE = "writable"
    READ_ONLY = "read-only"  # shown, never written (a newer schema, an unwritable file)
    MEMORY = "memory"  # nowhere to save: changes last until the app closes


@dataclass(frozen=True, slots=True)
class Undone:
    action: str  # the change that was undone: create, update, delete, restore, reattach
    annotation: Annotation  # as it is after the undo


class Store(AnchorLookup):
    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        mode: StoreMode,
        notice: str | None,
        keep: object = None,
    ):
        self._conn = conn
        # What must live as long as the connection (the temporary folder of a read-only copy).
        self._keep = keep
        self.path = path
        self.mode = mode
        # One line for the user when the store is not the normal writable one (or was repaired).
        self.notice = notice
        self._lock = threading.RLock()  # the app calls from worker threads too
        self._undo: list[int] = []  # journal seqs of this session's changes, newest last

    # -- reading ---------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        return self.mode is not StoreMode.READ_ONLY

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            cleanup = getattr(self._keep, "cleanup", None)
            if cleanup is not None:
                cleanup()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Iterable = ()) -> list[Annotation]:
        with self._lock:
            return [from_record(r) for r in self._conn.execute(sql, tuple(params))]

    def get(self, annotation_id: str) -> Annotation | None:
        rows = self._rows("SELECT * FROM annotations WHERE id = ?", [annotation_id])
        return rows[0] if rows else None

    def find(self, ref: str, include_deleted: bool = False) -> Annotation:
        """An annotation by id or unambiguous id prefix."""
        ref = ref.strip()
        if not ref:
            raise AnnotationError("no annotation id given")
        rows = self._rows(
            "SELECT * FROM annotations WHERE substr(id, 1, ?) = ? ORDER BY id", [len(ref), ref]
        )
        if not include_deleted:
            rows = [a for a in rows if a.deleted is None]
        exact = [a for a in rows if a.id == ref]
        if exact or len(rows) == 1:
            return (exact or rows)[0]
        if not rows:
            raise AnnotationError(f"no annotation with id '{ref}'")
        raise AnnotationError(f"'{ref}' matches {len(rows)} annotations: give more of the id")

    def list(self, which: Filter | None = None) -> list[Annotation]:
        """Annotations matching ``which``, by article path, article id, then position."""
        which = which or Filter()
        sql = "SELECT * FROM annotations"
        if not which.include_deleted:
            sql += " WHERE deleted IS NULL"
        found = self._rows(sql + " ORDER BY article_path, article_id, pos_start, created")
        return [a for a in found if _matches(a, which)]

    def for_article(self, article: Article) -> list[Annotation]:
        path = article_path(article.path)
        rows = self._rows(
            "SELECT * FROM annotations WHERE deleted IS NULL AND (article_id = ? OR "
            "article_path = ?) ORDER BY pos_start, created",
            [storable(article.id), path],
        )
        return [a for a in rows if belongs_to(a, article, path)]

    def tags(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for annotation in self.list():
            counts.update(annotation.tags)
        return counts

    def labels(self) -> Counter[str]:
        return Counter(a.label for a in self.list() if a.label)

    # -- changing ----------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if not self.writable:
            why = self.notice or "the store was opened read-only"
            raise AnnotationError(f"annotations are read-only: {why}")
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:  # still locked after the busy timeout
                raise AnnotationError(
                    f"not saved: the annotation database is busy ({exc})"
                ) from exc
            try:
                yield self._conn
                # Every change rewrites this database's identity page, so a -wal file holding
                # changes always holds it too (how a foreign one is told: annotations.wal).
                self._conn.execute(
                    "UPDATE meta SET value = ? WHERE key = 'last_write'", (now(),)
                )
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):  # disk full, file gone, damaged, ...
                    raise AnnotationError(f"not saved: {exc}") from exc
                raise

    def _log(
        self,
        conn: sqlite3.Connection,
        action: str,
        before: Annotation | None,
        after: Annotation | None,
    ) -> int:
        subject = after or before
        assert subject is not None
        cursor = conn.execute(
            "INSERT INTO journal (at, annotation_id, action, before, after) VALUES (?, ?, ?, ?, ?)",
            (now(), subject.id, action, _dump(before), _dump(after)),
        )
        return int(cursor.lastrowid or 0)

    def _live(self, conn: sqlite3.Connection, annotation_id: str) -> Annotation:
        row = conn.execute("SELECT * FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
        if row is None or row["deleted"] is not None:
            raise AnnotationError(f"no annotation with id '{annotation_id}'")
        return from_record(row)

    def create(
        self,
        article: Article,
        start: int,
        end: int,
        note: str = "",
        tags: Iterable[str] = (),
        label: str = "",
    ) -> Annotation:
        """A new annotation on raw ``[start, end)`` of ``article``'s text."""
        try:
            described = describe(article.text, start, end)
        except ValueError as exc:
            raise AnnotationError(str(exc)) from exc
        stamp = now()
        created = Annotation(
            id=new_id(),
            article=article_ref(article),
            quote=described.quote,
            position=described.position,
            note=note,
            tags=clean_tags(tags),
            label=label.strip(),
            created=stamp,
            modified=stamp,
            text_hash=text_hash(article.text),
            repeats=described.repeats,
            sketch=sketch(article.text),
        )
        with self._write() as conn:
            conn.execute(INSERT, to_record(created))
            self._undo.append(self._log(conn, "create", None, created))
        return created

    def update(
        self,
        annotation_id: str,
        *,
        note: str | None = None,
        tags: Iterable[str] | None = None,
        label: str | None = None,
    ) -> Annotation:
        """Change the given fields only (what another process changed meanwhile stays)."""
        changes: dict[str, object] = {}
        if note is not None:
            changes["note"] = note
        if tags is not None:
            changes["tags"] = clean_tags(tags)
        if label is not None:
            changes["label"] = label.strip()
        with self._write() as conn:
            before = self._live(conn, annotation_id)
            if all(getattr(before, k) == v for k, v in changes.items()):
                return before
            after = before.edited(**changes, modified=now())
            conn.execute(UPDATE, to_record(after))
            self._undo.append(self._log(conn, "update", before, after))
        return after

    def delete(self, annotation_id: str) -> Annotation:
        """Mark deleted (kept in the database; ``undo`` or ``restore`` brings it back)."""
        with self._write() as conn:
            before = self._live(conn, annotation_id)
            stamp = now()
            after = before.edited(deleted=stamp, modified=stamp)
            conn.execute(UPDATE, to_record(after))
            self._undo.append(self._log(conn, "delete", before, after))
        return after

    def restore(self, annotation_id: str) -> Annotation:
        with self._write() as conn:
            query = "SELECT * FROM annotations WHERE id = ?"
            row = conn.execute(query, (annotation_id,)).fetchone()
            if row is None or row["deleted"] is None:
                raise AnnotationError(f"no deleted annotation with id '{annotation_id}'")
            before = from_record(row)
            after = before.edited(deleted=None, modified=now())
            conn.execute(UPDATE, to_record(after))
            self._undo.append(self._log(conn, "restore", before, after))
        return after

    def reattach(self, annotation_id: str, article: Article, start: int, end: int) -> Annotation:
        """Give an annotation (an orphan, usually) a new span: new quote and position selectors
        from ``article``'s current text. Note, tags and label stay; the old selectors stay in
        the journal."""
        try:
            described = describe(article.text, start, end)
        except ValueError as exc:
            raise AnnotationError(str(exc)) from exc
        with self._write() as conn:
            before = self._live(conn, annotation_id)
            after = before.edited(
                article=article_ref(article),
                quote=described.quote,
                position=described.position,
                text_hash=text_hash(article.text),
                repeats=described.repeats,
                sketch=sketch(article.text),
                modified=now(),
            )
            conn.execute(UPDATE, to_record(after))
            conn.execute("DELETE FROM anchors WHERE annotation_id = ?", (annotation_id,))
            self._undo.append(self._log(conn, "reattach", before, after))
        return after

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Undone | None:
        """Undo this session's latest change; None when there is nothing left to undo. Refuses
        (AnnotationError) when the annotation was changed since, e.g. by another process."""
        with self._lock:
            if not self._undo:
                return None
            seq = self._undo.pop()
            with self._write() as conn:
                entry = conn.execute("SELECT * FROM journal WHERE seq = ?", (seq,)).fetchone()
                before, after = _load(entry["before"]), _load(entry["after"])
                assert after is not None
                row = conn.execute("SELECT * FROM annotations WHERE id = ?", (after.id,)).fetchone()
                current = from_record(row) if row is not None else None
                if current is None or current.modified != after.modified:
                    raise AnnotationError(
                        "cannot undo: the annotation was changed since (by another window?)"
                    )
                if before is None:  # undoing a create: delete it (still kept)
                    stamp = now()
                    restored = current.edited(deleted=stamp, modified=stamp)
                else:
                    # The earlier version exactly, its time included, so the change before it
                    # can be undone next.
                    restored = before
                conn.execute(UPDATE, to_record(restored))
                if restored.position != current.position or restored.quote != current.quote:
                    conn.execute("DELETE FROM anchors WHERE annotation_id = ?", (after.id,))
                self._log(conn, f"undo {entry['action']}", current, restored)
            return Undone(entry["action"], restored)

    def add(self, annotations: Iterable[Annotation]) -> tuple[list[Annotation], list[Annotation]]:
        """Add whole annotations (an import) in one transaction: (added, skipped because an
        annotation with the same id is already in the store, deleted or not)."""
        added, skipped = [], []
        with self._write() as conn:
            for annotation in annotations:
                exists = conn.execute(
                    "SELECT 1 FROM annotations WHERE id = ?", (annotation.id,)
                ).fetchone()
                if exists:
                    skipped.append(annotation)
                    continue
                conn.execute(INSERT, to_record(annotation))
                self._log(conn, "import", None, annotation)
                added.append(annotation)
        return added, skipped


def _dump(annotation: Annotation | None) -> str | None:
    return None if annotation is None else json.dumps(to_record(annotation), ensure_ascii=False)


def _load(text: str | None) -> Annotation | None:
    return None if text is None else from_record(json.loads(text))


def _matches(a: Annotation, which: Filter) -> bool:
    if which.ids and a.id not in which.ids:
        return False
    if which.article:
        ref = which.article
        if not (
            a.article.id == ref
            or a.article.path == ref
            or a.article.id.startswith(ref)
            or a.article.path.startswith(ref)
            or a.article.path == article_path(ref)
        ):
            return False
    folded = {t.casefold() for t in a.tags}
    if any(t.casefold() not in folded for t in which.tags):
        return False
    if which.label is not None and a.label.casefold() != which.label.casefold():
        return False
    if which.text:
        needle = which.text.casefold()
        haystack = "\n".join([a.exact, a.note, *a.tags, a.label]).casefold()
        if needle not in haystack:
            return False
    return True
