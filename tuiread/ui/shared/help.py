"""The help screen: every key binding of every screen, with the keys in force."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tuiread import keymap
from tuiread.ui.bindings import describe_keys, section_bindings
from tuiread.ui.styles import foreground

# Sections in the left column of the help; the rest go right.
LEFT_COLUMN = ("Everywhere", "Article list")
# Terminal width from which the two columns sit side by side.
TWO_COLUMNS_MIN = 110
MOUSE_HELP = (
    ("click a row", "Open that article"),
    ("click text", "Move the sentence cursor there"),
    ("drag text", "Select those characters (then a or h)"),
    ("wheel", "Scroll the list or the reader"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = section_bindings("help")
    COMPONENT_CLASSES = {"help--section", "help--key"}

    def __init__(self, user_keys: dict[str, str]) -> None:
        super().__init__()
        self.user_keys = user_keys
        self.entries: list[tuple[str, str, str]] = []  # (section title, keys, description)
        self.help_text = Text()
        self._left = self._right = Text()

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static("escape or q closes · to remap keys see `tuiread keys`",
                         classes="dialog-hint")
            with VerticalScroll(id="help-scroll"), Horizontal(id="help-columns"):
                yield Static(id="help-left", classes="help-column")
                yield Static(id="help-right", classes="help-column")

    def on_mount(self) -> None:
        self.query_one("#help-dialog").border_title = "Keys"
        self.entries = [
            (keymap.SECTIONS[spec.section], describe_keys(self, spec, self.user_keys),
             spec.description)
            # Grouped by section (bindings added later sit at the end of the table).
            for spec in sorted(keymap.KEYS, key=lambda s: list(keymap.SECTIONS).index(s.section))
        ]
        self.entries.extend(("Mouse", keys, what) for keys, what in MOUSE_HELP)
        left_sections = set(LEFT_COLUMN)
        self._left = self._render_entries([e for e in self.entries if e[0] in left_sections])
        self._right = self._render_entries([e for e in self.entries if e[0] not in left_sections])
        self.help_text = Text("\n\n", end="").join([self._left, self._right])
        self._fill()
        self.query_one("#help-scroll").focus()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """Two columns when they fit side by side, else all of it in one."""
        wide = self.size.width >= TWO_COLUMNS_MIN
        self.query_one("#help-left", Static).update(self._left if wide else self.help_text)
        self.query_one("#help-right", Static).update(self._right)
        self.query_one("#help-right").display = wide

    def _render_entries(self, entries: list[tuple[str, str, str]]) -> Text:
        width = max(cell_len(keys) for _, keys, _ in self.entries) + 2
        text = Text(end="")
        section_style = foreground(self, "help--section")
        key_style = foreground(self, "help--key")
        section = None
        for title, keys, description in entries:
            if title != section:
                if section is not None:
                    text.append("\n")
                text.append(f"{title}\n", style=section_style)
                section = title
            text.append("  ")
            text.append(keys + " " * (width - cell_len(keys)), style=key_style)
            text.append(f"{description}\n")
        text.rstrip()
        return text

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-scroll").scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help-scroll").scroll_relative(y=-1, animate=False)

    def action_scroll_top(self) -> None:
        self.query_one("#help-scroll").scroll_home(animate=False)

    def action_scroll_bottom(self) -> None:
        self.query_one("#help-scroll").scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.query_one("#help-scroll").scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one("#help-scroll").scroll_page_up(animate=False)
