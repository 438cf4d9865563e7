"""The export dialog: a format (Markdown, W3C JSON-LD, CSV) and a file path; the annotator
writes the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tuiread.ui.bindings import section_bindings

FORMATS = {"md": "Markdown", "jsonld": "JSON-LD (W3C Web Annotation)", "csv": "CSV"}
DEFAULT_STEM = "tuiread-annotations"


@dataclass(frozen=True, slots=True)
class ExportChoice:
    format: str  # a key of FORMATS
    path: Path


def default_path(fmt: str, folder: Path | None = None) -> Path:
    return (folder or Path.cwd()) / f"{DEFAULT_STEM}.{fmt}"


class ExportDialog(ModalScreen[ExportChoice | None]):
    BINDINGS = section_bindings("export")

    def __init__(self, count: int, fmt: str = "md", folder: Path | None = None) -> None:
        super().__init__()
        self.count = count
        self.format = fmt
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label("Format")
            with RadioSet(id="export-format"):
                for key, name in FORMATS.items():
                    yield RadioButton(name, value=key == self.format, name=key)
            yield Label("File (an existing file is replaced)")
            yield Input(str(default_path(self.format, self.folder)), id="export-path",
                        compact=True)
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export-go", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)
            yield Static("← → and space: the format · tab: the file · enter exports · "
                         "escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        noun = "annotation" if self.count == 1 else "annotations"
        self.query_one("#export-dialog").border_title = f"Export {self.count} {noun}"
        self.query_one("#export-format", RadioSet).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        new = event.pressed.name or self.format
        box = self.query_one("#export-path", Input)
        # The suffix follows the format unless the reader typed a name of their own.
        current = Path(box.value.strip()).expanduser()
        if current.suffix.lstrip(".") in FORMATS:
            box.value = str(current.with_suffix(f".{new}"))
        self.format = new

    def choice(self) -> ExportChoice | None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return ExportChoice(self.format, path if path.is_absolute() else self.folder / path)

    def _go(self) -> None:
        choice = self.choice()
        if choice is None:
            self.notify("Give a file to write.", severity="warning", markup=False)
            return
        self.dismiss(choice)

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self) -> None:
        self._go()

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
        # On the format buttons space chooses (as the hint says) and enter exports.
        self._go()

    def action_close(self) -> None:
        self.dismiss(None)
