"""Lines of raw text as spans, without their line endings."""

from __future__ import annotations

import re

from tuiread.corpus.model import Span

_LINE = re.compile(r"[^\n]*")


def line_spans(text: str) -> list[Span]:
    """Every line's content span (``\\r`` and ``\\n`` excluded), in order; blank lines included."""
    spans = []
    pos = 0
    length = len(text)
    while pos <= length:
        end = text.find("\n", pos)
        if end < 0:
            end = length
        content_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        spans.append(Span(pos, content_end))
        pos = end + 1
    return spans


def strip_span(text: str, start: int, end: int) -> Span:
    """``[start, end)`` without leading and trailing whitespace (empty span if all blank)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def normalise(value: str) -> str:
    """Case- and space-insensitive form used to spot repeated titles."""
    return " ".join(value.casefold().split())
