"""The annotations of an open corpus, for a front end that draws them while the user reads.

:class:`AnnotationService` owns the store, the anchored annotations of each article shown (kept
until the store changes), and the bookkeeping that lets anchoring run in worker threads: a
generation per article so a stale result is dropped, the set of articles being anchored (cleared
however an anchoring ends), and a guard so the store is closed only after the last thread using
it has left. It draws nothing and knows nothing of the UI; the spans it hands out
(:meth:`label_spans`, :func:`overlapping`) are what a view draws.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tuiread.annotations import excerpts as excerpt_model
from tuiread.annotations.articles import ArticleIndex
from tuiread.annotations.export import ExportOptions, export
from tuiread.annotations.model import Anchored, Annotation, Filter
from tuiread.annotations.store import Store, StoreMode, Undone
from tuiread.corpus import Article, Corpus, Span
from tuiread.export_target import write_export


@dataclass(frozen=True, slots=True)
class Anchoring:
    """A result of :meth:`AnnotationService.anchor`: ``article_id``'s annotations, anchored."""

    article_id: str
    items: list[Anchored]
    generation: int


class AnnotationService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._items: dict[str, list[Anchored]] = {}  # article id -> its annotations, anchored
        self._generation: dict[str, int] = {}
        self._pending: set[str] = set()  # article ids being anchored
        self._lock = threading.Lock()
        # Worker threads still inside the store: close() waits for them (cancelling a worker
        # does not stop its thread), and none enters once it is closed.
        self._store_users = threading.Condition()
        self._store_busy = 0
        self._store_closed = False
        # The annotation last jumped to: of several under the cursor, it is opened first.
        self.preferred: str | None = None

    # -- state ------------------------------------------------------------------------------

    @property
    def notice(self) -> str | None:
        """Why annotations are not the normal, saved kind (None when they are)."""
        return self.store.notice if self.store.mode is not StoreMode.WRITABLE else None

    @property
    def mode(self) -> StoreMode:
        return self.store.mode

    def items(self, article_id: str) -> list[Anchored] | None:
        """The anchored annotations of an article (None: not anchored since the last change)."""
        with self._lock:
            return self._items.get(article_id)

    def needs_anchoring(self, article_id: str) -> bool:
        """Nothing is known of the article and no anchoring of it is under way."""
        with self._lock:
            return article_id not in self._items and article_id not in self._pending

    # -- anchoring (begin on the UI thread, anchor in a worker, accept on the UI thread) -----

    def begin(self, article_id: str) -> int:
        """Start anchoring ``article_id``: the generation to hand to :meth:`anchor`."""
        with self._lock:
            generation = self._generation[article_id] = self._generation.get(article_id, 0) + 1
            self._pending.add(article_id)
            return generation

    def anchor(self, article: Article, generation: int,
               cancelled: Callable[[], bool] = lambda: False) -> Anchoring | None:
        """For a worker thread: anchor the article's annotations (None when the store is closed
        or the work was cancelled). The article stops being pending however this ends, so a
        failed anchoring is tried again the next time the article is shown."""
        try:
            with self._store_open() as usable:
                if not usable or cancelled():
                    return None
                items = self.store.anchored(article)
            return None if cancelled() else Anchoring(article.id, items, generation)
        finally:
            with self._lock:
                if self._generation.get(article.id) == generation:
                    self._pending.discard(article.id)

    def accept(self, result: Anchoring) -> bool:
        """Keep a result; False when a newer anchoring of that article was begun since."""
        with self._lock:
            if result.generation != self._generation.get(result.article_id):
                return False
            self._items[result.article_id] = result.items
            return True

    def forget(self) -> None:
        """The store changed: every article is anchored again when next shown."""
        with self._lock:
            self._items.clear()

    # -- the store (UI thread) --------------------------------------------------------------

    def tags(self) -> list[str]:
        """Known tags, the most used first."""
        return [tag for tag, _ in self.store.tags().most_common()]

    def create(self, article: Article, start: int, end: int, note: str, tags: tuple[str, ...],
               label: str) -> Annotation:
        annotation = self.store.create(article, start, end, note=note, tags=tags, label=label)
        self.forget()
        return annotation

    def update(self, annotation_id: str, note: str, tags: tuple[str, ...], label: str) -> None:
        self.store.update(annotation_id, note=note, tags=tags, label=label)
        self.forget()

    def delete(self, annotation_id: str) -> None:
        self.store.delete(annotation_id)
        self.forget()

    def reattach(self, annotation_id: str, article: Article, start: int, end: int) -> None:
        self.store.reattach(annotation_id, article, start, end)
        self.forget()

    def undo(self) -> Undone | None:
        """Take back the last change (None: nothing to undo)."""
        if not self.store.can_undo:
            return None
        undone = self.store.undo()
        self.forget()
        return undone

    def article_of(self, annotation_id: str, corpus: Corpus | None) -> Article | None:
        annotation = self.store.get(annotation_id)
        if annotation is None or corpus is None:
            return None
        return ArticleIndex(corpus).find(annotation)

    def anchor_all(self, articles: list[Article]) -> list[Anchored]:
        """For a worker thread: every annotation, anchored in ``articles`` (the panel's list)."""
        with self._store_open() as usable:
            if not usable:
                return []  # the app is closing
            return self.store.anchor_many(self.store.list(), ArticleIndex(articles))

    def export(self, path: Path, options: ExportOptions, ids: tuple[str, ...] | None,
               corpus: Corpus | None) -> tuple[Path, int] | None:
        """For a worker thread: write the annotations ``ids`` (None: every one) as excerpts
        with their citations to ``path``; the path written and how many (None: the store is
        closing). Raises ``TemplateProblem`` or ``ExportTargetError``."""
        with self._store_open() as usable:
            if not usable:
                return None
            annotations = self.store.list(Filter(ids=ids) if ids is not None else None)
            articles = corpus.articles if corpus is not None else []
            items = self.store.anchor_many(annotations, ArticleIndex(articles))
        text = export(excerpt_model.build(items, corpus), options)
        return write_export(path, text, make_parents=True), len(items)

    def ids_of(self, article: Article) -> tuple[str, ...]:
        """The ids of ``article``'s annotations."""
        return tuple(a.id for a in self.store.for_article(article))

    # -- closing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Wait for threads still using the store, then close it."""
        with self._store_users:
            self._store_closed = True
            self._store_users.wait_for(lambda: self._store_busy == 0)
        self.store.close()

    @contextmanager
    def _store_open(self) -> Iterator[bool]:
        with self._store_users:
            usable = not self._store_closed
            if usable:
                self._store_busy += 1
        try:
            yield usable
        finally:
            if usable:
                with self._store_users:
                    self._store_busy -= 1
                    self._store_users.notify_all()


def label_spans(items: list[Anchored]) -> dict[str, list[tuple[int, int]]]:
    """The raw spans of the attached annotations, by label."""
    found: dict[str, list[tuple[int, int]]] = {}
    for item in items:
        if item.anchor.attached:
            found.setdefault(item.annotation.label, []).append((item.anchor.start,
                                                                item.anchor.end))
    return found


def overlapping(items: list[Anchored], start: int, end: int) -> list[Anchored]:
    """The attached annotations overlapping raw ``[start, end)``, most overlapped first."""

    def overlap(item: Anchored) -> int:
        return min(end, item.anchor.end) - max(start, item.anchor.start)

    found = [item for item in items if item.anchor.attached and overlap(item) > 0]
    return sorted(found, key=lambda item: (-overlap(item), item.anchor.start))


def current_spans(items: list[Anchored], cursor: Span | None) -> list[tuple[int, int]]:
    """The spans of the annotations under ``cursor`` (which ``m`` would open)."""
    if cursor is None:
        return []
    return [(i.anchor.start, i.anchor.end) for i in overlapping(items, cursor.start, cursor.end)]
