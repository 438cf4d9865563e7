"""Annotating from a screen that shows articles: the dialogs, undo, the panel and export.

A screen that owns a reader or a comparison view (the reading screen, the comparison screen)
has one :class:`AnnotationFlow`. The screen handles its widgets' annotation messages with
``@on`` and hands them here; anchoring runs in a worker the screen starts and whose result
(:class:`AnchorsReady`) comes back to that screen, which draws it on its own widgets. After any
change the flow calls the screen's ``changed`` so it anchors again what it shows; other screens
find the service's annotations forgotten and anchor again when they are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.worker import get_current_worker

from tuiread.annotations import AnnotationError
from tuiread.annotations.recovery import keep_unsaved
from tuiread.annotations.service import AnnotationService, overlapping
from tuiread.corpus import Article
from tuiread.textsafe import displayable
from tuiread.ui.annotations.exporter import ExportDone, Exporter
from tuiread.ui.annotations.marks import DEFAULT_LABEL
from tuiread.ui.annotations.messages import AnchorsReady
from tuiread.ui.host import host
from tuiread.ui.reading.reader import Reader
from tuiread.ui.reading.requests import AnnotateRequested, EditRequested

if TYPE_CHECKING:
    from tuiread.ui.annotations.dialog import NoteDeleted, NoteSaved
    from tuiread.ui.annotations.panel import ExportShown, Jump, Reattach

WORKER_GROUP = "annotations"


# The dialog (a text area) and the panel are imported when first opened: at start-up they
# would cost a tenth of a second before the first article is drawn.
def _dialog():
    from tuiread.ui.annotations import dialog

    return dialog


def _panel():
    from tuiread.ui.annotations import panel

    return panel


class AnnotationFlow:
    def __init__(self, screen: Screen, changed: Callable[[], None]) -> None:
        self.screen = screen
        self._changed = changed
        # Several annotations can overlap the cursor: ``m`` again on the same span opens the
        # next one.
        self._edit_turn: tuple[str, int, int, int] | None = None
        self.exporter = Exporter(screen)

    @property
    def service(self) -> AnnotationService:
        return host(self.screen).services.annotations

    def _say(self, text: str, **options) -> None:
        host(self.screen).say(text, **options)

    # -- anchoring --------------------------------------------------------------------------

    def anchor(self, article: Article) -> None:
        """Anchor ``article``'s annotations in a worker; AnchorsReady comes to the screen."""
        service = self.service
        generation = service.begin(article.id)
        screen = self.screen

        def work() -> None:
            worker = get_current_worker()
            result = service.anchor(article, generation, lambda: worker.is_cancelled)
            if result is not None:
                screen.post_message(AnchorsReady(result))

        screen.run_worker(work, name="anchoring annotations",
                          description=f"anchoring annotations of {article.id}", thread=True,
                          group=WORKER_GROUP, exit_on_error=False)

    def cursor_moved(self) -> None:
        self._edit_turn = None

    # -- annotating -------------------------------------------------------------------------

    def _refuse_read_only(self) -> bool:
        if self.service.store.writable:
            return False
        self._say(f"Annotations are read-only: {displayable(self.service.notice or '')}",
                  severity="error")
        return True

    def annotate(self, request: AnnotateRequested, done: Callable[[], None]) -> None:
        """Annotate at once (``quick``) or after the dialog; ``done`` runs once it is made."""
        if self._refuse_read_only():
            return
        article, start, end = request.article, request.start, request.end
        if request.quick:
            self._create(article, start, end, _dialog().NoteSaved("", (), DEFAULT_LABEL), done)
            return
        dialog = _dialog().AnnotationDialog(article.text[start:end], self.service.tags())
        self.screen.app.push_screen(dialog, partial(self._dialog_closed, article, start, end,
                                                    done))

    def _dialog_closed(self, article: Article, start: int, end: int, done: Callable[[], None],
                       result: NoteSaved | NoteDeleted | None) -> None:
        if isinstance(result, _dialog().NoteSaved):
            self._create(article, start, end, result, done)

    def _create(self, article: Article, start: int, end: int, note: NoteSaved,
                done: Callable[[], None]) -> None:
        try:
            self.service.create(article, start, end, note.note, note.tags, note.label)
        except AnnotationError as exc:
            self._not_saved(str(exc), article, article.text[start:end], start, end, note,
                            partial(self._dialog_closed, article, start, end, done))
            return
        done()
        self._changed()
        what = "Annotated" if note.note or note.tags else "Highlighted"
        self._say(f"{what} ({note.label}); u undoes", timeout=3)

    def edit(self, request: EditRequested) -> None:
        items = self.service.items(request.article.id) or []
        found = overlapping(items, request.start, request.end)
        if not found:
            self._say("No annotation here (? lists the keys that add one).", timeout=3)
            return
        preferred = self.service.preferred
        found.sort(key=lambda item: item.annotation.id != preferred)
        key = (request.article.id, request.start, request.end)
        turn = self._edit_turn
        index = turn[3] + 1 if turn is not None and turn[:3] == key else 0
        self._edit_turn = (*key, index)
        item = found[index % len(found)]
        a = item.annotation
        where = _panel().state_text(item.anchor)
        if len(found) > 1:
            where = f"{index % len(found) + 1} of {len(found)} here (m again: the next) · {where}"
        dialog = _dialog().AnnotationDialog(a.exact, self.service.tags(), note=a.note,
                                            tags=a.tags, label=a.label, editing=True,
                                            where=where)
        self.screen.app.push_screen(dialog, partial(self._edit_closed, a.id))

    def _edit_closed(self, annotation_id: str, result: NoteSaved | NoteDeleted | None) -> None:
        if result is None or self._refuse_read_only():
            return
        try:
            if isinstance(result, _dialog().NoteDeleted):
                self.service.delete(annotation_id)
                self._say("Annotation deleted; u brings it back.")
            else:
                self.service.update(annotation_id, result.note, result.tags, result.label)
        except AnnotationError as exc:
            kept = self.service.store.get(annotation_id)
            if isinstance(result, _dialog().NoteSaved) and kept is not None:
                article = self.service.article_of(annotation_id, host(self.screen).corpus)
                self._not_saved(str(exc), article, kept.exact, kept.position.start,
                                kept.position.end, result,
                                partial(self._edit_closed, annotation_id))
                return
            self._say(str(exc), title="Not changed", severity="error")
            return
        self._changed()

    def _not_saved(self, why: str, article: Article | None, quote: str, start: int, end: int,
                   note: NoteSaved, closed: Callable[[NoteSaved | NoteDeleted | None], None],
                   ) -> None:
        """A save failed: the typed note goes back into a dialog to try again, and into the
        unsaved-notes file, so it is never lost."""
        kept = None
        if note.note or note.tags:
            kept = keep_unsaved(
                article_id=article.id if article else "",
                path=str(article.path) if article else "", quote=quote, start=start, end=end,
                note=note.note, tags=note.tags, label=note.label, why=why)
        copy = f"; a copy is in {kept}" if kept else ""
        self._say(f"{why}{copy}. ctrl+s tries again, escape gives up.", title="Not saved",
                  severity="error")
        dialog = _dialog().AnnotationDialog(quote, self.service.tags(), note=note.note,
                                            tags=note.tags, label=note.label,
                                            where=f"not saved: {why}")
        self.screen.app.push_screen(dialog, closed)

    def undo(self) -> None:
        try:
            undone = self.service.undo()
        except AnnotationError as exc:
            self._say(str(exc), title="Not undone", severity="error")
            return
        if undone is None:
            self._say("Nothing to undo.", timeout=3)
            return
        self._changed()
        self._say(f"Undid the {undone.action}.", timeout=3)

    # -- panel and export -------------------------------------------------------------------

    def open_panel(self, reader: Reader | None, jump: Callable[[Article, int], None]) -> None:
        """The panel of every annotation; a jump from it goes to ``jump(article, offset)``,
        a re-attach to ``reader``'s selection."""
        service = self.service
        corpus = host(self.screen).corpus
        articles = corpus.articles if corpus is not None else []
        panel = _panel().AnnotationsPanel(partial(service.anchor_all, articles), service.notice)
        self.screen.app.push_screen(panel, partial(self._panel_closed, reader, jump))

    def _panel_closed(self, reader: Reader | None, jump: Callable[[Article, int], None],
                      result: Jump | Reattach | ExportShown | None) -> None:
        panel = _panel()
        if isinstance(result, panel.ExportShown):
            self.exporter.open(result.annotation_ids,
                               reader.article if reader is not None else None)
        elif isinstance(result, panel.Jump):
            article = self.service.article_of(result.annotation_id, host(self.screen).corpus)
            if article is None:
                self._say("Its article is not in the corpus opened.", severity="warning")
                return
            self.service.preferred = result.annotation_id
            jump(article, result.start)
        elif isinstance(result, panel.Reattach):
            self._reattach(result, reader)

    def _reattach(self, reattach: Reattach, reader: Reader | None) -> None:
        span = reader.selection_span if reader is not None else None
        if reader is None or reader.article is None or span is None:
            self._say("Select the text to attach it to in the reader first (v, then w ) "
                      "or }; or drag), then A and ctrl+r.", severity="warning", timeout=8)
            return
        if self._refuse_read_only():
            return
        try:
            self.service.reattach(reattach.annotation_id, reader.article, span.start, span.end)
        except AnnotationError as exc:
            self._say(str(exc), title="Not re-attached", severity="error")
            return
        reader.clear_selection()
        self._changed()
        self._say("Re-attached to the selection; u undoes.")

    def open_export(self, article: Article | None = None) -> None:
        """The export dialog: everything, or ``article``'s annotations."""
        self.exporter.open(article=article)

    def export_done(self, message: ExportDone) -> None:
        """For the screen's handler of :class:`ExportDone` (its export worker finished)."""
        self.exporter.done(message)
