"""The export dialog: what to export (the annotations shown in the panel, the article being
read, or everything), the format, an optional template, and the file. It returns the reader's
choice; the exporter writes the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, Static

from tuiread.annotations import FORMATS
from tuiread.textsafe import displayable
from tuiread.ui.bindings import section_bindings
from tuiread.ui.shared.choice_set import ChoiceSet

DEFAULT_STEM = "tuiread-excerpts"
# Short names, so that the five fit on one line of the dialog.
FORMAT_NAMES = {"md": "Markdown", "jsonld": "JSON-LD (W3C)", "csv": "CSV", "csl": "CSL-JSON",
                "bibtex": "BibTeX"}
SUFFIXES = {suffix for _, suffix in FORMATS.values()}


@dataclass(frozen=True, slots=True)
class Scope:
    """A set of annotations the dialog offers: ``ids`` None means every annotation."""

    key: str  # "shown", "article" or "all"
    label: str
    ids: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class ExportChoice:
    scope: Scope
    format: str  # a key of FORMATS
    path: Path
    template: Path | None = None


def default_path(fmt: str, folder: Path) -> Path:
    return folder / f"{DEFAULT_STEM}.{FORMATS[fmt][1]}"


class ExportDialog(ModalScreen[ExportChoice | None]):
    BINDINGS = section_bindings("export")

    def __init__(self, scopes: list[Scope], folder: Path, fmt: str = "md",
                 template: str = "") -> None:
        super().__init__()
        self.scopes = scopes
        self.format = fmt if fmt in FORMATS else "md"
        self.folder = folder
        self.template = template

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label("Export")
            with ChoiceSet(id="export-scope"):
                for index, scope in enumerate(self.scopes):
                    yield RadioButton(displayable(scope.label), value=index == 0, name=scope.key)
            yield Label("Format")
            with ChoiceSet(id="export-format"):
                for key in FORMATS:
                    yield RadioButton(FORMAT_NAMES.get(key, key), value=key == self.format,
                                      name=key)
            yield Label("Template (a Jinja2 file; empty: the built-in Markdown)")
            yield Input(self.template, id="export-template", compact=True,
                        placeholder="e.g. ~/notes/excerpt.md.j2")
            yield Label("File (an existing file is replaced)")
            yield Input(str(default_path(self.format, self.folder)), id="export-path",
                        compact=True)
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export-go", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)
            yield Static("← →: choose · tab: next field · enter exports · escape cancels",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#export-dialog").border_title = "Export annotations"
        self.query_one("#export-scope", ChoiceSet).focus()

    @on(ChoiceSet.Changed, "#export-format")
    def _format_changed(self, event: ChoiceSet.Changed) -> None:
        new = event.pressed.name or self.format
        box = self.query_one("#export-path", Input)
        # The suffix follows the format unless the reader typed a name of their own.
        current = Path(box.value.strip()).expanduser()
        if current.suffix.lstrip(".") in SUFFIXES:
            box.value = str(current.with_suffix(f".{FORMATS[new][1]}"))
        self.format = new

    def _scope(self) -> Scope:
        pressed = self.query_one("#export-scope", ChoiceSet).pressed_button
        key = pressed.name if pressed is not None else None
        return next((s for s in self.scopes if s.key == key), self.scopes[0])

    def choice(self) -> ExportChoice | None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        template_text = self.query_one("#export-template", Input).value.strip()
        template = Path(template_text).expanduser() if template_text else None
        return ExportChoice(self._scope(), self.format,
                            path if path.is_absolute() else self.folder / path, template)

    def _go(self) -> None:
        choice = self.choice()
        if choice is None:
            self.notify("Give a file to write.", severity="warning", markup=False)
            return
        if choice.template is not None and not choice.template.is_file():
            self.notify(f"No template file {choice.template}.", severity="warning",
                        markup=False)
            return
        self.dismiss(choice)

    @on(Button.Pressed, "#export-go")
    def _go_pressed(self) -> None:
        self._go()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def action_run(self) -> None:
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        self._go()

    def action_close(self) -> None:
        self.dismiss(None)
