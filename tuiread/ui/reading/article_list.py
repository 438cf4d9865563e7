"""The article list: a table of title, source and word count, filtered and sorted on request."""

from __future__ import annotations

import operator
import time
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from tuiread.corpus import Article
from tuiread.textsafe import displayable
from tuiread.ui.bindings import section_bindings

SORT_KEYS = ("title", "source", "date", "words", "path")
# The date column holds the day (YYYY-MM-DD).
DATE_WIDTH = 10
# A filter word of at least this many letters also matches a near miss (a typo in a name):
# rapidfuzz's partial_ratio of the word against the title, source and id must reach FUZZY_MIN.
FUZZY_MIN_LENGTH = 4
FUZZY_MIN = 85
WORDS_MIN_WIDTH = 5
SOURCE_MIN, SOURCE_MAX = 8, 20
# Narrower than this, a title column is not worth showing beside the others: drop those instead.
TITLE_MIN = 20
# Each column gets one cell of padding on both sides.
CELL_PADDING = 2
ARROWS = {False: " ▲", True: " ▼"}
# A long list is filled a slice at a time so the UI thread never stalls: this many rows at once
# (the visible ones and more), then slices of at most this long (seconds) between frames.
FIRST_ROWS = 200
SLICE_SECONDS = 0.03


def sort_articles(articles: Iterable[Article], key: str, reverse: bool = False) -> list[Article]:
    """Articles ordered by ``key`` (one of SORT_KEYS); ties and missing sources go by id."""
    if key == "title":
        def order(a: Article) -> tuple:
            return (a.title.casefold(), a.id)
    elif key == "source":
        def order(a: Article) -> tuple:
            return (a.source is None, (a.source or "").casefold(), a.id)
    elif key == "date":
        def order(a: Article) -> tuple:
            return (a.date is None, a.date or "", a.id)
    elif key == "words":
        def order(a: Article) -> tuple:
            return (a.words, a.id)
    else:
        # Ids are unique: no tie to break, and a C-level key sorts 100,000 rows at once.
        return sorted(articles, key=_BY_ID, reverse=reverse)
    return sorted(articles, key=order, reverse=reverse)


_BY_ID = operator.attrgetter("id")


def matches(article: Article, query: str) -> bool:
    """Every word of ``query`` occurs in the title, source or id (or nearly, for longer words)."""
    haystack = f"{article.title} {article.source or ''} {article.id}".casefold()
    for word in query.casefold().split():
        if word in haystack:
            continue
        if len(word) < FUZZY_MIN_LENGTH or fuzz.partial_ratio(word, haystack) < FUZZY_MIN:
            return False
    return True


def filter_articles(articles: Iterable[Article], query: str) -> list[Article]:
    return [a for a in articles if matches(a, query)] if query.strip() else list(articles)


class ArticleList(DataTable, inherit_bindings=True):
    """One row per article, keyed by article id."""

    BINDINGS = section_bindings("list")

    DEFAULT_CSS = """
    ArticleList { height: 1fr; scrollbar-size-horizontal: 0; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self.articles: list[Article] = []
        self.sort_key = "path"
        self.reverse = False
        self._widths: dict[str, int] | None = None
        # Rows still to add to a long list, and which fill they belong to.
        self._pending: Iterator[Article] | None = None
        self._fill = 0
        self._keep: str | None = None
        self.copies: dict[str, int] = {}  # article id -> number of syndicated copies

    @property
    def current_id(self) -> str | None:
        """Id of the article under the cursor."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value
        except CellDoesNotExist:
            return None

    def set_articles(self, articles: list[Article], keep: str | None = None) -> None:
        """Show ``articles`` in this order; the cursor stays on ``keep`` if it is among them."""
        self.articles = articles
        self._rebuild(keep)

    def select_id(self, article_id: str) -> bool:
        try:
            row = self.get_row_index(article_id)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=row)
        return True

    def step(self, delta: int) -> bool:
        """Move the cursor ``delta`` rows; False at either end."""
        target = self.cursor_row + delta
        if not self.row_count or not 0 <= target < self.row_count:
            return False
        self.move_cursor(row=target)
        return True

    def _column_widths(self) -> dict[str, int]:
        """Width of each column shown; narrow panes drop words, then source, to keep titles."""
        total = self.scrollable_content_region.width or self.size.width or 60
        most = max((a.words for a in self.articles), default=0)
        words = max(WORDS_MIN_WIDTH, len(f"{most:,}"))
        source = max(SOURCE_MIN, min(SOURCE_MAX, (total - words) // 4))
        dated = any(a.date for a in self.articles)
        title = total - 4 * CELL_PADDING - source - DATE_WIDTH - words
        if title >= TITLE_MIN and dated:
            return {"title": title, "source": source, "date": DATE_WIDTH, "words": words}
        title = total - 3 * CELL_PADDING - source - DATE_WIDTH
        if title >= TITLE_MIN and dated:  # a date says more about a news story than its length
            return {"title": title, "source": source, "date": DATE_WIDTH}
        title = total - 3 * CELL_PADDING - source - words
        if title >= TITLE_MIN:
            return {"title": title, "source": source, "words": words}
        title = total - 2 * CELL_PADDING - source
        if title >= TITLE_MIN:
            return {"title": title, "source": source}
        return {"title": max(TITLE_MIN, total - CELL_PADDING)}

    def _rebuild(self, keep: str | None) -> None:
        keep = keep or self.current_id
        widths = self._column_widths()
        self._widths = widths
        self.clear(columns=True)
        arrow = ARROWS[self.reverse]
        for key, width in widths.items():
            label = key.capitalize() + (arrow if self.sort_key == key else "")
            if key == "words":
                label = label.rjust(width)
            self.add_column(label, width=width, key=key)
        self._fill += 1
        self._pending = iter(self.articles)
        self._keep = keep
        self._add_rows(self._fill, first=True)

    def _add_rows(self, fill: int, first: bool = False) -> None:
        """Add the next rows of fill number ``fill`` (a newer fill stops an older one)."""
        if fill != self._fill or self._pending is None:
            return
        widths = self._widths or {}
        deadline = time.perf_counter() + SLICE_SECONDS
        for added, a in enumerate(self._pending, 1):
            title = Text(no_wrap=True, overflow="ellipsis")
            if self.copies.get(a.id):
                title.append(f"⧉{self.copies[a.id]} ", style="bold")
            title.append(displayable(a.title))
            cells = {
                "title": title,
                "date": Text((a.date or "")[:DATE_WIDTH] or "—", no_wrap=True,
                             style="" if a.date else "dim"),
                "source": Text(displayable(a.source or "—"), no_wrap=True, overflow="ellipsis",
                               style="" if a.source else "dim"),
                "words": Text(f"{a.words:,}", justify="right", no_wrap=True),
            }
            self.add_row(*(cells[key] for key in widths), key=a.id)
            if a.id == self._keep:
                self.select_id(a.id)
            if added >= FIRST_ROWS and (first or time.perf_counter() > deadline):
                self.set_timer(0.001, lambda: self._add_rows(fill))
                return
        self._pending = None

    def on_resize(self) -> None:
        if self._widths is not None and self._column_widths() != self._widths:
            self._rebuild(None)
