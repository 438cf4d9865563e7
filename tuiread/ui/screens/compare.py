"""The comparison screen: two articles side by side, their discrepancies listed beside them.

The comparison is computed in a thread worker that posts the result; the screen then fills the
view, the header and the list. Enter on a sentence closes the screen with that sentence as the
result, and the caller opens it in the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Container, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from tuiread.compare import Comparison, compare
from tuiread.compare.rows import LEGEND as ROW_LEGEND
from tuiread.compare.rows import describe
from tuiread.corpus import Article, Corpus
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings
from tuiread.ui.screens.compare_picker import ComparePicker
from tuiread.ui.trace.screen import start_trace
from tuiread.ui.widgets.annotation_marks import EditRequested, annotate_request
from tuiread.ui.widgets.compare_header import CompareHeader, summary
from tuiread.ui.widgets.compare_layout import LEFT, RIGHT, CompareTarget, row_of_offset
from tuiread.ui.widgets.compare_view import CompareView

# What the marker at the start of a row means, under the columns.
LEGEND = ROW_LEGEND
# From this width the discrepancy list sits beside the columns; narrower, below them.
SIDE_PANEL_MIN = 150
WORKER_GROUP = "compare"


@dataclass(frozen=True, slots=True)
class Jump:
    """Where an entry of the discrepancy list leads: a row, and the side to put the cursor on."""

    row: int
    side: str


class CompareScreen(Screen[CompareTarget | None]):
    CSS_PATH = "compare.tcss"
    AUTO_FOCUS = "#compare-view"
    BINDINGS = bindings("compare.close", "compare.next_difference", "compare.prev_difference",
                        "compare.toggle_similar", "compare.swap", "compare.annotate",
                        "compare.highlight", "compare.edit_annotation", "compare.toggle_fold",
                        "compare.trace")

    @dataclass
    class ComparisonReady(Message):
        comparison: Comparison
        keep: tuple[str, int] | None  # article id and raw offset to keep the cursor on

    def __init__(self, left: Article, right: Article, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.left, self.right = left, right
        self.corpus = corpus  # what the trace (t) searches
        self.comparison: Comparison | None = None
        self._jumps: dict[str, Jump] = {}

    def compose(self) -> ComposeResult:
        with Container(id="compare-body"):
            with Vertical(id="compare-main"):
                yield CompareHeader(id="compare-header")
                yield CompareView(id="compare-view")
            yield OptionList(id="compare-issues")
        yield Footer(compact=True)

    @property
    def view(self) -> CompareView:
        return self.query_one(CompareView)

    def on_mount(self) -> None:
        self.query_one("#compare-issues").border_title = "Discrepancies"
        self.query_one("#compare-main").border_subtitle = LEGEND
        self.view.show_message("Comparing the two articles…")
        self._start(None)

    def on_resize(self) -> None:
        self.query_one("#compare-body").set_class(self.size.width >= SIDE_PANEL_MIN, "-wide")

    # -- computing --------------------------------------------------------------------------

    def _start(self, keep: tuple[str, int] | None) -> None:
        self.run_worker(
            partial(self._compare_in_thread, self.left, self.right, keep),
            name="comparison", description="comparing two articles",
            thread=True, group=WORKER_GROUP, exclusive=True, exit_on_error=False,
        )

    def _compare_in_thread(self, left: Article, right: Article,
                           keep: tuple[str, int] | None) -> None:
        worker = get_current_worker()
        comparison = compare(left, right)
        if not worker.is_cancelled:
            self.post_message(self.ComparisonReady(comparison, keep))

    @on(ComparisonReady)
    def _comparison_ready(self, message: ComparisonReady) -> None:
        self.comparison = message.comparison
        self.view.show(message.comparison, message.keep)
        self._fill_issues(message.comparison)
        self._update_header()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        # The app reports the error itself; here the view stops saying "Comparing…".
        if event.worker.group == WORKER_GROUP and event.state == WorkerState.ERROR:
            self.view.show_message(f"The comparison failed: {event.worker.error}")

    def _update_header(self) -> None:
        view = self.view
        parts = summary(self.comparison, view.infos, view.row_count, view.hide_similar)
        if view.folded:
            parts.append(f"{view.folded:,} one-sided rows folded (z)")
        self.query_one(CompareHeader).show(self.comparison, parts)

    @on(CompareView.ColumnsChanged)
    def _columns_changed(self, event: CompareView.ColumnsChanged) -> None:
        self.query_one(CompareHeader).set_columns(event.left, event.column)

    # -- discrepancy list -------------------------------------------------------------------

    def _jump_for(self, comparison: Comparison, row: int | None, left: int, right: int) -> Jump:
        if row is not None:
            return Jump(row, LEFT)
        found = row_of_offset(comparison, LEFT, left)
        if found is not None:
            return Jump(found, LEFT)
        return Jump(row_of_offset(comparison, RIGHT, right) or 0, RIGHT)

    def _fill_issues(self, comparison: Comparison) -> None:
        issues = self.query_one("#compare-issues", OptionList)
        issues.clear_options()
        self._jumps = {}
        options: list[Option | None] = []
        for n, d in enumerate(comparison.discrepancies):
            key = f"discrepancy-{n}"
            self._jumps[key] = self._jump_for(comparison, d.row, d.left.start, d.right.start)
            prompt = Text(end="")
            kind, _, note = describe(d).partition(": ")
            prompt.append(f"! {kind}: ", style="bold")
            prompt.append(displayable(note))
            options.append(Option(prompt, id=key))
        if comparison.quotes and options:
            options.append(None)
        for n, q in enumerate(comparison.quotes):
            key = f"quote-{n}"
            self._jumps[key] = self._jump_for(comparison, None, q.left.start, q.right.start)
            prompt = Text(end="")
            prompt.append("= " if q.exact else "≈ ", style="bold")
            prompt.append(f"“{displayable(q.left.text)}”")
            options.append(Option(prompt, id=key))
        # With nothing to list the panel goes; the header still counts both.
        issues.display = bool(options)
        issues.add_options(options)
        if options:
            issues.highlighted = 0
        issues.border_title = (f"Discrepancies {len(comparison.discrepancies)} · "
                               f"shared quotes {len(comparison.quotes)}")

    @on(OptionList.OptionSelected, "#compare-issues")
    def _issue_selected(self, event: OptionList.OptionSelected) -> None:
        jump = self._jumps.get(event.option.id or "")
        if jump is not None:
            self.view.move_to_row(jump.row, jump.side)
            self.view.focus()

    # -- actions ----------------------------------------------------------------------------

    @on(CompareView.Chosen)
    def _chosen(self, event: CompareView.Chosen) -> None:
        self.dismiss(event.target)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_next_difference(self) -> None:
        if not self.view.next_difference():
            self.app.bell()

    def action_prev_difference(self) -> None:
        if not self.view.previous_difference():
            self.app.bell()

    def action_toggle_similar(self) -> None:
        view = self.view
        view.set_hide_similar(not view.hide_similar)
        if self.comparison is not None:
            self._update_header()

    def action_toggle_fold(self) -> None:
        view = self.view
        view.set_fold(not view.fold)
        if self.comparison is not None:
            self._update_header()

    def action_trace(self) -> None:
        """The sentence under the cursor across every article; enter there opens one."""
        target = self.view.current()
        if target is None or self.corpus is None:
            self.app.bell()
            return

        def opened(place: tuple[str, int] | None) -> None:
            if place is not None:
                self.dismiss(None)
                self._open_sentence(*place)

        start_trace(self.app, target.article, target.sentence, self.corpus, opened)

    def _open_sentence(self, article_id: str, sentence: int) -> None:
        # Set by start_comparison: the reader opens the sentence once this screen is gone.
        if self.open_sentence is not None:
            self.open_sentence(article_id, sentence)

    open_sentence: Callable[[str, int], None] | None = None

    def action_swap(self) -> None:
        """Exchange the sides; the cursor stays on the same sentence of the same article."""
        if self.comparison is None:
            return
        target = self.view.current()
        keep = (target.article.id, target.part.start) if target else None
        self.left, self.right = self.right, self.left
        self._start(keep)

    def _annotate_current(self, quick: bool) -> None:
        target = self.view.current()
        request = None
        if target is not None:
            request = annotate_request(target.article, target.part.start, target.part.end,
                                       quick)
        if request is None:
            self.app.bell()
        else:
            self.post_message(request)

    def action_annotate(self) -> None:
        """Annotate the sentence under the cursor, on either side (the app's annotator asks)."""
        self._annotate_current(quick=False)

    def action_highlight(self) -> None:
        self._annotate_current(quick=True)

    def action_edit_annotation(self) -> None:
        """Open the annotation on the sentence under the cursor to edit or delete it."""
        target = self.view.current()
        if target is None:
            self.app.bell()
        else:
            self.post_message(EditRequested(target.article, target.part.start, target.part.end))


def start_comparison(app: App, article: Article, corpus: Corpus,
                     open_sentence: Callable[[str, int], None]) -> None:
    """Ask which article to compare ``article`` with, then show the comparison; Enter on a
    sentence there closes it and calls ``open_sentence(article id, sentence index)``."""

    def opened(target: CompareTarget | None) -> None:
        if target is not None:
            open_sentence(target.article.id, target.sentence)

    def chosen(other_article: Article | None) -> None:
        if other_article is not None:
            screen = CompareScreen(article, other_article, corpus)
            screen.open_sentence = open_sentence
            app.push_screen(screen, opened)

    app.push_screen(ComparePicker(article, corpus), chosen)
