"""The annotations panel: every annotation with where it stands now, filtered as you type.

The panel anchors the store's annotations in a thread worker (re-anchoring changed articles can
take a while) and returns what the reader chose as a typed result: jump to an annotation, or
re-attach one to the reader's selection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from tuiread.annotations import Anchor, Anchored, AnchorState, state_words
from tuiread.textsafe import displayable
from tuiread.ui.annotations.marks import colour_name, swatch
from tuiread.ui.bindings import section_bindings

# Lines of an entry are cut to this many characters (the dialog is at most this wide).
LINE_CHARS = 100
STATE_STYLES = {
    AnchorState.EXACT: "green",
    AnchorState.MOVED: "cyan",
    AnchorState.FUZZY: "yellow",
    AnchorState.ORPHANED: "bold red",
    AnchorState.MISSING: "magenta",
}
HINT = ("type to filter: words, #tag, label:red, article:bbc, state:changed · enter opens · "
        "ctrl+e exports these · ctrl+r re-attaches to the reader's selection · escape closes")


@dataclass(frozen=True, slots=True)
class Jump:
    """Open the annotation's article at its span (None for an orphan: at the top)."""

    annotation_id: str
    article_id: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Reattach:
    annotation_id: str


@dataclass(frozen=True, slots=True)
class ExportShown:
    """Export the annotations the filter shows."""

    annotation_ids: tuple[str, ...]


def state_text(where: Anchor) -> str:
    return state_words(where)


def matches(item: Anchored, query: str) -> bool:
    """Every term of ``query`` must match: ``#tag`` (a tag starting so), ``label:``, ``article:``
    and ``state:`` (a prefix of that field), or a word found in quote, note, tags, label or the
    article's title, source or id (case ignored)."""
    a = item.annotation
    ref = a.article
    haystack = "\n".join([a.exact, a.note, *a.tags, a.label, ref.title, ref.source or "", ref.id])
    haystack = haystack.casefold()
    for term in query.casefold().split():
        field, colon, value = term.partition(":")
        if term.startswith("#") and len(term) > 1:
            if not any(t.casefold().startswith(term[1:]) for t in a.tags):
                return False
        elif colon and field in ("label", "colour", "color"):
            if not (a.label.casefold().startswith(value) or colour_name(a.label).startswith(value)):
                return False
        elif colon and field == "article":
            where = "\n".join([ref.id, ref.title, ref.path, ref.source or ""]).casefold()
            if value not in where:
                return False
        elif colon and field == "state":
            words = state_words(item.anchor).casefold()
            if not (str(item.anchor.state).startswith(value) or value in words):
                return False
        elif term not in haystack:
            return False
    return True


def _cut(text: str, width: int = LINE_CHARS) -> str:
    flat = " ".join(displayable(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def entry(item: Anchored) -> Text:
    a, where = item.annotation, item.anchor
    text = Text(end="")
    text.append("■ ", style=swatch(a.label))
    text.append(state_text(where), style=STATE_STYLES.get(where.state, ""))
    text.append("  ")
    title = _cut(a.article.title or a.article.id, LINE_CHARS - 30)
    text.append(title, style="bold")
    if a.article.source:
        text.append(" · " + _cut(a.article.source, LINE_CHARS - 30 - len(title)), style="dim")
    text.append("\n  ")
    text.append(_cut(f"“{a.exact}”", LINE_CHARS - 2), style="italic")
    details = [_cut(a.note, LINE_CHARS // 2)] if a.note.strip() else []
    details.extend(f"#{_cut(tag, 30)}" for tag in a.tags)
    if details:
        text.append("\n  ")
        text.append(_cut(" · ".join(details), LINE_CHARS - 2), style="dim")
    return text


class AnnotationsPanel(ModalScreen[Jump | Reattach | ExportShown | None]):
    BINDINGS = section_bindings("annotations")

    @dataclass
    class Loaded(Message):
        items: list[Anchored]

    def __init__(self, load: Callable[[], list[Anchored]], note: str | None = None) -> None:
        """``load`` anchors the annotations (it runs in a thread); ``note`` is a line about the
        store shown in the panel (read-only, in memory)."""
        super().__init__()
        self.load = load
        self.note = note
        self.items: list[Anchored] | None = None
        self.shown: list[Anchored] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="annotations-dialog", classes="dialog"):
            yield Input(placeholder="Filter annotations", id="annotations-filter", compact=True)
            yield OptionList(id="annotations-list")
            yield Static(id="annotations-status")
            yield Static(HINT, classes="dialog-hint")

    def on_mount(self) -> None:
        dialog = self.query_one("#annotations-dialog")
        dialog.border_title = "Annotations"
        if self.note:
            dialog.border_subtitle = Text(displayable(_cut(self.note, 60)))
        self._status("Finding every annotation in the articles…")
        self.query_one("#annotations-filter", Input).focus()
        self.run_worker(self._load_in_thread, name="anchoring annotations", thread=True,
                        group="annotations-panel", exclusive=True, exit_on_error=False)

    def _load_in_thread(self) -> None:
        items = self.load()
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(items))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.items = message.items
        self._refresh()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._status(f"Could not list the annotations: {event.worker.error}")

    def _status(self, line: str) -> None:
        self.query_one("#annotations-status", Static).update(Text(displayable(line), end=""))

    @on(Input.Changed, "#annotations-filter")
    def _refresh(self) -> None:
        if self.items is None:
            return
        query = self.query_one("#annotations-filter", Input).value
        self.shown = [item for item in self.items if matches(item, query)]
        options = self.query_one("#annotations-list", OptionList)
        options.set_options(Option(entry(item), id=item.annotation.id) for item in self.shown)
        if self.shown:
            options.highlighted = 0
        total = len(self.items)
        count = f"{len(self.shown)} of {total}" if query.strip() else str(total)
        self.query_one("#annotations-dialog").border_title = f"Annotations {count}"
        orphans = sum(1 for i in self.items if i.anchor.state is AnchorState.ORPHANED)
        if not total:
            self._status("No annotations yet: select text in the reader (v) and press a or h.")
        elif not self.shown:
            self._status("Nothing matches the filter.")
        else:
            self._status(f"{orphans} whose text is no longer in the article (ctrl+r re-attaches "
                         "one to the reader's selection)" if orphans else "")

    @property
    def current(self) -> Anchored | None:
        index = self.query_one("#annotations-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def action_cursor_down(self) -> None:
        self.query_one("#annotations-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#annotations-list", OptionList).action_cursor_up()

    def action_open(self) -> None:
        item = self.current
        if item is None:
            return
        if item.anchor.state is AnchorState.MISSING:
            self.notify("Its article is not in the corpus opened.", severity="warning",
                        markup=False)
            return
        self.dismiss(Jump(item.annotation.id, item.annotation.article.id, item.anchor.start,
                          item.anchor.end))

    def action_reattach(self) -> None:
        item = self.current
        if item is not None:
            self.dismiss(Reattach(item.annotation.id))

    def action_export(self) -> None:
        if self.items is None:
            self.notify("Still finding the annotations…", markup=False, timeout=3)
            return
        if not self.shown:
            self.notify("Nothing matches the filter: nothing to export.", markup=False,
                        timeout=3)
            return
        self.dismiss(ExportShown(tuple(item.annotation.id for item in self.shown)))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#annotations-filter")
    def _submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#annotations-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()
