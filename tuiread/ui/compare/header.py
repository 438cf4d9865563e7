"""The lines above the comparison: each article's title, source and reuse figure over its own
column, then one line counting rows, discrepancies and shared quotations."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.widgets import Static

from tuiread.compare import Comparison
from tuiread.corpus import Article
from tuiread.textsafe import displayable
from tuiread.ui.compare.draw import GAP, GUTTER
from tuiread.ui.compare.layout import Kind, RowInfo
from tuiread.ui.styles import foreground

TITLE_LINES = 2  # a longer title is cut with an ellipsis


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count:,} " + (word if count == 1 else words or f"{word}s")


def summary(comparison: Comparison, infos: list[RowInfo], shown: int,
            hide_similar: bool) -> list[str]:
    """What the rows are, and how many are hidden: short parts, joined where they fit."""
    pairs = sum(1 for i in infos if i.kind == Kind.PAIR)
    left = sum(1 for i in infos if i.kind == Kind.LEFT_ONLY)
    right = sum(1 for i in infos if i.kind == Kind.RIGHT_ONLY)
    parts = [
        _plural(pairs, "aligned pair"),
        f"{left:,} left only",
        f"{right:,} right only",
        _plural(len(comparison.discrepancies), "discrepancy", "discrepancies"),
        _plural(len(comparison.quotes), "shared quote"),
    ]
    hidden = len(infos) - shown
    parts.append(f"{_plural(hidden, 'similar pair')} hidden" if hide_similar
                 else "similar pairs shown")
    return parts


class CompareHeader(Static):
    COMPONENT_CLASSES = {
        "compare-header--title",
        "compare-header--meta",
        "compare-header--reuse",
        "compare-header--summary",
    }

    DEFAULT_CSS = """
    CompareHeader { height: auto; }
    CompareHeader > .compare-header--title { text-style: bold; }
    CompareHeader > .compare-header--meta { color: $text-muted; }
    CompareHeader > .compare-header--reuse { color: $text-accent; }
    CompareHeader > .compare-header--summary { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.comparison: Comparison | None = None
        self.summary_parts: list[str] = []
        self.columns = (0, 40)

    def show(self, comparison: Comparison | None, summary_parts: list[str] | None = None) -> None:
        self.comparison, self.summary_parts = comparison, summary_parts or []
        self.update(self._content())

    def set_columns(self, left: int, column: int) -> None:
        """Line the text up with the view's columns: ``left`` cells in, ``column`` wide each."""
        if (left, column) != self.columns:
            self.columns = (left, column)
            self.update(self._content())

    def notify_style_update(self) -> None:
        # The text's colours come from the component classes: draw it again once a theme
        # change has restyled them (a theme watcher runs before the new styles are in).
        super().notify_style_update()
        if self.is_mounted:
            self.update(self._content())

    def on_resize(self) -> None:
        self.update(self._content())

    def _title_lines(self, article: Article, console: Console, column: int) -> list[Text]:
        title = Text(displayable(article.title), style=foreground(self, "compare-header--title"))
        lines = list(title.wrap(console, column))
        if len(lines) > TITLE_LINES:
            lines = lines[:TITLE_LINES]
            lines[-1].append("…")
            lines[-1].truncate(column, overflow="ellipsis")
        return lines

    def _meta(self, article: Article) -> str:
        parts = [displayable(article.source) if article.source else "source unknown"]
        if article.date:
            parts.append(displayable(article.date))
        parts.append(f"{article.words:,} words")
        return " · ".join(parts)

    def _content(self) -> Text:
        comparison = self.comparison
        if comparison is None:
            return Text("")
        left, column = self.columns
        console = self.app.console
        meta = foreground(self, "compare-header--meta")
        accent = foreground(self, "compare-header--reuse")
        columns = []
        for article, share, where in (
            (comparison.left, comparison.reuse.left, "right"),
            (comparison.right, comparison.reuse.right, "left"),
        ):
            lines = self._title_lines(article, console, column)
            lines.append(Text(self._meta(article), style=meta))
            lines.append(Text(f"{share:.0%} has a counterpart on the {where}", style=accent))
            columns.append(lines)
        height = max(len(c) for c in columns)
        for lines in columns:  # the meta and reuse lines stay level under titles of any length
            while len(lines) < height:
                lines.insert(len(lines) - 2, Text(""))
        indent = " " * (left + GUTTER)
        out = Text(end="")
        for n in range(height):
            a, b = columns[0][n].copy(), columns[1][n].copy()
            a.truncate(column, overflow="ellipsis", pad=True)
            b.truncate(column, overflow="ellipsis")
            out.append(indent)
            out.append_text(a)
            out.append(" " * len(GAP))
            out.append_text(b)
            out.append("\n")
        style = foreground(self, "compare-header--summary")
        width = max(1, self.content_region.width - len(indent))
        for n, line in enumerate(_fill(self.summary_parts, " · ", width)):
            out.append("\n" if n else "")
            out.append(indent)
            out.append(line, style=style)
        return out


def _fill(parts: list[str], joiner: str, width: int) -> list[str]:
    """``parts`` joined into lines of at most ``width`` cells (a part never split)."""
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1] + joiner + part) <= width:
            lines[-1] += joiner + part
        else:
            lines.append(part)
    return lines
