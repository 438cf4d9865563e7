"""Lines of raw text as spans, without their line endings."""

from __future__ import annotations

import re

from tuiread.corpus.model import Span

_LINE = re.compile(r"[^\n]*")
# A line's content without its surrounding whitespace: ``\s`` is what ``str.isspace`` accepts,
# so each match is the line ``strip_span`` would give; blank lines give no match.
_CONTENT_LINE = re.compile(r"\S(?:[^\n]*\S)?")


# Spans are made with tuple's own constructor: the named tuple's generated ``__new__`` is a
# Python function, called once per line of every article.
_new_span = tuple.__new__


def line_spans(text: str) -> list[Span]:
    """Every line's content span (``\\r`` and ``\\n`` excluded), in order; blank lines included."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        spans.append(_new_span(Span, (pos, end - 1 if line.endswith("\r") else end)))
        pos = end + 1
    return spans


def strip_span(text: str, start: int, end: int) -> Span:
    """``[start, end)`` without leading and trailing whitespace (empty span if all blank).

    ``str.strip`` removes the characters ``str.isspace`` accepts, in C."""
    if start >= end:
        return _new_span(Span, (start, end))
    piece = text[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return _new_span(Span, (end, end))
    return _new_span(
        Span, (start + len(piece) - len(stripped), end - len(stripped) + len(stripped.rstrip()))
    )


def normalise(value: str) -> str:
    """Case- and space-insensitive form used to spot repeated titles."""
    return " ".join(value.casefold().split())


def content_lines(text: str) -> tuple[list[Span], list[str]]:
    """Each non-blank line trimmed of surrounding whitespace, in order: its span and its text.

    The lines of :func:`line_spans` after :func:`strip_span`, blank ones left out, found by one
    pattern instead of a call per line."""
    spans = []
    contents = []
    for match in _CONTENT_LINE.finditer(text):
        spans.append(_new_span(Span, match.span()))
        contents.append(match.group())
    return spans, contents
