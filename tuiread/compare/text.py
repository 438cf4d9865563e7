"""Words of an article's visible sentences, with raw offsets, ready to be compared.

Comparison never looks at hidden text: each sentence's words come from its visible pieces only,
and every word keeps its raw ``[start, end)`` in ``Article.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuiread.corpus import Article

# Numbers with their separators first ("1,500", "2.5"), then currency signs, then words that may
# hold an apostrophe, a hyphen or an inner full stop ("don’t", "long-term", "J.D").
WORD = re.compile(r"\d+(?:[.,:]\d+)*|[$€£¥]|[^\W\d_]\w*(?:['’.\-‐–][^\W_]+)*|\w+")

# Function words carry no content: two sentences sharing only these say nothing alike.
STOPWORDS = frozenset(
    "a an the of to in on at for and or but nor is are was were be been being by with as that "
    "this these those it its from he she they them his her their has have had will would said "
    "says say also not than then there here which who whom what when where while about into over "
    "after before such can could may might should do does did we our us i you your".split()
)
# Words are compared on their first letters so "coordinate" meets "coordination" and "talks"
# meets "talk". Chosen on MSRP train: 5-letter prefixes score 0.5 accuracy points above whole
# words with IDF-weighted Dice (see tests/bench/align_bench.py).
STEM_LETTERS = 5
# Number words meet the digits other outlets write ("ten days" against "10 days").
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}


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
    keys: frozenset[str]  # content-word stems: what sentence similarity is computed on


@dataclass(slots=True)
class PreparedArticle:
    article: Article
    sentences: list[PreparedSentence]

    @property
    def id(self) -> str:
        return self.article.id


_FOLD = str.maketrans({"’": "'", "‘": "'", "‐": "-", "–": "-", "—": "-"})


def normalize(word: str) -> str:
    return word.casefold().translate(_FOLD)


def stem(norm: str) -> str | None:
    """The key a word contributes to sentence similarity, or None for function words."""
    if norm.endswith("'s"):
        norm = norm[:-2]
    if not norm or norm in STOPWORDS or not norm[0].isalnum():
        return None
    if norm[0].isdigit():
        return norm.replace(",", "")
    if norm in NUMBER_WORDS:
        return NUMBER_WORDS[norm]
    return norm[:STEM_LETTERS]


def keys_of(text: str) -> frozenset[str]:
    """The similarity keys of a plain string (what :func:`prepare` computes per sentence)."""
    return frozenset(k for k in (stem(normalize(m.group())) for m in WORD.finditer(text)) if k)


def words_in(article: Article, start: int, end: int) -> list[Word]:
    """The words of raw ``[start, end)``, visible pieces only."""
    text = article.text
    words = []
    for piece in article.visible_pieces(start, end):
        for match in WORD.finditer(text, piece.start, piece.end):
            words.append(Word(match.start(), match.end(), normalize(match.group())))
    return words


def prepare(article: Article) -> PreparedArticle:
    """Each visible sentence's words and similarity keys (computed once per article)."""
    sentences = []
    for index, span in enumerate(article.sentences):
        words = tuple(words_in(article, span.start, span.end))
        keys = frozenset(k for k in (stem(w.norm) for w in words) if k)
        sentences.append(PreparedSentence(index, span.start, span.end, words, keys))
    return PreparedArticle(article, sentences)
