"""The small dialogs behind the entity panel's corrections. Each returns what the reader chose as
a typed result (``dismiss``) and changes nothing itself: the panel asks the app to record it.

- ConfirmDialog -> bool: yes or no to a described change.
- NameDialog -> str | None: a new name.
- EntityPicker -> Entity | None: another entity, found by a rough name as you type.
- KindDialog -> Kind | None: PERSON, PLACE, ORG or OTHER.
- VariantDialog -> str | None: one of an entity's spellings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from tuiread.entities import Entity, Kind
from tuiread.ui.bindings import bindings
from tuiread.ui.entities.marks import kind_style
from tuiread.ui.entities.rows import entity_row, flat, name_cells

ResultT = TypeVar("ResultT")
# Entities the merge picker lists for a query.
PICKER_LIMIT = 30
# Width of the picker's rows (the dialog is this wide less its border and padding).
PICKER_ROW_CELLS = 84


def plain(text: str, style: str = "") -> Text:
    return Text(flat(text), style=style, end="")


class EntityDialog(ModalScreen[ResultT]):
    """Escape cancels every entity dialog (``None``, or False for a confirmation)."""

    BINDINGS = bindings("entity_dialog.cancel", "entity_dialog.confirm")
    CANCEL_RESULT: object = None

    def action_cancel(self) -> None:
        self.dismiss(self.CANCEL_RESULT)  # type: ignore[arg-type]

    def action_confirm(self) -> None:
        """Accept what the dialog shows (y: in a text box it is typed instead)."""

    def _dark(self) -> bool:
        return self.app.current_theme.dark


class ConfirmDialog(EntityDialog[bool]):
    """``question`` and what it changes; the action button is focused, so enter confirms."""

    CANCEL_RESULT = False

    def __init__(self, title: str, question: Text, detail: str = "", action: str = "Yes") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.detail = detail
        self.action_label = action

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-confirm", classes="dialog entity-dialog"):
            yield Static(self.question, id="entity-confirm-question")
            if self.detail:
                yield Static(plain(self.detail), classes="entity-dialog-detail")
            with Horizontal(classes="entity-dialog-buttons"):
                yield Button(self.action_label, id="entity-confirm-yes", variant="primary",
                             compact=True)
                yield Button("Cancel", id="entity-confirm-no", compact=True)
            yield Static("enter or y confirms · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#entity-confirm").border_title = self.title_text
        self.query_one("#entity-confirm-yes", Button).focus()

    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#entity-confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#entity-confirm-no")
    def _no(self) -> None:
        self.dismiss(False)


class NameDialog(EntityDialog[str | None]):
    """A new name for an entity; the typed name is the result (unchanged or empty: None)."""

    def __init__(self, entity: Entity) -> None:
        super().__init__()
        self.entity = entity

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-rename", classes="dialog entity-dialog"):
            yield Static(plain(f"Every mention of “{self.entity.name}” will show this name."),
                         classes="entity-dialog-detail")
            yield Input(flat(self.entity.name), id="entity-rename-input", compact=True)
            yield Static("enter renames · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#entity-rename").border_title = "Rename"
        self.query_one("#entity-rename-input", Input).focus()

    @on(Input.Submitted, "#entity-rename-input")
    def _submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        self.dismiss(name if name and name != self.entity.name else None)


class EntityPicker(EntityDialog[Entity | None]):
    """Another entity to merge into ``entity``: type a rough name, pick with enter."""

    BINDINGS = bindings("entity_dialog.down", "entity_dialog.up")

    def __init__(self, entity: Entity, search: Callable[[str, int], list[Entity]],
                 first: list[Entity]) -> None:
        """``search(query, limit)`` ranks entities; ``first`` is listed before anything is
        typed."""
        super().__init__()
        self.entity = entity
        self.search = search
        self.first = first
        self.shown: list[Entity] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-picker", classes="dialog entity-dialog"):
            yield Static(plain(f"Merge into “{self.entity.name}”: which entity?"),
                         classes="entity-dialog-detail")
            yield Input(placeholder="Type a name", id="entity-picker-input", compact=True)
            yield OptionList(id="entity-picker-list")
            yield Static("↑↓ choose · enter merges (after a confirmation) · escape cancels",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#entity-picker").border_title = "Merge"
        self.query_one("#entity-picker-input", Input).focus()
        self._fill("")

    @on(Input.Changed, "#entity-picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        found = self.search(query, PICKER_LIMIT + 1) if query.strip() else self.first
        self.shown = [e for e in found if e is not self.entity][:PICKER_LIMIT]
        width = name_cells(self.shown)
        options = self.query_one("#entity-picker-list", OptionList)
        options.set_options(
            Option(entity_row(e, width, PICKER_ROW_CELLS, self._dark()), id=e.key)
            for e in self.shown
        )
        if self.shown:
            options.highlighted = 0

    def action_cursor_down(self) -> None:
        self.query_one("#entity-picker-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#entity-picker-list", OptionList).action_cursor_up()

    def action_confirm(self) -> None:
        self._pick()

    def _pick(self) -> None:
        index = self.query_one("#entity-picker-list", OptionList).highlighted
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index])

    @on(Input.Submitted, "#entity-picker-input")
    def _submitted(self) -> None:
        self._pick()

    @on(OptionList.OptionSelected, "#entity-picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick()


class _ChoiceDialog(EntityDialog[ResultT]):
    """A titled list to choose one item from with enter."""

    def __init__(self, title: str, question: str, choices: list[tuple[Text, ResultT]],
                 highlighted: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.choices = choices
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-choice", classes="dialog entity-dialog"):
            yield Static(plain(self.question), classes="entity-dialog-detail")
            yield OptionList(*(Option(label) for label, _ in self.choices),
                             id="entity-choice-list")
            yield Static("↑↓ choose · enter confirms · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#entity-choice").border_title = self.title_text
        options = self.query_one("#entity-choice-list", OptionList)
        options.highlighted = self.highlighted
        options.focus()

    def action_confirm(self) -> None:
        index = self.query_one("#entity-choice-list", OptionList).highlighted
        if index is not None:
            self.dismiss(self.choices[index][1])

    @on(OptionList.OptionSelected, "#entity-choice-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])


class KindDialog(_ChoiceDialog[Kind | None]):
    def __init__(self, entity: Entity, dark: bool) -> None:
        choices = [(Text(str(kind), style=kind_style(kind, dark), end=""), kind) for kind in Kind]
        super().__init__("Kind", f"What is “{entity.name}”?", choices,
                         highlighted=list(Kind).index(entity.kind))


class VariantDialog(_ChoiceDialog[str | None]):
    def __init__(self, entity: Entity) -> None:
        choices = []
        for name in entity.variant_names():
            label = Text(flat(name), end="")
            count = entity.variants.get(name, 0)
            label.append(f"  {count:,} mention{'s' * (count != 1)}", style="dim")
            choices.append((label, name))
        super().__init__("Split", f"Which spelling of “{entity.name}” is someone or something "
                         "else? Its mentions become an entity of their own.", choices)
