"""Choosing the article to compare with: the others, ranked by how much of the story they share,
narrowed by a fuzzy filter as you type. Returns the chosen article.

Ranking needs every article prepared once (seconds for thousands of articles): that runs in a
thread worker owned by the app, so it finishes and is kept even if the picker is closed first.
Until it arrives the list is in title order and can already be filtered and chosen from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rapidfuzz import fuzz, process
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tuiread.compare import Related
from tuiread.compare.service import RelatedIndexes
from tuiread.corpus import Article, Corpus
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings
from tuiread.ui.host import host
from tuiread.ui.reading.reader_header import short_title
from tuiread.ui.styles import foreground

# How many of the others are ranked: each is aligned with the article (a few ms each).
RELATED_SHOWN = 20
# Options listed at once; in a bigger corpus typing narrows the rest into view.
OPTIONS_MAX = 200
# Each typed word must reach this rapidfuzz partial_ratio against the title, source and id: a
# prefix or a near miss ("zelenskiy" for "Zelensky" scores 89) passes, an unrelated word does not.
FILTER_MIN = 75


def haystack(article: Article) -> str:
    """What the filter matches typed words against."""
    return f"{article.title} {article.source or ''} {article.id}".casefold()


def fuzzy_filter(articles: list[Article], query: str,
                 haystacks: list[str] | None = None) -> list[Article]:
    """The articles every word of ``query`` nearly matches, best first (ties keep their order).
    ``haystacks`` are the articles' :func:`haystack` strings, if already made."""
    words = query.casefold().split()
    if not words:
        return list(articles)
    haystacks = haystacks if haystacks is not None else [haystack(a) for a in articles]
    totals: dict[int, float] | None = None
    for word in words:
        found = process.extract(word, haystacks, scorer=fuzz.partial_ratio,
                                score_cutoff=FILTER_MIN, limit=None)
        scores = {index: score for _, score, index in found}
        if totals is None:
            totals = scores
        else:
            totals = {i: total + scores[i] for i, total in totals.items() if i in scores}
    ranked = sorted(totals, key=lambda i: (-totals[i], i))
    return [articles[i] for i in ranked]


