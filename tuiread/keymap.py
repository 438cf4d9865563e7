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


KEYS: tuple[KeySpec, ...] = (
    # Whole app
    KeySpec("app.quit", "q", "quit", "Quit", show=True),
    KeySpec("app.help", "question_mark,f1", "help", "Help", show=True),
    KeySpec("app.focus_list", "l", "focus_list", "Focus the article list"),
    KeySpec("app.focus_reader", "r", "focus_reader", "Focus the reader"),
    KeySpec("app.filter", "f", "filter", "Filter the article list", show=True),
    KeySpec("app.next_article", "right_square_bracket", "next_article", "Next article"),
    KeySpec("app.prev_article", "left_square_bracket", "prev_article", "Previous article"),
    KeySpec("app.sort", "o", "cycle_sort", "Sort the list by title, source, words or path"),
    KeySpec("app.toggle_hidden", "H", "toggle_hidden", "Show or hide boilerplate"),
    KeySpec("app.save_screenshot", "ctrl+s", "save_screenshot", "Save an SVG screenshot"),
    # Reader
    KeySpec("reader.down", "j,down", "scroll_down", "Scroll down"),
    KeySpec("reader.up", "k,up", "scroll_up", "Scroll up"),
    KeySpec("reader.top", "g,home", "scroll_home", "Go to the top"),
    KeySpec("reader.bottom", "G,end", "scroll_end", "Go to the end"),
    KeySpec("reader.page_down", "space,pagedown", "page_down", "Page down"),
    KeySpec("reader.page_up", "b,pageup", "page_up", "Page up"),
    KeySpec("reader.next_sentence", "right_parenthesis", "next_sentence", "Next sentence"),
    KeySpec("reader.prev_sentence", "left_parenthesis", "prev_sentence", "Previous sentence"),
    KeySpec("reader.next_paragraph", "right_curly_bracket", "next_paragraph", "Next paragraph"),
    KeySpec("reader.prev_paragraph", "left_curly_bracket", "prev_paragraph", "Previous paragraph"),
    # Article list
    KeySpec("list.down", "j", "cursor_down", "Next row"),
    KeySpec("list.up", "k", "cursor_up", "Previous row"),
    KeySpec("list.top", "g", "scroll_top", "First row"),
    KeySpec("list.bottom", "G", "scroll_bottom", "Last row"),
)

BINDING_IDS = frozenset(spec.id for spec in KEYS)


def by_id() -> dict[str, KeySpec]:
    return {spec.id: spec for spec in KEYS}


def effective(user_keys: dict[str, str]) -> list[tuple[KeySpec, str]]:
    """Each binding with the keys in force after the user's remapping."""
    return [(spec, user_keys.get(spec.id, spec.keys)) for spec in KEYS]
