"""The problems screen: every file that could not be loaded, and why."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tuiread.corpus import Corpus
from tuiread.textsafe import displayable
from tuiread.ui.bindings import section_bindings


def problem_lines(corpus: Corpus) -> list[str]:
    return [str(issue) for issue in corpus.issues] + list(corpus.notices)


def summary(corpus: Corpus) -> str | None:
    """One line for a notification: how many files were skipped and the commonest reasons."""
    if not corpus.issues and not corpus.notices:
        return None
    reasons = Counter(issue.message.removeprefix("skipped: ") for issue in corpus.issues)
    parts = [f"{count} {reason}" for reason, count in reasons.most_common(3)]
    if len(reasons) > 3:
        parts.append("…")
    parts.extend(corpus.notices)
    loaded = f"{len(corpus.articles):,} articles loaded; "
    head = f"{len(corpus.issues)} {'file' if len(corpus.issues) == 1 else 'files'} not loaded"
    return loaded + (head + " (" + "; ".join(parts) + ")" if corpus.issues else "; ".join(parts))


class ProblemsScreen(ModalScreen[None]):
    BINDINGS = section_bindings("problems")

    def __init__(self, corpus: Corpus | None) -> None:
        super().__init__()
        self.corpus = corpus
        self.lines = problem_lines(corpus) if corpus is not None else []

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-dialog", classes="dialog"):
            with VerticalScroll(id="problems-scroll"):
                yield Static(id="problems-body")
            yield Static("escape or q closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#problems-dialog").border_title = f"Load problems ({len(self.lines)})"
        if self.corpus is None:
            body = Text("The corpus is still loading.")
        elif not self.lines:
            body = Text("Every file was read.")
        else:
            body = Text("\n".join(displayable(line) for line in self.lines), end="")
        self.query_one("#problems-body", Static).update(body)
        self.query_one("#problems-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#problems-scroll").scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#problems-scroll").scroll_relative(y=-1, animate=False)
