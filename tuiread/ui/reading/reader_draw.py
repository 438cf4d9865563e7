"""Drawing one display line of the reader as rich Text: words from the raw text, made safe with
``displayable``, then every styled raw range (boilerplate, cursor, highlight layers) painted on.

Article text never goes through markup: a "[bold]" in an article is drawn as those characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tuiread.corpus import Article, Span
from tuiread.textsafe import displayable
from tuiread.ui.reading.reader_layout import Kind, Layout, Pieces, tokens_for_line
from tuiread.ui.reading.reader_offsets import Highlight, char_range, raw_at_char, word_positions


@dataclass(frozen=True, slots=True)
class LineStyles:
    text: Style
    heading: Style
    hidden: Style
    label: Style
    cursor: Style  # a background only, so headings and boilerplate keep their colour


class LineDrawer:
    """Draws the lines of one article's layout."""

    def __init__(self, article: Article, layout: Layout, pieces: Pieces) -> None:
        self.article = article
        self.layout = layout
        self.pieces = pieces

    def tokens(self, index: int) -> list[tuple[int, int]]:
        return tokens_for_line(self.article, self.layout, index, self.pieces)

    def plain(self, index: int) -> str:
        """The characters line ``index`` shows."""
        if self.layout.kinds[index] == Kind.LABEL:
            return displayable(self.layout.labels[index])
        text = self.article.text
        return " ".join(displayable(text[s:e]) for s, e in self.tokens(index))

    def raw_at(self, index: int, column: int) -> int:
        """The raw offset drawn at cell ``column`` of line ``index`` (the nearest word)."""
        tokens = self.tokens(index)
        if not tokens:
            return self.layout.starts[index]
        char, used = 0, 0
        for char, ch in enumerate(self.plain(index)):  # noqa: B007 - used after the loop
            used += cell_len(ch)
            if used > column:
                break
        return raw_at_char(tokens, char)

    def draw(self, index: int, styles: LineStyles, hidden: Highlight, cursor: Span | None,
             layers: Iterable[Highlight]) -> Text:
        kind = self.layout.kinds[index]
        style = {Kind.HEADING: styles.heading, Kind.HIDDEN: styles.hidden,
                 Kind.LABEL: styles.label}.get(kind, styles.text)
        text = Text(self.plain(index), end="", no_wrap=True)
        text.stylize(style)
        if kind in (Kind.LABEL, Kind.BLANK):
            return text
        tokens = self.tokens(index)
        positions = word_positions(tokens)
        line_start, line_end = self.layout.starts[index], self.layout.ends[index]

        def paint(start: int, end: int, paint_style: Style) -> None:
            chars = char_range(tokens, positions, start, end)
            if chars is not None:
                text.stylize(paint_style, *chars)

        if self.layout.show_hidden and kind != Kind.HIDDEN:
            for span in hidden.between(line_start, line_end):
                paint(span.start, span.end, styles.hidden)
        if cursor is not None:
            paint(cursor.start, cursor.end, styles.cursor)
        for layer in layers:
            for span in layer.between(line_start, line_end):
                paint(span.start, span.end, layer.style)
        return text
