"""The app's side of entities: the catalog of the loaded corpus, the panel, the reader's
underlines, and the user's corrections.

The app owns one :class:`EntityKeeper`. When a corpus loads, a thread worker builds its catalog
(seconds on a big corpus) and posts progress and the result; the keeper, on the app's thread,
keeps the catalog and hands it to whatever shows entities. A correction is recorded and the
catalog regrouped in a thread worker too (about a second on thousands of articles). The worker
regroups a copy and sends it back; the keeper swaps it in on the app's thread, so nothing ever
reads a half-regrouped catalog.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.worker import Worker, WorkerState, get_current_worker

from tuiread.corpus import Corpus
from tuiread.entities import Decision, DecisionStore, EntityCatalog, Kind, build_catalog
from tuiread.errors import TuireadError
from tuiread.textsafe import displayable
from tuiread.ui.screens.entity_dialogs import ConfirmDialog
from tuiread.ui.screens.entity_panel import EntityPanel, OpenMention
from tuiread.ui.widgets.entity_marks import (
    FOUND_LAYER,
    FOUND_STYLE,
    UNDERLINE_LAYERS,
    CatalogFailed,
    CatalogProgress,
    CatalogReady,
    DecisionApplied,
    DecisionFailed,
    DecisionRequested,
    EntityMessage,
    UndoRequested,
    article_spans,
    kind_colour,
    kind_style,
    layer_name,
    shown_mentions,
)
from tuiread.ui.widgets.reader import Reader

if TYPE_CHECKING:
    from tuiread.ui.app import TuireadApp

# Progress is posted at most this often (in articles); the last article always reports.
PROGRESS_EVERY = 20


class EntityKeeper:
    def __init__(self, app: TuireadApp) -> None:
        self.app = app
        self.catalog: EntityCatalog | None = None
        self.underline = False
        self.busy: str | None = None  # what a decision worker is doing
        self._base: EntityCatalog | None = None  # the catalog that worker regroups a copy of
        self._generation = 0
        self._progress = (0, 0)
        self._error: str | None = None
        self._worker: Worker | None = None
        self._theme_watched = False

    # -- building ---------------------------------------------------------------------------

    def start(self, corpus: Corpus) -> None:
        """Build the catalog of ``corpus`` in a thread worker (replacing any earlier one)."""
        self._generation += 1
        self.catalog, self._error, self._progress = None, None, (0, len(corpus.articles))
        self._worker = self.app.run_worker(
            partial(self._build_in_thread, corpus, self._generation),
            name="finding entities", description="finding the entities of the corpus",
            thread=True, group="entities", exclusive=True, exit_on_error=False,
        )

    def _build_in_thread(self, corpus: Corpus, generation: int) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                self.app.post_message(CatalogProgress(done, total, generation))

        try:
            workspace = getattr(self.app, "workspace", None)
            if workspace is not None and workspace.corpus_loaded and workspace.corpus is corpus:
                # Kept between runs: only new or changed articles are read for it.
                catalog = workspace.entity_catalog(progress=progress,
                                                   cancelled=lambda: worker.is_cancelled)
            else:
                catalog = build_catalog(corpus, progress=progress,
                                        cancelled=lambda: worker.is_cancelled)
        except (TuireadError, OSError, sqlite3.Error) as exc:
            self.app.post_message(CatalogFailed(str(exc), generation))
            return
        if not worker.is_cancelled:
            self.app.post_message(CatalogReady(catalog, generation))

    def failure(self) -> str | None:
        """Why there is no catalog, if building it failed."""
        worker = self._worker
        if self._error is None and worker is not None and worker.state == WorkerState.ERROR:
            self._error = str(worker.error)
        return self._error

    def status(self) -> str:
        """What the catalog is waiting for, or why there is none."""
        if self.failure() is not None:
            return f"Entities could not be found: {self._error}"
        if self.app.corpus is None:
            return "Reading the corpus…"
        done, total = self._progress
        return f"Finding people, places and organisations… {done:,} of {total:,} articles"

    # -- messages ---------------------------------------------------------------------------

    def handle(self, message: EntityMessage) -> None:
        building = isinstance(message, CatalogProgress | CatalogReady | CatalogFailed)
        if building and message.generation != self._generation:
            return  # from the catalog of a corpus replaced since
        if isinstance(message, CatalogProgress):
            self._progress = (message.done, message.total)
            for panel in self._panels():
                panel.set_progress(self.status(), message.done, message.total)
        elif isinstance(message, CatalogReady):
            self.catalog = message.catalog
            for panel in self._panels():
                panel.set_catalog(message.catalog)
            self.repaint_all()
        elif isinstance(message, CatalogFailed):
            self._error = message.error
            for panel in self._panels():
                panel.set_failed(message.error)
        elif isinstance(message, DecisionRequested):
            self._decide(message)
        elif isinstance(message, UndoRequested):
            self._ask_undo()
        elif isinstance(message, DecisionApplied):
            self._applied(message)
        elif isinstance(message, DecisionFailed):
            self.busy, self._base = None, None
            self.app.notify(displayable(message.error), title="Not changed", severity="error",
                            markup=False)
            if self.catalog is not None:
                for panel in self._panels():
                    panel.set_catalog(self.catalog)

    def _panels(self) -> list[EntityPanel]:
        return [s for s in self.app.screen_stack if isinstance(s, EntityPanel)]

    # -- the panel --------------------------------------------------------------------------

    def open_panel(self, **where) -> None:
        """Open the panel (``where``: EntityPanel's scope, entity and mention)."""
        if self._panels():
            return  # one panel at a time
        panel = EntityPanel(self.catalog, **where)
        self.app.push_screen(panel, self._panel_closed)
        if self.catalog is None:
            error = self.failure()
            if error is not None:
                panel.call_after_refresh(panel.set_failed, error)
            else:
                panel.call_after_refresh(panel.set_progress, self.status(), *self._progress)
        elif self.busy:
            panel.call_after_refresh(panel.set_busy, self.busy)

    def _panel_closed(self, result: OpenMention | None) -> None:
        if result is not None:
            self.show_mention(result)

    def show_mention(self, where: OpenMention) -> None:
        """Open the article in the main reader with the cursor on the mention's sentence and
        the mention drawn apart."""
        corpus = self.app.corpus
        article = corpus.get(where.article_id) if corpus is not None else None
        if article is None:
            self.app.notify("That article is no longer in the corpus.", severity="warning",
                            markup=False)
            return
        main = self.app.main_screen
        while self.app.screen is not main and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        sentence = article.sentence_at(where.start)
        main.show_sentence(article.id, sentence if sentence is not None else 0)
        reader = main.reader
        reader.set_highlights(FOUND_LAYER, [(where.start, where.end)], FOUND_STYLE)
        reader.scroll_to_offset(where.start)

    def entity_at_cursor(self) -> None:
        """Open the panel on the entity mentioned in the reader's selection or cursor sentence
        (on a list of them when there are several)."""
        reader = self._active_reader()
        span = (reader.selection_span or reader.cursor_span) if reader is not None else None
        if reader is None or reader.article is None or span is None:
            self.app.bell()
            return
        if self.catalog is None or self.busy:
            self.app.notify(self.busy or self.status(), markup=False, timeout=4)
            return
        found = shown_mentions(self.catalog, reader.article.id, span.start, span.end)
        if not found:
            what = "selection" if reader.selection_span is not None else "sentence"
            self.app.notify(f"No entity is mentioned in this {what}.", markup=False, timeout=3)
            return
        if len(found) == 1:
            entity, mention = found[0]
            self.open_panel(scope=found, entity=entity, mention=mention)
        else:
            self.open_panel(scope=found)

    def _active_reader(self) -> Reader | None:
        focused = self.app.focused
        if isinstance(focused, Reader):
            return focused
        readers = list(self.app.screen.query(Reader))
        return readers[0] if readers else None

    # -- underlines -------------------------------------------------------------------------

    def toggle_underline(self) -> None:
        self.underline = not self.underline
        self.repaint_all()
        if not self.underline:
            self.app.notify("Entity underlines off.", markup=False, timeout=3)
            return
        # The legend's markup is built from the kinds and their colours only.
        dark = self.app.current_theme.dark
        legend = "  ".join(f"[{kind_colour(kind, dark)} underline]{kind}[/]" for kind in Kind)
        later = " (once they are found)" if self.catalog is None else ""
        self.app.notify(f"Entities underlined{later}: {legend}", timeout=4)

    def cursor_moved(self, message: Reader.CursorMoved) -> None:
        reader = message.reader
        if self.underline and reader.highlight_spans(UNDERLINE_LAYERS[0]) is None:
            self.paint(reader)  # a newly shown article starts without layers
        found = reader.highlight_spans(FOUND_LAYER)
        cursor = reader.cursor_span
        if found and cursor is not None and not any(
            cursor.start <= span.start < cursor.end for span in found
        ):
            reader.clear_highlights(FOUND_LAYER)

    def paint(self, reader: Reader) -> None:
        if not self.underline or self.catalog is None or self.busy or reader.article is None:
            for name in UNDERLINE_LAYERS:
                reader.clear_highlights(name)
            return
        self._watch_theme()
        dark = self.app.current_theme.dark
        for kind, spans in article_spans(self.catalog, reader.article.id).items():
            reader.set_highlights(layer_name(kind), spans, kind_style(kind, dark, underline=True))

    def repaint_all(self) -> None:
        for screen in self.app.screen_stack:
            for reader in screen.query(Reader):
                self.paint(reader)

    def _watch_theme(self) -> None:
        """Kind colours come in a dark and a light set: repaint when the theme changes."""
        if not self._theme_watched:
            self._theme_watched = True
            self.app.theme_changed_signal.subscribe(
                self.app, lambda _theme: self.app.call_after_refresh(self.repaint_all))

    # -- corrections ------------------------------------------------------------------------

    def _start_change(self, line: str, work: Callable[[EntityCatalog], EntityMessage]) -> bool:
        """Run ``work`` on the catalog in a thread worker; it returns the message to post."""
        if self.catalog is None:
            self.app.notify("The entities are still being found.", markup=False)
            return False
        if self.busy:
            self.app.notify(self.busy, severity="warning", markup=False)
            return False
        self.busy, self._base = line, self.catalog
        for panel in self._panels():
            panel.set_busy(line)
        self.app.run_worker(partial(self._change_in_thread, work, self.catalog),
                            name="entity decision", description=line, thread=True,
                            group="entity-decisions", exit_on_error=False)
        return True

    def _change_in_thread(
        self, work: Callable[[EntityCatalog], EntityMessage], catalog: EntityCatalog
    ) -> None:
        # Something is posted however ``work`` ends, so ``busy`` is always cleared; an
        # unexpected error still fails the worker, and the app reports it.
        outcome: EntityMessage = DecisionFailed("The entities could not be regrouped.")
        try:
            outcome = work(catalog)
        except TuireadError as exc:
            outcome = DecisionFailed(str(exc))
        finally:
            self.app.post_message(outcome)

    def _decide(self, request: DecisionRequested) -> None:
        def work(catalog: EntityCatalog) -> EntityMessage:
            with DecisionStore() as store:
                decision, regrouped = catalog.decided(store, request.action, request.subject,
                                                      request.value)
            changed = all(d.id != decision.id for d in regrouped.skipped)
            return DecisionApplied(decision, regrouped, changed)

        self._start_change("Regrouping the entities…", work)

    def _ask_undo(self) -> None:
        try:
            with DecisionStore() as store:
                decisions = store.all()
        except TuireadError as exc:
            self.app.notify(displayable(str(exc)), severity="error", markup=False)
            return
        if not decisions:
            self.app.notify("No decision to undo.", markup=False, timeout=3)
            return
        last = decisions[-1]
        question = Text(f"Undo: {displayable(last.describe())}?", end="")
        when = last.created.replace("T", " ").removesuffix("+00:00")
        detail = f"Decided {when} (UTC). The entities are grouped again without it."
        self.app.push_screen(ConfirmDialog("Undo", question, detail, "Undo"),
                             partial(self._undo_confirmed, last))

    def _undo_confirmed(self, decision: Decision, yes: bool | None) -> None:
        if not yes:
            return

        def work(catalog: EntityCatalog) -> EntityMessage:
            with DecisionStore() as store:
                undone = store.remove(decision.id)
                regrouped = catalog.with_decisions(store.all())
            return DecisionApplied(undone, regrouped, True, undone=True)

        self._start_change("Regrouping the entities…", work)

    def _applied(self, message: DecisionApplied) -> None:
        self.busy = None
        if self.catalog is not None and self.catalog is self._base:
            self.catalog = message.catalog  # else the corpus was replaced meanwhile
        self._base = None
        decision = message.decision
        if message.undone:
            line = f"Undone: {decision.describe()}."
        elif message.changed:
            line = f"Done: {decision.describe()} (u in the entity panel undoes it)."
        else:
            line = f"Recorded, but it changed nothing here: {decision.describe()}."
        self.app.notify(displayable(line), markup=False, timeout=5)
        if self.catalog is not None:
            for panel in self._panels():
                panel.set_catalog(self.catalog)
        self.repaint_all()
