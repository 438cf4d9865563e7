"""Finding a store's annotations in today's article texts, and keeping what was found.

Re-anchoring runs once per annotation and version of its article's text: the result is kept in
the ``anchors`` table under the text's fingerprint, so reopening a changed article is as cheap
as opening an unchanged one (a hash of its text and one query).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager

from tuiread.annotations.anchoring import anchor, text_hash
from tuiread.annotations.articles import ArticleIndex
from tuiread.annotations.fingerprint import same_article, shingles
from tuiread.annotations.model import (
    MISSING,
    ORPHAN,
    Anchor,
    Anchored,
    AnchorState,
    Annotation,
    AnnotationError,
)
from tuiread.annotations.normalized import PreparedText
from tuiread.corpus import Article


class AnchorLookup:
    """The anchoring half of :class:`tuiread.annotations.store.Store`."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    @property
    def writable(self) -> bool:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def for_article(self, article: Article) -> list[Annotation]:
        raise NotImplementedError

    def anchored(self, article: Article) -> list[Anchored]:
        """Every live annotation of ``article`` with where it is in the article's text now:
        exact ones in document order, then the orphans. Cheap when the text is unchanged (one
        hash) and computed once per changed text (the result is kept)."""
        return self.anchor_group(article, self.for_article(article))

    def anchor_group(self, article: Article, annotations: list[Annotation]) -> list[Anchored]:
        text = article.text
        digest = text_hash(text)
        unchanged = {a.id for a in annotations if a.text_hash == digest and _holds(text, a)}
        stale = [a.id for a in annotations if a.id not in unchanged]
        cached = self._cached_anchors(stale, digest)
        prepared: PreparedText | None = None
        text_shingles: set[int] | None = None
        fresh: dict[str, Anchor] = {}
        result = []
        for a in annotations:
            if a.id in unchanged:
                where = Anchor(AnchorState.EXACT, a.position.start, a.position.end, 1.0)
            elif a.id in cached and _fits(text, cached[a.id]):
                where = cached[a.id]
            else:
                if text_shingles is None and a.sketch:
                    text_shingles = shingles(text)
                if a.sketch and not same_article(a.sketch, text_shingles or set()):
                    where = ORPHAN  # another article is in its place: nothing of it is here
                else:
                    prepared = prepared or PreparedText(text)
                    where = anchor(prepared, a.quote, a.position, a.repeats)
                fresh[a.id] = where
            found_in = article.id if article.id != a.article.id else None
            result.append(Anchored(a, where, found_in))
        self._keep_anchors(fresh, digest)
        return sorted(result, key=_document_order)

    def anchor_many(self, annotations: Iterable[Annotation], index: ArticleIndex) -> list[Anchored]:
        """``annotations`` with their anchors in the articles ``index`` finds for them (state
        "missing" when their article is not there), in the order given."""
        groups: dict[str, tuple[Article, list[Annotation]]] = {}
        where: dict[str, Anchored] = {}
        annotations = list(annotations)
        for a in annotations:
            article = index.find(a)
            if article is None:
                where[a.id] = Anchored(a, MISSING)
            else:
                groups.setdefault(article.id, (article, []))[1].append(a)
        for article, group in groups.values():
            where.update((item.annotation.id, item) for item in self.anchor_group(article, group))
        return [where[a.id] for a in annotations]

    def _cached_anchors(self, ids: list[str], digest: str) -> dict[str, Anchor]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT * FROM anchors WHERE text_hash = ? AND annotation_id IN ({marks})",
                [digest, *ids],
            ).fetchall()
        return {
            r["annotation_id"]: Anchor(
                AnchorState(r["state"]), r["pos_start"], r["pos_end"], r["score"]
            )
            for r in rows
        }

    def _keep_anchors(self, anchors: dict[str, Anchor], digest: str) -> None:
        if not anchors or not self.writable:
            return
        try:
            with self._write() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO anchors VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (i, digest, str(a.state), a.start, a.end, a.score)
                        for i, a in anchors.items()
                    ],
                )
        except AnnotationError:
            return  # not kept (a busy or full disk): they are simply computed again next time


def _holds(text: str, a: Annotation) -> bool:
    """Whether the stored position holds the quote: a matching fingerprint alone (it may come
    from an imported file) is not trusted."""
    start, end = a.position.start, a.position.end
    return 0 <= start < end <= len(text) and text[start:end] == a.quote.exact


def _fits(text: str, where: Anchor) -> bool:
    if not where.attached:
        return True
    assert where.start is not None and where.end is not None
    return 0 <= where.start < where.end <= len(text)


def _document_order(item: Anchored) -> tuple:
    a = item.anchor
    return (not a.attached, a.start or 0, a.end or 0, item.annotation.created)
