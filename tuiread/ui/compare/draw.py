"""Drawing one display line of the comparison view as rich Text: the row's marker, then each
side's words (made safe with ``displayable``) with changed words, discrepancies and highlight
layers (annotations) painted on by raw offset. Article text never goes through markup."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tuiread.compare import Comparison
from tuiread.textsafe import displayable
from tuiread.ui.compare.layout import (
    LEFT,
    RIGHT,
    CompareLayout,
    RowInfo,
    Tokens,
    changed_spans,
)
from tuiread.ui.reading.reader_offsets import Highlight, char_range, word_positions
from tuiread.ui.styles import background, foreground

GUTTER = 2  # the row's marker and a space
GAP = " │ "

Spans = list[tuple[int, int]]
Layers = dict[str, list[Highlight]]  # side -> the highlight layers drawn on that side


@dataclass(frozen=True, slots=True)
class Palette:
    """The view's styles, read from its component classes once per theme, focus or redraw."""

    rule: Style
    marker: Style
    marker_discrepancy: Style
    marker_left: Style
    marker_right: Style
    delete: Style
    insert: Style
    discrepancy: Style
    cursor: Style  # backgrounds only, so the text keeps its colours
    counterpart: Style
    message: Style

    @classmethod
    def of(cls, widget: Widget, focused: bool) -> Palette:
        def both(name: str) -> Style:
            return Style.combine([foreground(widget, name), background(widget, name)])

        cursor = "compare--cursor" if focused else "compare--cursor-blurred"
        return cls(
            rule=foreground(widget, "compare--rule"),
            marker=foreground(widget, "compare--marker"),
            marker_discrepancy=foreground(widget, "compare--marker-discrepancy"),
            marker_left=foreground(widget, "compare--marker-left"),
            marker_right=foreground(widget, "compare--marker-right"),
            delete=both("compare--delete"),
            insert=both("compare--insert"),
            discrepancy=foreground(widget, "compare--discrepancy"),
            cursor=background(widget, cursor),
            counterpart=background(widget, "compare--counterpart"),
            message=foreground(widget, "compare--message"),
        )


class RowDrawer:
    """Draws the lines of one comparison's layout."""

    def __init__(self, comparison: Comparison, infos: list[RowInfo]) -> None:
        self.comparison = comparison
        self.infos = infos
        self._changed = {(n, side): changed_spans(row, side)
                         for n, row in enumerate(comparison.rows) for side in (LEFT, RIGHT)}
        self._flagged: dict[str, Spans] = {
            LEFT: [(d.left.start, d.left.end) for d in comparison.discrepancies],
            RIGHT: [(d.right.start, d.right.end) for d in comparison.discrepancies],
        }

    def line(self, layout: CompareLayout, line: int, column: int, cursor: tuple[int, str],
             palette: Palette, layers: Layers | None = None) -> Text:
        """Display line ``line``; ``cursor`` is the cursor's row and the side it is on,
        ``layers`` what is highlighted on each side (drawn over the cursor and the changes)."""
        position = layout.line_row[line]
        if position < 0:  # between rows: only the rule down the middle
            return Text(" " * (GUTTER + column) + GAP, style=palette.rule, end="")
        lines = layout.rows[position]
        part = line - lines.first
        info = self.infos[lines.row]
        text = Text(end="", no_wrap=True)
        if part == 0:
            text.append(info.marker, self._marker_style(info, palette))
            text.append(" ")
        else:
            text.append(" " * GUTTER)
        current = cursor[1] if lines.row == cursor[0] else None
        layers = layers or {}
        for side, side_lines in ((LEFT, lines.left), (RIGHT, lines.right)):
            if side == RIGHT:
                text.append(GAP, palette.rule)
            text.append_text(self._cell(side_lines, part, lines.row, side, column, current,
                                        palette, layers.get(side, [])))
        return text

    def _marker_style(self, info: RowInfo, palette: Palette) -> Style:
        if info.discrepancy:
            return palette.marker_discrepancy
        return {"−": palette.marker_left, "+": palette.marker_right}.get(info.marker,
                                                                         palette.marker)

    def _cell(self, side_lines: list[Tokens], part: int, row: int, side: str, column: int,
              current: str | None, palette: Palette, layers: list[Highlight]) -> Text:
        """One side of one display line, padded to the column's width."""
        tokens = side_lines[part] if part < len(side_lines) else []
        article = self.comparison.left if side == LEFT else self.comparison.right
        raw = article.text
        text = Text(" ".join(displayable(raw[s:e]) for s, e in tokens), end="", no_wrap=True)
        text.pad_right(max(0, column - text.cell_len))
        text.truncate(column)
        if current is not None and side_lines:
            text.stylize(palette.cursor if side == current else palette.counterpart)
        if not tokens:
            return text
        positions = word_positions(tokens)
        changed = palette.delete if side == LEFT else palette.insert
        for spans, style in ((self._changed[row, side], changed),
                             (self._flagged[side], palette.discrepancy)):
            for start, end in spans:
                chars = char_range(tokens, positions, start, end)
                if chars is not None:
                    text.stylize(style, *chars)
        for layer in layers:
            for start, end in layer.between(tokens[0][0], tokens[-1][1]):
                chars = char_range(tokens, positions, start, end)
                if chars is not None:
                    text.stylize(layer.style, *chars)
        return text
