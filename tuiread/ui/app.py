"""The tuiread app: built by :func:`create_app` from settings, corpus roots and cleaning rules.

The app keeps the lifecycle (the corpus is read in a thread worker that only posts messages; the
search index and the entity catalog follow it in the background), the theme, notifications and
the one handler that reports failed workers. The screens do the rest: each handles its own
widgets' messages and asks the core services (:class:`~tuiread.ui.host.Services`) for what to
draw. Small UI state (theme, last article, sort order) lives in the state file.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme
from textual.worker import Worker, WorkerState, get_current_worker

from tuiread import keymap, locations
from tuiread.config import Settings
from tuiread.corpus import Corpus, Rule
from tuiread.state import StateStore
from tuiread.textsafe import displayable
from tuiread.ui import collector
from tuiread.ui.bindings import bindings, node_bindings
from tuiread.ui.entities.messages import CatalogBuilt, CatalogProgress
from tuiread.ui.host import Services
from tuiread.ui.main_screen import MainScreen
from tuiread.ui.pacer import Pacer
from tuiread.ui.palette import TuireadCommands
from tuiread.ui.reading.first_show import Arrangement, Shown, index_ids, prepare
from tuiread.ui.reading.navigation import Place
from tuiread.ui.shared.help import HelpScreen
from tuiread.ui.shared.problems import ProblemsScreen, summary
from tuiread.ui.warm import import_later
from tuiread.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    # What the first screen does not need is imported when first used (see ``Services``):
    # start-up is the imports of what it draws.
    from tuiread.annotations import Store
    from tuiread.search.service import IndexState, UpdateOutcome

FALLBACK_THEME = "textual-dark"
# How many of the last notifications the app keeps (see ``told``).
TOLD_KEPT = 200
# Progress messages are sent at most this often (in files, articles or seconds), so a huge
# folder does not flood the message queue; the last one always reports.
PROGRESS_EVERY = 25
ENTITY_PROGRESS_EVERY = 20
INDEX_PROGRESS_SECONDS = 0.1
# How often (seconds) the loading worker, waiting for the first list to be shown, looks whether
# it was cancelled.
FIRST_SHOWN_POLL = 0.1


def thinned(step: int, send: Callable[[int, int], None]) -> Callable[[int, int], None]:
    """``send(done, total)`` once per ``step`` counted, whatever the size of the reports (files
    read in parallel are reported a batch at a time: 60, 310, 560...), and always the last."""
    sent = -step

    def progress(done: int, total: int) -> None:
        nonlocal sent
        if done - sent >= step or done == total:
            sent = done
            send(done, total)

    return progress


def _materialize(corpus: Corpus) -> None:
    """Make the articles of the store's rows now, in the worker, once the list is shown (they
    are made when first asked for: the list is drawn from their columns, and the services that
    follow the load ask for all of them)."""
    materialize = getattr(corpus.articles, "materialize", None)
    if materialize is not None:
        materialize()


class TuireadApp(App[None]):
    CSS_PATH = "tuiread.tcss"
    TITLE = "tuiread"
    COMMANDS = {TuireadCommands}
    # Help is bound on each full screen, first, so the footer always shows it.
    BINDINGS = bindings("app.quit", "app.command_palette", "app.problems",
                        "app.save_screenshot")

    @dataclass
    class LoadProgress(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TuireadApp.LoadProgress)

    @dataclass
    class CorpusLoaded(Message):
        corpus: Corpus
        shown: Shown | None = None

    class EntityNamesChanged(Message):
        """The search index was given entity names it does not hold yet: update it."""

    @dataclass
    class CorpusPartial(Message):
        """The articles of a long first read read so far (sent as they grow), shown while the
        rest is read."""

        corpus: Corpus
        shown: Shown | None = None

    @dataclass
    class IndexProgress(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TuireadApp.IndexProgress)

    @dataclass
    class IndexUpdated(Message):
        outcome: UpdateOutcome

    def __init__(self, settings: Settings, roots: list[Path], rules: list[Rule],
                 state_store: StateStore | None = None,
                 annotations: Store | None = None,
                 workspace: Workspace | None = None) -> None:
        super().__init__()
        self.told: deque[str] = deque(maxlen=TOLD_KEPT)  # what notify said, newest last
        # The corpus's services; the corpus comes through its persistent store.
        self.workspace = workspace or open_workspace(settings, roots, rules=rules,
                                                     annotations=annotations)
        self.settings = settings
        self.roots = roots
        self.rules = rules
        self.user_keys = dict(settings.keys)
        self.corpus: Corpus | None = None
        self.state_store = state_store or StateStore()
        self.ui_state, self._state_problem = self.state_store.load()
        self._corpus_key = locations.corpus_key(roots)
        # What the screens use of the workspace; the app closes it when it exits.
        self.services = Services.of(self.workspace)
        self.entities_changed: Signal[None] = Signal(self, "entities-changed")
        self.index_changed: Signal[IndexState] = Signal(self, "index-changed")
        self._entity_generation = 0
        self._warmed = False
        self._screen_is_ready = False
        # Set once the screen shows the load's first list (or is ready with none to show).
        self._first_shown = threading.Event()
        self._held: list[Message] = []
        self._pacer: Pacer | None = None

    def get_default_screen(self) -> Screen:
        state = self.ui_state
        return MainScreen(self.settings, self.roots, sort=state.sort, reverse=state.reverse,
                          list_hidden=state.list_hidden)

    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def _reading_screen(self) -> MainScreen | None:
        """The reading screen, or None once the app is closing (its screens gone, while the
        load's last messages may still arrive; or going: a screen still on the stack may have lost
        its widgets)."""
        if not self.is_running:
            return None
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def on_mount(self) -> None:
        # Before any worker starts: their pace points let the UI thread go first.
        self._pacer = Pacer(asyncio.get_running_loop())
        self._pacer.install()
        self.set_keymap(keymap.keymap_for_textual(self.user_keys))
        self._apply_start_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.entities_changed.subscribe(self, self._entities_for_search)
        # The store's record is read while the screen is composed and first drawn (what it
        # sends before the screen is ready waits for it: see ``_hold``).
        self._load_corpus()
        if self._state_problem:
            self.say(self._state_problem, title="UI state", severity="warning")
        store = self.services.annotations.store
        if store.notice:
            from tuiread.annotations import StoreMode

            kind = {StoreMode.READ_ONLY: "Annotations are read-only",
                    StoreMode.MEMORY: "Annotations are not saved"}.get(store.mode, "Annotations")
            self.say(store.notice, title=kind, severity="warning", timeout=20)

    @on(MainScreen.Ready)
    def _screen_ready(self) -> None:
        self._screen_is_ready = True
        held, self._held = self._held, []
        if not any(isinstance(m, self.CorpusPartial) for m in held):
            self._first_shown.set()
        # What the load sent before the screen could show it, handled now, in order: the
        # load's later messages are queued behind this one.
        for message in held:
            if isinstance(message, self.LoadProgress):
                self._load_progress(message)
            elif isinstance(message, self.CorpusPartial):
                self._corpus_partial(message)
            elif isinstance(message, self.CorpusLoaded):
                self._corpus_loaded(message)

    # -- what screens ask of the app (tuiread.ui.host.Host) ---------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        # Kept after its toast has gone, for the user's "what did it just say" and for tests.
        self.told.append(f"{title}\n{message}" if title else message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def say(self, text: str, *, title: str = "", severity: str = "information",
            timeout: float | None = None) -> None:
        self.notify(displayable(text), title=title, severity=severity, timeout=timeout,
                    markup=False)

    def save_state(self) -> None:
        try:
            self.state_store.save(self.ui_state)
        except OSError as exc:
            self.say(f"Could not save UI state to {self.state_store.path}: {exc}",
                     severity="error")

    def reveal(self, article_id: str, place: Place | None = None,
               came_from: Screen | None = None) -> None:
        self.main_screen.reveal(article_id, place, came_from)

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
        self.say(f"Unknown theme {wanted!r} in the settings; using {FALLBACK_THEME}. "
                 "ctrl+p → “Change theme” lists the themes.", severity="warning")

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.ui_state.theme:
            self.ui_state.theme = theme.name
            self.save_state()

    # -- corpus -----------------------------------------------------------------------------

    def _load_corpus(self, forget: bool = False) -> None:
        screen = self.main_screen
        # What the list will show, as the screen is now: worked out in the worker with the
        # corpus (see ``Shown``), so the UI thread only draws it.
        self._load_in_thread(Arrangement(screen.sort_key, screen.reverse),
                             self.ui_state.last_article.get(self._corpus_key), forget)

    @work(thread=True, exclusive=True, group="corpus", exit_on_error=False)
    def _load_in_thread(self, arrangement: Arrangement, last: str | None,
                        forget: bool = False) -> None:
        if forget:
            # (In the worker: a load still running holds the workspace until it stops.)
            self.workspace.forget_corpus()
        # (What it makes, the corpus's rows and articles and the list, is kept: see
        # ``collector``.)
        with collector.held() as span:
            self._load(arrangement, last, span)

    def _load(self, arrangement: Arrangement, last: str | None, span: collector.Span) -> None:
        worker = get_current_worker()
        send = thinned(PROGRESS_EVERY,
                       lambda done, total: self.post_message(self.LoadProgress(done, total)))

        def progress(done: int, total: int) -> None:
            if total >= collector.HELD_MAX_FILES:
                span.leave()  # a long read: see ``collector``
            send(done, total)

        early: list[Corpus] = []

        def partial(corpus: Corpus) -> None:
            if not worker.is_cancelled:
                early.append(corpus)
                self.post_message(self.CorpusPartial(corpus, prepare(corpus, arrangement,
                                                                     last)))

        corpus = self.workspace.load_corpus(progress=progress,
                                            cancelled=lambda: worker.is_cancelled,
                                            partial=partial)
        if worker.is_cancelled:
            return  # (the app is closing, or a new load replaces this one)
        with collector.held():  # (again, after a long read left the first span)
            self._follow(corpus, arrangement, last, early)

    def _follow(self, corpus: Corpus, arrangement: Arrangement, last: str | None,
                early: list[Corpus]) -> None:
        """What the load does once the corpus is read: its list, then (once the screen shows
        the first one) the services' code, the look-up by id and every article made."""
        worker = get_current_worker()
        same = bool(early) and early[-1].articles is corpus.articles
        shown = None if same else prepare(corpus, arrangement, last)
        # What follows (importing the services, making every article) waits until the first
        # list is on the screen: done meanwhile it would share the interpreter with the
        # screen's first drawing and put the first article off.
        while not self._first_shown.wait(FIRST_SHOWN_POLL):
            if worker.is_cancelled:
                return
        if self._pacer is not None:
            self._pacer.fine_turns()  # (the UI thread's turns come sooner: see ``ui.pacer``)
        # The services the loaded corpus sets going, made here so their code is imported off
        # the UI thread.
        self.services.make(("entities", "search"))
        index_ids(corpus)
        _materialize(corpus)
        if not worker.is_cancelled:
            self.post_message(self.CorpusLoaded(corpus, shown))

    def _hold(self, message: Message) -> bool:
        """Keep ``message`` for when the reading screen is ready, if it is not yet (the load
        starts with the app, before the screen is composed)."""
        if self._screen_is_ready:
            return False
        if isinstance(message, self.LoadProgress):
            self._held = [m for m in self._held if not isinstance(m, self.LoadProgress)]
        self._held.append(message)
        return True

    @on(LoadProgress)
    def _load_progress(self, message: LoadProgress) -> None:
        if not self._hold(message) and (screen := self._reading_screen()) is not None:
            screen.show_progress(message.done, message.total)

    @on(CorpusPartial)
    def _corpus_partial(self, message: CorpusPartial) -> None:
        if self._hold(message) or (screen := self._reading_screen()) is None:
            return
        if self.corpus is None and message.corpus.articles:
            # A long first read sends the articles read so far more than once: the first
            # time opens the last article read (else the first); later, the list grows and
            # the article open stays.
            last = (None if screen.corpus is not None
                    else self.ui_state.last_article.get(self._corpus_key))
            screen.show_corpus(message.corpus, open_id=last, shown=message.shown)
        # Once the list and the article are drawn: the work that follows the first list
        # (see ``_follow``) and the imports would share the interpreter with that drawing.
        self.call_after_refresh(self._first_drawn)

    def _first_drawn(self) -> None:
        self._first_shown.set()
        self._warm()

    def _warm(self) -> None:
        """Import what the first screen did without, in a worker (once)."""
        if not self._warmed:
            self._warmed = True
            self.run_worker(import_later, name="loading the other screens", thread=True,
                            group="warm", exit_on_error=False)

    @on(CorpusLoaded)
    def _corpus_loaded(self, message: CorpusLoaded) -> None:
        if self._hold(message) or (screen := self._reading_screen()) is None:
            return
        self.call_after_refresh(self._warm)  # (once this list is drawn)
        self.corpus = message.corpus
        screen.loading_finished()
        if screen.corpus is not None and screen.corpus.articles is message.corpus.articles:
            screen.corpus = message.corpus  # nothing changed since the early list: it stands
        else:
            last = self.ui_state.last_article.get(self._corpus_key)
            screen.show_corpus(message.corpus, open_id=last, shown=message.shown)
        text = summary(message.corpus)
        if text:
            severity = "error" if not message.corpus.articles else "warning"
            self.say(f"{text}. Press P for the list.", title="Load problems",
                     severity=severity, timeout=12)
        for notice in self.workspace.notices:
            self.say(notice, title="Corpus", severity="warning", timeout=12)
        self.workspace.notices.clear()
        # In this order: the catalog's names go into the index once it is built.
        self._build_entities(message.corpus)
        self.update_index()
        screen.web.find_copies(message.corpus)

    def reload_corpus(self) -> None:
        """Read the corpus again (files were added): only what changed is read; the list
        refills when it arrives."""
        self._load_corpus(forget=True)

    @on(MainScreen.ArticleOpened)
    def _article_opened(self, message: MainScreen.ArticleOpened) -> None:
        self.ui_state.last_article[self._corpus_key] = message.article.id

    # -- the search index -------------------------------------------------------------------

    def update_index(self, rebuild: bool = False) -> None:
        """Bring the search index up to date in a thread worker (after the one running)."""
        search = self.services.search
        start = search.begin_update(rebuild)
        if start is None:
            return
        self.index_changed.publish(search.state)
        self.run_worker(lambda: self._update_index(start), name="search index",
                        description="updating the search index", thread=True,
                        group="search-index", exit_on_error=False)

    def _update_index(self, rebuild: bool) -> None:
        worker = get_current_worker()
        last = 0.0

        with collector.held() as span:

            def progress(done: int, total: int) -> None:
                nonlocal last
                if total >= collector.HELD_MAX_FILES:
                    span.leave()  # a long build: see ``collector``
                now = time.monotonic()
                if now - last >= INDEX_PROGRESS_SECONDS or done == total:
                    last = now
                    self.post_message(self.IndexProgress(done, total))

            outcome = self.services.search.update(rebuild, progress,
                                                  lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(self.IndexUpdated(outcome))

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        self.index_changed.publish(
            self.services.search.progress_state(message.done, message.total))

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        outcome = message.outcome
        search = self.services.search
        self.index_changed.publish(search.state)
        if outcome.error is not None:
            self.say(f"The search index could not be updated: {outcome.error}", title="Search",
                     severity="error", timeout=10)
        for notice in outcome.report.notices if outcome.report is not None else ():
            self.say(notice, title="Search", severity="warning", timeout=10)
        if outcome.again:
            self.update_index()

    # -- the entity catalog -----------------------------------------------------------------

    def _build_entities(self, corpus: Corpus) -> None:
        entities = self.services.entities
        generation = entities.begin_build(corpus)
        self.entities_changed.publish(None)

        def build() -> None:
            worker = get_current_worker()

            progress = thinned(ENTITY_PROGRESS_EVERY, lambda done, total: self.post_message(
                CatalogProgress(done, total, generation)))

            with collector.held():  # (the catalog is kept: see ``collector``)
                built = entities.build(corpus, generation, progress,
                                       lambda: worker.is_cancelled)
            if not worker.is_cancelled:
                self.post_message(CatalogBuilt(built))

        self.run_worker(build, name="finding entities",
                        description="finding the entities of the corpus", thread=True,
                        group="entities", exclusive=True, exit_on_error=False)

    @on(CatalogProgress)
    def _entity_progress(self, message: CatalogProgress) -> None:
        entities = self.services.entities
        if entities.catalog is None and entities.error is None:
            entities.progress = (message.done, message.total)
            self.entities_changed.publish(None)

    @on(CatalogBuilt)
    def _entities_built(self, message: CatalogBuilt) -> None:
        if not self.screen_stack:
            return  # built while the app was closing
        from tuiread.ui.entities.deciding import say_set_aside

        say_set_aside(self.screen)
        if self.services.entities.accept(message.built):
            self.entities_changed.publish(None)

    # -- the entity catalog's names in the search index --------------------------------------

    def _entities_for_search(self, _none: None = None) -> None:
        """The catalog is ready or was regrouped: index its names (gathered in a thread: they
        are the names of every article)."""
        catalog = self.services.entities.ready
        if catalog is None:
            return

        def gather() -> None:
            with collector.held():
                changed = self.services.search.set_entities(catalog.index_field())
            if changed:
                self.post_message(self.EntityNamesChanged())

        self.run_worker(gather, name="entity names for search", thread=True,
                        group="entity-names", exclusive=True, exit_on_error=False)

    @on(EntityNamesChanged)
    def _entity_names_changed(self) -> None:
        self.update_index()

    # -- failures, actions, exit ------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker) -> None:
        """The one place a failed background task is reported."""
        self.say(f"{worker.name or 'A background task'} failed: {worker.error}",
                 title="Error", severity="error", timeout=20)
        if worker.group == "entities":
            self.services.entities.error = str(worker.error)
            self.entities_changed.publish(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_screenshot":
            # A screen that binds the screenshot key for itself (the annotation dialog saves
            # on ctrl+s) keeps it.
            spec = keymap.by_id()["app.save_screenshot"]
            keys = set(self.user_keys.get(spec.id, spec.keys).split(","))
            return not any(set(b.key.split(",")) & keys for b in node_bindings(self.screen)
                           if b.id != spec.id)
        return True

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.user_keys))

    def action_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.corpus))

    def action_save_screenshot(self) -> None:
        folder = locations.screenshots_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = self.save_screenshot(path=str(folder))
        except OSError as exc:
            self.say(f"Could not save the screenshot in {folder}: {exc}", severity="error")
            return
        self.say(f"Screenshot saved to {path}", title="Screenshot")

    def on_unmount(self) -> None:
        if self._pacer is not None:
            self._pacer.remove()
        if self.corpus is not None:
            self.save_state()
        self.services.annotations.close()  # after the threads still using it
        self.workspace.close()


def create_app(settings: Settings, roots: list[Path], rules: list[Rule],
               annotations: Store | None = None,
               workspace: Workspace | None = None) -> TuireadApp:
    """The app over ``workspace`` (default: the workspace of ``roots``); ``annotations``
    defaults to the user's store (opening it never fails: a damaged or read-only one is
    reported in the app)."""
    workspace = workspace or open_workspace(settings, roots, rules=rules,
                                            annotations=annotations)
    # The corpus walk runs in a child process while the app starts (when it is safe to fork:
    # see ``corpus.walk_ahead``; else the load walks in its worker, as it would anyway).
    workspace.start_walk_beside_start()
    return TuireadApp(settings=settings, roots=roots, rules=rules, workspace=workspace)
