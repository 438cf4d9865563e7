"""The app's side of search: the corpus's index, kept up to date in the background, the search
screen, the query history, and opening a result in the reader.

When the corpus loads, a thread worker opens the index (stat only) and brings it up to date;
searches answer meanwhile from what is committed. Progress reaches every :class:`SearchStatus`
through ``status_signal``. A damaged index is moved aside and rebuilt by the update, with a
notice. When the entity catalog is ready, or a decision regroups it, the index gets the new names
and the next update re-indexes only the articles whose names changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.style import Style
from textual.color import Color
from textual.message import Message
from textual.signal import Signal
from textual.worker import get_current_worker

from tuiread.entities import EntityCatalog
from tuiread.errors import TuireadError
from tuiread.search import QueryError, SearchIndex, UpdateReport
from tuiread.textsafe import displayable
from tuiread.ui.screens.search import SearchScreen, SearchTarget
from tuiread.ui.widgets.search_hits import SEARCH_LAYER, SearchHitsMixin
from tuiread.ui.widgets.search_status import IndexStatus, SearchStatus

if TYPE_CHECKING:
    from tuiread.ui.app import TuireadApp

SCREEN_NAME = "search"
# Index progress is posted at most this often (seconds); the last file always reports.
PROGRESS_SECONDS = 0.1


class IndexMessage(Message):
    """From the index worker to the app (handed to the keeper)."""


@dataclass
class IndexOpened(IndexMessage):
    index: SearchIndex


@dataclass
class IndexProgress(IndexMessage):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class IndexUpdated(IndexMessage):
    report: UpdateReport


@dataclass
class IndexFailed(IndexMessage):
    error: str


class SearchKeeper:
    def __init__(self, app: TuireadApp) -> None:
        self.app = app
        self.index: SearchIndex | None = None
        self.status = IndexStatus("The search index opens once the corpus is read.")
        self.status_signal: Signal[IndexStatus] = Signal(app, "search-index")
        self.history: list[str] = app.ui_state.search_history
        self.target: SearchTarget | None = None  # the result open in the reader
        self._screen: SearchScreen | None = None
        self._updating = False
        self._again = False  # another update was asked for while one ran
        self._rebuild = False  # ...and it should rebuild
        self._theme_watched = False

    # -- the index --------------------------------------------------------------------------

    @property
    def updating(self) -> bool:
        """An update of the index is running (or about to)."""
        return self._updating

    def start(self) -> None:
        """Open the corpus's index and bring it up to date, in a thread worker."""
        self.request_update()

    def request_update(self, rebuild: bool = False) -> None:
        """Update the index in a thread worker (after the one running, if one is); ``rebuild``
        after a search found it damaged."""
        if self._updating:
            self._again = True
            self._rebuild = self._rebuild or rebuild
            return
        rebuild, self._rebuild = self._rebuild or rebuild, False
        self._updating = True
        self._again = False
        self._set_status(IndexStatus("Checking the search index…", busy=True))
        self.app.run_worker(partial(self._update_in_thread, self.index, rebuild),
                            name="search index", description="updating the search index",
                            thread=True, group="search-index", exit_on_error=False)

    def _update_in_thread(self, index: SearchIndex | None, rebuild: bool) -> None:
        worker = get_current_worker()
        post = self.app.post_message
        answered = False
        try:
            if index is None:
                workspace = getattr(self.app, "workspace", None)
                index = (workspace.search_index if workspace is not None
                         else SearchIndex.open(self.app.roots, self.app.rules))
                post(IndexOpened(index))
            last = 0.0

            def progress(done: int, total: int) -> None:
                nonlocal last
                now = time.monotonic()
                if now - last >= PROGRESS_SECONDS or done == total:
                    last = now
                    post(IndexProgress(done, total))

            # wait=None: another tuiread process updating this index is waited for.
            report = index.update(progress, lambda: worker.is_cancelled, rebuild=rebuild,
                                  wait=None)
            answered = True
            if not worker.is_cancelled:
                post(IndexUpdated(report))
        except (OSError, TuireadError) as exc:
            answered = True
            post(IndexFailed(f"{type(exc).__name__}: {exc}"))
        finally:
            if not answered:
                # Anything else is a bug the app reports as a failed worker; the keeper only
                # learns that this update is over.
                post(IndexFailed("the update stopped on an error"))

    def handle(self, message: IndexMessage) -> None:
        if isinstance(message, IndexOpened):
            self.index = message.index
            self._use_entities()
            # "It cannot be read": the update under way says what it did about it.
            message.index.notices.clear()
        elif isinstance(message, IndexProgress):
            self._set_status(IndexStatus(
                f"Indexing {message.done:,}/{message.total:,}",
                message.done, message.total, busy=True))
        elif isinstance(message, IndexUpdated):
            self._updated(message.report)
        elif isinstance(message, IndexFailed):
            self._updating = False
            self._set_status(IndexStatus(f"The search index failed: {message.error}"))
            self._notify(f"The search index could not be updated: {message.error}", "error")

    def _restyle(self) -> None:
        """The theme changed: draw the reader's hits in its colours."""
        reader = self.app.main_screen.reader
        hits = reader.search_hits()
        if hits:
            reader.set_highlights(SEARCH_LAYER, [(h.start, h.end) for h in hits],
                                  self.hit_style())

    def _updated(self, report: UpdateReport) -> None:
        self._updating = False
        for notice in report.notices:
            self._notify(notice, "warning")
        index = self.index
        articles = index.documents if index is not None else report.articles
        text = f"Search index: {articles:,} articles"
        if report.problems:
            text += f" ({len(report.problems):,} files could not be indexed)"
        self._set_status(IndexStatus(text))
        if self._again or (index is not None and index.entity_changes()):
            self.request_update()

    def _set_status(self, status: IndexStatus) -> None:
        self.status = status
        self.status_signal.publish(status)

    def status_widget(self, **kwargs) -> SearchStatus:
        """A line and bar showing the index's progress while it is built (for other screens)."""
        return SearchStatus(self.status_signal, self.status, **kwargs)

    def _notify(self, text: str, severity: str) -> None:
        self.app.notify(displayable(text), title="Search", severity=severity, timeout=10,
                        markup=False)

    # -- entity names -----------------------------------------------------------------------

    def entities_changed(self) -> None:
        """The entity catalog is ready or was regrouped: index its canonical names."""
        self._use_entities()
        if self.index is not None and not self._updating and self.index.entity_changes():
            self.request_update()

    def _use_entities(self) -> None:
        keeper = getattr(self.app, "entities", None)
        catalog: EntityCatalog | None = getattr(keeper, "catalog", None)
        if self.index is None or catalog is None or getattr(keeper, "busy", None):
            return
        self.index.set_entities(catalog.index_field())

    # -- the screen -------------------------------------------------------------------------

    def open_screen(self, focus: str = "query") -> None:
        """Show the search screen (``focus``: "query" or "results")."""
        if self._screen is None:
            self._screen = SearchScreen(self)
            self.app.install_screen(self._screen, SCREEN_NAME)
        if self.app.screen is self._screen:
            return
        self._screen.resume_focus = focus
        self.app.push_screen(SCREEN_NAME, self.open_result)

    def save_history(self) -> None:
        try:
            self.app.state_store.save(self.app.ui_state)
        except OSError as exc:
            self._notify(f"Could not save the search history: {exc}", "error")

    # -- the reader -------------------------------------------------------------------------

    def open_result(self, target: SearchTarget | None) -> None:
        """Open ``target``'s article in the main reader, its hits marked, the cursor on the
        first."""
        if target is None:
            return
        corpus = self.app.corpus
        article = corpus.get(target.article_id) if corpus is not None else None
        if article is None:
            self._notify("That article is no longer in the corpus (the index is catching up).",
                         "warning")
            return
        self.target = target
        main = self.app.main_screen
        main.article_list.select_id(article.id)
        main.open_article(article.id)
        reader = main.reader
        reader.show_search_hits(self._hits(article, target.query), self.hit_style())
        reader.focus()
        if not self._theme_watched:
            self._theme_watched = True
            self.app.theme_changed_signal.subscribe(
                self.app, lambda _theme: self.app.call_after_refresh(self._restyle))

    def _hits(self, article, query: str) -> list:
        if self.index is None:
            return []
        try:
            return self.index.article_hits(article, query)
        except QueryError:
            return []  # it ran a moment ago; nothing to mark if it no longer parses

    def hit_style(self) -> Style:
        """Search hits in the reader: the theme's warning colour behind readable text."""
        theme = self.app.current_theme
        background = Color.parse(theme.warning or theme.accent or "yellow")
        return Style(bgcolor=background.rich_color,
                     color=background.get_contrast_text(1.0).rich_color)

    def hit_moved(self, message: SearchHitsMixin.HitMoved) -> None:
        position = message.position
        pane = self._reader_pane()
        if pane is None or self.target is None:
            return
        if position is None:
            # The query matched other fields only (source:, entity:, words of the title).
            pane.border_subtitle = "nothing to mark in the text · esc results"
            return
        pane.border_subtitle = (f"hit {position.number} of {position.total} · n next · "
                                "N previous · esc results")

    def article_opened(self) -> None:
        """Another article in the reader: its search layer (and the hit count) is gone."""
        reader = self.app.main_screen.reader
        if not reader.shows_search_result:
            self.target = None
            pane = self._reader_pane()
            if pane is not None:
                pane.border_subtitle = ""

    def _reader_pane(self):
        panes = self.app.main_screen.query("#reader-pane")
        return panes.first() if panes else None

    def back_to_results(self) -> None:
        self.open_screen(focus="results")
