"""The annotation dialog: a note, tags (completed from the tags already used) and a colour.

It returns what the reader decided as a typed result and changes nothing itself: the annotator
saves it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static, TextArea

from tuiread.annotations.model import clean_tags
from tuiread.textsafe import displayable
from tuiread.ui.annotations.marks import DEFAULT_LABEL, LABEL_COLOURS, swatch
from tuiread.ui.bindings import section_bindings
from tuiread.ui.shared.choice_set import ChoiceSet

# The quote above the note is cut to this many characters, three lines of the dialog (the whole
# of it is in the reader).
QUOTE_CHARS = 200


@dataclass(frozen=True, slots=True)
class NoteSaved:
    note: str
    tags: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class NoteDeleted:
    """The reader asked to delete the annotation (``u`` brings it back)."""


def parse_tags(value: str) -> tuple[str, ...]:
    return clean_tags(value.split(","))


class TagSuggester(Suggester):
    """Completes the tag being typed after the last comma from the tags already used
    (commonest first)."""

    def __init__(self, known: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = list(known)

    async def get_suggestion(self, value: str) -> str | None:
        stem = value.rpartition(",")[2].lstrip()
        if not stem:
            return None
        typed = {t.casefold() for t in parse_tags(value)[:-1]}
        for tag in self.known:
            folded = tag.casefold()
            if (folded.startswith(stem.casefold()) and folded != stem.casefold()
                    and folded not in typed):
                return value + tag[len(stem):]
        return None


def quote_text(quote: str) -> Text:
    flat = " ".join(displayable(quote).split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[: QUOTE_CHARS - 1] + "…"
    return Text(f"“{flat}”", style="italic", end="")


class AnnotationDialog(ModalScreen[NoteSaved | NoteDeleted | None]):
    BINDINGS = section_bindings("note")

    def __init__(
        self,
        quote: str,
        known_tags: Iterable[str] = (),
        *,
        note: str = "",
        tags: Iterable[str] = (),
        label: str = DEFAULT_LABEL,
        editing: bool = False,
        where: str = "",
    ) -> None:
        super().__init__()
        self.quote = quote
        self.known_tags = list(known_tags)
        self.note = note
        self.tags = tuple(tags)
        self.label = label.strip() or DEFAULT_LABEL
        self.editing = editing
        self.where = where  # the anchor state, shown when editing

    def compose(self) -> ComposeResult:
        labels = list(LABEL_COLOURS)
        if self.label not in labels:
            labels.append(self.label)  # a label from elsewhere is kept selectable
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(quote_text(self.quote), id="note-quote")
            yield Label("Note")
            yield TextArea(self.note, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Label("Tags, separated by commas (→ completes)")
            yield Input(", ".join(self.tags), id="note-tags", compact=True,
                        suggester=TagSuggester(self.known_tags),
                        placeholder="e.g. claim, follow-up")
            yield Label("Colour")
            with ChoiceSet(id="note-label"):
                for name in labels:
                    text = Text(end="")
                    text.append("■ ", style=swatch(name))
                    text.append(displayable(name))
                    yield RadioButton(text, value=name == self.label, name=name)
            with Horizontal(id="note-buttons"):
                yield Button("Save", id="note-save", variant="primary", compact=True)
                yield Button("Cancel", id="note-cancel", compact=True)
                if self.editing:
                    yield Button("Delete", id="note-delete", variant="error", compact=True)
            yield Static("ctrl+s saves · escape cancels · tab: next field · ← →: the colour",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        dialog = self.query_one("#note-dialog")
        dialog.border_title = "Edit annotation" if self.editing else "Annotate"
        if self.where:
            dialog.border_subtitle = Text(displayable(self.where))
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def result(self) -> NoteSaved:
        pressed = self.query_one("#note-label", RadioSet).pressed_button
        return NoteSaved(
            note=self.query_one("#note-text", TextArea).text.strip(),
            tags=parse_tags(self.query_one("#note-tags", Input).value),
            label=pressed.name if pressed is not None and pressed.name else self.label,
        )

    def action_save(self) -> None:
        self.dismiss(self.result())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#note-tags")
    def _tags_submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#note-delete")
    def _delete_pressed(self) -> None:
        self.dismiss(NoteDeleted())
