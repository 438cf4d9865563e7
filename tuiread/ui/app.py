"""The tuiread app: built by :func:`create_app` from settings, corpus roots and cleaning rules.

The corpus is read in a thread worker that only posts messages; the screen is up at once and
fills in when the corpus arrives. Small UI state (theme, last article) lives in the state file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState, get_current_worker

from tuiread import keymap, locations
from tuiread.annotations import Store, open_store
from tuiread.config import Settings
from tuiread.corpus import Corpus, Rule, load_corpus
from tuiread.state import StateStore
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings
from tuiread.ui.commands import TuireadCommands
from tuiread.ui.screens.annotator import Annotator
from tuiread.ui.screens.entity_keeper import EntityKeeper
from tuiread.ui.screens.help import HelpScreen
from tuiread.ui.screens.main import MainScreen
from tuiread.ui.screens.problems import ProblemsScreen, summary
from tuiread.ui.screens.search_keeper import IndexMessage, SearchKeeper
from tuiread.ui.web.keeper import CopiesFound, WebKeeper
from tuiread.ui.widgets.annotation_marks import AnnotationMessage
from tuiread.ui.widgets.compare_view import CompareView
from tuiread.ui.widgets.entity_marks import CatalogReady, DecisionApplied, EntityMessage
from tuiread.ui.widgets.reader import Reader
from tuiread.ui.widgets.search_hits import SearchHitsMixin

FALLBACK_THEME = "textual-dark"
# Progress messages are sent at most this often (in files), so a huge folder does not flood
# the message queue; the last file always reports.
PROGRESS_EVERY = 25


class TuireadApp(App[None]):
    CSS_PATH = "tuiread.tcss"
    TITLE = "tuiread"
    COMMANDS = {TuireadCommands}
    BINDINGS = bindings("app.quit", "app.help", "app.command_palette", "app.problems",
                        "app.save_screenshot", "app.annotations", "app.export_annotations",
                        "app.undo_annotation", "app.entities", "app.add_from_url",
                        "app.refresh_feeds", "app.show_copies")

    @dataclass
    class LoadProgress(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TuireadApp.LoadProgress)

    @dataclass
    class CorpusLoaded(Message):
        corpus: Corpus

    def __init__(self, settings: Settings, roots: list[Path], rules: list[Rule],
                 state_store: StateStore | None = None,
                 annotations: Store | None = None) -> None:
        super().__init__()
        # The annotation store; the app closes it when it exits.
        self.annotator = Annotator(self, annotations if annotations is not None else open_store())
        self.entities = EntityKeeper(self)
        self.settings = settings
        self.roots = roots
        self.rules = rules
        self.user_keys = dict(settings.keys)
        self.corpus: Corpus | None = None
        self.state_store = state_store or StateStore()
        self.ui_state, self._state_problem = self.state_store.load()
        self._corpus_key = locations.corpus_key(roots)
        self.search_keeper = SearchKeeper(self)
        self.web = WebKeeper(self)

    def get_default_screen(self) -> Screen:
        return MainScreen(self.settings, self.roots)

    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def on_mount(self) -> None:
        self.set_keymap(keymap.keymap_for_textual(self.user_keys))
        self._apply_start_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.annotator.start()
        if self._state_problem:
            self.notify(displayable(self._state_problem), title="UI state", severity="warning",
                        markup=False)

    @on(MainScreen.Ready)
    def _screen_ready(self) -> None:
        if self.corpus is None:
            self._load_corpus()

    # -- theme ------------------------------------------------------------------------------

    def _apply_start_theme(self) -> None:
        saved = self.ui_state.theme
        if saved in self.available_themes:
            self.theme = saved
            return
        wanted = self.settings.ui.theme
        if wanted in self.available_themes:
            self.theme = wanted
            return
        self.theme = FALLBACK_THEME
        self.notify(f"Unknown theme {wanted!r} in the settings; using {FALLBACK_THEME}. "
                    "ctrl+p → “Change theme” lists the themes.", severity="warning", markup=False)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.ui_state.theme:
            self.ui_state.theme = theme.name
            self._save_state()

    def _save_state(self) -> None:
        try:
            self.state_store.save(self.ui_state)
        except OSError as exc:
            self.notify(displayable(f"Could not save UI state to {self.state_store.path}: {exc}"),
                        severity="error", markup=False)

    # -- corpus -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="corpus", exit_on_error=False)
    def _load_corpus(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                self.post_message(self.LoadProgress(done, total))

        corpus = load_corpus(self.roots, self.rules, progress=progress,
                             cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(self.CorpusLoaded(corpus))

    @on(LoadProgress)
    def _load_progress(self, message: LoadProgress) -> None:
        self.main_screen.show_progress(message.done, message.total)

    @on(CorpusLoaded)
    def _corpus_loaded(self, message: CorpusLoaded) -> None:
        self.corpus = message.corpus
        last = self.ui_state.last_article.get(self._corpus_key)
        self.main_screen.show_corpus(message.corpus, open_id=last)
        text = summary(message.corpus)
        if text:
            severity = "error" if not message.corpus.articles else "warning"
            self.notify(displayable(f"{text}. Press P for the list."), title="Load problems",
                        severity=severity, timeout=12, markup=False)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(displayable(f"{event.worker.name or 'A background task'} failed: {error}"),
                        title="Error", severity="error", timeout=20, markup=False)

    @on(MainScreen.ArticleOpened)
    def _article_opened(self, message: MainScreen.ArticleOpened) -> None:
        self.ui_state.last_article[self._corpus_key] = message.article.id

    def on_unmount(self) -> None:
        if self.corpus is not None:
            self._save_state()
        self.annotator.close()

    # -- annotations (tuiread.ui.screens.annotator does the work) ---------------------------

    @on(AnnotationMessage)
    def _annotation_message(self, message: AnnotationMessage) -> None:
        self.annotator.handle(message)

    @on(Reader.CursorMoved)
    def _reader_cursor_moved(self, message: Reader.CursorMoved) -> None:
        self.annotator.cursor_moved(message)

    @on(CompareView.CursorMoved)
    def _compare_cursor_moved(self, message: CompareView.CursorMoved) -> None:
        self.annotator.compare_moved(message)

    def action_annotations(self) -> None:
        self.annotator.open_panel()

    def action_export_annotations(self) -> None:
        self.annotator.open_export()

    def action_undo_annotation(self) -> None:
        self.annotator.undo()

    # -- entities (tuiread.ui.screens.entity_keeper does the work) --------------------------

    @on(CorpusLoaded)
    def _find_entities(self, message: CorpusLoaded) -> None:
        self.entities.start(message.corpus)

    @on(EntityMessage)
    def _entity_message(self, message: EntityMessage) -> None:
        self.entities.handle(message)

    @on(Reader.CursorMoved)
    def _entity_cursor_moved(self, message: Reader.CursorMoved) -> None:
        self.entities.cursor_moved(message)

    def action_entities(self) -> None:
        self.entities.open_panel()

    def action_toggle_entities(self) -> None:
        self.entities.toggle_underline()

    def action_entity_at_cursor(self) -> None:
        self.entities.entity_at_cursor()

    # -- search (tuiread.ui.screens.search_keeper does the work) ----------------------------

    @on(CorpusLoaded)
    def _index_corpus(self) -> None:
        self.search_keeper.start()

    @on(IndexMessage)
    def _index_message(self, message: IndexMessage) -> None:
        self.search_keeper.handle(message)

    @on(CatalogReady)
    @on(DecisionApplied)
    def _index_entity_names(self) -> None:
        # Later: the entity keeper takes the new catalog in its own handler first.
        self.call_later(self.search_keeper.entities_changed)

    @on(SearchHitsMixin.HitMoved)
    def _search_hit_moved(self, message: SearchHitsMixin.HitMoved) -> None:
        self.search_keeper.hit_moved(message)

    @on(SearchHitsMixin.BackToResults)
    def _back_to_results(self) -> None:
        self.search_keeper.back_to_results()

    @on(MainScreen.ArticleOpened)
    def _search_article_opened(self) -> None:
        self.search_keeper.article_opened()

    # -- web (tuiread.ui.web.keeper does the work) ------------------------------------------

    def reload_corpus(self) -> None:
        """Read the corpus again (new files added); the list refills when it arrives."""
        self._load_corpus()

    @on(CorpusLoaded)
    def _find_copies(self, message: CorpusLoaded) -> None:
        self.web.start(message.corpus)

    @on(CopiesFound)
    def _copies_found(self, message: CopiesFound) -> None:
        self.web.found(message)

    def action_add_from_url(self) -> None:
        self.web.open_add()

    def action_refresh_feeds(self) -> None:
        self.web.open_refresh()

    def action_show_copies(self) -> None:
        self.web.open_copies()

    # -- actions ----------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.user_keys))

    def action_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.corpus))

    def action_save_screenshot(self) -> None:
        try:
            path = self.save_screenshot(path=str(Path.cwd()))
        except OSError as exc:
            self.notify(displayable(f"Could not save the screenshot: {exc}"), severity="error",
                        markup=False)
            return
        self.notify(displayable(f"Screenshot saved to {path}"), title="Screenshot", markup=False)


def create_app(settings: Settings, roots: list[Path], rules: list[Rule],
               annotations: Store | None = None) -> TuireadApp:
    """The app; ``annotations`` defaults to the user's store (opening it never fails: a damaged
    or read-only one is reported in the app)."""
    return TuireadApp(settings=settings, roots=roots, rules=rules,
                      annotations=annotations if annotations is not None else open_store())
