"""Every key binding of the app: its id, default keys and what it does.

Kept free of Textual so the config loader can validate a user's ``keys:`` section and
``tuiread keys`` can print the table without starting the UI. The app builds its ``Binding``
objects from this table, and applies the user's keys with ``App.set_keymap``.
Key names are Textual's ("right_parenthesis" is ")", "question_mark" is "?").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KeySpec:
    id: str
    keys: str
    action: str
    description: str
    show: bool = False  # shown in the footer
    priority: bool = False  # runs even when a text box has focus
    footer: str = ""  # short label for the footer (default: the description)

    @property
    def section(self) -> str:
        """The part of the app the binding works in: the id's first component."""
        return self.id.split(".", 1)[0]


# Where each group of bindings works, in the order the help screen lists them.
SECTIONS: dict[str, str] = {
    "app": "Everywhere",
    "list": "Article list",
    "reader": "Reader",
    "help": "Help screen",
    "problems": "Problems screen",
}

KEYS: tuple[KeySpec, ...] = (
    # Whole app
    KeySpec("app.quit", "q", "quit", "Quit", show=True),
    KeySpec("app.help", "question_mark,f1", "help", "Show every key", show=True, footer="Help"),
    # The footer shows the palette key at its right edge by itself.
    KeySpec("app.command_palette", "ctrl+p", "command_palette", "Command palette",
            priority=True),
    KeySpec("app.focus_list", "l", "focus_list", "Focus the article list"),
    KeySpec("app.focus_reader", "r", "focus_reader", "Focus the reader"),
    KeySpec("app.focus_next", "tab", "app.focus_next", "Next pane"),
    KeySpec("app.focus_previous", "shift+tab", "app.focus_previous", "Previous pane"),
    KeySpec("app.filter", "f", "filter", "Filter the article list", show=True, footer="Filter"),
    KeySpec("app.clear_filter", "escape", "clear_filter", "Clear and close the filter"),
    KeySpec("app.next_article", "right_square_bracket", "next_article", "Next article", show=True,
            footer="Next"),
    KeySpec("app.prev_article", "left_square_bracket", "prev_article", "Previous article"),
    KeySpec("app.sort", "o", "cycle_sort", "Sort by title, source, words or path",
            show=True, footer="Sort"),
    KeySpec("app.reverse_sort", "O", "reverse_sort", "Reverse the list order"),
    KeySpec("app.toggle_hidden", "H", "toggle_hidden", "Show or hide boilerplate", show=True,
            footer="Boilerplate"),
    KeySpec("app.problems", "P", "problems", "Show files that could not be loaded"),
    KeySpec("app.save_screenshot", "ctrl+s", "save_screenshot", "Save an SVG screenshot"),
    # Reader
    KeySpec("reader.down", "j,down", "scroll_down", "Scroll down"),
    KeySpec("reader.up", "k,up", "scroll_up", "Scroll up"),
    KeySpec("reader.top", "g,home", "scroll_home", "Go to the top"),
    KeySpec("reader.bottom", "G,end", "scroll_end", "Go to the end"),
    KeySpec("reader.page_down", "space,pagedown", "page_down", "Page down"),
    KeySpec("reader.page_up", "b,pageup", "page_up", "Page up"),
    KeySpec("reader.next_sentence", "right_parenthesis", "next_sentence", "Next sentence",
            show=True, footer="Sentence"),
    KeySpec("reader.prev_sentence", "left_parenthesis", "prev_sentence", "Previous sentence"),
    KeySpec("reader.next_paragraph", "right_curly_bracket", "next_paragraph", "Next paragraph"),
    KeySpec("reader.prev_paragraph", "left_curly_bracket", "prev_paragraph", "Previous paragraph"),
    # Article list
    KeySpec("list.down", "j", "cursor_down", "Next row"),
    KeySpec("list.up", "k", "cursor_up", "Previous row"),
    KeySpec("list.top", "g", "scroll_top", "First row"),
    KeySpec("list.bottom", "G", "scroll_bottom", "Last row"),
    KeySpec("list.open", "enter", "select_cursor", "Open the article and read it"),
    # Help and problems screens
    KeySpec("help.close", "escape,q,question_mark", "close", "Close help"),
    KeySpec("help.down", "j,down", "scroll_down", "Scroll down"),
    KeySpec("help.up", "k,up", "scroll_up", "Scroll up"),
    KeySpec("problems.close", "escape,q", "close", "Close the problems list"),
    KeySpec("problems.down", "j,down", "scroll_down", "Scroll down"),
    KeySpec("problems.up", "k,up", "scroll_up", "Scroll up"),
)

BINDING_IDS = frozenset(spec.id for spec in KEYS)


def by_id() -> dict[str, KeySpec]:
    return {spec.id: spec for spec in KEYS}


def effective(user_keys: dict[str, str]) -> list[tuple[KeySpec, str]]:
    """Each binding with the keys in force after the user's remapping."""
    return [(spec, user_keys.get(spec.id, spec.keys)) for spec in KEYS]
