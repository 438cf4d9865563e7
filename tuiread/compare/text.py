"""Words of an article's visible sentences, with raw offsets, ready to be compared.

Comparison never looks at hidden text: each sentence's words come from its visible pieces only,
and every word keeps its raw ``[start, end)`` in ``Article.text``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, methodcaller
from typing import NamedTuple

from tuiread.compare.clauses import clauses
from tuiread.compare.keys import SentenceKeys, analyse, quoted_spans, text_keys, word_key
from tuiread.compare.words import WORD, normalize
from tuiread.corpus import Article


class Word(NamedTuple):
    """One word: raw ``[start, end)`` and ``norm``, the case-folded form with quotes and dashes
    unified that the word diff compares. A named tuple: an article's thousands of words are made
    in a third of a frozen dataclass's time."""

    start: int
    end: int
    norm: str


@dataclass(frozen=True, slots=True)
class PreparedSentence:
    index: int  # position in Article.sentences
    start: int
    end: int
    words: tuple[Word, ...]
    analysis: SentenceKeys  # what sentence similarity is computed on
    # Each clause's keys when the sentence strings several statements together (compare/clauses.py)
    clauses: tuple[frozenset[str], ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return self.analysis.keys


@dataclass(slots=True)
class PreparedArticle:
    article: Article
    sentences: list[PreparedSentence]
    word_chars: int = -1  # characters in all words (what reuse shares are of); -1: not counted

    def chars(self) -> int:
        """Characters in all the article's words."""
        if self.word_chars < 0:
            self.word_chars = sum(w.end - w.start for s in self.sentences for w in s.words)
        return self.word_chars

    @property
    def id(self) -> str:
        return self.article.id


_GROUP, _START, _END = methodcaller("group"), methodcaller("start"), methodcaller("end")
_WORD_START = attrgetter("start")


def stem(norm: str) -> str | None:
    """The key a lone word contributes to sentence similarity, or None for function words."""
    return word_key(norm, norm)


def keys_of(text: str) -> frozenset[str]:
    """The similarity keys of a plain string (what :func:`prepare` computes per sentence)."""
    return text_keys(text).keys


def words_in(article: Article, start: int, end: int) -> list[Word]:
    """The words of raw ``[start, end)``, visible pieces only."""
    return _tokens(article, start, end)[0]


def _tokens(article: Article, start: int, end: int) -> tuple[list[Word], list[str], list[str]]:
    """The words of raw ``[start, end)`` (visible pieces only), each one's raw spelling and its
    normalised form: one pass over the text serves the word diff and the keys. Made a list at a
    time (map over the matches), which takes half the time of a loop over an article's thousands
    of words."""
    text = article.text
    matches = []
    for piece in article.visible_pieces(start, end):
        matches += WORD.finditer(text, piece.start, piece.end)
    raws = list(map(_GROUP, matches))
    norms = list(map(normalize, raws))
    spans = zip(map(_START, matches), map(_END, matches), norms, strict=True)
    return list(map(tuple.__new__, repeat(Word), spans)), raws, norms


def _analyse(
    text: str, start: int, end: int, words: list[Word], raws: list[str], norms: list[str]
) -> SentenceKeys:
    quoted = [False] * len(words)
    for s, e in quoted_spans(text[start:end]):
        # the words starting inside the quotation
        first = bisect_left(words, start + s, key=_WORD_START)
        last = bisect_left(words, start + e, key=_WORD_START)
        quoted[first:last] = [True] * (last - first)
    return analyse(list(zip(raws, norms, strict=True)), quoted)


def prepare(article: Article) -> PreparedArticle:
    """Each visible sentence's words and similarity keys (computed once per article)."""
    sentences = []
    text = article.text
    chars = 0
    for index, span in enumerate(article.sentences):
        words, raws, norms = _tokens(article, span.start, span.end)
        chars += sum(map(len, raws))
        analysis = _analyse(text, span.start, span.end, words, raws, norms)
        parts = clauses(text, words, analysis)
        sentences.append(
            PreparedSentence(index, span.start, span.end, tuple(words), analysis, parts)
        )
    return PreparedArticle(article, sentences, chars)
