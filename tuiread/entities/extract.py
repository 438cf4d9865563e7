"""Mention extraction from plain text: tokens -> name runs -> spans with a kind.

No model and no download: capitalisation read in context (``tokens``, ``evidence``), the shipped
lexicon, the gazetteer, and closed word lists (titles, organisation and place words). Runs in
linear time over the article.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tuiread.entities.classify import Classifier, Span
from tuiread.entities.evidence import Evidence, name_like, split_compounds
from tuiread.entities.gazetteer import Gazetteer
from tuiread.entities.lexicon import PLACE, word_flags
from tuiread.entities.model import Kind, Mention
from tuiread.entities.tokens import Token, tokenize
from tuiread.entities.wordlists import (
    NAME_PARTICLES,
    ORG_OF_HEADS,
    ORG_SUFFIXES,
    PERSON_TITLES,
    PLACE_OF_HEADS,
    PLACE_SUFFIXES,
    STRONG_PERSON_TITLES,
)

# Bump when extraction changes what it returns; cached mentions are also keyed by a hash of the
# extraction code and tables, and by the gazetteer.
EXTRACTOR_VERSION = 1

# The files whose contents decide what extraction returns.
_EXTRACTION_FILES = (
    "tokens.py",
    "evidence.py",
    "extract.py",
    "classify.py",
    "wordlists.py",
    "lexicon.py",
    "normalize.py",
    "data/lexicon.tsv.gz",
)
# Words a particle may not follow at the start of a name ("a van", "the la" are not names).
_DETERMINERS = frozenset("a an the this that his her its their our my your".split())
# Particles that may open a name with no name before them ("von der Leyen said").
_LEADING_PARTICLES = frozenset(
    "von van der den de del della di da dos du ter bin ibn al el".split()
)


@cache
def _code_fingerprint() -> str:
    """A hash of the extractor's code and tables, so cached mentions never outlive a change."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for name in _EXTRACTION_FILES:
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:12]


@dataclass(slots=True)
class _Run:
    lo: int
    hi: int  # token indices [lo, hi)


