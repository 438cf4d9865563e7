"""What screens and widgets may ask of the app: a narrow, typed view of it.

Screens reach the core services and the corpus through :func:`host`, never through the app
class (which imports the screens) or ``getattr``. The app implements :class:`Host`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.dom import DOMNode
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from tuiread.corpus import Corpus
from tuiread.state import UIState
from tuiread.ui.reading.navigation import Place
from tuiread.workspace import Workspace

if TYPE_CHECKING:
    from tuiread.annotations.service import AnnotationService
    from tuiread.compare.service import RelatedIndexes
    from tuiread.entities.service import EntityService
    from tuiread.search.service import IndexState, SearchService


class Services:
    """The core services of the open corpus (one of each per app), each made (and its modules
    imported) the first time it is asked for: the comparison, entity and search code would
    otherwise be imported before the first screen is drawn, a second at start-up."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._made: dict[str, object] = {}
        self._lock = threading.Lock()  # worker threads may ask for one at the same moment

    @classmethod
    def of(cls, workspace: Workspace) -> Services:
        """The services over a workspace: its stores, index, catalog and related ranking."""
        return cls(workspace)

    def make(self, names: tuple[str, ...]) -> None:
        """Make the services ``names`` now (in a worker: their code is imported there)."""
        for name in names:
            getattr(self, name)

    def _get(self, name: str, make):
        with self._lock:
            found = self._made.get(name)
            if found is None:
                found = self._made[name] = make()
            return found

    @property
    def annotations(self) -> AnnotationService:
        def make() -> AnnotationService:
            from tuiread.annotations.service import AnnotationService

            return AnnotationService(self._workspace.annotations)

        return self._get("annotations", make)

    @property
    def entities(self) -> EntityService:
        workspace = self._workspace

        def make() -> EntityService:
            from tuiread.entities.service import EntityService

            return EntityService(
                decisions=workspace.decisions,
                catalog_of=lambda _corpus, progress, cancelled: workspace.entity_catalog(
                    progress, cancelled),
                keep=workspace.set_entity_catalog)

        return self._get("entities", make)

    @property
    def search(self) -> SearchService:
        workspace = self._workspace

        def make() -> SearchService:
            from tuiread.search.service import SearchService

            return SearchService(workspace.roots, workspace.rules,
                                 open_index=lambda: workspace.search_index)

        return self._get("search", make)

    @property
    def related(self) -> RelatedIndexes:
        # The picker ranks every article against the one read (as before the workspace; its
        # search-index candidates are for `tuiread related` on big corpora).
        def make() -> RelatedIndexes:
            from tuiread.compare.service import RelatedIndexes

            return RelatedIndexes()

        return self._get("related", make)


@runtime_checkable
class Host(Protocol):
    services: Services
    corpus: Corpus | None
    user_keys: dict[str, str]
    ui_state: UIState
    # Published on the app's thread when the entity catalog is ready or regrouped.
    entities_changed: Signal[None]
    # Published when the search index's state changes (progress, done, failed).
    index_changed: Signal[IndexState]

    def say(self, text: str, *, title: str = "", severity: str = "information",
            timeout: float | None = None) -> None:
        """Tell the user ``text`` (shown literally: no markup)."""

    def save_state(self) -> None:
        """Write ``ui_state`` (a failure is told to the user)."""

    def reload_corpus(self) -> None:
        """Read the corpus again in the background (files were added or changed)."""

    def update_index(self, rebuild: bool = False) -> None:
        """Bring the search index up to date in the background."""

    def worker_failed(self, worker: Worker) -> None:
        """Tell the user a background task failed (screens pass their workers' failures on:
        a worker's state changes reach only the node that runs it)."""

    def reveal(self, article_id: str, place: Place | None = None,
               came_from: Screen | None = None) -> None:
        """Open the article in the reader at ``place``; Esc there goes back to ``came_from``."""


def host(node: DOMNode) -> Host:
    """The app ``node`` runs in, as a :class:`Host`."""
    app = node.app
    assert isinstance(app, Host), "tuiread screens run inside the tuiread app"
    return app


def report_failure(node: DOMNode, event: Worker.StateChanged) -> None:
    """For a screen's ``Worker.StateChanged`` handler: pass a failure on to the app."""
    if event.state == WorkerState.ERROR:
        host(node).worker_failed(event.worker)
