"""The reader: an article's clean text in a centred column, drawn line by line (Line API).

Display lines come from :mod:`reader_layout` and know the raw offsets they cover, so everything
drawn on the text (sentence cursor, hidden boilerplate, highlight layers added by later features)
is a styled raw-offset range. Big articles are laid out in two steps: the first part at once, the
rest in a thread worker that posts the finished layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from tuiread.corpus import Article, Span
from tuiread.textsafe import displayable
from tuiread.ui.bindings import section_bindings
from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.reader_draw import LineDrawer, LineStyles
from tuiread.ui.reading.reader_layout import Layout, Pieces, layout_article
from tuiread.ui.reading.reader_marks import MarginMarks, Mark
from tuiread.ui.reading.reader_offsets import Highlight, SentenceMap
from tuiread.ui.reading.selection import SelectionMixin, selection_bindings_first
from tuiread.ui.reading.trail import TrailMixin
from tuiread.ui.styles import background, foreground, text_strip

# Articles up to this many characters are laid out at once (about 10 ms); longer ones show
# their first part this size at once and get the rest from a worker.
SYNC_LAYOUT_CHARS = 100_000
# Columns kept free on each side of the text when the window is narrower than the column.
GUTTER = 2
MIN_COLUMN = 20
# Lines kept visible above and below the sentence cursor when it moves (like vim's scrolloff).
SCROLL_MARGIN = 2
STRIP_CACHE_LINES = 512


class Reader(TrailMixin, SelectionMixin, ScrollView, can_focus=True):
    """Shows one article; a sentence cursor moves with ( ) { } and mouse clicks. Selecting and
    asking for annotations come from :class:`SelectionMixin` (its ``check_action`` enables the
    selection keys only while a selection is held)."""

    BINDINGS = selection_bindings_first(section_bindings("reader"))

    COMPONENT_CLASSES = {
        "reader--heading",
        "reader--hidden",
        "reader--label",
        "reader--cursor",
        "reader--cursor-blurred",
        "reader--message",
        "reader--selection",
    }

    DEFAULT_CSS = """
    Reader {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    Reader > .reader--heading { color: $text-accent; text-style: bold; }
    Reader > .reader--hidden { color: $text-disabled; }
    Reader > .reader--label { color: $text-muted; text-style: italic; }
    Reader > .reader--cursor { background: $primary 22%; }
    Reader > .reader--cursor-blurred { background: $primary 10%; }
    Reader > .reader--message { color: $text-muted; }
    Reader > .reader--selection { background: $accent 45%; }
    """

    @dataclass
    class CursorMoved(Message):
        """The sentence cursor moved (or a new article put it on its first sentence)."""

        reader: Reader
        article_id: str
        index: int
        span: Span

        @property
        def control(self) -> Reader:
            return self.reader

    class FindRequested(Message):
        """``/`` in the reader: the screen opens its find box."""

    @dataclass
    class ColumnChanged(Message):
        """The text column moved or changed width (``left`` cells from the reader's edge)."""

        reader: Reader
        left: int
        width: int

    @dataclass
    class LayoutReady(Message):
        """A worker finished laying out a big article."""

        generation: int
        layout: Layout

    def __init__(
        self,
        max_width: int = 88,
        show_hidden: bool = False,
        sentence_cursor: bool = True,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.max_width = max_width
        self.show_hidden = show_hidden
        self.show_cursor = sentence_cursor
        self.article: Article | None = None
        self.text_layout: Layout | None = None
        self.cursor = 0
        self._message = ""
        self._drawer: LineDrawer | None = None
        self._pieces: Pieces | None = None
        self._sentences: SentenceMap | None = None
        self._hidden = Highlight([], Style(), 0)
        self._highlights: dict[Layer, Highlight] = {}
        self.marks = MarginMarks()
        self._generation = 0
        self._pending_top: int | None = None
        self._positions: dict[str, tuple[int, int]] = {}  # article id -> (cursor, top offset)
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(STRIP_CACHE_LINES)
        self._column = (0, 0)

    # -- public API -------------------------------------------------------------------------

    @property
    def cursor_span(self) -> Span | None:
        """Raw span of the sentence under the cursor."""
        if self.article is None or not self.article.sentences:
            return None
        return self.article.sentences[self.cursor]

    def show_article(self, article: Article | None, message: str = "") -> None:
        """Show ``article`` (or, with None, ``message`` in place of text)."""
        if self.article is not None and self.text_layout is not None:
            self._positions[self.article.id] = (self.cursor, self._top_offset())
        self.article = article
        self._message = message
        self._highlights.clear()
        self.marks.clear()
        self.text_layout = None
        self._drawer = None
        if article is None:
            self.virtual_size = Size(0, 0)
            self._refresh_all()
            return
        self._pieces = Pieces(article)
        self._sentences = SentenceMap(article)
        self._hidden = Highlight.of([(h.start, h.end) for h in article.hidden], Style())
        cursor, top = self._positions.get(article.id, (0, 0))
        self.cursor = min(cursor, max(0, len(article.sentences) - 1))
        self._relayout(top)
        self._post_cursor()

    def set_show_hidden(self, show: bool) -> None:
        if show != self.show_hidden:
            self.show_hidden = show
            self._relayout(self._top_offset())
            self._keep_cursor_in_view()

    def set_highlights(self, name: Layer, spans: list[tuple[int, int]], style: Style) -> None:
        """Draw raw-offset ``spans`` with ``style`` as the layer ``name`` (replacing it)."""
        self._highlights[name] = Highlight.of(spans, style)
        self._refresh_all()

    def set_marks(self, marks: list[Mark]) -> None:
        """Margin marks beside the lines showing each mark's raw span (replacing them)."""
        self.marks.set(marks)
        self._refresh_all()

    def highlight_spans(self, name: Layer) -> list[Span] | None:
        """The spans of the layer ``name`` (None when there is no such layer)."""
        layer = self._highlights.get(name)
        return None if layer is None else list(layer.spans)

    def clear_highlights(self, name: Layer) -> None:
        if self._highlights.pop(name, None) is not None:
            self._refresh_all()

    def scroll_to_offset(self, offset: int) -> None:
        """Bring raw ``offset`` into view, a third of the way down if it has to scroll."""
        if self.text_layout is None or not self.text_layout:
            return
        line = self.text_layout.line_at(offset)
        if not self.text_layout.complete and offset > self.text_layout.ends[-1]:
            self._pending_top = offset
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False)

    def move_cursor(self, index: int) -> None:
        """Put the sentence cursor on sentence ``index`` and keep it in view."""
        if self.article is None or not self.article.sentences:
            return
        index = max(0, min(index, len(self.article.sentences) - 1))
        if index != self.cursor:
            self.cursor = index
            self._refresh_all()
            self._post_cursor()
        self._keep_cursor_in_view()

    def line_text(self, index: int) -> str:
        """The plain text of display line ``index`` as drawn (without the margin)."""
        if self._drawer is None or not 0 <= index < len(self.text_layout):
            return ""
        return self._drawer.plain(index)

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence holding raw ``offset`` (or the next one)."""
        return self._sentences.sentence_at(offset) if self._sentences else None

    # -- actions ----------------------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self._move_from_view(+1)

    def action_prev_sentence(self) -> None:
        self._move_from_view(-1)

    def action_next_paragraph(self) -> None:
        if self.cursor_span is not None:
            self.move_cursor(self._sentences.next_paragraph(self.cursor))

    def action_prev_paragraph(self) -> None:
        if self.cursor_span is not None:
            self.move_cursor(self._sentences.prev_paragraph(self.cursor))

    def action_find(self) -> None:
        self.post_message(self.FindRequested())

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    # -- cursor helpers ---------------------------------------------------------------------

    def _cursor_lines(self) -> range | None:
        span = self.cursor_span
        if span is None or self.text_layout is None:
            return None
        return self.text_layout.lines_between(span.start, span.end)

    def _move_from_view(self, step: int) -> None:
        """Move by ``step`` sentences; from the top of the view if the cursor was scrolled away."""
        lines = self._cursor_lines()
        if lines is None:
            return
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if lines.stop <= top or lines.start >= top + height:
            layout = self.text_layout
            first_shown = self.sentence_at(layout.starts[min(top, len(layout) - 1)])
            if first_shown is not None:
                self.move_cursor(first_shown)
                return
        self.move_cursor(self.cursor + step)

    def _keep_cursor_in_view(self) -> None:
        lines = self._cursor_lines()
        if lines is None:
            return
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if height <= 0:
            return
        margin = min(SCROLL_MARGIN, max(0, (height - len(lines)) // 2))
        if lines.start - margin < top:
            self.scroll_to(y=max(0, lines.start - margin), animate=False)
        elif lines.stop + margin > top + height:
            target = min(lines.stop + margin - height, lines.start - margin)
            self.scroll_to(y=max(0, target), animate=False)

    def _post_cursor(self) -> None:
        span = self.cursor_span
        if self.article is not None and span is not None:
            self.post_message(self.CursorMoved(self, self.article.id, self.cursor, span))

    # -- layout -----------------------------------------------------------------------------

    def _column_width(self) -> int:
        available = self.scrollable_content_region.width - 2 * GUTTER
        return max(MIN_COLUMN, min(self.max_width, available))

    def _top_offset(self) -> int:
        if self.text_layout is None or not len(self.text_layout) or int(self.scroll_y) == 0:
            return 0
        return self.text_layout.starts[min(int(self.scroll_y), len(self.text_layout) - 1)]

    def _relayout(self, top_offset: int) -> None:
        if self.article is None or self.scrollable_content_region.width <= 0:
            return
        self._generation += 1
        width = self._column_width()
        first = layout_article(self.article, width, self.show_hidden, max_chars=SYNC_LAYOUT_CHARS)
        self._set_layout(first, top_offset)
        if not first.complete:
            self._pending_top = top_offset if top_offset > first.ends[-1] else None
            self.run_worker(
                partial(self._layout_in_thread, self._generation, self.article, width,
                        self.show_hidden),
                # A name and description of our own: the default is the repr of the work, and
                # that would print the whole article.
                name="reader layout", description="laying out a long article",
                thread=True, group="reader-layout", exclusive=True, exit_on_error=False,
            )

    def _layout_in_thread(self, generation: int, article: Article, width: int,
                          show_hidden: bool) -> None:
        worker = get_current_worker()
        layout = layout_article(article, width, show_hidden, cancelled=lambda: worker.is_cancelled)
        if layout is not None:
            self.post_message(self.LayoutReady(generation, layout))

    @on(LayoutReady)
    def _layout_ready(self, message: LayoutReady) -> None:
        message.stop()
        if message.generation == self._generation:
            top = self._pending_top if self._pending_top is not None else self._top_offset()
            self._pending_top = None
            self._set_layout(message.layout, top)

    def _set_layout(self, layout: Layout, top_offset: int) -> None:
        self.text_layout = layout
        self._drawer = LineDrawer(self.article, layout, self._pieces)
        self.virtual_size = Size(self.scrollable_content_region.width, len(layout))
        self._refresh_all()
        line = layout.line_at(top_offset) if top_offset else 0
        self.scroll_to(y=line, animate=False, immediate=True)
        self._post_column()

    def _post_column(self) -> None:
        column = (self._margin(), self.text_layout.width if self.text_layout else 0)
        if column != self._column:
            self._column = column
            self.post_message(self.ColumnChanged(self, *column))

    def _refresh_all(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.article is None:
            return
        if self.text_layout is None or self.text_layout.width != self._column_width():
            self._relayout(self._top_offset())
        else:
            self.virtual_size = Size(self.scrollable_content_region.width, len(self.text_layout))
            self._cache.clear()
            self._post_column()

    def notify_style_update(self) -> None:
        # Drawn lines keep the component styles they were drawn with: after a theme change
        # restyled them, draw again.
        super().notify_style_update()
        self._refresh_all()

    def on_focus(self) -> None:
        self._refresh_all()

    def on_blur(self) -> None:
        self._refresh_all()

    # -- mouse ------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if self.click_ends_drag():
            return
        raw = self.raw_offset_at(event)
        sentence = self.sentence_at(raw) if raw is not None else None
        if sentence is not None:
            self.move_cursor(sentence)

    def raw_offset_at(self, event: events.MouseEvent) -> int | None:
        """The raw offset of the text under the mouse (the nearest word on that line)."""
        offset = event.get_content_offset(self)
        if offset is None or self.text_layout is None or self._drawer is None:
            return None
        index = int(self.scroll_y) + offset.y
        if not 0 <= index < len(self.text_layout):
            return None
        return self._drawer.raw_at(index, offset.x - self._margin())

    def _margin(self) -> int:
        width = self.scrollable_content_region.width
        return max(0, (width - (self.text_layout.width if self.text_layout else 0)) // 2)

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_y) + y
        if self._drawer is None or index >= len(self.text_layout):
            message = self._message
            if self._drawer is not None and not self.text_layout:
                message = "Nothing to show: all of this article is hidden (H shows it)."
            if message and y == 1:
                text = Text(displayable(message), end="")
                text.stylize(foreground(self, "reader--message"))
                return self._strip(text, max(0, (width - text.cell_len) // 2), width, base)
            return Strip.blank(width, base)
        key = (index, width)
        strip = self._cache.get(key)
        if strip is None:
            margin = self._margin()
            strip = self._strip(self._draw(index), margin, width, base)
            layout = self.text_layout
            mark = self.marks.for_line(layout.starts[index], layout.ends[index])
            strip = self.marks.stamp(strip, mark, margin, base)
            self._cache[key] = strip
        return strip

    def _draw(self, index: int) -> Text:
        cursor_class = "reader--cursor" if self.has_focus else "reader--cursor-blurred"
        styles = LineStyles(
            text=Style(),
            heading=foreground(self, "reader--heading"),
            hidden=foreground(self, "reader--hidden"),
            label=foreground(self, "reader--label"),
            cursor=background(self, cursor_class),
        )
        cursor = self.cursor_span if self.show_cursor else None
        layers = [*self._highlights.values(), *self.selection_layers()]  # the selection on top
        return self._drawer.draw(index, styles, self._hidden, cursor, layers)

    def _strip(self, text: Text, margin: int, width: int, base: Style) -> Strip:
        return text_strip(self.app.console, text, margin, width, base)
