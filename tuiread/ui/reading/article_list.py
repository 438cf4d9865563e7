"""The article list: a table of title, source, date and word count, filtered and sorted on request.

The list draws only the rows on screen from the Python list it is given (Textual's Line API), so
showing 100,000 articles costs what showing 30 does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tuiread.corpus import Article
from tuiread.corpus.copies import Copies
from tuiread.textsafe import displayable
from tuiread.ui.bindings import section_bindings
from tuiread.ui.reading.list_order import column_of

# The date column holds the day (YYYY-MM-DD).
DATE_WIDTH = 10
WORDS_MIN_WIDTH = 5
SOURCE_MIN, SOURCE_MAX = 8, 20
# Narrower than this, a title column is not worth showing beside the others: drop those instead.
TITLE_MIN = 20
# Each column gets one cell of padding on both sides.
CELL_PADDING = 2
ARROWS = {False: " ▲", True: " ▼"}
# The header takes the first line of the widget; rows start below it.
HEADER_HEIGHT = 1


class CopyCounts(Mapping[str, int]):
    """The copies of each article, counted when its row is drawn (a dict of them all would be
    made on the UI thread: 100,000 entries when every article has copies)."""

    def __init__(self, copies: Copies) -> None:
        self._copies = copies

    def __getitem__(self, article_id: str) -> int:
        if article_id not in self._copies:
            raise KeyError(article_id)
        return self._copies.count(article_id)

    def get(self, article_id: str, default: int | None = None) -> int | None:  # type: ignore[override]
        return self._copies.count(article_id) if article_id in self._copies else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._copies)

    def __len__(self) -> int:
        return len(self._copies)


class _RowMessage(Message):
    def __init__(self, article_list: ArticleList, article_id: str) -> None:
        super().__init__()
        self.article_list = article_list
        self.article_id = article_id

    @property
    def control(self) -> ArticleList:
        return self.article_list


class ArticleList(ScrollView, can_focus=True):
    """One line per article of ``articles`` under a fixed header; only visible lines are drawn."""

    BINDINGS = section_bindings("list")

    COMPONENT_CLASSES = {"article-list--header", "article-list--cursor"}

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        scrollbar-size-horizontal: 0;
        &:focus {
            background-tint: $foreground 5%;
            & > .article-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .article-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .article-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .article-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class Highlighted(_RowMessage):
        """The cursor is now on ``article_id``."""

    class Opened(_RowMessage):
        """The user asked to read ``article_id`` (enter, or a click on the cursor row)."""

    class HeaderClicked(Message):
        """The user clicked the label of ``column_key`` (one of SORT_KEYS)."""

        def __init__(self, article_list: ArticleList, column_key: str) -> None:
            super().__init__()
            self.article_list = article_list
            self.column_key = column_key

        @property
        def control(self) -> ArticleList:
            return self.article_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.articles: Sequence[Article] = []
        self.sort_key = "path"
        self.reverse = False
        # article id -> number of syndicated copies (any mapping: see ``CopyCounts``)
        self.copies: Mapping[str, int] = {}
        self.cursor_row = 0
        self._widths: dict[str, int] | None = None
        self._words_width = WORDS_MIN_WIDTH
        self._dated = False

    # -- the list ---------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.articles)

    @property
    def current_id(self) -> str | None:
        """Id of the article under the cursor."""
        if not 0 <= self.cursor_row < len(self.articles):
            return None
        return self.articles[self.cursor_row].id

    @property
    def current_article(self) -> Article | None:
        """The article under the cursor."""
        if not 0 <= self.cursor_row < len(self.articles):
            return None
        return self.articles[self.cursor_row]

    def set_articles(self, articles: Sequence[Article], keep: str | None = None) -> None:
        """Show ``articles`` in this order; the cursor stays on ``keep`` (else on the article it
        is on now) if it is among them, else goes to the first row."""
        before = self.current_id
        keep = keep or before
        self.articles = articles
        # From columns: the articles of a big corpus are made only as their rows are drawn.
        most = max(column_of(articles, "words"), default=0)
        self._words_width = max(WORDS_MIN_WIDTH, len(f"{most:,}"))
        self._dated = any(column_of(articles, "date"))
        self._widths = self._column_widths()
        row = self._row_of(keep) if keep is not None else None
        self.cursor_row = row if row is not None else 0
        self._update_size()
        self.refresh()
        self._scroll_to_cursor()
        self.call_after_refresh(self._scroll_to_cursor)  # once the new size is laid out
        if self.current_id is not None and self.current_id != before:
            self.post_message(self.Highlighted(self, self.current_id))

    def select_id(self, article_id: str) -> bool:
        row = self._row_of(article_id)
        if row is None:
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

    def move_cursor(self, *, row: int) -> None:
        """Put the cursor on ``row`` (clamped to the list), scrolled into view."""
        if not self.articles:
            return
        row = max(0, min(row, len(self.articles) - 1))
        old, self.cursor_row = self.cursor_row, row
        if row != old:
            self._refresh_row(old)
            self._refresh_row(row)
            self.post_message(self.Highlighted(self, self.articles[row].id))
        self._scroll_to_cursor()

    def cells(self, row: int) -> dict[str, Text]:
        """The text of each column of ``row`` (all columns, shown or not), as drawn."""
        a = self.articles[row]
        title = Text(no_wrap=True, overflow="ellipsis")
        count = self.copies.get(a.id)
        if count:
            title.append(f"⧉{count} ", style="bold")
        title.append(_one_line(a.title))
        return {
            "title": title,
            "source": Text(_one_line(a.source or "—"), no_wrap=True, overflow="ellipsis",
                           style="" if a.source else "dim"),
            "date": Text((a.date or "")[:DATE_WIDTH] or "—", no_wrap=True,
                         style="" if a.date else "dim"),
            "words": Text(f"{a.words:,}", no_wrap=True, justify="right"),
        }

    def _row_of(self, article_id: str) -> int | None:
        # One look-up per change of list or jump: a C-level scan (a few ms at 100,000 rows)
        # costs less than building an index of every id would.
        try:
            return column_of(self.articles, "id").index(article_id)
        except ValueError:
            return None

    # -- layout -----------------------------------------------------------------------------

    def _column_widths(self) -> dict[str, int]:
        """Width of each column shown; narrow panes drop words, then source, to keep titles."""
        total = self.scrollable_content_region.width or self.size.width or 60
        words = self._words_width
        if self.sort_key == "words":  # room for the label's sort arrow
            words = max(words, len("Words") + len(ARROWS[self.reverse]))
        source = max(SOURCE_MIN, min(SOURCE_MAX, (total - words) // 4))
        dated = self._dated
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

    def _update_size(self) -> None:
        width = sum(w + CELL_PADDING for w in (self._widths or {}).values())
        self.virtual_size = Size(width, len(self.articles) + HEADER_HEIGHT)

    def on_resize(self) -> None:
        widths = self._column_widths()
        if widths != self._widths:
            self._widths = widths
            self._update_size()
            self.refresh()
        self._scroll_to_cursor()

    @property
    def _page(self) -> int:
        """Rows that fit under the header."""
        return max(1, self.scrollable_content_region.height - HEADER_HEIGHT)

    def _scroll_to_cursor(self) -> None:
        top, page = round(self.scroll_y), self._page
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + page:
            self.scroll_to(y=self.cursor_row - page + 1, animate=False)

    def _refresh_row(self, row: int) -> None:
        y = row - round(self.scroll_y) + HEADER_HEIGHT
        if HEADER_HEIGHT <= y < self.size.height:
            self.refresh_line(y)

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < HEADER_HEIGHT:
            style = base + self.get_component_rich_style("article-list--header")
            return self._strip(self._header_cells(), style, width)
        row = round(self.scroll_y) + y - HEADER_HEIGHT
        if not 0 <= row < len(self.articles):
            return Strip.blank(width, base)
        if row == self.cursor_row:
            base = base + self.get_component_rich_style("article-list--cursor")
        return self._strip(self.cells(row), base, width)

    def _header_cells(self) -> dict[str, Text]:
        arrow = ARROWS[self.reverse]
        return {key: Text(key.capitalize() + (arrow if self.sort_key == key else ""),
                          justify="right" if key == "words" else "left")
                for key in (self._widths or {})}

    def _strip(self, cells: dict[str, Text], style: Style, width: int) -> Strip:
        """One line: each shown column cut or padded to its width, one space either side."""
        segments: list[Segment] = []
        for key, cell_width in (self._widths or {}).items():
            text = cells[key]
            if text.justify == "right":
                text = text.copy()
                text.truncate(cell_width, overflow="ellipsis")
                text.pad_left(cell_width - text.cell_len)
            else:
                text = text.copy()
                text.truncate(cell_width, overflow="ellipsis", pad=True)
            segments.append(Segment(" "))
            segments.extend(text.render(self.app.console))
            segments.append(Segment(" "))
        return Strip(Segment.apply_style(segments, style)).crop_extend(0, width, style)

    # -- keys and mouse ---------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_select_cursor(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self, self.current_id))

    # The arrows, home/end and page keys come from ScrollView's bindings: here they move the
    # cursor (the view follows it), as in any list.
    def action_scroll_down(self) -> None:
        self.action_cursor_down()

    def action_scroll_up(self) -> None:
        self.action_cursor_up()

    def action_scroll_home(self) -> None:
        self.action_scroll_top()

    def action_scroll_end(self) -> None:
        self.action_scroll_bottom()

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._page)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._page)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y < HEADER_HEIGHT:
            key = self._column_at(offset.x)
            if key is not None:
                self.post_message(self.HeaderClicked(self, key))
            return
        row = round(self.scroll_y) + offset.y - HEADER_HEIGHT
        if not 0 <= row < self.row_count:
            return
        if row == self.cursor_row:  # a click on the highlighted row opens it, as enter does
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)

    def _column_at(self, x: int) -> str | None:
        left = 0
        for key, width in (self._widths or {}).items():
            left += width + CELL_PADDING
            if x < left:
                return key
        return None


def _one_line(text: str) -> str:
    """``text`` safe to show on one line: controls visible, line breaks as spaces."""
    return displayable(text).replace("\n", " ")
