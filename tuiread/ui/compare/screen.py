"""The comparison screen: two articles side by side, their discrepancies listed beside them.

The comparison is computed in a thread worker that posts the result; the screen then fills the
view, the header and the list. Enter on a sentence closes the screen with that sentence as the
result, and the reading screen opens it in the reader (Esc there comes back to this screen as it
was). The screen owns the view, so it draws the annotations of both articles itself, anchored by
workers it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from tuiread.annotations import Anchored
from tuiread.annotations.service import current_spans
from tuiread.compare import Comparison, compare
from tuiread.compare.rows import LEGEND as ROW_LEGEND
from tuiread.compare.rows import describe
from tuiread.corpus import Article, Corpus, Span
from tuiread.textsafe import displayable
from tuiread.ui.annotations.exporter import ExportDone
from tuiread.ui.annotations.flow import AnnotationFlow
from tuiread.ui.annotations.marks import CURRENT_LAYER, CURRENT_STYLE, colour_layers, tint
from tuiread.ui.annotations.messages import AnchorsReady
from tuiread.ui.bindings import bindings
from tuiread.ui.compare.header import CompareHeader, summary
from tuiread.ui.compare.layout import LEFT, RIGHT, CompareTarget, row_of_offset
from tuiread.ui.compare.view import CompareView
from tuiread.ui.host import host, report_failure
from tuiread.ui.reading.navigation import Place
from tuiread.ui.reading.requests import AnnotateRequested, EditRequested, annotate_request
from tuiread.ui.shared.footer import KeyFooter
from tuiread.ui.trace.screen import TraceScreen

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
    BINDINGS = bindings("app.help", "compare.close", "compare.next_difference",
                        "compare.prev_difference",
                        "compare.toggle_similar", "compare.swap", "compare.annotate",
                        "compare.highlight", "compare.edit_annotation", "compare.toggle_fold",
                        "compare.trace", "app.annotations", "app.export_annotations",
                        "app.undo_annotation")

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
        self.annotations = AnnotationFlow(self, self._paint_annotations)

    def compose(self) -> ComposeResult:
        with Container(id="compare-body"):
            with Vertical(id="compare-main"):
                yield CompareHeader(id="compare-header")
                yield CompareView(id="compare-view")
            yield OptionList(id="compare-issues")
        yield KeyFooter(compact=True)

    @property
    def view(self) -> CompareView:
        return self.query_one(CompareView)

    def on_mount(self) -> None:
        self.query_one("#compare-issues").border_title = "Discrepancies"
        self.query_one("#compare-main").border_subtitle = LEGEND
        self.view.show_message("Comparing the two articles…")
        self._start(None)

    def on_screen_resume(self) -> None:
        self._paint_annotations()  # they may have changed in the reader meanwhile

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

    # -- annotations ------------------------------------------------------------------------

    @on(CompareView.CursorMoved)
    def _cursor_moved(self) -> None:
        self.annotations.cursor_moved()
        self._paint_annotations()

    def _paint_annotations(self) -> None:
        """Draw both articles' annotations (anchoring those not known yet) and underline the
        ones under the cursor."""
        if self.comparison is None:
            return
        service = host(self).services.annotations
        for article in (self.comparison.left, self.comparison.right):
            items = service.items(article.id)
            if items is not None:
                self._paint_article(article.id, items)
            elif service.needs_anchoring(article.id):
                self.annotations.anchor(article)

    def _paint_article(self, article_id: str, items: list[Anchored]) -> None:
        view = self.view
        base = view.background_colors[1]
        for layer, spans in colour_layers(items).items():
            view.set_highlights(article_id, layer, spans, tint(layer.name, base))
        target = view.current()
        cursor = None
        if target is not None and target.article.id == article_id:
            cursor = Span(target.part.start, target.part.end)
        view.set_highlights(article_id, CURRENT_LAYER, current_spans(items, cursor),
                            CURRENT_STYLE)

    @on(AnchorsReady)
    def _anchors_ready(self, message: AnchorsReady) -> None:
        result = message.result
        shown = self.comparison is not None and result.article_id in (
            self.comparison.left.id, self.comparison.right.id)
        if host(self).services.annotations.accept(result) and shown:
            self._paint_article(result.article_id, result.items)

    @on(AnnotateRequested)
    def _annotate(self, message: AnnotateRequested) -> None:
        message.stop()
        self.annotations.annotate(message, lambda: None)

    @on(EditRequested)
    def _edit(self, message: EditRequested) -> None:
        message.stop()
        self.annotations.edit(message)

    def action_annotations(self) -> None:
        self.annotations.open_panel(None, self._jump_to_annotation)

    def _jump_to_annotation(self, article: Article, offset: int) -> None:
        host(self).reveal(article.id, Place(offset=offset), came_from=self)

    def action_export_annotations(self) -> None:
        self.annotations.open_export(None)

    @on(ExportDone)
    def _export_done(self, message: ExportDone) -> None:
        message.stop()
        self.annotations.export_done(message)

    def action_undo_annotation(self) -> None:
        self.annotations.undo()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        # The app reports the error; here the view stops saying "Comparing…".
        report_failure(self, event)
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
        """The sentence under the cursor across every article; enter there opens one in the
        reader, and Esc there comes back here."""
        target = self.view.current()
        corpus = self.corpus or host(self).corpus
        if target is None or corpus is None:
            self.app.bell()
            return

        def opened(place: tuple[str, int] | None) -> None:
            if place is not None:
                host(self).reveal(place[0], Place(sentence=place[1]), came_from=self)

        self.app.push_screen(TraceScreen(target.article, target.sentence, corpus), opened)

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
