"""Words of an article's visible sentences, with raw offsets, ready to be compared.

Comparison never looks at hidden text: each sentence's words come from its visible pieces only,
and every word keeps its raw ``[start, end)`` in ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tuiread.compare.clauses import clauses
from tuiread.compare.keys import SentenceKeys, analyse, quoted_spans, text_keys, word_key
from tuiread.compare.words import WORD, normalize
from tuiread.corpus import Article


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    norm: str  # case-folded, quotes and dashes unified: the form the word diff compares


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

    @property
    def id(self) -> str:
        return self.article.id


def stem(norm: str) -> str | None:
    """The key a lone word contributes to sentence similarity, or None for function words."""
    return word_key(norm, norm)


def keys_of(text: str) -> frozenset[str]:
    """The similarity keys of a plain string (what :func:`prepare` computes per sentence)."""
    return text_keys(text).keys


def words_in(article: Article, start: int, end: int) -> list[Word]:
    """The words of raw ``[start, end)``, visible pieces only."""
    text = article.text
    words = []
    for piece in article.visible_pieces(start, end):
        for match in WORD.finditer(text, piece.start, piece.end):
            words.append(Word(match.start(), match.end(), normalize(match.group())))
    return words


def _analyse(article: Article, start: int, end: int, words: tuple[Word, ...]) -> SentenceKeys:
    text = article.text
    spans = quoted_spans(text[start:end])
    base = start
    quoted = [any(s <= w.start - base < e for s, e in spans) for w in words]
    return analyse([(text[w.start : w.end], w.norm) for w in words], quoted)


def prepare(article: Article) -> PreparedArticle:
    """Each visible sentence's words and similarity keys (computed once per article)."""
    sentences = []
    for index, span in enumerate(article.sentences):
        words = tuple(words_in(article, span.start, span.end))
        analysis = _analyse(article, span.start, span.end, words)
        parts = clauses(article.text, words, analysis)
        sentences.append(PreparedSentence(index, span.start, span.end, words, analysis, parts))
    return PreparedArticle(article, sentences)
