"""Quotations two articles share: text in quotation marks found, exactly or nearly, in both."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from tuiread.corpus import Article

# Curly double, straight double and curly single quotes, each within one paragraph line.
QUOTE = re.compile(r"“(?P<a>[^”\n]+)”|\"(?P<b>[^\"\n]+)\"|‘(?P<c>[^’\n]+(?:’\w[^’\n]*)*)’")
# A quotation of fewer words ("very good") is too common a phrase to call shared.
MIN_WORDS = 2
# The shorter quotation must match part of the longer one at least this well (rapidfuzz
# partial_ratio on case-folded words): 100 is an exact excerpt; 90 lets through a changed
# spelling or a word ("Zelenskyy", "Zelensky") but not a different sentence.
NEAR_MIN = 90


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # raw span of the quoted words, marks excluded
    end: int
    text: str
    key: str  # case-folded words: what is compared


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    left: Quotation
    right: Quotation
    score: float  # 0..1
    exact: bool


def quotations(article: Article) -> list[Quotation]:
    """Quotations in the visible text, one per pair of marks."""
    found = []
    for piece in article.visible:
        text = article.text[piece.start : piece.end]
        for match in QUOTE.finditer(text):
            group = next(g for g in ("a", "b", "c") if match.group(g))
            # Trailing punctuation inside the marks is the writer's, not the speaker's.
            inner = match.group(group).rstrip(" ,.;:")
            key = utils.default_process(inner)
            if len(key.split()) < MIN_WORDS:
                continue
            start = piece.start + match.start(group)
            found.append(Quotation(start, start + len(inner), inner, key))
    return found


def shared_quotes(left: Article, right: Article) -> list[QuoteMatch]:
    """Each left quotation with its best counterpart on the right, in left reading order."""
    right_quotes = quotations(right)
    matches = []
    for quote in quotations(left):
        best = None
        for other in right_quotes:
            short, long_ = sorted((quote.key, other.key), key=len)
            score = fuzz.partial_ratio(short, long_) if short else 0.0
            if score >= NEAR_MIN and (best is None or score > best[0]):
                best = (score, other)
        if best:
            score, other = best
            exact = quote.key in other.key or other.key in quote.key
            matches.append(QuoteMatch(quote, other, score / 100, exact))
    return matches
