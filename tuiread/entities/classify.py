"""Giving each span a kind: PERSON, PLACE, ORG or OTHER.

First each span on its own: gazetteer, then the words that decide a kind outright (a title
before it, an organisation or place word at its end), then weaker clues (a first name, a known
place, an acronym). Then the article as a whole: a surname alone is the person named in full
elsewhere in it ("Putin" after "Vladimir Putin"), and the same name gets the same kind throughout.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from tuiread.entities.gazetteer import Gazetteer, GazetteerEntry
from tuiread.entities.lexicon import (
    COMMON,
    FIRST_NAME,
    LOWER_WORD,
    MAJOR_PLACE,
    NATION,
    PLACE,
    SURNAME,
    word_flags,
)
from tuiread.entities.model import Kind
from tuiread.entities.normalize import name_key
from tuiread.entities.tokens import Token
from tuiread.entities.wordlists import (
    BUSINESS_WORDS,
    ORG_OF_HEADS,
    ORG_SUFFIXES,
    OTHER_SUFFIXES,
    OTHER_WORDS,
    PLACE_OF_HEADS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    SPEECH_VERBS,
    SPORTS_WORDS,
)

# Acronyms ("NATO", "KDP") are organisations when they are this short and unknown as places.
_ACRONYM_MAX_LETTERS = 6
# A report is about sport (or business) when at least this many of its words, and this share of
# them, are sports (business) words: a stray "match" or "season" in a story does not make it one.
_TOPIC_MIN_HITS = 4
_TOPIC_MIN_SHARE = 0.01
# A line opening with a place and going on with a number within this many tokens is a dateline.
_DATELINE_TOKENS = 6
# Prepositions after which an unknown single name is most often a place ("in Arbil").
_PLACE_PREPOSITIONS = frozenset("in at near from to into across outside inside around via".split())


# How sure a kind is: decided by a gazetteer name, a title or a telling word; a good clue (a
# first name, a known place); or only a guess.
SURE, CLUE, GUESS = 2, 1, 0


@dataclass(slots=True)
class Span:
    lo: int
    hi: int  # token indices [lo, hi)
    start: int
    end: int  # raw offsets [start, end)
    entry: GazetteerEntry | None = None
    person_hint: bool = False
    strong_hint: bool = False
    kind: Kind | None = None
    confidence: int = GUESS


class Classifier:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.lex = word_flags()

    def classify(self, tokens: list[Token], spans: list[Span]) -> None:
        for span in spans:
            span.kind, span.confidence = self._alone(tokens, span)
        person_parts = self._harmonise(tokens, spans)
        for span in spans:
            if (
                span.confidence < SURE
                and span.kind == Kind.PERSON
                and _before(tokens, span) == "the"
            ):
                span.kind = Kind.ORG  # people are not "the Eagles"; organisations are
        words = [t.lower for t in tokens if t.kind == "word"]
        if _topic(words, SPORTS_WORDS):
            self._teams(tokens, spans, person_parts)
        elif _topic(words, BUSINESS_WORDS):
            self._companies(tokens, spans, person_parts)

    # -- one span on its own
    def _alone(self, tokens: list[Token], span: Span) -> tuple[Kind, int]:
        if span.entry is not None:
            return span.entry.kind, SURE
        words = tokens[span.lo : span.hi]
        lows = [t.lower.rstrip(".") for t in words]
        n = len(words)
        first_bits = self.lex.get(lows[0], 0)
        last_bits = self.lex.get(lows[-1], 0)
        if n >= 2 and self.lex.get(" ".join(lows), 0) & PLACE:  # a place of several words
            return Kind.PLACE, SURE
        if "of" in lows:
            if lows[0] in PLACE_OF_HEADS:
                return Kind.PLACE, SURE
            if lows[0] in ORG_OF_HEADS or lows[lows.index("of") - 1] in ORG_OF_HEADS:
                return Kind.ORG, SURE
        if lows[-1] in OTHER_WORDS:
            return Kind.OTHER, SURE
        if n >= 2 and lows[-1] in ORG_SUFFIXES:
            return Kind.ORG, SURE
        if n >= 2 and lows[-1] in PLACE_SUFFIXES:
            return Kind.PLACE, SURE
        if n >= 2 and lows[-1] in OTHER_SUFFIXES:
            return Kind.OTHER, SURE
        if span.person_hint:
            return Kind.PERSON, SURE if span.strong_hint else CLUE
        if n == 1:
            return self._single(tokens, span, words[0], first_bits)
        if first_bits & FIRST_NAME or _initial(words[0]):
            return Kind.PERSON, CLUE
        if lows[0] in PLACE_PREFIXES and self.lex.get(" ".join(lows[1:]), 0) & PLACE:
            return Kind.PLACE, CLUE
        if last_bits & SURNAME or not last_bits & LOWER_WORD:
            return Kind.PERSON, GUESS
        return Kind.OTHER, GUESS

    def _single(self, tokens: list[Token], span: Span, word: Token, bits: int) -> tuple[Kind, int]:
        person_bits = bits & (FIRST_NAME | SURNAME)
        before, after = _before(tokens, span), _after(tokens, span).lower()
        if self._acronym(word) and not bits & MAJOR_PLACE:
            return Kind.ORG, GUESS
        # "Bush", "Brown": a surname that is also a word is seldom the town of that name.
        town_or_surname = person_bits and bits & COMMON and not bits & NATION
        if bits & PLACE and (bits & MAJOR_PLACE or not person_bits) and not town_or_surname:
            return Kind.PLACE, CLUE
        if before in SPEECH_VERBS or after in SPEECH_VERBS:
            return Kind.PERSON, GUESS
        if before in _PLACE_PREPOSITIONS and not person_bits:
            return Kind.PLACE, GUESS
        if person_bits and (bits & PLACE or not bits & LOWER_WORD):
            return Kind.PERSON, GUESS
        return Kind.OTHER, GUESS

    @staticmethod
    def _acronym(token: Token) -> bool:
        letters = [c for c in token.text if c.isalpha()]
        return (
            2 <= len(letters) <= _ACRONYM_MAX_LETTERS
            and all(c.isupper() for c in letters)
            and token.informative
        )

    # -- the article as a whole
    def _harmonise(self, tokens: list[Token], spans: list[Span]) -> set[str]:
        """Surnames and first names of people named in full elsewhere are those people, and one
        name keeps one kind. Returns the parts of full personal names."""
        person_parts: set[str] = set()
        guessed_parts: set[str] = set()
        org_heads: set[str] = set()
        for span in spans:
            lows = [t.lower for t in tokens[span.lo : span.hi]]
            if span.kind == Kind.PERSON and len(lows) >= 2:
                parts = (lows[0], lows[-1], " ".join(lows[1:]))
                (person_parts if span.confidence >= CLUE else guessed_parts).update(parts)
            elif span.kind == Kind.ORG and len(lows) >= 2 and span.confidence == SURE:
                org_heads.add(lows[0])
        for span in spans:
            if span.confidence == SURE:
                continue
            key = " ".join(t.lower for t in tokens[span.lo : span.hi])
            if key in person_parts:
                span.kind, span.confidence = Kind.PERSON, CLUE
            elif (
                key in guessed_parts
                and span.kind == Kind.OTHER
                and not self.lex.get(key, 0) & LOWER_WORD
            ):
                span.kind = Kind.PERSON  # "Zelensky" after "Volodymyr Zelensky", not "Nations"
            elif key in org_heads:
                span.kind, span.confidence = Kind.ORG, CLUE
        votes: dict[str, Counter[Kind]] = defaultdict(Counter)
        for span in spans:
            if span.confidence >= CLUE:
                votes[_key(tokens, span)][span.kind] += span.confidence
        for span in spans:
            counted = votes.get(_key(tokens, span)) if span.confidence < SURE else None
            if counted:
                span.kind = counted.most_common(1)[0][0]
                span.confidence = max(span.confidence, CLUE)
        return person_parts

    def _teams(self, tokens: list[Token], spans: list[Span], person_parts: set[str]) -> None:
        """In a sports report a town or county acting as a side is a team ("Leicestershire beat
        Somerset", "Surrey 429-7", "Dynamo Moscow"), and so is a lone name nobody is named by.
        Nations stay places (national sides bear their country's name), and so does a place after
        "in" or "at", before a colon (a venue) or opening a dateline."""
        for span in spans:
            if span.confidence == SURE and span.kind != Kind.PLACE:
                continue
            lows = [t.lower for t in tokens[span.lo : span.hi]]
            if any(w in person_parts for w in lows) or self._nation(span, lows):
                continue
            if span.kind == Kind.PERSON and (
                span.confidence == CLUE
                or self.lex.get(lows[0], 0) & FIRST_NAME
                or not self.lex.get(lows[-1], 0) & PLACE
            ):
                continue
            if span.kind == Kind.OTHER and (
                len(lows) > 1 or self.lex.get(lows[0], 0) & (FIRST_NAME | SURNAME)
            ):
                continue
            if lows[-1] in PLACE_SUFFIXES or lows[-1] in OTHER_SUFFIXES or lows[-1] in OTHER_WORDS:
                continue
            if _before(tokens, span) in _PLACE_PREPOSITIONS or _after(tokens, span) == ":":
                continue
            if self._dateline(tokens, span):
                continue
            span.kind = Kind.ORG

    def _companies(self, tokens: list[Token], spans: list[Span], person_parts: set[str]) -> None:
        """In a business report a lone name never given in full as a person's is a company."""
        for span in spans:
            if (
                span.confidence == SURE
                or span.hi - span.lo != 1
                or span.kind not in (Kind.PERSON, Kind.OTHER)
            ):
                continue
            low = tokens[span.lo].lower
            if low in person_parts or self.lex.get(low, 0) & (FIRST_NAME | SURNAME):
                continue
            span.kind = Kind.ORG

    def _nation(self, span: Span, lows: list[str]) -> bool:
        names = [" ".join(lows)]
        if span.entry is not None:
            names.append(span.entry.name.lower())
        return any(self.lex.get(name, 0) & NATION for name in names)

    @staticmethod
    def _dateline(tokens: list[Token], span: Span) -> bool:
        """ "LONDON 1996-08-30": a place opening a short line that goes on with a year."""
        if span.lo > 0 and tokens[span.lo - 1].kind != "nl":
            return False
        rest = []
        for token in tokens[span.hi : span.hi + _DATELINE_TOKENS + 1]:
            if token.kind == "nl":
                break
            rest.append(token)
        return (
            bool(rest)
            and len(rest) <= _DATELINE_TOKENS
            and rest[0].kind == "num"
            and len(rest[0].text) == 4
            and rest[0].text[:2] in ("19", "20")
        )


def _key(tokens: list[Token], span: Span) -> str:
    return name_key(" ".join(t.text for t in tokens[span.lo : span.hi]))


def _before(tokens: list[Token], span: Span) -> str:
    return tokens[span.lo - 1].lower if span.lo > 0 else ""


def _after(tokens: list[Token], span: Span) -> str:
    return tokens[span.hi].text if span.hi < len(tokens) else ""


def _topic(words: list[str], vocabulary: frozenset[str]) -> bool:
    hits = sum(1 for w in words if w in vocabulary)
    return hits >= _TOPIC_MIN_HITS and hits >= _TOPIC_MIN_SHARE * len(words)


def _initial(token: Token) -> bool:
    return len(token.text) == 2 and token.text[1] == "." and token.text[0].isupper()
