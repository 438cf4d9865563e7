"""The comparison view: two articles in two columns, each sentence facing its counterpart.

Drawn line by line (Line API) from a :class:`CompareLayout`; both columns are one scrolling
surface, so they scroll together. A cursor sits on one row and one side: ``cursor_row`` and
``side`` are public, and :meth:`current` names the sentence under it. Highlight layers (the
annotations) are kept per article, so they follow it when the sides are swapped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tuiread.compare import Comparison
from tuiread.corpus import Span
from tuiread.textsafe import displayable
from tuiread.ui.bindings import bindings
from tuiread.ui.compare.draw import GAP, GUTTER, Layers, Palette, RowDrawer
from tuiread.ui.compare.folds import fold_rows
from tuiread.ui.compare.layout import (
    LEFT,
    RIGHT,
    CompareLayout,
    CompareTarget,
    RowInfo,
    difference_stops,
    layout_comparison,
    other,
    row_infos,
    row_of_offset,
    shown_rows,
)
from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.reader_layout import Pieces
from tuiread.ui.reading.reader_offsets import Highlight
from tuiread.ui.styles import text_strip

EDGE = 1  # cells kept free left of the markers
# A column wider than this is hard to read: wider windows centre two columns this wide.
COLUMN_MAX = 90
MIN_COLUMN = 12
SCROLL_MARGIN = 2  # lines kept visible around the cursor row when it moves
STRIP_CACHE_LINES = 512


class CompareView(ScrollView, can_focus=True):
    BINDINGS = bindings(
        "compare.down", "compare.up", "compare.top", "compare.bottom", "compare.page_down",
        "compare.page_up", "compare.left_side", "compare.right_side", "compare.open",
    )

    COMPONENT_CLASSES = {
        "compare--delete",
        "compare--insert",
        "compare--discrepancy",
        "compare--marker",
        "compare--marker-discrepancy",
        "compare--marker-left",
        "compare--marker-right",
        "compare--rule",
        "compare--cursor",
        "compare--cursor-blurred",
        "compare--counterpart",
        "compare--message",
    }

    DEFAULT_CSS = """
    CompareView {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    CompareView > .compare--delete { color: $text-error; background: $error 10%; }
    CompareView > .compare--insert { color: $text-success; background: $success 10%; }
    CompareView > .compare--discrepancy { color: $text-warning; text-style: bold underline; }
    CompareView > .compare--marker { color: $text-muted; }
    CompareView > .compare--marker-discrepancy { color: $text-warning; text-style: bold; }
    CompareView > .compare--marker-left { color: $text-error; }
    CompareView > .compare--marker-right { color: $text-success; }
    CompareView > .compare--rule { color: $panel-lighten-2; }
    CompareView > .compare--cursor { background: $primary 25%; }
    CompareView > .compare--cursor-blurred { background: $primary 12%; }
    CompareView > .compare--counterpart { background: $primary 8%; }
    CompareView > .compare--message { color: $text-muted; }
    """

    @dataclass
    class CursorMoved(Message):
        """The cursor moved to another row or side."""

        view: CompareView
        row: int
        side: str

        @property
        def control(self) -> CompareView:
            return self.view

    @dataclass
    class ColumnsChanged(Message):
        """The columns moved or changed width: ``left`` cells from the edge, ``column`` wide."""

        view: CompareView
        left: int
        column: int

    @dataclass
    class Chosen(Message):
        """Enter on a sentence: open it."""

        view: CompareView
        target: CompareTarget

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.comparison: Comparison | None = None
        self.infos: list[RowInfo] = []
        self.hide_similar = False
        self.fold = True  # runs of one-sided rows folded (tuiread.compare.rows.folds)
        self.folded = 0  # rows the folds hide
        self._fold_labels: dict[int, str] = {}  # last row shown before a fold -> its label
        self.cursor_row = 0  # index into comparison.rows
        self.side = LEFT  # the side the user chose; see current_side
        self.shown: list[int] = []
        self.stops: list[int] = []
        self._message = ""
        self._layout: CompareLayout | None = None
        self._pieces: tuple[Pieces, Pieces] | None = None
        self._drawer: RowDrawer | None = None
        self._palette: Palette | None = None
        self._cache: LRUCache[int, Strip] = LRUCache(STRIP_CACHE_LINES)
        self._columns = (0, 0)
        self._highlights: dict[str, dict[Layer, Highlight]] = {}  # article id -> name -> layer

    # -- public API -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return len(self.shown)

    @property
    def current_side(self) -> str:
        """The side the cursor is on: the chosen one, or the other where the chosen is blank."""
        if self.comparison is None or not self.comparison.rows:
            return self.side
        row = self.comparison.rows[self.cursor_row]
        part = row.left if self.side == LEFT else row.right
        return self.side if part is not None else other(self.side)

    def current(self) -> CompareTarget | None:
        """The sentence group under the cursor."""
        if self.comparison is None or not self.shown:
            return None
        row = self.comparison.rows[self.cursor_row]
        side = self.current_side
        part = row.left if side == LEFT else row.right
        article = self.comparison.left if side == LEFT else self.comparison.right
        return CompareTarget(side, article, part, self.cursor_row)

    def show_message(self, message: str) -> None:
        """Show ``message`` in place of a comparison."""
        self.comparison = None
        self._message = message
        self.shown, self.stops, self._layout = [], [], None
        self.virtual_size = Size(0, 0)
        self._refresh_all()

    def show(self, comparison: Comparison, keep: tuple[str, int] | None = None) -> None:
        """Show ``comparison``; ``keep`` (article id, raw offset) puts the cursor on the row
        showing that place, on that article's side."""
        self.comparison = comparison
        self._message = ""
        self.infos = row_infos(comparison)
        self._pieces = (Pieces(comparison.left), Pieces(comparison.right))
        self._drawer = RowDrawer(comparison, self.infos)
        self.cursor_row, side = 0, self.side
        if keep is not None:
            side = LEFT if keep[0] == comparison.left.id else RIGHT
            found = row_of_offset(comparison, side, keep[1])
            self.cursor_row = found if found is not None else 0
        self.side = side
        self._reshow()

    def set_hide_similar(self, hide: bool) -> None:
        """Hide or show identical and near-identical pairs."""
        if hide != self.hide_similar:
            self.hide_similar = hide
            if self.comparison is not None:
                self._reshow()

    def set_fold(self, fold: bool) -> None:
        """Fold runs of one-sided rows, or unfold them all."""
        if fold != self.fold:
            self.fold = fold
            if self.comparison is not None:
                self._reshow()

    def move_to_row(self, row: int, side: str | None = None) -> None:
        """Put the cursor on comparison row ``row`` (the nearest shown row if it is hidden)."""
        if not self.shown:
            return
        if row not in self._layout.position:
            later = [n for n in self.shown if n >= row]
            row = later[0] if later else self.shown[-1]
        before = self.cursor_row
        moved = row != before or (side is not None and side != self.side)
        self.cursor_row = row
        if side is not None:
            self.side = side
        if moved:
            self._refresh_rows(before, row)
            self._post_moved()
        self._keep_cursor_in_view()

    def next_difference(self) -> bool:
        """Move to the next difference; False when there is none below."""
        later = [n for n in self.stops if n > self.cursor_row]
        if not later:
            return False
        self.move_to_row(later[0])
        return True

    def previous_difference(self) -> bool:
        earlier = [n for n in self.stops if n < self.cursor_row]
        if not earlier:
            return False
        self.move_to_row(earlier[-1])
        return True

    def set_highlights(self, article_id: str, name: Layer, spans: list[tuple[int, int]],
                       style: Style) -> None:
        """Draw raw-offset ``spans`` of article ``article_id`` with ``style`` as its layer
        ``name`` (replacing it), on whichever side the article is."""
        layer = Highlight.of(spans, style)
        layers = self._highlights.setdefault(article_id, {})
        if layers.get(name) != layer:
            layers[name] = layer
            self._refresh_all()

    def highlight_spans(self, article_id: str, name: Layer) -> list[Span] | None:
        """The spans of article ``article_id``'s layer ``name`` (None when there is none)."""
        layer = self._highlights.get(article_id, {}).get(name)
        return None if layer is None else list(layer.spans)

    def _side_layers(self) -> Layers:
        comparison = self.comparison
        return {side: list(self._highlights.get(article.id, {}).values())
                for side, article in ((LEFT, comparison.left), (RIGHT, comparison.right))}

    @property
    def layout(self) -> CompareLayout | None:
        """The shown rows wrapped to the current width."""
        return self._layout

    def line_text(self, line: int) -> str:
        """The characters of display line ``line`` (scrolled into view or not)."""
        if self._layout is None or not 0 <= line < len(self._layout):
            return ""
        palette = self._palette or Palette.of(self, self.has_focus)
        text = self._drawer.line(self._layout, line, self._columns[1],
                                 (self.cursor_row, self.current_side), palette,
                                 self._side_layers())
        return " " * self._columns[0] + text.plain

    # -- actions ----------------------------------------------------------------------------

    def _step(self, delta: int) -> None:
        if not self.shown:
            return
        position = self._layout.position.get(self.cursor_row, 0)
        target = max(0, min(len(self.shown) - 1, position + delta))
        self.move_to_row(self.shown[target])

    def action_cursor_down(self) -> None:
        self._step(+1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first_row(self) -> None:
        if self.shown:
            self.move_to_row(self.shown[0])

    def action_last_row(self) -> None:
        if self.shown:
            self.move_to_row(self.shown[-1])

    def _page(self, direction: int) -> None:
        if self._layout is None or not len(self._layout):
            return
        height = self.scrollable_content_region.height
        top = max(0, min(int(self.max_scroll_y), int(self.scroll_y) + direction * height))
        self.scroll_to(y=top, animate=False, immediate=True)
        self.move_to_row(self._row_at_line(top))

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_left_side(self) -> None:
        self.move_to_row(self.cursor_row, LEFT)

    def action_right_side(self) -> None:
        self.move_to_row(self.cursor_row, RIGHT)

    def action_open(self) -> None:
        target = self.current()
        if target is not None:
            self.post_message(self.Chosen(self, target))

    # -- layout -----------------------------------------------------------------------------

    def _geometry(self) -> tuple[int, int]:
        """The left edge of the gutter and the width of each column."""
        width = self.scrollable_content_region.width
        column = max(MIN_COLUMN, min(COLUMN_MAX, (width - EDGE - GUTTER - len(GAP)) // 2))
        left = max(EDGE, (width - GUTTER - len(GAP) - 2 * column) // 2)
        return left, column

    def _row_at_line(self, line: int) -> int:
        layout = self._layout
        line = max(0, min(line, len(layout) - 1))
        position = layout.line_row[line]
        if position < 0:  # the blank line between rows belongs to the next row
            position = layout.line_row[line + 1]
        return layout.rows[position].row

    def _reshow(self) -> None:
        self.shown = shown_rows(self.infos, self.hide_similar)
        self.stops = difference_stops(self.infos, self.shown)
        self.shown, self._fold_labels, self.folded = fold_rows(self.infos, self.shown, self.fold)
        self.stops = [n for n in self.stops if n in set(self.shown)]
        self._relayout()
        if self.shown and self.cursor_row not in self._layout.position:
            later = [n for n in self.shown if n >= self.cursor_row]
            self.cursor_row = later[0] if later else self.shown[-1]
        self._refresh_all()
        self._post_moved()
        self.call_after_refresh(self._keep_cursor_in_view)

    def _relayout(self) -> None:
        if self.comparison is None:
            return
        column = self._geometry()[1]
        self._layout = layout_comparison(self.comparison, self.shown, column, self._pieces)
        self._update_geometry()

    def _update_geometry(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._layout))
        columns = self._geometry()
        if columns != self._columns:
            self._columns = columns
            self.post_message(self.ColumnsChanged(self, *columns))

    def _keep_cursor_in_view(self) -> None:
        if self._layout is None or self.cursor_row not in self._layout.position:
            return
        lines = self._layout.lines_of(self.cursor_row)
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        if height <= 0:
            return
        margin = min(SCROLL_MARGIN, max(0, (height - len(lines)) // 2))
        if lines.start - margin < top:
            self.scroll_to(y=max(0, lines.start - margin), animate=False, immediate=True)
        elif lines.stop + margin > top + height:
            target = min(lines.stop + margin - height, lines.start - margin)
            self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def _post_moved(self) -> None:
        # Sent as the view's own: Textual stops a message at its sender, and the screen's
        # handlers (the comparison arriving, ] and [) would otherwise keep it from the app.
        self.post_message(self.CursorMoved(self, self.cursor_row, self.current_side)
                          .set_sender(self))

    def _refresh_all(self) -> None:
        self._cache.clear()
        self._palette = None
        self.refresh()

    def _refresh_rows(self, *rows: int) -> None:
        """Redraw only the lines of ``rows`` (the cursor left one and entered another)."""
        for row in rows:
            if self._layout is None or row not in self._layout.position:
                continue
            lines = self._layout.lines_of(row)
            for line in lines:
                self._cache.discard(line)
            self.refresh_lines(lines.start, len(lines))

    def on_resize(self, event: events.Resize) -> None:
        if self.comparison is None:
            return
        if self._layout is None or self._layout.column != self._geometry()[1]:
            self._relayout()
            self._keep_cursor_in_view()
        else:
            self._update_geometry()
        self._refresh_all()

    def notify_style_update(self) -> None:
        # Drawn lines keep the component styles they were drawn with: after a theme change
        # restyled them, draw again.
        super().notify_style_update()
        self._refresh_all()

    def on_focus(self) -> None:
        self._refresh_all()

    def on_blur(self) -> None:
        self._refresh_all()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self._layout is None or not len(self._layout):
            return
        line = int(self.scroll_y) + offset.y
        if not 0 <= line < len(self._layout):
            return
        left, column = self._columns
        side = LEFT if offset.x < left + GUTTER + column + len(GAP) // 2 else RIGHT
        self.move_to_row(self._row_at_line(line), side)

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self._palette is None:
            self._palette = Palette.of(self, self.has_focus)
        line = int(self.scroll_y) + y
        if self._layout is None or line >= len(self._layout):
            message = self._message
            if self.comparison is not None and not self.shown:
                message = ("Every pair is identical or nearly so: i shows them."
                           if self.comparison.rows else "Neither article has any text to compare.")
            if message and y == 1:
                text = Text(displayable(message), style=self._palette.message, end="",
                            no_wrap=True)
                return self._strip(text, max(0, (width - text.cell_len) // 2), width, base)
            return Strip.blank(width, base)
        strip = self._cache.get(line)
        if strip is None and self._layout.line_row[line] < 0 and self._fold_labels:
            label = self._fold_labels.get(self._layout.rows[self._layout.line_row[line - 1]].row)
            if label:
                text = Text(label, style=self._palette.message, end="", no_wrap=True)
                strip = self._strip(text, self._columns[0], width, base)
                self._cache[line] = strip
        if strip is None:
            cursor = (self.cursor_row, self.current_side)
            text = self._drawer.line(self._layout, line, self._columns[1], cursor,
                                     self._palette, self._side_layers())
            strip = self._strip(text, self._columns[0], width, base)
            self._cache[line] = strip
        return strip

    def _strip(self, text: Text, margin: int, width: int, base: Style) -> Strip:
        return text_strip(self.app.console, text, margin, width, base)
