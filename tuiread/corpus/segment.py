"""Paragraphs and sentences as spans of raw text, computed over the visible text only."""

from __future__ import annotations

import re

from tuiread.corpus.lines import strip_span
from tuiread.corpus.model import Paragraph, Span
from tuiread.corpus.sentences import split_sentences

# A text is hard-wrapped (paragraphs span several lines, split by blank lines) when most of its
# lines that are followed by another non-blank line are of typical fixed-width length.
WRAP_MIN, WRAP_MAX = 50, 100
WRAPPED_SHARE = 0.6
# A short line without closing punctuation, between paragraphs, is a subheading.
HEADING_MAX_CHARS = 120
_CLOSING = re.compile(r"[.!?:;,\"”’')\]…]$")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def visible_lines(text: str, visible: list[Span]) -> list[list[Span]]:
    """For each line, its visible pieces trimmed of surrounding space (empty if nothing shows).

    Walked span by span: a page's text has many lines, mostly hidden (its chrome), and only the
    lines a visible span reaches are looked at; a span's line is found by counting the line
    breaks since the previous span."""
    result: list[list[Span]] = [[] for _ in range(text.count("\n") + 1)]
    index = 0  # the line holding ``pos``
    pos = 0
    for span_start, span_end in visible:
        if text[span_start:span_end].isspace():
            continue  # the line breaks between two hidden blocks of a page: no piece
        index += text.count("\n", pos, span_start)
        start = span_start
        while True:
            # a line's ``\r`` before its ``\n`` is whitespace, trimmed with the piece
            newline = text.find("\n", start, span_end)
            piece = strip_span(text, start, span_end if newline < 0 else newline)
            if piece.end > piece.start:
                result[index].append(piece)
            if newline < 0:
                break
            index += 1
            start = newline + 1
        pos = start
    return result


def _hard_wrapped(lines: list[list[Span]]) -> bool:
    followed = [line for line, nxt in zip(lines, lines[1:], strict=False) if line and nxt]
    if len(followed) < 3:
        return False
    typical = sum(1 for line in followed if WRAP_MIN <= line[-1].end - line[0].start <= WRAP_MAX)
    return typical / len(followed) >= WRAPPED_SHARE


def paragraphs(text: str, visible: list[Span]) -> list[tuple[Paragraph, list[Span]]]:
    """Paragraphs with the visible pieces each one is made of."""
    lines = visible_lines(text, visible)
    blocks: list[list[list[Span]]] = []
    if _hard_wrapped(lines):
        current: list[list[Span]] = []
        for line in lines:
            if line:
                current.append(line)
            elif current:
                blocks.append(current)
                current = []
        if current:
            blocks.append(current)
    else:
        blocks = [[line] for line in lines if line]
    result = []
    for block in blocks:
        pieces = [piece for line in block for piece in line]
        start, end = pieces[0].start, pieces[-1].end
        content = text[start:end]
        heading = (
            len(block) == 1
            and end - start <= HEADING_MAX_CHARS
            and not _CLOSING.search(content)
            and len(content.split()) >= 2
        )
        result.append((Paragraph(start, end, heading), pieces))
    if len(result) == 1 and result[0][0].heading:
        para, pieces = result[0]
        result[0] = (Paragraph(para.start, para.end, False), pieces)
    return result


def segment(text: str, visible: list[Span]) -> tuple[list[Paragraph], list[Span], int]:
    """(paragraphs, sentences, word count) of the visible text."""
    paras = []
    sentences: list[Span] = []
    words = 0
    for para, pieces in paragraphs(text, visible):
        paras.append(para)
        sentences.extend(split_sentences(text, pieces))
        for piece in pieces:
            words += len(_WORD.findall(text, piece.start, piece.end))
    return paras, sentences, words
