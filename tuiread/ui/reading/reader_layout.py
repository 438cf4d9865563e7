"""The reader's display lines: an article wrapped to a width, each line knowing its raw offsets.

A display line stores only the raw range ``[start, end)`` it covers and its kind. Its words are
found again when the line is drawn (:func:`line_tokens`), with the same rule the wrapper used, so
any styled raw-offset range (sentence cursor, search hits, annotations) maps onto columns without a
per-character table. Words are joined by one space, as ``Article.clean_text`` does.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum

from rich.cells import cell_len

from tuiread.corpus import Article, Span
from tuiread.textsafe import displayable

WORD = re.compile(r"\S+")
# How often (in blocks) a long layout checks whether it has been cancelled.
CANCEL_CHECK_BLOCKS = 256


class Kind(IntEnum):
    TEXT = 0
    HEADING = 1
    HIDDEN = 2  # boilerplate shown on request
    LABEL = 3  # the note above shown boilerplate: why it is hidden
    BLANK = 4


@dataclass(frozen=True, slots=True)
class Block:
    kind: Kind
    start: int
    end: int
    label: str = ""


class Pieces:
    """The visible pieces of any raw range, found by bisection (articles may have thousands)."""

    def __init__(self, article: Article) -> None:
        self.visible = article.visible
        self.ends = [span.end for span in article.visible]

    def __call__(self, start: int, end: int) -> list[Span]:
        pieces = []
        i = bisect_right(self.ends, start)
        while i < len(self.visible) and self.visible[i].start < end:
            span = self.visible[i]
            pieces.append(Span(max(span.start, start), min(span.end, end)))
            i += 1
        return pieces


def blocks(article: Article, show_hidden: bool) -> Iterator[Block]:
    """Paragraphs in raw order; with ``show_hidden`` also the boilerplate between them."""
    hidden = sorted(article.hidden, key=lambda h: h.start) if show_hidden else []
    hi = 0
    pos = 0
    for para in [*article.paragraphs, None]:
        gap_end = para.start if para else len(article.text)
        # Hidden spans inside a paragraph are drawn inline; those in the gap get their own block.
        while hi < len(hidden) and hidden[hi].start < gap_end:
            span = hidden[hi]
            hi += 1
            start, end = max(span.start, pos), min(span.end, gap_end)
            if end > start and article.text[start:end].strip():
                yield Block(Kind.HIDDEN, start, end, f"hidden: {span.reason}")
                pos = end
        if para is not None:
            yield Block(Kind.HEADING if para.heading else Kind.TEXT, para.start, para.end)
            pos = para.end


def line_tokens(text: str, pieces: list[Span]) -> list[tuple[int, int]]:
    """The words of ``pieces`` as raw ``(start, end)`` pairs."""
    return [m.span() for piece in pieces for m in WORD.finditer(text, piece.start, piece.end)]


def _width(text: str, start: int, end: int, ascii_only: bool) -> int:
    if ascii_only:
        return end - start
    return cell_len(displayable(text[start:end]))


def _split_long(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """A word wider than the column, cut into column-wide chunks (by cells, not characters)."""
    chunks = []
    chunk_start, used = start, 0
    for i in range(start, end):
        w = cell_len(displayable(text[i]))
        if used + w > width and i > chunk_start:
            chunks.append((chunk_start, i))
            chunk_start, used = i, 0
        used += w
    chunks.append((chunk_start, end))
    return chunks


def wrap(text: str, pieces: list[Span], width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``pieces`` at ``width`` cells: the raw range of each line."""
    lines: list[tuple[int, int]] = []
    line_start = line_end = -1
    used = 0
    for piece in pieces:
        ascii_only = text[piece.start : piece.end].isascii()
        for match in WORD.finditer(text, piece.start, piece.end):
            start, end = match.span()
            w = _width(text, start, end, ascii_only)
            if line_start >= 0 and used + 1 + w <= width:
                used += 1 + w
                line_end = end
                continue
            if line_start >= 0:
                lines.append((line_start, line_end))
            if w <= width:
                line_start, line_end, used = start, end, w
                continue
            *full, last = _split_long(text, start, end, width)
            lines.extend(full)
            line_start, line_end = last
            used = _width(text, line_start, line_end, False)
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines


@dataclass(slots=True)
class Layout:
    """Display lines of one article at one width. ``complete`` is False for a first part."""

    width: int
    show_hidden: bool
    starts: array = field(default_factory=lambda: array("q"))
    ends: array = field(default_factory=lambda: array("q"))
    kinds: bytearray = field(default_factory=bytearray)
    labels: dict[int, str] = field(default_factory=dict)
    complete: bool = True

    def __len__(self) -> int:
        return len(self.kinds)

    def add(self, kind: Kind, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.kinds.append(kind)

    def line_at(self, offset: int) -> int:
        """The display line showing raw ``offset`` (or the nearest line before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def lines_between(self, start: int, end: int) -> range:
        """Display lines that may show any of raw ``[start, end)``."""
        first = self.line_at(start)
        last = bisect_left(self.starts, end)
        return range(first, max(first + 1, last))


def layout_article(
    article: Article,
    width: int,
    show_hidden: bool,
    *,
    max_chars: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Layout | None:
    """Wrap ``article`` to ``width``. With ``max_chars``, stop after about that much raw text
    (``complete`` is then False). Returns None when ``cancelled`` says so."""
    width = max(1, width)
    layout = Layout(width=width, show_hidden=show_hidden)
    text = article.text
    pieces = Pieces(article)
    consumed = 0
    for number, block in enumerate(blocks(article, show_hidden)):
        if cancelled is not None and number % CANCEL_CHECK_BLOCKS == 0 and cancelled():
            return None
        if max_chars is not None and consumed >= max_chars:
            layout.complete = False
            break
        if number:
            layout.add(Kind.BLANK, block.start, block.start)
        if block.kind == Kind.HIDDEN:
            layout.labels[len(layout)] = block.label
            layout.add(Kind.LABEL, block.start, block.start)
            # Boilerplate keeps its own line breaks: each raw line wraps on its own.
            for match in re.finditer(r"[^\n]+", text[block.start : block.end]):
                span = Span(block.start + match.start(), block.start + match.end())
                for start, end in wrap(text, [span], width):
                    layout.add(Kind.HIDDEN, start, end)
        else:
            block_pieces = [Span(block.start, block.end)] if show_hidden else pieces(
                block.start, block.end
            )
            for start, end in wrap(text, block_pieces, width):
                layout.add(block.kind, start, end)
        consumed += block.end - block.start
    return layout


def tokens_for_line(
    article: Article, layout: Layout, index: int, pieces: Pieces
) -> list[tuple[int, int]]:
    """The words display line ``index`` shows, as raw ranges (the wrapper's own rule)."""
    kind = layout.kinds[index]
    if kind in (Kind.BLANK, Kind.LABEL):
        return []
    start, end = layout.starts[index], layout.ends[index]
    whole = layout.show_hidden or kind == Kind.HIDDEN
    line_pieces = [Span(start, end)] if whole else pieces(start, end)
    return line_tokens(article.text, line_pieces)
