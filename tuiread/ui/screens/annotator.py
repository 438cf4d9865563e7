"""The app's side of annotations: the store, what every reader draws of it, and the dialogs.

The app owns one :class:`Annotator` and hands it the annotation messages readers and the
comparison view post (annotate, edit) and their cursor moves. Anchoring an article's annotations
runs in a thread worker that calls the store and posts :class:`Annotator.AnchorsReady`; the
annotator, on the app's thread, keeps the result per article and paints every reader and
comparison view showing that article.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from tuiread.annotations import (
    Anchored,
    AnnotationError,
    ArticleIndex,
    Store,
    StoreMode,
)
from tuiread.corpus import Article, Span
from tuiread.textsafe import displayable
from tuiread.ui.screens.annotation_dialog import AnnotationDialog, NoteDeleted, NoteSaved
from tuiread.ui.screens.annotations_panel import (
    AnnotationsPanel,
    ExportShown,
    Jump,
    Reattach,
    state_text,
)
from tuiread.ui.screens.exporter import ExportDone, Exporter
from tuiread.ui.widgets.annotation_marks import (
    CURRENT_LAYER,
    CURRENT_STYLE,
    DEFAULT_LABEL,
    AnnotateRequested,
    AnnotationMessage,
    EditRequested,
    current_spans,
    layers,
    overlapping,
    tint,
)
from tuiread.ui.widgets.compare_view import CompareView
from tuiread.ui.widgets.note_marks import margin_marks, note_line_for
from tuiread.ui.widgets.reader import Reader

if TYPE_CHECKING:
    from tuiread.ui.app import TuireadApp

@dataclass
class AnchorsReady(AnnotationMessage):
    """A worker anchored ``article_id``'s annotations (``generation`` drops stale results)."""

    article_id: str
    items: list[Anchored]
    generation: int


