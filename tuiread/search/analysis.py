"""Words as the index sees them: Whoosh's stemming analysis, fused into one fast loop.

Queries are analysed by Whoosh's own ``StemmingAnalyzer`` (tokenise, lowercase, drop stop words,
Porter stem). Indexing and hit finding run the same steps here in one pass without Whoosh's token
objects, which makes building the index about twice as fast; ``tests/unit/test_search_analysis.py``
checks that both give the same terms and positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem

# Whoosh's StopFilter drops tokens shorter than this.
MIN_WORD_CHARS = 2
# The stem cache is cleared when it grows past this many words (a corpus vocabulary is ~10^5).
STEM_CACHE_LIMIT = 500_000

_STOPS = frozenset(STOP_WORDS)
# Whoosh's default token pattern without its capturing group, so ``findall`` returns whole words.
_TOKENS = re.compile(default_pattern.pattern.replace("(\\.", "(?:\\."))
assert _TOKENS.groups == 0
_stems: dict[str, str] = {}
# The cached term of a lowercased word, or None if not cached yet (then call ``stem_word``).
cached_term = _stems.get


def describe() -> list:
    """What the analysis depends on (a Whoosh upgrade could change it): part of the signature."""
    return [default_pattern.pattern, sorted(_STOPS), MIN_WORD_CHARS, stem("generalizations")]


def query_analyzer() -> StemmingAnalyzer:
    """The analyzer the query parser uses for title and body; it must match ``index_terms``."""
    return StemmingAnalyzer()


def stem_word(word: str) -> str | None:
    """The index term of one lowercased word, or None for a stop word."""
    if len(word) < MIN_WORD_CHARS or word in _STOPS:
        return None
    found = _stems.get(word)
    if found is None:
        if len(_stems) > STEM_CACHE_LIMIT:
            _stems.clear()
        found = _stems[word] = stem(word)
    return found


def index_terms(text: str) -> dict[str, list[int]]:
    """Every term of ``text`` with its positions, exactly as Whoosh's StemmingAnalyzer numbers them.

    Stop words are removed and later positions renumbered, but the first kept word keeps its raw
    position (Whoosh's StopFilter does the same), so phrase queries line up with the index.
    """
    lowered = [token.lower() for token in _TOKENS.findall(text)]
    first = next((i for i, w in enumerate(lowered) if len(w) >= MIN_WORD_CHARS and w not in _STOPS),
                 None)
    if first is None:
        return {}
    kept = [w for w in lowered[first:] if len(w) >= MIN_WORD_CHARS and w not in _STOPS]
    terms: dict[str, list[int]] = {}
    for position, word in enumerate(kept, first):
        term = cached_term(word) or stem_word(word)
        found = terms.get(term)
        if found is None:
            terms[term] = [position]
        else:
            found.append(position)
    return terms


class Word(NamedTuple):
    start: int
    end: int
    term: str
    position: int


def words(text: str) -> Iterator[Word]:
    """The indexed words of ``text`` with their character spans, terms and positions."""
    position = -1
    first = True
    for index, match in enumerate(default_pattern.finditer(text)):
        term = stem_word(match.group().lower())
        if term is None:
            continue
        if first:
            position, first = index, False
        else:
            position += 1
        yield Word(match.start(), match.end(), term, position)
