"""How far the search index is: a line and a progress bar, shown while it is built or updated.

The app's search keeper publishes an :class:`IndexStatus` on its ``status_signal``; every
SearchStatus on screen subscribes when mounted and hides itself when there is nothing to wait for.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.signal import Signal
from textual.widgets import ProgressBar, Static


@dataclass(frozen=True, slots=True)
class IndexStatus:
    text: str
    done: int = 0
    total: int = 0
    busy: bool = False  # building or updating: the bar is shown


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

    def __init__(self, signal: Signal[IndexStatus], current: IndexStatus, *,
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
        self.show_status(self._current)

    def show_status(self, status: IndexStatus) -> None:
        self._current = status
        self.display = status.busy or (self._always and bool(status.text))
        self.query_one(Static).update(Text(status.text, end=""))
        bar = self.query_one(ProgressBar)
        bar.display = status.busy
        if status.busy:
            bar.update(total=status.total or None, progress=status.done)
