"""Clauses of a sentence: the statements a long news sentence strings together.

"Trump said European nations would coordinate with the U.S. to provide these assurances, but Kyiv
would have to abandon its ambition of joining NATO" carries two statements; another outlet may
report each in a sentence of its own, or only one of them. Whole-sentence overlap dilutes the
shared statement with the other one, so alignment also compares clauses: a sentence is cut where
a new statement usually starts (a semicolon, colon or dash, a quotation's edge, or a comma before
"but", "while", "which" and the like), and a piece too short to state anything on its own joins
its neighbour.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from operator import attrgetter
from typing import Protocol

from tuiread.compare.keys import SentenceKeys


class _Word(Protocol):
    start: int
    end: int
    norm: str

# Marks between two words that end a clause: ";", ":", dashes and quotation marks (the edge of a
# quoted statement), and a spaced hyphen used as a dash.
MARKED = re.compile(r'[;:—–"“”]| - ')
# Words that open a clause of their own after a comma.
CLAUSE_WORDS = frozenset(
    "but while although though whereas which where after saying because since when before as "
    "and who following according amid including".split()
)
# A clause needs this many keys to state something on its own; a shorter piece ("he added",
# "Trump said") joins the clause before it. Chosen on the tuning part of
# tests/bench/align_bench.py (2 and 3 pair short pieces that only share a name; 5 and 6 leave
# too few clauses to gain anything).
CLAUSE_MIN_KEYS = 4


# Any character that may end a clause: the marks above and the comma.
_CANDIDATE = re.compile(r'[;:—–"“”,]| - ')
_START = attrgetter("start")


def _cuts(text: str, words: Sequence[_Word]) -> list[int]:
    """Word positions where a clause starts (0 first). Only the gaps holding a candidate mark
    are looked at: most gaps between words are a lone space."""
    cuts = [0]
    if len(words) < 2:
        return cuts
    seen = 0
    for match in _CANDIDATE.finditer(text, words[0].end, words[-1].start):
        k = bisect_right(words, match.start(), key=_START)
        if k <= seen or match.start() < words[k - 1].end:
            continue  # a gap already looked at, or a mark inside a word ("1,500", "Putin–Zelensky")
        seen = k
        gap = text[words[k - 1].end : words[k].start]
        if MARKED.search(gap) or ("," in gap and words[k].norm in CLAUSE_WORDS):
            cuts.append(k)
    return cuts


def clauses(
    text: str, words: Sequence[_Word], analysis: SentenceKeys
) -> tuple[frozenset[str], ...]:
    """The keys of each clause of the sentence made of ``words`` (raw spans into ``text``) whose
    keys are ``analysis``, in reading order; empty when the sentence is one clause (its own keys
    say it all)."""
    cuts = _cuts(text, words)
    if len(cuts) < 2:
        return ()
    ends = [*cuts[1:], len(words)]
    found: list[set[str]] = [set() for _ in cuts]
    piece = 0
    for key, at in zip(analysis.sequence, analysis.positions, strict=True):
        while at >= ends[piece]:
            piece += 1
        found[piece].add(key)
    pieces: list[frozenset[str]] = []
    for keys in map(frozenset, found):
        if pieces and (len(keys) < CLAUSE_MIN_KEYS or len(pieces[-1]) < CLAUSE_MIN_KEYS):
            pieces[-1] = pieces[-1] | keys
        else:
            pieces.append(keys)
    return tuple(pieces) if len(pieces) > 1 else ()
