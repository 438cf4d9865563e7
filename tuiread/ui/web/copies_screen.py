"""The syndicated copies of one article: pick one to read it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuiread.corpus import Article
from tuiread.corpus.dates import day_of
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings


class CopiesScreen(ModalScreen[str | None]):
    """Dismisses with the id of the copy to open, or None."""

    DEFAULT_CSS = """
    CopiesScreen { align: center middle; }
    #copies-dialog { width: 90%; max-width: 110; height: auto; max-height: 80%;
                     border: round $accent; padding: 0 1; background: $surface; }
    #copies-list { height: auto; max-height: 20; }
    """
    BINDINGS = bindings("web.close_copies")

    def __init__(self, article: Article, copies: list[Article]) -> None:
        super().__init__()
        self.article = article
        self.copies = copies

    def compose(self) -> ComposeResult:
        with Vertical(id="copies-dialog"):
            if self.copies:
                options = []
                for copy in self.copies:
                    label = Text(no_wrap=True, overflow="ellipsis")
                    label.append(day_of(copy.date) or "----------", style="dim")
                    label.append("  ")
                    label.append(displayable(copy.source or "—"), style="bold")
                    label.append("  ")
                    label.append(displayable(copy.title))
                    options.append(Option(label, id=copy.id))
                yield OptionList(*options, id="copies-list")
                yield Static("enter opens a copy · escape closes", classes="dialog-hint")
            else:
                yield Static("No other article carries this story.")
                yield Static("escape closes", classes="dialog-hint")

    def on_mount(self) -> None:
        dialog = self.query_one("#copies-dialog")
        dialog.border_title = displayable(f"Copies of “{self.article.title}” ({len(self.copies)})")
        if self.copies:
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