class Annotator:
    def __init__(self, app: TuireadApp, store: Store) -> None:
        self.app = app
        self.store = store
        self.items: dict[str, list[Anchored]] = {}  # article id -> its annotations, anchored
        self._generation: dict[str, int] = {}
        self._pending: set[str] = set()  # article ids being anchored
        # Several annotations can overlap the cursor: ``m`` again on the same span opens the
        # next one; the one last jumped to from the panel comes first.
        self._edit_turn: tuple[str, int, int, int] | None = None
        self._preferred: str | None = None
        # Worker threads still inside the store: close() waits for them (a Textual cancel
        # does not stop a thread), and none enters once it is closed.
        self._store_users = threading.Condition()
        self._store_busy = 0
        self._store_closed = False
        self.exporter = Exporter(app, store, self._store_open)

    # -- startup ----------------------------------------------------------------------------

    def start(self) -> None:
        """On mount: repaint on theme changes, and tell the user when annotations are not the
        normal, saved kind."""
        self.app.theme_changed_signal.subscribe(
            self.app, lambda _theme: self.app.call_after_refresh(self.repaint_all)
        )
        if self.store.notice:
            kind = {StoreMode.READ_ONLY: "Annotations are read-only",
                    StoreMode.MEMORY: "Annotations are not saved"}.get(self.store.mode,
                                                                       "Annotations")
            self.app.notify(displayable(self.store.notice), title=kind, severity="warning",
                            timeout=20, markup=False)

    def close(self) -> None:
        """On unmount: stop anchoring, wait for threads still using the store, close it."""
        self.app.workers.cancel_group(self.app, "annotations")
        with self._store_users:
            self._store_closed = True
            self._store_users.wait_for(lambda: self._store_busy == 0)
        self.store.close()

    @contextmanager
    def _store_open(self) -> Iterator[bool]:
        """For worker threads: whether the store may be used; close() waits until they leave."""
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

    # -- messages ---------------------------------------------------------------------------

    def handle(self, message: AnnotationMessage) -> None:
        if isinstance(message, AnchorsReady):
            self._anchors_ready(message)
        elif isinstance(message, AnnotateRequested):
            self._annotate(message)
        elif isinstance(message, EditRequested):
            self._edit(message)
        elif isinstance(message, ExportDone):
            self.exporter.done(message)

    def cursor_moved(self, message: Reader.CursorMoved) -> None:
        reader = message.reader
        article = reader.article
        if article is None:
            return
        self._edit_turn = None
        if reader.highlight_spans(CURRENT_LAYER) is None:
            # Newly shown (showing an article drops its layers): paint what is known, and
            # anchor again if nothing is.
            if article.id in self.items:
                self._paint(reader, self.items[article.id])
            else:
                note_line_for(reader).show_items([])  # the last article's note is not this one's
                if article.id not in self._pending:
                    self.reload(article)
        else:
            self._paint_current(reader)

    def compare_moved(self, message: CompareView.CursorMoved) -> None:
        """A comparison was shown or its cursor moved: paint both articles (anchoring the ones
        not known yet), and underline the annotations under the cursor."""
        view = message.view
        if view.comparison is None:
            return
        self._edit_turn = None
        for article in (view.comparison.left, view.comparison.right):
            if article.id in self.items:
                self._paint_view(view, article.id, self.items[article.id])
            elif article.id not in self._pending:
                self.reload(article)

    # -- anchoring --------------------------------------------------------------------------

    def reload(self, article: Article) -> None:
        generation = self._generation[article.id] = self._generation.get(article.id, 0) + 1
        self._pending.add(article.id)
        self.app.run_worker(
            partial(self._anchor_in_thread, article, generation),
            name="anchoring annotations", description=f"anchoring annotations of {article.id}",
            thread=True, group="annotations", exit_on_error=False,
        )

    def _anchor_in_thread(self, article: Article, generation: int) -> None:
        worker = get_current_worker()
        with self._store_open() as usable:
            if not usable or worker.is_cancelled:
                return
            items = self.store.anchored(article)
        if not worker.is_cancelled:
            self.app.post_message(AnchorsReady(article.id, items, generation))

    def _anchors_ready(self, message: AnchorsReady) -> None:
        if message.generation != self._generation.get(message.article_id):
            return
        self._pending.discard(message.article_id)
        self.items[message.article_id] = message.items
        for reader in self.readers_showing(message.article_id):
            self._paint(reader, message.items)
        for view in self._views():
            if message.article_id in self._view_articles(view):
                self._paint_view(view, message.article_id, message.items)

    def readers_showing(self, article_id: str) -> list[Reader]:
        return [
            reader
            for screen in self.app.screen_stack
            for reader in screen.query(Reader)
            if reader.article is not None and reader.article.id == article_id
        ]

    def _views(self) -> list[CompareView]:
        return [view for screen in self.app.screen_stack for view in screen.query(CompareView)]

    @staticmethod
    def _view_articles(view: CompareView) -> dict[str, Article]:
        comparison = view.comparison
        if comparison is None:
            return {}
        return {article.id: article for article in (comparison.left, comparison.right)}

    def repaint_all(self) -> None:
        """After a theme change: the tints are blended over the new background."""
        for screen in self.app.screen_stack:
            for reader in screen.query(Reader):
                if reader.article is not None and reader.article.id in self.items:
                    self._paint(reader, self.items[reader.article.id])
        for view in self._views():
            for article_id in self._view_articles(view):
                if article_id in self.items:
                    self._paint_view(view, article_id, self.items[article_id])

    def _paint(self, reader: Reader, items: list[Anchored]) -> None:
        base = reader.background_colors[1]
        for name, spans in layers(items).items():
            if spans:
                reader.set_highlights(name, spans, tint(name.partition(":")[2], base))
            else:
                reader.clear_highlights(name)
        reader.set_marks(margin_marks(items))
        self._paint_current(reader)

    def _paint_current(self, reader: Reader) -> None:
        article = reader.article
        items = self.items.get(article.id, []) if article is not None else []
        target = reader.selection_span or reader.cursor_span
        reader.set_highlights(CURRENT_LAYER, current_spans(items, target), CURRENT_STYLE)
        under = overlapping(items, target.start, target.end) if target is not None else []
        note_line_for(reader).show_items(under)

    def _paint_view(self, view: CompareView, article_id: str, items: list[Anchored]) -> None:
        """Like ``_paint`` for one article of a comparison (unchanged layers cost nothing)."""
        base = view.background_colors[1]
        for name, spans in layers(items).items():
            view.set_highlights(article_id, name, spans, tint(name.partition(":")[2], base))
        target = view.current()
        cursor = None
        if target is not None and target.article.id == article_id:
            cursor = Span(target.part.start, target.part.end)
        view.set_highlights(article_id, CURRENT_LAYER, current_spans(items, cursor),
                            CURRENT_STYLE)

    # -- annotating -------------------------------------------------------------------------

    def _refuse_read_only(self) -> bool:
        if self.store.writable:
            return False
        self.app.notify(f"Annotations are read-only: {displayable(self.store.notice or '')}",
                        severity="error", markup=False)
        return True

    def _annotate(self, message: AnnotateRequested) -> None:
        if self._refuse_read_only():
            return
        article, start, end = message.article, message.start, message.end
        if message.quick:
            self._create(article, start, end, NoteSaved("", (), DEFAULT_LABEL))
            return
        known = [tag for tag, _ in self.store.tags().most_common()]
        dialog = AnnotationDialog(article.text[start:end], known)
        self.app.push_screen(dialog, partial(self._dialog_closed, article, start, end))

    def _dialog_closed(self, article: Article, start: int, end: int,
                       result: NoteSaved | NoteDeleted | None) -> None:
        if isinstance(result, NoteSaved):
            self._create(article, start, end, result)

    def _create(self, article: Article, start: int, end: int, note: NoteSaved) -> None:
        try:
            self.store.create(article, start, end, note=note.note, tags=note.tags,
                              label=note.label)
        except AnnotationError as exc:
            self.app.notify(str(exc), title="Not annotated", severity="error", markup=False)
            return
        for reader in self.readers_showing(article.id):
            reader.clear_selection()
        self._changed()
        what = "Annotated" if note.note or note.tags else "Highlighted"
        self.app.notify(f"{what} ({note.label}); u undoes", markup=False, timeout=3)

    def _edit(self, message: EditRequested) -> None:
        items = self.items.get(message.article.id, [])
        found = overlapping(items, message.start, message.end)
        if not found:
            self.app.notify("No annotation here (? lists the keys that add one).", markup=False,
                            timeout=3)
            return
        found.sort(key=lambda item: item.annotation.id != self._preferred)
        key = (message.article.id, message.start, message.end)
        turn = self._edit_turn
        index = turn[3] + 1 if turn is not None and turn[:3] == key else 0
        self._edit_turn = (*key, index)
        item = found[index % len(found)]
        a = item.annotation
        where = state_text(item.anchor)
        if len(found) > 1:
            where = f"{index % len(found) + 1} of {len(found)} here (m again: the next) · {where}"
        dialog = AnnotationDialog(
            a.exact, [tag for tag, _ in self.store.tags().most_common()], note=a.note,
            tags=a.tags, label=a.label, editing=True, where=where,
        )
        self.app.push_screen(dialog, partial(self._edit_closed, a.id))

    def _edit_closed(self, annotation_id: str, result: NoteSaved | NoteDeleted | None) -> None:
        if result is None or self._refuse_read_only():
            return
        try:
            if isinstance(result, NoteDeleted):
                self.store.delete(annotation_id)
                self.app.notify("Annotation deleted; u brings it back.", markup=False)
            else:
                self.store.update(annotation_id, note=result.note, tags=result.tags,
                                  label=result.label)
        except AnnotationError as exc:
            self.app.notify(str(exc), title="Not changed", severity="error", markup=False)
            return
        self._changed()

    def undo(self) -> None:
        if not self.store.can_undo:
            self.app.notify("Nothing to undo.", markup=False, timeout=3)
            return
        try:
            undone = self.store.undo()
        except AnnotationError as exc:
            self.app.notify(str(exc), title="Not undone", severity="error", markup=False)
            return
        if undone is None:
            return
        self._changed()
        self.app.notify(f"Undid the {undone.action}.", markup=False, timeout=3)

    # -- panel and export -------------------------------------------------------------------

    def _article_of(self, annotation) -> Article | None:
        corpus = self.app.corpus
        return ArticleIndex(corpus).find(annotation) if corpus is not None else None

    def _changed(self) -> None:
        """After a change to the store: anchor again what the readers show, and forget the
        rest (it is anchored again when shown)."""
        shown = {
            reader.article.id: reader.article
            for screen in self.app.screen_stack
            for reader in screen.query(Reader)
            if reader.article is not None
        }
        for view in self._views():
            shown.update(self._view_articles(view))
        self.items = {key: items for key, items in self.items.items() if key in shown}
        for article in shown.values():
            self.reload(article)

    def active_reader(self) -> Reader | None:
        focused = self.app.focused
        if isinstance(focused, Reader):
            return focused
        readers = list(self.app.screen.query(Reader))
        return readers[0] if readers else None

    def open_panel(self) -> None:
        corpus = self.app.corpus
        articles = corpus.articles if corpus is not None else []

        def load() -> list[Anchored]:
            with self._store_open() as usable:
                if not usable:
                    return []  # the app is closing
                return self.store.anchor_many(self.store.list(), ArticleIndex(articles))

        note = self.store.notice if self.store.mode is not StoreMode.WRITABLE else None
        reader = self.active_reader()
        self.app.push_screen(AnnotationsPanel(load, note), partial(self._panel_closed, reader))

    def _panel_closed(self, reader: Reader | None,
                      result: Jump | Reattach | ExportShown | None) -> None:
        if isinstance(result, ExportShown):
            article = reader.article if reader is not None else None
            self.exporter.open(result.annotation_ids, article)
        elif isinstance(result, Jump):
            self._jump(result)
        elif isinstance(result, Reattach):
            self._reattach(result, reader)

    def _jump(self, jump: Jump) -> None:
        annotation = self.store.get(jump.annotation_id)
        article = self._article_of(annotation) if annotation is not None else None
        if article is None:
            self.app.notify("Its article is not in the corpus opened.", severity="warning",
                            markup=False)
            return
        self._preferred = jump.annotation_id
        self.show_in_reader(article, jump.start)

    def show_in_reader(self, article: Article, offset: int | None) -> None:
        """Open ``article`` in the main screen's reader with the cursor at raw ``offset``."""
        main = self.app.main_screen
        while self.app.screen is not main and len(self.app.screen_stack) > 1:
            self.app.pop_screen()  # e.g. from the comparison screen back to the reader
        main.article_list.select_id(article.id)
        main.open_article(article.id)
        reader = main.reader
        if offset is not None:
            sentence = reader.sentence_at(offset)
            if sentence is not None:
                reader.move_cursor(sentence)
            reader.scroll_to_offset(offset)
        reader.focus()

    def _reattach(self, reattach: Reattach, reader: Reader | None) -> None:
        span = reader.selection_span if reader is not None else None
        if reader is None or reader.article is None or span is None:
            self.app.notify("Select the text to attach it to in the reader first (v, then w ) "
                            "or }; or drag), then A and ctrl+r.", severity="warning",
                            markup=False, timeout=8)
            return
        if self._refuse_read_only():
            return
        try:
            self.store.reattach(reattach.annotation_id, reader.article, span.start, span.end)
        except AnnotationError as exc:
            self.app.notify(str(exc), title="Not re-attached", severity="error", markup=False)
            return
        reader.clear_selection()
        self._changed()
        self.app.notify("Re-attached to the selection; u undoes.", markup=False)

    def open_export(self) -> None:
        reader = self.active_reader()
        self.exporter.open(article=reader.article if reader is not None else None)
