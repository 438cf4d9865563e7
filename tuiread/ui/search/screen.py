"""The search screen: a query box, results that follow the typing, and "did you mean".

Each pause in typing (SEARCH_PAUSE) starts a search in a thread worker; a newer one cancels it
(the core checks the worker's flag while it scores). A query that cannot be run is reported under
the box, with a mark where the problem is, and the results of the last good query stay. Enter
opens the highlighted result: the screen is dismissed with a :class:`SearchTarget` and the
reading screen opens the article with its hits marked. The reading screen keeps this screen, so
coming back (Esc in the reader, or s) finds the query, the results and the highlighted result
as they were.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.worker import Worker, get_current_worker

from tuiread import keymap
from tuiread.search import (
    IndexDamaged,
    QueryError,
    SearchCancelled,
    SearchHit,
    SearchIndex,
    SearchResults,
    Suggestion,
)
from tuiread.search.service import IndexState
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings, describe_keys
from tuiread.ui.host import host, report_failure
from tuiread.ui.search.query_box import QueryBox, QueryHistory
from tuiread.ui.search.results import ResultList
from tuiread.ui.search.status import SearchStatus
from tuiread.ui.shared.footer import KeyFooter

# Typing faster than this between keys is one query: search once it pauses (seconds).
SEARCH_PAUSE = 0.15
# Articles listed for a query; the count line says how many more match.
RESULT_LIMIT = 100
# While the index is being built, the query runs again this often (seconds) to show what the
# build has committed since.
REFRESH_WHILE_BUILDING = 1.0
HINT = ('Words must all appear; "a phrase", OR, NOT, secur*, ceasfire~, '
        "title: source: entity: path:")


@dataclass(frozen=True, slots=True)
class SearchTarget:
    """The result to open: the article and the query whose hits to mark in it."""

    article_id: str
    query: str


class SearchScreen(Screen[SearchTarget | None]):
    CSS_PATH = "search.tcss"
    AUTO_FOCUS = "#search-query"
    BINDINGS = bindings("app.help", "search.close", "search.accept_suggestion",
                        "search.focus_query")

    @dataclass
    class Found(Message):
        generation: int
        results: SearchResults

    @dataclass
    class Failed(Message):
        generation: int
        error: QueryError

    @dataclass
    class Damaged(Message):
        generation: int
        error: str

    def __init__(self, history: list[str]) -> None:
        """``history``: the queries run before, oldest first (the list is kept up to date)."""
        super().__init__()
        self.history = QueryHistory(history)
        self.results: SearchResults | None = None  # of the last query that ran
        self.suggestions: list[Suggestion] = []
        self._generation = 0
        self._asked = ""  # the query of the newest search started
        self._asked_at = 0.0  # when (time.monotonic)
        self._timer: Timer | None = None
        self._waiting_for_index = False  # the last search found the index still building
        self.resume_focus = "query"  # what has focus when the screen is shown again

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield QueryBox(self.history, placeholder="Search the corpus", id="search-query")
            yield Static(id="search-message")
            yield Static(id="search-suggestions")
            yield ResultList(id="search-results")
            yield SearchStatus(host(self).index_changed, host(self).services.search.state,
                               always=True, id="search-status")
        yield KeyFooter(compact=True)

    @property
    def query_box(self) -> QueryBox:
        return self.query_one(QueryBox)

    @property
    def result_list(self) -> ResultList:
        return self.query_one(ResultList)

    def on_mount(self) -> None:
        self.query_one("#search-box").border_title = "Search"
        self.query_one("#search-suggestions").display = False
        self._say(Text(HINT, end=""), "hint")
        host(self).index_changed.subscribe(self, self._index_changed)
        self.app.theme_changed_signal.subscribe(self, lambda _t: self._restyle())

    def on_screen_resume(self) -> None:
        self.history.reset()
        if self.resume_focus == "results" and self.result_list.hits:
            self.result_list.focus()
        else:
            self.query_box.focus()

    # -- searching --------------------------------------------------------------------------

    @on(Input.Changed, "#search-query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_PAUSE, partial(self.search_now, event.value))

    def search_now(self, text: str) -> None:
        """Search for ``text`` at once (cancelling a search still running)."""
        self._timer = None
        if not text.strip():
            self._generation += 1
            self.workers.cancel_group(self, "search")
            self._asked = ""
            self.results = None
            self.result_list.clear_results()
            self._show_suggestions([])
            self._say(Text(HINT, end=""), "hint")
            return
        index = host(self).services.search.index
        if index is None:
            self._waiting_for_index = True
            self._say(Text("The search index is being opened…", end=""), "notice")
            return
        self._generation += 1
        self._asked, self._asked_at = text, time.monotonic()
        self.run_worker(partial(self._search_in_thread, index, text, self._generation),
                        name="search", description="searching the corpus", thread=True,
                        group="search", exclusive=True, exit_on_error=False)

    def _search_in_thread(self, index: SearchIndex, text: str, generation: int) -> None:
        worker = get_current_worker()
        try:
            results = index.search(text, limit=RESULT_LIMIT,
                                   cancelled=lambda: worker.is_cancelled)
        except SearchCancelled:
            return
        except QueryError as exc:
            self.post_message(self.Failed(generation, exc))
            return
        except IndexDamaged as exc:
            self.post_message(self.Damaged(generation, str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Found(generation, results))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.generation != self._generation:
            return  # a newer query was asked meanwhile
        results = message.results
        current = self.result_list.current
        keep = current.id if current is not None else None
        self.results = results
        self.result_list.show_hits(results.hits, keep)
        self._show_suggestions(results.suggestions)
        self._waiting_for_index = results.building
        self._say(_count_line(results), "notice" if results.notices else "count")

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if message.generation != self._generation:
            return
        # The results of the last good query stay listed.
        box = self.query_box
        line = self.query_one("#search-message", Static)
        shift = box.content_region.x - line.content_region.x - round(box.scroll_x)
        self._say(_error_line(self._asked, message.error, shift, line.content_region.width),
                  "error")

    @on(Damaged)
    def _damaged(self, message: Damaged) -> None:
        if message.generation != self._generation:
            return
        self._say(Text(displayable(message.error), end=""), "error")
        self._waiting_for_index = True
        host(self).update_index(rebuild=True)

    def _index_changed(self, status: IndexState) -> None:
        """Search again while results wait for the index: once it is up to date, and now and
        then while it is being built."""
        index = host(self).services.search.index
        if not self._waiting_for_index or index is None or self._timer is not None:
            return
        if status.busy and time.monotonic() - self._asked_at < REFRESH_WHILE_BUILDING:
            return
        self._waiting_for_index = status.busy
        if self.query_box.value.strip():
            self.search_now(self.query_box.value)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    # -- what is shown ----------------------------------------------------------------------

    def _say(self, text: Text, kind: str) -> None:
        line = self.query_one("#search-message", Static)
        line.set_classes(f"-{kind}")
        line.update(text)

    def _show_suggestions(self, suggestions: list[Suggestion]) -> None:
        self.suggestions = suggestions
        self.refresh_bindings()
        line = self.query_one("#search-suggestions", Static)
        line.display = bool(suggestions)
        if not suggestions:
            return
        text = Text("Did you mean: ", end="")
        for number, suggestion in enumerate(suggestions):
            if number:
                text.append(" · ")
            text.append(displayable(suggestion.query), "bold")
            text.append(f" ({_articles(suggestion.found)})")
        spec = keymap.by_id()["search.accept_suggestion"]
        spec_keys = describe_keys(self, spec, host(self).user_keys)
        text.append(f"   {spec_keys}: search the first", "italic")
        line.update(text)

    def _restyle(self) -> None:
        self.result_list.refresh_styles()

    # -- opening ----------------------------------------------------------------------------

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        if self._timer is not None:  # enter before the pause: this query, not the last one
            self._timer.stop()
            self._timer = None
            if self.query_box.value != self._asked:
                self.search_now(self.query_box.value)
                self.history.add(self.query_box.value)
                host(self).save_state()
                return
        self._open(self.result_list.current)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self) -> None:
        self._open(self.result_list.current)

    def _open(self, hit: SearchHit | None) -> None:
        if hit is None or self.results is None:
            self.app.bell()
            return
        if self.history.add(self.results.query):
            host(self).save_state()
        # Back from the reader, the focus is where it was.
        self.resume_focus = "results" if self.result_list.has_focus else "query"
        self.dismiss(SearchTarget(hit.id, self.results.query))

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_suggestion":
            return bool(self.suggestions)  # in the footer only while there is one
        return True

    def action_close(self) -> None:
        if self.results is not None and self.history.add(self.results.query):
            host(self).save_state()
        self.dismiss(None)

    def action_accept_suggestion(self) -> None:
        if not self.suggestions:
            self.app.bell()
            return
        box = self.query_box
        box.value = self.suggestions[0].query  # searched like any edit of the query
        box.cursor_position = len(box.value)
        box.focus()

    def action_focus_query(self) -> None:
        self.query_box.focus()


def _articles(count: int) -> str:
    return "1 article" if count == 1 else f"{count:,} articles"


def _count_line(results: SearchResults) -> Text:
    shown = len(results.hits)
    if results.total:
        line = f"{_articles(results.total)} match"
        if results.total == 1:
            line = "1 article matches"
        if shown < results.total:
            line += f"; the first {shown} are listed"
    else:
        line = "No article matches."
    line += f"  ({results.seconds * 1000:.0f} ms)"
    for notice in results.notices:
        line += f"  · {notice}"
    return Text(displayable(line), end="")


def _error_line(query: str, error: QueryError, shift: int, width: int) -> Text:
    """The problem, with a mark under the place in the query box (``shift`` cells right of the
    line's start) where it is, if that is on screen."""
    text = Text(end="")
    message = displayable(error.message)
    position = error.position
    if position is None or not 0 <= position <= len(query):
        text.append(message)
        return text
    column = shift + position
    if column >= 0 and column + 2 + len(message) <= width:
        text.append(" " * column + "▲ ", "bold")
        text.append(message)
    elif 0 <= column < width and len(message) + 2 <= column:
        text.append(message.rjust(column - 1) + " ▲", "bold")
    else:
        text.append(f"{message} (at character {position + 1})")
    return text
