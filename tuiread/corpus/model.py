"""The article: decoded raw text plus spans into it.

Every offset is a character offset into ``Article.text``, the article's decoded raw text. Cleaning
and segmentation only produce spans; they never rewrite the text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int


def _span_end(span: Span) -> int:
    return span.end


@dataclass(frozen=True, slots=True)
class HiddenSpan:
    """A span of raw text the reader does not show, with the rule that hid it."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    heading: bool = False


@dataclass(slots=True)
class Article:
    id: str
    path: Path
    text: str
    title: str
    source: str | None
    encoding: str
    format: str
    visible: list[Span]
    hidden: list[HiddenSpan]
    paragraphs: list[Paragraph]
    sentences: list[Span]
    words: int
    url: str | None = None  # the canonical URL when the page names one
    date: str | None = None  # ISO 8601
    author: str | None = None
    # Notes about how the file was read (a fallback encoding, a format quirk), shown to the user.
    notes: list[str] = field(default_factory=list)

    @property
    def location(self) -> str:
        """The article's file as a string (cheaper than ``str(path)`` for a stored article)."""
        return str(self.path)

    def visible_text(self, start: int = 0, end: int | None = None) -> str:
        """The visible characters of raw ``[start, end)``, hidden spans left out."""
        end = len(self.text) if end is None else end
        parts = []
        visible = self.visible
        # the first visible span that ends after ``start`` (spans are sorted and disjoint)
        for index in range(bisect_right(visible, start, key=_span_end), len(visible)):
            span = visible[index]
            if span.start >= end:
                break
            parts.append(self.text[max(span.start, start) : min(span.end, end)])
        return "".join(parts)

    def visible_pieces(self, start: int, end: int) -> list[Span]:
        """The visible sub-spans of raw ``[start, end)``."""
        pieces = []
        visible = self.visible
        for index in range(bisect_right(visible, start, key=_span_end), len(visible)):
            span = visible[index]
            if span.start >= end:
                break
            pieces.append(Span(max(span.start, start), min(span.end, end)))
        return pieces

    def clean_text(self) -> str:
        """The readable text: paragraphs of visible text separated by blank lines."""
        return "\n\n".join(
            " ".join(self.visible_text(p.start, p.end).split()) for p in self.paragraphs
        )

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing raw ``offset`` (or the first one after it)."""
        index = bisect_right(self.sentences, offset, key=lambda s: s.end)
        return index if index < len(self.sentences) else None

    def paragraph_at(self, offset: int) -> int | None:
        """Index of the paragraph containing raw ``offset`` (or the first one after it)."""
        index = bisect_right(self.paragraphs, offset, key=lambda p: p.end)
        return index if index < len(self.paragraphs) else None
