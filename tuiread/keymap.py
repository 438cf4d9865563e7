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
    "note": "Annotation dialog",
    "annotations": "Annotations panel",
    "export": "Export dialog",
    "compare": "Comparison",
    "picker": "Comparison picker",
    "trace": "Trace of a sentence",
    "entities": "Entity panel",
    "entity_dialog": "Entity dialogs",
    "search": "Search screen",
    "find": "Find in the article",
    "web": "Add from the web, copies",
}

KEYS: tuple[KeySpec, ...] = (
    # Whole app
    KeySpec("app.quit", "q", "quit", "Quit", show=True),
    KeySpec("app.help", "question_mark,f1", "app.help", "Show every key", show=True,
            footer="Help"),
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
    KeySpec("app.sort", "o", "cycle_sort", "Sort by title, source, date, words or path",
            show=True, footer="Sort"),
    KeySpec("app.reverse_sort", "O", "reverse_sort", "Reverse the list order"),
    KeySpec("app.toggle_hidden", "H", "toggle_hidden", "Show or hide boilerplate", show=True,
            footer="Boilerplate"),
    KeySpec("app.problems", "P", "problems", "Show files that could not be loaded"),
    # Priority so it works in dialogs too; a screen that binds the same key itself (the
    # annotation dialog saves on ctrl+s) keeps it (TuireadApp.check_action).
    KeySpec("app.back", "escape,backspace", "back",
            "Back to where you came from (results, comparison, mentions)", show=True,
            footer="Back"),
    KeySpec("app.toggle_list", "z", "toggle_list", "Hide or show the list (full-width reader)",
            show=True, footer="Full width"),
    KeySpec("app.save_screenshot", "ctrl+s", "save_screenshot",
            "Save an SVG screenshot (to the documents folder)", priority=True),
    KeySpec("app.add_from_url", "plus", "add_from_url", "Add pages from URLs or a feed…"),
    KeySpec("app.refresh_feeds", "F", "refresh_feeds", "Refresh the followed feeds"),
    KeySpec("app.show_copies", "C", "show_copies",
            "Syndicated copies of the open article (same story, other outlets)"),
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
    KeySpec("help.top", "g,home", "scroll_top", "Go to the top"),
    KeySpec("help.bottom", "G,end", "scroll_bottom", "Go to the end"),
    KeySpec("help.page_down", "space,pagedown", "page_down", "Page down"),
    KeySpec("help.page_up", "b,pageup", "page_up", "Page up"),
    KeySpec("problems.close", "escape,q", "close", "Close the problems list"),
    KeySpec("problems.down", "j,down", "scroll_down", "Scroll down"),
    KeySpec("problems.up", "k,up", "scroll_up", "Scroll up"),
    # Annotations. In the reader the selection keys extend a selection while one is held
    # (b and ( ) { } move the cursor otherwise).
    KeySpec("app.annotations", "A", "annotations", "Every annotation: filter and jump",
            show=True, footer="Notes"),
    KeySpec("app.export_annotations", "x", "export_annotations",
            "Export the annotations to a file"),
    KeySpec("app.undo_annotation", "u", "undo_annotation", "Undo the last annotation change"),
    KeySpec("reader.select", "v", "select", "Start a selection (again: drop it)"),
    KeySpec("reader.select_sentence", "V", "select_sentence",
            "Select sentence (again: paragraph)"),
    KeySpec("reader.select_word_forward", "w", "select_word_forward",
            "Selection: end a word on"),
    KeySpec("reader.select_word_back", "b", "select_word_back",
            "Selection: end a word back"),
    KeySpec("reader.select_sentence_forward", "right_parenthesis", "select_sentence_forward",
            "Selection: to the sentence end"),
    KeySpec("reader.select_sentence_back", "left_parenthesis", "select_sentence_back",
            "Selection: to the sentence start"),
    KeySpec("reader.select_paragraph_forward", "right_curly_bracket", "select_paragraph_forward",
            "Selection: to the paragraph end"),
    KeySpec("reader.select_paragraph_back", "left_curly_bracket", "select_paragraph_back",
            "Selection: to the paragraph start"),
    KeySpec("reader.cancel_selection", "escape", "cancel_selection", "Drop the selection"),
    KeySpec("reader.annotate", "a", "annotate", "Annotate the selection or sentence",
            show=True, footer="Annotate"),
    KeySpec("reader.highlight", "h", "highlight", "Highlight it at once (no dialog)"),
    KeySpec("reader.edit_annotation", "enter,m", "edit_annotation",
            "Edit or delete the annotation here"),
    KeySpec("note.save", "ctrl+s", "save", "Save the annotation"),
    KeySpec("note.cancel", "escape", "cancel", "Close without saving"),
    KeySpec("annotations.close", "escape", "close", "Close the panel"),
    KeySpec("annotations.down", "down", "cursor_down", "Next annotation"),
    KeySpec("annotations.up", "up", "cursor_up", "Previous annotation"),
    KeySpec("annotations.open", "enter", "open", "Open it in the reader"),
    KeySpec("annotations.reattach", "ctrl+r", "reattach",
            "Re-attach it to the selection"),
    # Priority: the filter box has the focus, and would take ctrl+e as "end of line".
    KeySpec("annotations.export", "ctrl+e", "export", "Export the annotations shown",
            priority=True),
    KeySpec("export.close", "escape", "close", "Close without exporting"),
    # Priority: the format buttons would otherwise take enter for themselves.
    KeySpec("export.run", "enter", "run", "Export (on a button: press it)", priority=True),
    # Comparison: the picker of the article to compare with, then the two columns.
    KeySpec("app.compare", "d", "compare", "Compare the article with a related one", show=True,
            footer="Compare"),
    KeySpec("app.trace", "t", "trace",
            "Trace the sentence at the cursor: its counterpart in every other article"),
    KeySpec("trace.open", "enter", "open", "Open the counterpart in the reader"),
    KeySpec("trace.close", "escape,q", "close", "Close the trace", show=True, footer="Back"),
    # Web
    KeySpec("web.close", "escape", "close", "Close the dialog", show=True, footer="Close"),
    KeySpec("web.close_copies", "escape,q", "close", "Close the list of copies", show=True,
            footer="Back"),
    # Not priority bindings: those would run before letters typed just ahead of them reach the
    # filter box. The box does not bind these keys, so they reach the picker anyway.
    KeySpec("picker.choose", "enter", "choose", "Compare with the highlighted article"),
    KeySpec("picker.down", "down", "cursor_down", "Next article"),
    KeySpec("picker.up", "up", "cursor_up", "Previous article"),
    KeySpec("picker.page_down", "pagedown", "page_down", "Page down"),
    KeySpec("picker.page_up", "pageup", "page_up", "Page up"),
    KeySpec("picker.close", "escape", "close", "Close without comparing"),
    KeySpec("compare.down", "j,down", "cursor_down", "Next row"),
    KeySpec("compare.up", "k,up", "cursor_up", "Previous row"),
    KeySpec("compare.top", "g,home", "first_row", "First row"),
    KeySpec("compare.bottom", "G,end", "last_row", "Last row"),
    KeySpec("compare.page_down", "space,pagedown", "page_down", "Page down"),
    KeySpec("compare.page_up", "b,pageup", "page_up", "Page up"),
    KeySpec("compare.left_side", "h,left", "left_side", "Cursor to the left article"),
    KeySpec("compare.right_side", "l,right", "right_side", "Cursor to the right article"),
    KeySpec("compare.open", "enter", "open", "Open the sentence in the reader", show=True,
            footer="Open"),
    KeySpec("compare.next_difference", "right_square_bracket", "next_difference",
            "Next difference", show=True, footer="Next diff"),
    KeySpec("compare.prev_difference", "left_square_bracket", "prev_difference",
            "Previous difference"),
    KeySpec("compare.toggle_similar", "i", "toggle_similar",
            "Hide or show identical and near-identical pairs", show=True, footer="Similar"),
    KeySpec("compare.toggle_fold", "z", "toggle_fold",
            "Fold or unfold runs of sentences only one side has"),
    KeySpec("compare.trace", "t", "trace",
            "Trace the sentence under the cursor across every article"),
    KeySpec("compare.swap", "s", "swap", "Swap the two sides", show=True, footer="Swap"),
    KeySpec("compare.annotate", "a", "annotate", "Annotate the sentence under the cursor"),
    # h moves to the left column here, so the quick highlight is on H (reader: h).
    KeySpec("compare.highlight", "H", "highlight", "Highlight the sentence at once (no dialog)"),
    KeySpec("compare.edit_annotation", "m", "edit_annotation",
            "Edit or delete the annotation here"),
    KeySpec("compare.close", "escape,q", "close", "Back to the reader", show=True,
            footer="Back"),
    # Entities: the panel (e), underlines and the entity under the cursor in the reader, and
    # the panel's corrections (its letter keys work in the list; ↓ goes there from the search).
    KeySpec("app.entities", "e", "entities", "Entities: find people and places",
            show=True, footer="Entities"),
    KeySpec("reader.toggle_entities", "U", "screen.toggle_entities",
            "Underline entities, coloured by kind"),
    KeySpec("reader.entity_at_cursor", "E", "screen.entity_at_cursor",
            "Entity in the cursor sentence"),
    KeySpec("entities.open", "enter", "open", "Its mentions; on a mention: read it",
            footer="open"),
    KeySpec("entities.to_list", "down", "to_list", "From the search into the list",
            footer="to the list"),
    KeySpec("entities.search", "slash", "search", "Back to the search box", footer="search"),
    KeySpec("entities.merge", "m", "merge", "Merge another entity into it",
            footer="merge"),
    KeySpec("entities.split", "s", "split", "Split a spelling off on its own",
            footer="split"),
    KeySpec("entities.rename", "r", "rename", "Rename the entity", footer="rename"),
    KeySpec("entities.kind", "t", "kind", "Change the kind (type)", footer="kind"),
    KeySpec("entities.ignore", "i", "ignore", "Ignore the entity everywhere",
            footer="ignore"),
    KeySpec("entities.undo", "u", "undo", "Undo the last entity decision", footer="undo"),
    KeySpec("entities.close", "escape,q", "close", "Back, or close the panel",
            footer="back"),
    KeySpec("entity_dialog.confirm", "y", "confirm", "Confirm (in a list: choose)"),
    KeySpec("entity_dialog.cancel", "escape", "cancel", "Cancel"),
    KeySpec("entity_dialog.down", "down", "cursor_down", "Next entity (merge picker)"),
    KeySpec("entity_dialog.up", "up", "cursor_up", "Previous entity (merge picker)"),
    # Search: s (or / in the list) searches the corpus; / in the reader finds in the article,
    # as in less. n and N step through the hits of an article opened from the results, the
    # matches of a find, or the mentions of an entity jumped to.
    KeySpec("app.search", "s,slash", "search", "Search the corpus", show=True, footer="Search"),
    KeySpec("reader.find", "slash", "find", "Find in this article", show=True, footer="Find"),
    KeySpec("reader.next_hit", "n", "next_hit", "Next hit, match or mention"),
    KeySpec("reader.prev_hit", "N", "prev_hit", "Previous hit, match or mention"),
    KeySpec("search.close", "escape,q", "close", "Back to the reader", show=True,
            footer="Back"),
    KeySpec("search.history_back", "up", "history_back", "Earlier query (in the query box)"),
    KeySpec("search.history_forward", "down", "history_forward",
            "Later query (in the query box)"),
    KeySpec("search.accept_suggestion", "ctrl+y", "accept_suggestion",
            'Search the "did you mean" query', show=True, footer="Did you mean"),
    KeySpec("search.focus_query", "slash", "focus_query", "Back to the query box"),
    KeySpec("find.close", "escape", "close", "Close the find box (enter too; n / N step)"),
    KeySpec("search.down", "j", "cursor_down", "Next result"),
    KeySpec("search.up", "k", "cursor_up", "Previous result"),
)

BINDING_IDS = frozenset(spec.id for spec in KEYS)


def by_id() -> dict[str, KeySpec]:
    return {spec.id: spec for spec in KEYS}


def effective(user_keys: dict[str, str]) -> list[tuple[KeySpec, str]]:
    """Each binding with the keys in force after the user's remapping."""
    return [(spec, user_keys.get(spec.id, spec.keys)) for spec in KEYS]


def _key_set(keys: str) -> set[str]:
    return {key.strip() for key in keys.split(",") if key.strip()}


def keymap_for_textual(user_keys: dict[str, str]) -> dict[str, str]:
    """The user's remapping, plus every binding that shares a remapped binding's old key.

    Textual's ``set_keymap`` drops every binding on a key when it moves one binding off it, so
    remapping "reader.page_up" (b) would also lose "reader.select_word_back" (b). Naming those
    bindings with their own keys keeps them where they were.
    """
    result = dict(user_keys)
    for spec in KEYS:
        if spec.id not in user_keys:
            continue
        old = _key_set(spec.keys)
        for other in KEYS:
            if other.id not in result and old & _key_set(other.keys):
                result[other.id] = other.keys
    return result