class Extractor:
    """Finds mentions of people, places, organisations and other names in plain text."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer([])
        self.classifier = Classifier(self.gazetteer)
        self.version = f"{EXTRACTOR_VERSION}.{_code_fingerprint()}.{self.gazetteer.fingerprint}"

    def extract(self, text: str) -> list[Mention]:
        """Mentions in ``text``, in order, with offsets into it."""
        tokens = tokenize(text)
        evidence = Evidence(tokens)
        tokens = split_compounds(tokens, evidence, self._known)
        names = name_like(tokens, evidence, self._known)
        spans: list[Span] = []
        for run in self._runs(tokens, names):
            spans.extend(self._segment(tokens, run))
        self.classifier.classify(tokens, spans)
        return [Mention(s.start, s.end, text[s.start : s.end], s.kind) for s in spans if s.kind]

    def _known(self, text: str) -> bool:
        if self.gazetteer.lookup(text) is not None:
            return True
        return bool(word_flags().get(" ".join(text.lower().split()), 0) & PLACE)

    # -- runs: maximal stretches of name tokens with the joiners between them
    def _runs(self, tokens: list[Token], names: list[bool]) -> list[_Run]:
        runs: list[_Run] = []
        i, n = 0, len(tokens)
        while i < n:
            if not names[i] and not (
                tokens[i].text in _LEADING_PARTICLES
                and self._particles_then_name(tokens, names, i) is not None
                and not (i > 0 and tokens[i - 1].lower in _DETERMINERS)
            ):
                i += 1
                continue
            lo = i
            i += 1
            while i < n:
                if tokens[i - 1].possessive:
                    break
                if names[i] and self._adjacent(tokens, i):
                    i += 1
                    continue
                j = self._joiner(tokens, names, lo, i)
                if j is None:
                    break
                i = j
            runs.append(_Run(lo, i))
        return runs

    @staticmethod
    def _adjacent(tokens: list[Token], i: int) -> bool:
        """Token ``i`` follows token ``i - 1`` after plain spaces on the same line."""
        gap = tokens[i].start - tokens[i - 1].end
        return gap >= 1 and tokens[i - 1].kind != "nl" or gap == 0 and tokens[i].kind == "abbr"

    def _particles_then_name(self, tokens: list[Token], names: list[bool], i: int) -> int | None:
        """Index after the particles starting at ``i`` if a name follows them, else None."""
        j = i
        while j < len(tokens) and tokens[j].text in NAME_PARTICLES:
            j += 1
        if j > i and j < len(tokens) and names[j]:
            return j
        return None

    def _joiner(self, tokens: list[Token], names: list[bool], lo: int, i: int) -> int | None:
        """If tokens from ``i`` join the run ``[lo, i)`` to a following name, the index of that
        name; else None. Joiners: particles, "&", and "of" after "Bank", "Gulf" and the like."""
        if not self._adjacent(tokens, i):
            return None
        token = tokens[i]
        after = self._particles_then_name(tokens, names, i)
        if after is not None and all(self._adjacent(tokens, k) for k in range(i, after + 1)):
            return after
        nxt = i + 1
        if nxt >= len(tokens) or not names[nxt] or not self._adjacent(tokens, nxt):
            return None
        if token.text == "&":
            return nxt
        if token.text == "of":
            head = tokens[lo].lower
            last = tokens[i - 1].lower
            if (
                head in ORG_OF_HEADS
                or head in PLACE_OF_HEADS
                or last in ORG_OF_HEADS
                or last in PLACE_OF_HEADS
            ):
                return nxt
        return None

    # -- segments: a run split at a leading known name, titles and leading nationalities
    def _segment(self, tokens: list[Token], run: _Run) -> list[Span]:
        """Spans of one run. "U.S. President Donald Trump" is two ("U.S.", "Donald Trump");
        "Dynamo Moscow" and "Moscow State University" stay one."""
        lo, hi = run.lo, run.hi
        whole = self._lookup(tokens, lo, hi)
        if whole is not None:
            return [Span(lo, hi, tokens[lo].start, tokens[hi - 1].end, entry=whole)]
        if tokens[hi - 1].lower in ORG_SUFFIXES or tokens[hi - 1].lower in PLACE_SUFFIXES:
            return [Span(lo, hi, tokens[lo].start, tokens[hi - 1].end)]
        return self._plain(tokens, lo, hi)

    def _lookup(self, tokens: list[Token], lo: int, hi: int):
        if hi - lo > self.gazetteer.max_words:
            return None
        return self.gazetteer.lookup(" ".join(t.text for t in tokens[lo:hi]))

    def _plain(self, tokens: list[Token], lo: int, hi: int) -> list[Span]:
        """Spans in tokens ``[lo, hi)`` with titles taken off: "Russian Foreign Minister Sergei
        Lavrov" -> "Russian", "Sergei Lavrov"; "EU Commission President Ursula von der Leyen" ->
        "EU Commission", "Ursula von der Leyen"."""
        spans: list[Span] = []
        # The title chain right before the name: the last title word with only names after it.
        last = max((i for i in range(lo, hi) if self._title(tokens[i])), default=None)
        if last is None or last == hi - 1:
            if last is not None and all(self._title(tokens[i]) for i in range(lo, hi)):
                return spans  # titles alone ("the Prime Minister") name no one here
            entry = self._lookup(tokens, lo, hi)
            return [Span(lo, hi, tokens[lo].start, tokens[hi - 1].end, entry=entry)]
        chain = last
        while chain > lo and self._title(tokens[chain - 1]):
            chain -= 1
        if chain > lo:
            spans.extend(self._before_title(tokens, lo, chain))
        titles = [tokens[i].lower.rstrip(".") for i in range(chain, last + 1)]
        entry = self._lookup(tokens, last + 1, hi)
        spans.append(
            Span(
                last + 1,
                hi,
                tokens[last + 1].start,
                tokens[hi - 1].end,
                entry=entry,
                person_hint=entry is None,
                strong_hint=any(t in STRONG_PERSON_TITLES for t in titles),
            )
        )
        return spans

    def _before_title(self, tokens: list[Token], lo: int, hi: int) -> list[Span]:
        """What precedes a title names the person's country or employer ("U.S.", "Russian",
        "EU Commission", "White House" in "White House Press Secretary")."""
        whole = self._lookup(tokens, lo, hi)
        if whole is not None or tokens[hi - 1].lower in ORG_SUFFIXES or hi - lo == 1:
            return [Span(lo, hi, tokens[lo].start, tokens[hi - 1].end, entry=whole)]
        for end in range(hi - 1, lo, -1):
            entry = self._lookup(tokens, lo, end)
            if entry is not None:
                return [Span(lo, end, tokens[lo].start, tokens[end - 1].end, entry=entry)]
        return [Span(lo, hi, tokens[lo].start, tokens[hi - 1].end)]

    @staticmethod
    def _title(token: Token) -> bool:
        return token.lower.rstrip(".") in PERSON_TITLES


def extract(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Mentions in ``text`` (a convenience for one-off calls; reuse an Extractor for many)."""
    return Extractor(gazetteer).extract(text)


__all__ = ["EXTRACTOR_VERSION", "Extractor", "Kind", "Mention", "extract"]
