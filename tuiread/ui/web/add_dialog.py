"""The "Add from URL…" dialog, also the progress window of "Refresh feeds".

The dialog runs the adding in a thread worker of its own; the worker calls one core function
(``tuiread.web.adding``) and posts progress and the outcomes back to this screen, which alone
touches its widgets. It closes with the outcomes (None when nothing was run).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, ProgressBar, Static
from textual.worker import get_current_worker

from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings
from tuiread.web.adding import Outcome, add_feed, add_urls, refresh_feeds
from tuiread.web.ledger import Ledger, LedgerError


@dataclass
class AddProgress(Message):
    done: int
    total: int
    label: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AddProgress)


@dataclass
class AddFinished(Message):
    outcomes: list[Outcome]
    problem: str | None = None


def outcome_text(outcomes: list[Outcome], problem: str | None) -> Text:
    text = Text(end="")
    if problem:
        text.append(displayable(problem) + "\n", style="bold red")
    added = [o for o in outcomes if o.added is not None]
    dupes = [o for o in outcomes if o.duplicate_of is not None]
    failed = [o for o in outcomes if not o.ok]
    text.append(
        f"{len(added)} added, {len(dupes)} already in the corpus, {len(failed)} failed\n",
        style="bold",
    )
    for outcome in outcomes:
        style = "red" if not outcome.ok else ("dim" if outcome.duplicate_of else "")
        text.append(displayable(outcome.line()) + "\n", style=style)
    return text


class AddDialog(ModalScreen[list[Outcome] | None]):
    """``feeds=True``: refresh the followed feeds at once (no form)."""

    DEFAULT_CSS = """
    AddDialog { align: center middle; }
    #add-dialog { width: 90%; max-width: 100; height: auto; max-height: 90%;
                  border: round $accent; padding: 0 1; background: $surface; }
    #add-dialog Input { margin-bottom: 1; }
    #add-buttons { height: auto; align-horizontal: right; }
    #add-buttons Button { margin-left: 1; }
    #add-progress-label { color: $text-muted; }
    #add-results { height: auto; max-height: 16; }
    """
    BINDINGS = bindings("web.close")

    def __init__(self, folder: Path, feeds: bool = False) -> None:
        super().__init__()
        self.folder = folder
        self.feeds = feeds
        self.outcomes: list[Outcome] | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="add-dialog"):
            if not self.feeds:
                yield Static("Page URLs (separate several with spaces):")
                yield Input(placeholder="https://…", id="add-urls", compact=True)
                yield Static("Add to folder:")
                yield Input(value=str(self.folder), id="add-folder", compact=True)
                yield Checkbox(
                    "The URL is an RSS/Atom feed: follow it", id="add-feed", compact=True
                )
            yield Static("", id="add-progress-label")
            yield ProgressBar(id="add-progress", show_eta=False)
            with VerticalScroll(id="add-results"):
                yield Static(id="add-results-text")
            with Horizontal(id="add-buttons"):
                if not self.feeds:
                    yield Button("Add", id="add-go", variant="primary", compact=True)
                yield Button("Cancel", id="add-close", compact=True)

    def on_mount(self) -> None:
        box = self.query_one("#add-dialog")
        box.border_title = "Refresh feeds" if self.feeds else "Add from URL"
        self.query_one("#add-progress").display = False
        if self.feeds:
            self._start([], self.folder, feed=False)
        else:
            self.query_one("#add-urls", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#add-go")
    def _go(self) -> None:
        if self.running or self.outcomes is not None:
            return
        urls = self.query_one("#add-urls", Input).value.split()
        folder_text = self.query_one("#add-folder", Input).value.strip()
        label = self.query_one("#add-progress-label", Static)
        if not urls:
            label.update(Text("Give at least one URL.", style="red"))
            return
        bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
        if bad:
            label.update(Text(displayable(f"Not an http(s) URL: {bad[0]}"), style="red"))
            return
        if not folder_text:
            label.update(Text("Give a folder to add to.", style="red"))
            return
        feed = self.query_one("#add-feed", Checkbox).value
        for widget in self.query("Input, Checkbox, #add-go"):
            widget.disabled = True
        self._start(urls, Path(folder_text).expanduser(), feed)

    def _start(self, urls: list[str], folder: Path, feed: bool) -> None:
        self.running = True
        self.query_one("#add-progress").display = True
        self.query_one("#add-close", Button).label = "Stop"
        self.query_one("#add-progress-label", Static).update("Starting…")
        self._run(urls, folder, feed)

    @work(thread=True, exclusive=True, group="web-add", exit_on_error=False)
    def _run(self, urls: list[str], folder: Path, feed: bool) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int, label: str) -> None:
            self.post_message(AddProgress(done, total, label))

        def cancelled() -> bool:
            return worker.is_cancelled

        try:
            ledger = Ledger()
        except LedgerError as exc:
            self.post_message(AddFinished([], str(exc)))
            return
        try:
            if self.feeds:
                if not ledger.feeds():
                    self.post_message(
                        AddFinished([], "No feeds followed yet: add one with “Add from URL…”.")
                    )
                    return
                outcomes = refresh_feeds(ledger, progress, cancelled)
            elif feed:
                outcomes = []
                for url in urls:
                    outcomes += add_feed(url, folder, ledger, progress, cancelled)
            else:
                outcomes = add_urls(urls, folder, ledger, progress, cancelled)
        finally:
            ledger.close()
        self.post_message(AddFinished(outcomes))

    @on(AddProgress)
    def _progress(self, message: AddProgress) -> None:
        self.query_one("#add-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )
        label = f"{message.done} of {message.total}"
        if message.label:
            label += f": {message.label}"
        self.query_one("#add-progress-label", Static).update(Text(displayable(label)))

    @on(AddFinished)
    def _finished(self, message: AddFinished) -> None:
        self.running = False
        self.outcomes = message.outcomes
        self.query_one("#add-progress").display = False
        self.query_one("#add-progress-label", Static).update("")
        self.query_one("#add-results-text", Static).update(
            outcome_text(message.outcomes, message.problem)
        )
        for button in self.query("#add-go"):
            button.display = False
        self.query_one("#add-close", Button).label = "Close"
        self.query_one("#add-close", Button).focus()

    @on(Button.Pressed, "#add-close")
    def action_close(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "web-add")
            self.query_one("#add-progress-label", Static).update("Stopping after this page…")
            return
        self.dismiss(self.outcomes)
