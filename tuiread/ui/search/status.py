"""How far the search index is: a line and a progress bar, shown while it is built or updated.

The app publishes the search service's :class:`IndexState` on its ``index_changed`` signal;
every SearchStatus on screen subscribes when mounted and hides itself when there is nothing to
wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.signal import Signal
from textual.widgets import ProgressBar, Static

if TYPE_CHECKING:
    from tuiread.search.service import IndexState


class SearchStatus(Vertical):
    DEFAULT_CSS = """
    SearchStatus {
        height: auto;
        padding: 0 1;
    }
    SearchStatus > Static {
        color: $text-muted;
    }
    SearchStatus > ProgressBar {
        width: 100%;
    }
    SearchStatus > ProgressBar > Bar {
        width: 1fr;
    }
    """

    def __init__(self, signal: Signal[IndexState], current: IndexState | None, *,
                 always: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self._signal = signal
        self._current = current
        self._always = always  # shown when idle too (the search screen says how big the index is)

    def compose(self) -> ComposeResult:
        yield Static(id="search-status-text")
        yield ProgressBar(show_eta=False, show_percentage=True, id="search-status-bar")

    def on_mount(self) -> None:
        self._signal.subscribe(self, self.show_status)
        if self._current is not None:
            self.show_status(self._current)
        else:
            self.display = False  # nothing to say until the index's first state is published

    def show_status(self, status: IndexState) -> None:
        self._current = status
        self.display = status.busy or (self._always and bool(status.line))
        self.query_one(Static).update(Text(status.line, end=""))
        bar = self.query_one(ProgressBar)
        bar.display = status.busy
        if status.busy:
            bar.update(total=status.total or None, progress=status.done)
