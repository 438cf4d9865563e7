"""The trace screen: the sentence at the cursor, then what every other article made of it (the
same words, other words, another figure, or nothing), ordered by date when dates are known.

The work is ``tuiread.compare.trace.trace`` in a thread worker; enter on an entry opens the
counterpart in the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from tuiread.compare.rows import LEGEND, describe
from tuiread.compare.service import RelatedIndexes
from tuiread.compare.trace import Trace, TraceEntry, trace
from tuiread.corpus import Article, Corpus
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings
from tuiread.ui.host import host, report_failure
from tuiread.ui.shared.footer import KeyFooter

# With this many articles or fewer the sentence is traced in every one; with more, in the
# related set (the same limits as `tuiread trace`).
TRACE_ALL_MAX = 50
TRACE_RELATED = 20
WORKER_GROUP = "trace"

Place = tuple[str, int]  # article id, sentence index


class TraceScreen(Screen[Place | None]):
    AUTO_FOCUS = "#trace-entries"
    BINDINGS = bindings("app.help", "trace.close", "trace.open")
    DEFAULT_CSS = """
    TraceScreen #trace-sentence { padding: 0 1; border: round $panel-lighten-2; height: auto; }
    TraceScreen #trace-entries { height: 1fr; border: round $primary; }
    """

    @dataclass
    class Traced(Message):
        found: Trace

    def __init__(self, article: Article, sentence: int, corpus: Corpus) -> None:
        super().__init__()
        self.article, self.sentence, self.corpus = article, sentence, corpus
        self.found: Trace | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="trace-sentence")
        yield OptionList(id="trace-entries")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        span = self.article.sentences[self.sentence]
        header = Text(end="")
        header.append(f"{displayable(self.article.title)} · sentence {self.sentence + 1}\n",
                      style="bold")
        header.append(displayable(self.article.visible_text(span.start, span.end)))
        self.query_one("#trace-sentence", Static).update(header)
        entries = self.query_one("#trace-entries", OptionList)
        entries.border_title = "Tracing the sentence in the other articles…"
        entries.border_subtitle = LEGEND
        self.run_worker(
            partial(self._trace_in_thread, host(self).services.related, self.article,
                    self.sentence, self.corpus),
            name="trace", description="tracing a sentence",
            thread=True, group=WORKER_GROUP, exclusive=True, exit_on_error=False,
        )

    def _trace_in_thread(self, indexes: RelatedIndexes, article: Article, sentence: int,
                         corpus: Corpus) -> None:
        worker = get_current_worker()
        others = [a for a in corpus.articles if a.id != article.id]
        if len(others) > TRACE_ALL_MAX:
            index = indexes.get(corpus, lambda: worker.is_cancelled)
            if index is None:
                return
            by_id = {a.id: a for a in others}
            others = [by_id[i] for i, _ in index.candidates(article, TRACE_RELATED) if i in by_id]
        found = trace(article, sentence, others, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(self.Traced(found))

    @on(Traced)
    def _traced(self, message: Traced) -> None:
        self.found = message.found
        entries = self.query_one("#trace-entries", OptionList)
        entries.clear_options()
        entries.add_options([Option(entry_prompt(e), id=str(n))
                             for n, e in enumerate(message.found.entries)])
        kept = sum(1 for e in message.found.entries if e.counterpart is not None)
        entries.border_title = (f"In {kept} of {len(message.found.entries)} other articles"
                                " · enter opens one")
        if message.found.entries:
            entries.highlighted = 0

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
        if event.worker.group == WORKER_GROUP and event.state == WorkerState.ERROR:
            self.query_one("#trace-entries", OptionList).border_title = (
                f"The trace failed: {event.worker.error}")

    @on(OptionList.OptionSelected, "#trace-entries")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(int(event.option.id or 0))

    def action_open(self) -> None:
        highlighted = self.query_one("#trace-entries", OptionList).highlighted
        if highlighted is not None:
            self._open(highlighted)

    def _open(self, n: int) -> None:
        if self.found is None or not 0 <= n < len(self.found.entries):
            return
        entry = self.found.entries[n]
        if entry.counterpart is None:
            self.app.bell()
            return
        self.dismiss((entry.article.id, entry.counterpart.sentences[0]))

    def action_close(self) -> None:
        self.dismiss(None)


def entry_prompt(entry: TraceEntry) -> Text:
    """One entry: marker, date, outlet and title, the counterpart, its changes and
    discrepancies (article text shown literally)."""
    article = entry.article
    text = Text(end="")
    text.append(f"{entry.marker} ", style="bold")
    text.append(f"{article.date or '—'}  ", style="dim")
    if article.source:
        text.append(f"{displayable(article.source)} · ", style="italic")
    text.append(displayable(article.title), style="bold")
    if entry.counterpart is None:
        text.append("\n  (no counterpart: not reported here)", style="dim")
        return text
    text.append("\n  " + displayable(entry.counterpart.text))
    for d in entry.discrepancies:
        text.append(f"\n  ! {displayable(describe(d))}", style="bold yellow")
    changed = [c for c in entry.changes if c.kind == "replace"]
    if changed:
        words = "; ".join(f"{displayable(c.left.text)} → {displayable(c.right.text)}"
                          for c in changed[:MAX_CHANGES_SHOWN])
        more = len(changed) - MAX_CHANGES_SHOWN
        text.append(f"\n  changed: {words}" + (f" (+{more} more)" if more > 0 else ""),
                    style="dim")
    return text


# Replacements listed under an entry; the comparison screen shows them all.
MAX_CHANGES_SHOWN = 4
