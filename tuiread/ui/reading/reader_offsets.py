"""Looking things up by raw offset for the reader: sentences and paragraphs, highlight layers,
and which drawn characters of a line show a raw range."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.style import Style

from tuiread.corpus import Article, Span


class SentenceMap:
    """Sentences and paragraphs of one article, found by bisection."""

    def __init__(self, article: Article) -> None:
        self.sentences = article.sentences
        self._starts = [s.start for s in article.sentences]
        self._ends = [s.end for s in article.sentences]
        self._paragraph_starts = [p.start for p in article.paragraphs]

    def __len__(self) -> int:
        return len(self.sentences)

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence holding raw ``offset`` (or the next one after it)."""
        index = bisect_right(self._ends, offset)
        return index if index < len(self._ends) else None

    def paragraph_of(self, sentence: int) -> int:
        start = self.sentences[sentence].start
        return max(0, bisect_right(self._paragraph_starts, start) - 1)

    def first_sentence_of(self, paragraph: int) -> int:
        start = self._paragraph_starts[paragraph]
        return min(bisect_left(self._starts, start), len(self._starts) - 1)

    def next_paragraph(self, sentence: int) -> int:
        """First sentence of the paragraph after ``sentence``'s (the last sentence at the end)."""
        paragraph = self.paragraph_of(sentence)
        if paragraph + 1 < len(self._paragraph_starts):
            return self.first_sentence_of(paragraph + 1)
        return len(self.sentences) - 1

    def prev_paragraph(self, sentence: int) -> int:
        """Start of ``sentence``'s paragraph, or of the one before if already there."""
        paragraph = self.paragraph_of(sentence)
        first = self.first_sentence_of(paragraph)
        if first < sentence or paragraph == 0:
            return first
        return self.first_sentence_of(paragraph - 1)


@dataclass(frozen=True, slots=True)
class Highlight:
    """One layer of styled raw spans, sorted, found per line by bisection."""

    spans: list[Span]
    style: Style
    longest: int

    @classmethod
    def of(cls, spans: list[tuple[int, int]], style: Style) -> Highlight:
        ordered = sorted(Span(s, e) for s, e in spans if e > s)
        return cls(ordered, style, max((e - s for s, e in ordered), default=0))

    def between(self, start: int, end: int) -> list[Span]:
        """The spans overlapping raw ``[start, end)``."""
        found = []
        for span in self.spans[bisect_left(self.spans, Span(start - self.longest, 0)) :]:
            if span.start >= end:
                break
            if span.end > start:
                found.append(span)
        return found


def word_positions(tokens: list[tuple[int, int]]) -> list[int]:
    """Where each word starts on a drawn line, the words joined by single spaces."""
    positions, pos = [], 0
    for start, end in tokens:
        positions.append(pos)
        pos += end - start + 1
    return positions


def char_range(
    tokens: list[tuple[int, int]], positions: list[int], start: int, end: int
) -> tuple[int, int] | None:
    """Characters of a drawn line that show raw ``[start, end)`` (spaces between its words too)."""
    first = last = None
    for (tok_start, tok_end), pos in zip(tokens, positions, strict=True):
        if tok_end <= start:
            continue
        if tok_start >= end:
            break
        if first is None:
            first = pos + max(0, start - tok_start)
        last = pos + min(end, tok_end) - tok_start
    return None if first is None or last is None else (first, last)


def raw_at_char(tokens: list[tuple[int, int]], char: int) -> int:
    """The raw offset drawn at character ``char`` of a line (a space gives the next word)."""
    for (start, end), pos in zip(tokens, word_positions(tokens), strict=True):
        if char < pos + (end - start):
            return start + max(0, char - pos)
    return tokens[-1][1] - 1
