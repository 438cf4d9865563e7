"""The reading screen: the article list on the left, the reader on the right."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from tuiread.config import Settings
from tuiread.corpus import Article, Corpus
from tuiread.ui.bindings import bindings
from tuiread.ui.screens.compare import start_comparison
from tuiread.ui.widgets.article_list import SORT_KEYS, ArticleList, filter_articles, sort_articles
from tuiread.ui.widgets.reader import Reader
from tuiread.ui.widgets.reader_header import ReaderHeader

# Width of the article list: a share of the window, within limits so neither pane gets cramped.
LIST_SHARE = 0.38
LIST_MIN, LIST_MAX = 28, 70
# Rebuilding the list costs about 50 µs a row: up to this many articles the filter applies on
# every keystroke; above, once typing pauses for FILTER_PAUSE seconds.
FILTER_IMMEDIATE_MAX = 1_000
FILTER_PAUSE = 0.15


def display_path(path: Path, roots: list[Path]) -> str:
    """``path`` relative to the corpus root holding it (a root that is a file: its name)."""
    for root in roots:
        base = root.parent if root.is_file() else root
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


class MainScreen(Screen[None], inherit_bindings=False):
    # Nothing is focused automatically: the list takes focus once the corpus is in it.
    AUTO_FOCUS = ""
    BINDINGS = bindings(
        "app.focus_list", "app.focus_reader", "app.focus_next", "app.focus_previous",
        "app.filter", "app.clear_filter", "app.next_article", "app.prev_article", "app.sort",
        "app.reverse_sort", "app.toggle_hidden", "app.compare", "app.search",
    )

    class Ready(Message):
        """The screen is composed: the corpus can be loaded into it."""

    @dataclass
    class ArticleOpened(Message):
        """The reader now shows ``article``."""

        article: Article

    def __init__(self, settings: Settings, roots: list[Path]) -> None:
        super().__init__()
        self.settings = settings
        self.roots = roots
        self.corpus: Corpus | None = None
        self.sort_key = settings.list.sort
        self.reverse = settings.list.reverse
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        reader = self.settings.reader
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield Input(placeholder="Filter: title, source or id", id="filter", compact=True)
                yield ArticleList(id="articles")
                with Vertical(id="loading"):
                    yield Static("Reading the corpus…", id="loading-label")
                    yield ProgressBar(id="loading-bar", show_eta=False, show_percentage=True)
                yield self.app.search_keeper.status_widget(id="index-status")
            with Vertical(id="reader-pane"):
                yield ReaderHeader(id="reader-header")
                yield Reader(max_width=reader.max_width, show_hidden=reader.show_hidden,
                             sentence_cursor=reader.sentence_cursor, id="reader")
        yield Footer(compact=True)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    def on_mount(self) -> None:
        self.query_one("#reader-header").display = False
        self.article_list.display = False
        self.reader.show_article(None, "Reading the corpus…")
        self.post_message(self.Ready())

    def on_resize(self) -> None:
        pane = self.query_one("#list-pane")
        pane.styles.width = max(LIST_MIN, min(LIST_MAX, int(self.size.width * LIST_SHARE)))

    # -- loading ----------------------------------------------------------------------------

    def show_progress(self, done: int, total: int) -> None:
        self.query_one("#loading-bar", ProgressBar).update(total=total, progress=done)
        label = self.query_one("#loading-label", Static)
        label.update(f"Reading the corpus… {done:,} of {total:,} files")

    def show_corpus(self, corpus: Corpus, open_id: str | None = None) -> None:
        """Fill the list from ``corpus`` and open ``open_id`` (else the first row)."""
        self.corpus = corpus
        self.query_one("#loading").display = False
        self.article_list.display = True
        if self.focused is None:
            self.article_list.focus()
        if not corpus.articles:
            self.reader.show_article(None, "No articles: nothing readable was found (P lists why).")
        self._refresh_list(keep=open_id)
        self._open_current()

    def show_copies(self, copies: dict[str, list[str]]) -> None:
        """Mark syndicated copies in the list (a count beside the title)."""
        self.article_list.copies = {key: len(value) for key, value in copies.items()}
        self._refresh_list()

    # -- list -------------------------------------------------------------------------------

    def _refresh_list(self, keep: str | None = None) -> None:
        if self.corpus is None:
            return
        query = self.query_one("#filter", Input).value
        shown = sort_articles(filter_articles(self.corpus.articles, query), self.sort_key,
                              self.reverse)
        table = self.article_list
        table.sort_key, table.reverse = self.sort_key, self.reverse
        table.set_articles(shown, keep=keep or self._open_id())
        pane = self.query_one("#list-pane")
        total = len(self.corpus.articles)
        pane.border_title = f"Articles {len(shown):,}" + (f" of {total:,}" if query else "")
        arrow = "▼" if self.reverse else "▲"
        pane.border_subtitle = f"by {self.sort_key} {arrow}"

    def _open_id(self) -> str | None:
        article = self.reader.article
        return article.id if article is not None else None

    def _open_current(self) -> None:
        article_id = self.article_list.current_id
        if article_id is not None and self.corpus is not None:
            self.open_article(article_id)

    def open_article(self, article_id: str) -> None:
        """Show the article ``article_id`` in the reader (no-op if already shown)."""
        if self.corpus is None or article_id == self._open_id():
            return
        article = self.corpus.get(article_id)
        if article is None:
            return
        self.reader.show_article(article)
        self.query_one(ReaderHeader).display = True
        self.query_one(ReaderHeader).show(article, display_path(article.path, self.roots),
                                          self.reader.show_hidden)
        self.post_message(self.ArticleOpened(article))

    @on(Reader.ColumnChanged)
    def _align_header(self, event: Reader.ColumnChanged) -> None:
        """The header's text starts and ends where the reader's column does."""
        right = max(0, event.reader.size.width - event.left - event.width)
        self.query_one(ReaderHeader).styles.padding = (0, right, 0, event.left)

    @on(DataTable.RowHighlighted, "#articles")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # A rebuilt list reports row 0 before the cursor returns to the open article: only the
        # row the cursor is on now counts.
        if event.row_key.value is not None and event.row_key.value == self.article_list.current_id:
            self.open_article(event.row_key.value)

    @on(DataTable.RowSelected, "#articles")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_article(event.row_key.value)
            self.reader.focus()

    @on(DataTable.HeaderSelected, "#articles")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key = key
        self._refresh_list()

    # -- filter -----------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if self.corpus is not None and len(self.corpus.articles) > FILTER_IMMEDIATE_MAX:
            self._filter_timer = self.set_timer(FILTER_PAUSE, self._apply_filter)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer = None
        self._refresh_list()
        self._open_current()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.article_list.focus()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.article_list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            box = self.query_one("#filter", Input)
            return box.display or bool(box.value)
        return True

    # -- actions ----------------------------------------------------------------------------

    def action_focus_list(self) -> None:
        self.article_list.focus()

    def action_focus_reader(self) -> None:
        self.reader.focus()

    def _step_article(self, delta: int) -> None:
        table = self.article_list
        if table.step(delta):
            self._open_current()
        else:
            self.app.bell()

    def action_next_article(self) -> None:
        self._step_article(+1)

    def action_prev_article(self) -> None:
        self._step_article(-1)

    def action_cycle_sort(self) -> None:
        self.sort_key = SORT_KEYS[(SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)]
        self._refresh_list()

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self._refresh_list()

    def action_compare(self) -> None:
        article = self.reader.article
        if self.corpus is None or article is None or len(self.corpus.articles) < 2:
            self.app.bell()
            return
        start_comparison(self.app, article, self.corpus, self.show_sentence)

    def show_sentence(self, article_id: str, sentence: int) -> None:
        """Open ``article_id`` in the reader with the sentence cursor on ``sentence``."""
        self.article_list.select_id(article_id)
        self.open_article(article_id)
        self.reader.move_cursor(sentence)
        self.reader.focus()

    def action_search(self) -> None:
        self.app.search_keeper.open_screen()

    def action_toggle_hidden(self) -> None:
        reader = self.reader
        reader.set_show_hidden(not reader.show_hidden)
        header = self.query_one(ReaderHeader)
        header.show(header.article, header.path_text, reader.show_hidden)
