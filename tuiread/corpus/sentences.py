"""Sentence boundaries for news prose.

Rule-based on purpose: news text is full of abbreviations ("U.S.", "Gen.", "J.D. Vance"), amounts
("$1.5 billion"), times ("2:30 p.m.") and long running quotations, and the rules below handle them
without a model. A boundary is sentence-final punctuation, optional closing quotes or brackets,
whitespace, then something that can start a sentence; it is rejected after a title that precedes a
name, after an initialism unless a common sentence-opening word follows, and inside a quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tuiread.corpus.model import Span

_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+(\S))")
_NEXT_WORD = re.compile(r"[\"'“‘(]*(\w+)")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?\.?$")

# Words that precede a name: a full stop after them never ends a sentence.
TITLES = frozenset(
    "mr mrs ms mx dr prof gen lt col maj capt cpt sgt cmdr adm brig sen rep gov pres supt insp "
    "rev fr st hon messrs mme mlle sr jr ft mt pt".split()
)
# Abbreviations that may end a sentence; they do only when a sentence-opening word follows.
ABBREVIATIONS = frozenset(
    "inc corp ltd co plc llc bros etc vs approx dept est no nos vol fig ca cf al "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "a.m p.m am pm".split()
)
# Words that commonly open a sentence; after "U.S." or "p.m." they mean a new sentence begins.
OPENERS = frozenset(
    "the a an he she it they we i you this that these those there here his her its their our my "
    "but and so yet or in on at for if when while as after before since during although though "
    "what who why how however meanwhile also still then now some many most one both all no not "
    "officials police critics analysts experts".split()
)
_OPEN_QUOTES = {"“": "”", "«": "»"}


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Spans strictly inside closed quotations; an unclosed quotation protects nothing."""
    regions = []
    for opener, closer in _OPEN_QUOTES.items():
        pos = 0
        while (start := text.find(opener, pos)) >= 0:
            end = text.find(closer, start + 1)
            if end < 0:
                break
            regions.append((start, end + 1))
            pos = end + 1
    straight = [m.start() for m in re.finditer('"', text)]
    if len(straight) % 2 == 0:
        regions.extend((straight[i], straight[i + 1] + 1) for i in range(0, len(straight), 2))
    regions.sort()
    return regions


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    index = bisect_right(regions, (pos, float("inf"))) - 1
    return index >= 0 and regions[index][0] < pos < regions[index][1]


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    next_char = match.group(1)[0]
    if next_char.islower():
        return False
    punct = match.group(0)
    if not punct.startswith("."):
        return True
    token_start = match.start()
    while token_start > 0 and not text[token_start - 1].isspace():
        token_start -= 1
    token = text[token_start : match.start() + 1]
    bare = token.lstrip("(\"'“‘[").rstrip(".").casefold()
    next_word = _NEXT_WORD.match(text, match.start(1))
    next_is_opener = bool(next_word) and next_word.group(1).casefold() in OPENERS
    if bare in TITLES and not punct.startswith(".."):
        return False
    if bare in ABBREVIATIONS or _INITIALISM.match(token.lstrip("(\"'“‘[")):
        return next_is_opener
    return True


def split_text(text: str) -> list[Span]:
    """Sentence spans of one paragraph's text (offsets into ``text``), trimmed of whitespace."""
    regions = _quote_regions(text)
    spans = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if _inside(regions, end) or not _is_boundary(text, match):
            continue
        spans.append((start, end))
        start = match.start(1)
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append(Span(s, e))
    return result


def split_sentences(raw: str, pieces: list[Span]) -> list[Span]:
    """Sentences of a paragraph made of visible ``pieces`` of ``raw``, as raw spans.

    Pieces are joined with a space, so hidden text between them acts as a word break.
    """
    if len(pieces) == 1:
        base = pieces[0].start
        return [
            Span(base + s.start, base + s.end)
            for s in split_text(raw[pieces[0].start : pieces[0].end])
        ]
    joined_starts = []
    parts = []
    pos = 0
    for piece in pieces:
        joined_starts.append(pos)
        parts.append(raw[piece.start : piece.end])
        pos += piece.end - piece.start + 1
    joined = " ".join(parts)

    def to_raw(offset: int, is_end: bool) -> int:
        index = bisect_right(joined_starts, offset - 1 if is_end else offset) - 1
        return pieces[index].start + (offset - joined_starts[index])

    return [Span(to_raw(s.start, False), to_raw(s.end, True)) for s in split_text(joined)]