class ComparePicker(ModalScreen[Article | None]):
    CSS_PATH = "compare.tcss"
    BINDINGS = bindings("picker.close", "picker.choose", "picker.down", "picker.up",
                        "picker.page_down", "picker.page_up")
    COMPONENT_CLASSES = {"picker--share", "picker--source"}

    @dataclass
    class Ranked(Message):
        """The others ranked by relatedness to the picker's article."""

        related: list[Related]

    def __init__(self, article: Article, corpus: Corpus) -> None:
        super().__init__()
        self.article = article
        self.corpus = corpus
        self.related: list[Related] | None = None
        self.shown: list[Article] = []
        self._moved = False  # the user moved the highlight since the list was last filtered
        self._ordered: list[Article] = []
        self._haystacks: list[str] = []
        self._filtered_for = ""  # the filter text the list shows the matches of

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog", classes="dialog"):
            yield Static(id="picker-about")
            yield Input(placeholder="Filter: title, source or id", id="picker-filter",
                        compact=True)
            yield OptionList(id="picker-options")
            yield Static("enter compares · ↑ ↓ choose · escape cancels · A / B: the share of "
                         "this article found in that one, and of that one found in this",
                         classes="dialog-hint")

    @property
    def options(self) -> OptionList:
        return self.query_one("#picker-options", OptionList)

    def on_mount(self) -> None:
        self.query_one("#picker-dialog").border_title = "Compare with…"
        about = Text("Comparing ")
        about.append(displayable(short_title(self.article.title)), style="bold")
        self.query_one("#picker-about", Static).update(about)
        self._order()
        self._fill()
        self.query_one("#picker-filter").focus()
        self.options.border_subtitle = "ranking by shared story…"
        self.app.run_worker(
            partial(self._rank_in_thread, host(self).services.related, self.article,
                    self.corpus),
            name="related articles", description="ranking related articles",
            thread=True, group="compare-related", exclusive=True, exit_on_error=False,
        )

    def _rank_in_thread(self, indexes: RelatedIndexes, article: Article, corpus: Corpus) -> None:
        worker = get_current_worker()
        workspace = getattr(self.app, "workspace", None)
        if workspace is not None and workspace.corpus_loaded and workspace.corpus is corpus:
            # Candidates from the search index: nothing prepared for the whole corpus.
            index = workspace.related_index(lambda: worker.is_cancelled)
        else:
            index = indexes.get(corpus, lambda: worker.is_cancelled)
        if index is None:
            return
        ranked = index.related(article, RELATED_SHOWN)
        self.post_message(self.Ranked(ranked))

    @on(Ranked)
    def _ranked(self, message: Ranked) -> None:
        self.related = message.related
        self.options.border_subtitle = "ranked by score · shared text this / that"
        self._order()
        # The highlight stays where the user put it; left alone, it goes to the best ranked.
        option = self.options.highlighted_option
        self._fill(keep=option.id if option and self._moved else None)

    # -- the list ---------------------------------------------------------------------------

    def _order(self) -> None:
        """The others: ranked ones first, best first, then the rest by title."""
        ranked = [r.article for r in self.related or []]
        ids = {a.id for a in ranked} | {self.article.id}
        rest = sorted((a for a in self.corpus.articles if a.id not in ids),
                      key=lambda a: (a.title.casefold(), a.id))
        self._ordered = ranked + rest
        self._haystacks = [haystack(a) for a in self._ordered]

    def _prompt(self, article: Article, related: Related | None) -> Text:
        share = foreground(self, "picker--share")
        text = Text(end="")
        # The score the list is ranked by, then the share of each article with a counterpart.
        if related is None:
            text.append(" " * 17, style=share)
        else:
            figures = related.reuse
            text.append(f"{related.score:.3f} {figures.left:>4.0%} / {figures.right:<4.0%}",
                        style=share)
        text.append("  ")
        text.append(displayable(short_title(article.title)))
        if article.source:
            text.append(f"  — {displayable(article.source)}",
                        style=foreground(self, "picker--source"))
        return text

    def _fill(self, keep: str | None = None) -> None:
        query = self.query_one("#picker-filter", Input).value
        self._filtered_for = query
        options = self.options
        matched = fuzzy_filter(self._ordered, query, self._haystacks)
        self.shown = matched[:OPTIONS_MAX]
        by_id = {r.article.id: r for r in self.related or []}
        options.clear_options()
        options.add_options([Option(self._prompt(a, by_id.get(a.id)), id=a.id)
                             for a in self.shown])
        ids = [a.id for a in self.shown]
        if self.shown:
            options.highlighted = ids.index(keep) if keep in ids else 0
        total = len(self.corpus.articles) - 1
        title = f"{len(matched):,} of {total:,}" if query.strip() else f"{total:,} articles"
        if len(matched) > len(self.shown):
            title += f" · first {len(self.shown):,} shown"
        options.border_title = title

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self) -> None:
        self._moved = False
        self._fill()

    @on(Input.Submitted, "#picker-filter")
    def _filter_submitted(self) -> None:
        # The box takes enter for itself: submitting it chooses the highlighted article.
        self.action_choose()

    @on(OptionList.OptionSelected, "#picker-options")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, article_id: str | None) -> None:
        article = self.corpus.get(article_id) if article_id else None
        if article is None:
            self.app.bell()
            return
        self.dismiss(article)

    # -- actions ----------------------------------------------------------------------------

    def action_choose(self) -> None:
        if self.query_one("#picker-filter", Input).value != self._filtered_for:
            self._moved = False  # the list has not caught up with the last keys yet
            self._fill()
        option = self.options.highlighted_option
        self._choose(option.id if option else None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self._moved = True
        self.options.action_cursor_down()

    def action_cursor_up(self) -> None:
        self._moved = True
        self.options.action_cursor_up()

    def action_page_down(self) -> None:
        self._moved = True
        self.options.action_page_down()

    def action_page_up(self) -> None:
        self._moved = True
        self.options.action_page_up()
