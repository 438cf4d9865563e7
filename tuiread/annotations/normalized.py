"""Article text with whitespace runs collapsed, and the way back to raw offsets.

Re-anchoring compares text as a reader sees it: a paragraph rewrapped with new line breaks or
double spaces is the same text. Matching runs on the collapsed form; every hit is mapped back to
offsets into the raw ``Article.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from tuiread.annotations.model import CONTEXT_CHARS, TextQuoteSelector

_SPACE = re.compile(r"\s+")
# Stands for "no more text" beyond either end when contexts are compared (never in article text
# after decoding: NUL is shown as a control picture, not kept as a character to match).
EDGE = "\x00"
# "Start (or end) of text" counts as this many characters of context, however many of the
# context's characters it stands for: a quote that began the text then needs a candidate within
# a character or two of the start for that side to agree. Counted in full, a text's first words
# would pass for its start (a copy five characters in agreed 27 of 32).
EDGE_WEIGHT = 8


def collapse(text: str) -> str:
    """Every run of whitespace as one space (ends kept: a leading space stays one space)."""
    return _SPACE.sub(" ", text)


class PreparedText:
    """A raw text, its collapsed form, and for each collapsed character its raw offset."""

    __slots__ = ("raw", "norm", "_offsets")

    def __init__(self, raw: str):
        self.raw = raw
        self.norm = collapse(raw)
        offsets: list[int] = []
        position = 0
        for match in _SPACE.finditer(raw):
            offsets.extend(range(position, match.start()))
            offsets.append(match.start())
            position = match.end()
        offsets.extend(range(position, len(raw)))
        offsets.append(len(raw))  # one past the end, so an end offset maps too
        self._offsets = offsets

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of collapsed ``[start, end)`` (a collapsed space covers its whole run only
        inside the span; at an edge it stands for the run's first character)."""
        if end <= start:
            raw = self._offsets[start]
            return raw, raw
        return self._offsets[start], self._offsets[end - 1] + 1

    def to_norm(self, raw_offset: int) -> int:
        """Collapsed offset of the raw character at ``raw_offset`` (or the run it is part of)."""
        from bisect import bisect_right

        return max(0, bisect_right(self._offsets, raw_offset) - 1)

    def occurrences(self, needle: str) -> list[int]:
        """Collapsed offsets of every occurrence of ``needle`` (already collapsed), overlaps
        included."""
        found = []
        index = self.norm.find(needle)
        while index != -1 and needle:
            found.append(index)
            index = self.norm.find(needle, index + 1)
        return found


def similarity(a: str, b: str) -> float:
    """Levenshtein similarity in [0, 1]; two empty strings are identical.

    Levenshtein rather than the LCS-based ratio: two unrelated English phrases share many letters
    in order, which lifts an LCS ratio to about 0.5 and blurs "unrelated" with "edited".
    """
    if not a and not b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


@dataclass(frozen=True, slots=True)
class Context:
    """A quote's stored context, collapsed, ready to compare with the text around a candidate.

    A prefix shorter than CONTEXT_CHARS was cut short by the start of the text: the missing
    characters count as "start of text" marks, so another place of the same words further in
    does not match the empty or short context for free (and likewise for the suffix and the end).
    """

    exact: str
    prefix: str
    suffix: str
    before_edge: int
    after_edge: int

    @classmethod
    def of(cls, quote: TextQuoteSelector) -> Context:
        return cls(
            exact=collapse(quote.exact),
            prefix=collapse(quote.prefix),
            suffix=collapse(quote.suffix),
            before_edge=max(0, CONTEXT_CHARS - len(quote.prefix)),
            after_edge=max(0, CONTEXT_CHARS - len(quote.suffix)),
        )

    def prefix_similarity(self, text: PreparedText, start: int) -> float:
        """How well the text before collapsed offset ``start`` matches the stored prefix."""
        width = len(self.prefix) + self.before_edge
        here = text.norm[max(0, start - width) : start].rjust(width, EDGE)
        stored = EDGE * self.before_edge + self.prefix
        return similarity(_squeeze(stored, lead=True), _squeeze(here, lead=True))

    def suffix_similarity(self, text: PreparedText, end: int) -> float:
        width = len(self.suffix) + self.after_edge
        here = text.norm[end : end + width].ljust(width, EDGE)
        stored = self.suffix + EDGE * self.after_edge
        return similarity(_squeeze(stored, lead=False), _squeeze(here, lead=False))


def _squeeze(context: str, lead: bool) -> str:
    """An edge run (leading for a prefix, trailing for a suffix) cut to EDGE_WEIGHT marks."""
    if lead:
        bare = context.lstrip(EDGE)
        return EDGE * min(EDGE_WEIGHT, len(context) - len(bare)) + bare
    bare = context.rstrip(EDGE)
    return bare + EDGE * min(EDGE_WEIGHT, len(context) - len(bare))
