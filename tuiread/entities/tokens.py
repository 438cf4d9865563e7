"""Tokens with raw offsets, and whether each token's capital letter tells us anything.

A capital in the middle of a sentence of ordinary text marks a name. At the start of a sentence or
line, after an opening quote, and anywhere in an ALL-CAPS or Title Case line, it does not: those
tokens are "uninformative" and the extractor judges them by the rest of the article and the
lexicon instead.
"""

from __future__ import annotations

import re

from tuiread.entities.lexicon import COMMON, LOWER_WORD, word_flags
from tuiread.entities.wordlists import ABBREVIATIONS, HEADLINE_SMALL_WORDS

_TOKEN = re.compile(
    r"(?P<abbr>(?:[^\W\d_]\.){2,}(?![^\W\d_]))"  # U.S., U.N., e.g.
    r"|(?P<word>[^\W\d_][\w]*(?:['’\-‐&][\w]+)*)"  # words, with inner apostrophes and hyphens
    r"|(?P<num>\d[\d.,:/]*)"
    r"|(?P<nl>\n)"
    r"|(?P<punct>[^\s])"
)
# Punctuation after which the next word starts a sentence.
_SENTENCE_END = frozenset(".!?:;…")
# Opening quotes and brackets: the word after one may be capitalised for that reason alone.
_OPENERS = frozenset("\"'“‘«([{-–—•*")
_QUOTES = frozenset("\"'”’»")
# A line is ALL CAPS or Title Case when at least this share of its words are (headlines, tables).
_HEADLINE_SHARE = 0.75
# A Title Case line leaves at most this share of its content words in lower case ...
_TITLE_LOWER_SHARE = 0.1
# ... and capitalises at least this many common words.
_TITLE_MIN_COMMON = 2
# ... and it has at least this many words, so one short line of names is still read as text.
_HEADLINE_MIN_WORDS = 3


class Token:
    """One token: raw offsets, text, kind ("word", "abbr", "num", "punct", "nl"), and whether its
    capitalisation is evidence (``informative``: mid-sentence in ordinary text)."""

    __slots__ = ("start", "end", "text", "kind", "informative", "possessive", "lower", "caps")

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        kind: str,
        informative: bool = True,
        possessive: bool = False,
    ):
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.informative = informative
        # The token after this one is the 's of a possessive glued to it.
        self.possessive = possessive
        self.lower = text.lower()
        # ALL CAPS: two or more letters, none in lower case ("NATO", "U.S.").
        self.caps = text.isupper() and len(text) > 1

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r}, {self.kind!r})"

    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    def is_all_caps(self) -> bool:
        return self.caps


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets into it; newlines are tokens (they end lines)."""
    tokens: list[Token] = []
    append = tokens.append
    size = len(text)
    glued_dot = -1  # a "." already taken into the abbreviation before it
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        start, end = match.span()
        if start == glued_dot:
            continue
        value = match.group()
        if kind != "word":
            append(Token(start, end, value, kind))
            continue
        # "Mr." and initials ("George W. Bush") keep their dot: it does not end the sentence.
        if (
            end < size
            and text[end] == "."
            and (len(value) == 1 and value.isupper() or value.lower() in ABBREVIATIONS)
        ):
            append(Token(start, end + 1, value + ".", "abbr"))
            glued_dot = end
            continue
        if len(value) > 2 and value[-2] in "'’" and value[-1] in "sS":
            append(Token(start, end - 2, value[:-2], "word", possessive=True))
            append(Token(end - 2, end, value[-2:], "punct"))
            continue
        append(Token(start, end, value, "word"))
    _mark_informative(tokens)
    return tokens


def _lines(tokens: list[Token]) -> list[tuple[int, int]]:
    """Index ranges of the tokens on each line."""
    ranges, first = [], 0
    for i, token in enumerate(tokens):
        if token.kind == "nl":
            if i > first:
                ranges.append((first, i))
            first = i + 1
    if first < len(tokens):
        ranges.append((first, len(tokens)))
    return ranges


def _line_case(tokens: list[Token], lo: int, hi: int) -> str:
    """'caps', 'title' or 'text' for the line of tokens ``[lo, hi)``."""
    words = [t for t in tokens[lo:hi] if t.kind in ("word", "abbr") and t.text[:1].isalpha()]
    if len(words) < _HEADLINE_MIN_WORDS:
        # Short lines ("LONDON 1996-08-30", a byline) count as caps when every word is.
        if words and all(t.is_all_caps() or len(t.text) == 1 and t.text.isupper() for t in words):
            return "caps"
        return "text"
    caps = sum(1 for t in words if t.is_all_caps())
    if caps >= _HEADLINE_SHARE * len(words):
        return "caps"
    content = [t for t in words[1:] if t.lower not in HEADLINE_SMALL_WORDS]
    if len(content) < 2:
        return "text"
    # Title Case capitalises words that are normally lower case ("Talks", "Meeting"); a line of
    # names with a lower-case verb ("Petr Korda ( Czech Republic ) beat ...") is ordinary text.
    # Lower-case pieces that are not dictionary words (a web address after "|") do not count.
    # A sentence full of names ends with a full stop; a headline seldom does.
    allowed = 0 if tokens[hi - 1].text == "." else _TITLE_LOWER_SHARE * len(content)
    lex = word_flags()
    lower = 0
    for t in content:
        if t.text[:1].islower() and lex.get(t.lower, 0) & LOWER_WORD:
            lower += 1
            if lower > allowed:
                return "text"  # most lines of prose stop here, after a word or two
    common = sum(1 for t in content if t.text[:1].isupper() and lex.get(t.lower, 0) & COMMON)
    return "title" if common >= _TITLE_MIN_COMMON else "text"


def _mark_informative(tokens: list[Token]) -> None:
    for lo, hi in _lines(tokens):
        case = _line_case(tokens, lo, hi)
        if case != "text":
            for token in tokens[lo:hi]:
                token.informative = False
            continue
        sentence_start = True
        previous: Token | None = None
        for token in tokens[lo:hi]:
            if token.kind in ("punct",):
                if token.text in _SENTENCE_END:
                    sentence_start = True
                elif token.text in _OPENERS and not (
                    previous is not None and previous.end == token.start and token.text in _QUOTES
                ):
                    # The first word inside a quote may be capitalised as a sentence would be;
                    # a quote glued to the word before it closes a quotation instead.
                    sentence_start = True
                previous = token
                continue
            previous = token
            if token.kind == "num":
                sentence_start = False
                continue
            token.informative = not sentence_start
            sentence_start = False
