"""The search index of an open corpus, kept up to date in the background for a front end.

:class:`SearchService` opens the index on the first update and coalesces update requests: one
update runs at a time, and a request made meanwhile (new entity names, a search that found the
index damaged) runs once it ends, rebuilding if any request asked to. :meth:`update` is for a
worker thread and always ends the update it began, whatever happens, so the service is never left
believing one is running. It draws nothing; front ends show :class:`IndexState`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread.corpus import Article, Rule, Span
from tuiread.errors import TuireadError

if TYPE_CHECKING:
    # Imported when used: Whoosh costs a quarter of a second, and the app draws its first
    # screen (which shows this service's state) before it opens the index.
    from tuiread.search.documents import EntityNames
    from tuiread.search.index import SearchIndex
    from tuiread.search.results import UpdateReport


@dataclass(frozen=True, slots=True)
class IndexState:
    """What to tell the user about the index: a line, and progress while it is built."""

    line: str
    done: int = 0
    total: int = 0
    busy: bool = False


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """How an update ended: its report, or why it failed; ``again`` when another was asked for
    meanwhile (start it)."""

    report: UpdateReport | None
    error: str | None
    again: bool


class SearchService:
    def __init__(self, roots: Sequence[Path], rules: list[Rule],
                 open_index: Callable[[], SearchIndex] | None = None) -> None:
        """``open_index()`` opens the corpus's index (the workspace's; default: from the
        user's cache)."""
        self.roots = list(roots)
        self.rules = rules
        self._open_index = open_index or self._open_default
        self.index: SearchIndex | None = None
        self.state = IndexState("The search index opens once the corpus is read.")
        self._lock = threading.Lock()
        self._updating = False
        self._again = False  # another update was asked for while one ran
        self._rebuild = False  # ...and it should rebuild
        self._entities: EntityNames | None = None

    def _open_default(self) -> SearchIndex:
        from tuiread.search.index import SearchIndex

        return SearchIndex.open(self.roots, self.rules)

    @property
    def updating(self) -> bool:
        """An update of the index is running (or about to)."""
        with self._lock:
            return self._updating

    # -- updates ----------------------------------------------------------------------------

    def begin_update(self, rebuild: bool = False) -> bool | None:
        """Ask for an update: True/False (rebuild or not) to start one now in a worker, None
        when one is running (this request runs after it)."""
        with self._lock:
            if self._updating:
                self._again = True
                self._rebuild = self._rebuild or rebuild
                return None
            rebuild, self._rebuild = self._rebuild or rebuild, False
            self._updating, self._again = True, False
        self.state = IndexState("Checking the search index…", busy=True)
        return rebuild

    def update(self, rebuild: bool, progress: Callable[[int, int], None],
               cancelled: Callable[[], bool]) -> UpdateOutcome:
        """For a worker thread, after :meth:`begin_update`: open the index if needed and bring
        it up to date (another tuiread process updating it is waited for)."""
        report: UpdateReport | None = None
        error: str | None = None
        try:
            index = self.index
            if index is None:
                index = self._open_index()
                # What opening found (a damaged index) is said by the update's report.
                index.notices.clear()
                with self._lock:
                    if self._entities is not None:
                        index.set_entities(self._entities)
                    self.index = index
            report = index.update(progress, cancelled, rebuild=rebuild, wait=None)
        except (OSError, TuireadError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        finally:
            # However it ended (an unexpected error fails the worker, which the app reports).
            with self._lock:
                self._updating = False
                again = self._again or (
                    report is not None and self.index is not None
                    and self.index.entity_changes() > 0)
        if report is not None:
            self.state = IndexState(self._summary(report))
        elif error is not None:
            self.state = IndexState(f"The search index failed: {error}")
        return UpdateOutcome(report, error, again and not cancelled())

    def progress_state(self, done: int, total: int) -> IndexState:
        """The state while an update runs (a progress report that arrives after the update
        ended changes nothing)."""
        if self.updating:
            self.state = IndexState(f"Indexing {done:,}/{total:,}", done, total, busy=True)
        return self.state

    def _summary(self, report: UpdateReport) -> str:
        articles = self.index.documents if self.index is not None else report.articles
        text = f"Search index: {articles:,} articles"
        if report.problems:
            text += f" ({len(report.problems):,} files could not be indexed)"
        return text

    # -- entity names -----------------------------------------------------------------------

    def set_entities(self, names: EntityNames) -> bool:
        """Index these entity names from now on; True when an update should run for them."""
        with self._lock:
            self._entities = names
            index = self.index
            if index is None:
                return False
        index.set_entities(names)
        return index.entity_changes() > 0

    # -- reading ----------------------------------------------------------------------------

    def article_hits(self, article: Article, query: str) -> list[Span]:
        """Where ``query`` matches in the article's text (nothing when the index is not open or
        the query no longer parses)."""
        if self.index is None:
            return []
        from tuiread.search.query import QueryError  # loaded with the index

        try:
            return self.index.article_hits(article, query)
        except QueryError:
            return []
