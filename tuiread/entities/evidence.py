"""Deciding which tokens are parts of names.

Mid-sentence, a capital letter marks a name. Where capitals say nothing (sentence starts,
headlines, ALL-CAPS lines) the article itself is asked first: a word written with a capital
mid-sentence elsewhere in it is a name, one written in lower case is not. Only words the article
does not settle fall back on the lexicon: common English words are not names, names and places
are, and unknown words are taken as names (headlines are full of them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from tuiread.entities.lexicon import (
    CAPITAL,
    COMMON,
    FIRST_NAME,
    MAJOR_PLACE,
    PLACE,
    SURNAME,
    WORD,
    word_flags,
)
from tuiread.entities.tokens import Token
from tuiread.entities.wordlists import (
    AMBIGUOUS_CALENDAR,
    NOT_NAMES,
    OPENERS,
    OTHER_WORDS,
    PERSON_TITLES,
    SPEECH_VERBS,
)

# Hyphenated endings that describe, not name ("Moscow-based", "U.S.-led"): split off.
_HYPHEN = ("-", "‐")
_CONTRACTION = re.compile(r"['’](ll|re|ve|d|m|t)$|n['’]t$")
# An ALL-CAPS word this long or longer that is a common word is emphasis ("PEACE"), not an acronym.
_EMPHASIS_MIN_LETTERS = 4


class Evidence:
    """How each word is written in the informative positions of one article."""

    def __init__(self, tokens: list[Token]):
        self.capital: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        for token in tokens:
            if token.kind != "word":
                continue
            first = token.text[0]
            if first.islower():
                self.lower[token.lower] += 1
            elif token.informative and not token.is_all_caps():
                self.capital[token.lower] += 1
            if "-" in token.text:
                for part in token.text.split("-"):
                    if part[:1].isupper() and token.informative:
                        self.capital[part.lower()] += 1

    def verdict(self, word: str) -> bool | None:
        """True: written as a name here; False: written as a common word; None: not settled."""
        cap, low = self.capital.get(word, 0), self.lower.get(word, 0)
        if cap == low == 0:
            return None
        return cap >= low


def split_compounds(
    tokens: list[Token], evidence: Evidence, known: Callable[[str], bool]
) -> list[Token]:
    """Split "Putin-Zelensky" into two names and "Moscow-based" into a name and a word.

    ``known(text)`` says whether a part is a name on its own (gazetteer or lexicon place).
    "Mar-a-Lago", "Jean-Claude" and "Rolls-Royce" stay whole.
    """
    result: list[Token] = []
    for token in tokens:
        text = token.text
        if token.kind != "word" or not text[:1].isupper() or not any(h in text for h in _HYPHEN):
            result.append(token)
            continue
        parts = text.replace("‐", "-").split("-")
        if known(text) or any(not p for p in parts):
            result.append(token)
            continue
        if parts[-1][:1].islower() and all(p[:1].isupper() for p in parts[:-1]):
            head_len = len(text) - len(parts[-1]) - 1
            head = Token(
                token.start, token.start + head_len, text[:head_len], "word", token.informative
            )
            result.append(head)
            result.append(Token(head.end, head.end + 1, "-", "punct"))
            tail = Token(
                head.end + 1, token.end, parts[-1], "word", token.informative, token.possessive
            )
            result.append(tail)
            continue
        standalone = all(
            p[:1].isupper()
            and (evidence.capital.get(p.lower(), 0) > 0 or known(p) or p.lower() in OTHER_WORDS)
            for p in parts
        )
        if not standalone:
            result.append(token)
            continue
        offset = token.start
        for i, part in enumerate(parts):
            if i:
                result.append(Token(offset, offset + 1, "-", "punct"))
                offset += 1
            last = i == len(parts) - 1
            result.append(
                Token(
                    offset,
                    offset + len(part),
                    part,
                    "word",
                    token.informative,
                    token.possessive and last,
                )
            )
            offset += len(part)
    return result


# The longest known name of several words looked for where capitals say nothing ("NEW YORK").
_MAX_KNOWN_WORDS = 4


def name_like(tokens: list[Token], evidence: Evidence, known: Callable[[str], bool]) -> list[bool]:
    """Whether each token can be part of a name (particles and joiners are decided later).

    ``known(text)`` says whether a text of several words is a known name (gazetteer or place).
    """
    lex = word_flags()
    flags = [_name_like(t, evidence, lex) for t in tokens]
    _known_names(tokens, flags, known)
    # A first name that is also a word ("Bill", "Mark") opening a sentence is a name when a name
    # follows it: "Mark Rutte said" but not "Mark the date".
    for i, token in enumerate(tokens[:-1]):
        if (
            not flags[i]
            and token.kind == "word"
            and not token.informative
            and token.text[:1].isupper()
            and flags[i + 1]
            and tokens[i + 1].kind == "word"
            and tokens[i + 1].start == token.end + 1
            and lex.get(token.text.lower(), 0) & FIRST_NAME
            and token.text.lower() not in OPENERS
        ):
            flags[i] = True
    # A surname that is also a word ("Trump", "Bush") opening a sentence is a name when a verb
    # of saying follows it or it owns something: "Trump wrote", "Trump's envoy".
    for i, token in enumerate(tokens[:-1]):
        if (
            not flags[i]
            and token.kind == "word"
            and not token.informative
            and token.text[:1].isupper()
            and token.text[1:2].islower()
            and lex.get(token.lower, 0) & (SURNAME | CAPITAL)
            and (tokens[i + 1].lower in SPEECH_VERBS or token.possessive)
            and token.lower not in OPENERS
        ):
            flags[i] = True
    for i, token in enumerate(tokens[1:], 1):
        if (
            token.kind == "word"
            and token.lower in AMBIGUOUS_CALENDAR
            and token.text[:1].isupper()
            and flags[i - 1]
            and lex.get(tokens[i - 1].lower, 0) & FIRST_NAME
        ):
            flags[i] = True
    return flags


def _known_names(tokens: list[Token], flags: list[bool], known: Callable[[str], bool]) -> None:
    """Mark known names of several words whose words alone look common ("NEW YORK", "Sri Lanka"
    opening a sentence)."""
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        if token.informative or token.kind != "word" or not token.text[:1].isupper():
            i += 1
            continue
        best = 0
        for j in range(i + 2, min(n, i + _MAX_KNOWN_WORDS) + 1):
            words = tokens[i:j]
            if any(t.kind not in ("word", "abbr") or not t.text[:1].isupper() for t in words):
                break
            if known(" ".join(t.text for t in words)):
                best = j
        if best:
            for k in range(i, best):
                flags[k] = True
            i = best
        else:
            i += 1


def _name_like(token: Token, evidence: Evidence, lex: dict[str, int]) -> bool:
    if token.kind == "abbr":
        return token.text[:1].isupper()
    if token.kind != "word" or not token.text[:1].isupper() or len(token.text) == 1:
        return False
    low = token.text.lower()
    if low in NOT_NAMES:
        # "May" and "March" are names only after a first name ("Theresa May"); see name_like.
        return False
    if _CONTRACTION.search(low):
        return False  # "We'll", "It's"
    if not token.informative and "-" in low:
        # An unsplit compound in a headline is a name if one of its parts is ("ROLLS-ROYCE").
        return any(part[:1].isalpha() and _judge(part, evidence, lex) for part in low.split("-"))
    bits = lex.get(low, 0)
    if token.informative:
        if low in OPENERS:
            return False
        # An ALL-CAPS common word mid-sentence is emphasis ("the possibility of PEACE").
        emphasis = token.is_all_caps() and len(low) >= _EMPHASIS_MIN_LETTERS and bits & COMMON
        return not (emphasis and not bits & (PLACE | FIRST_NAME))
    return _judge(low, evidence, lex)


def _judge(low: str, evidence: Evidence, lex: dict[str, int]) -> bool:
    """Whether a word whose capital says nothing is a name: the article first, then the lexicon."""
    verdict = evidence.verdict(low)
    if verdict is not None:
        return verdict
    bits = lex.get(low, 0)
    if low in OPENERS:
        return False
    if low in OTHER_WORDS or low in PERSON_TITLES:
        return True
    if bits & MAJOR_PLACE or (bits & PLACE and not bits & COMMON):
        return True
    if bits & COMMON:
        return False
    if bits & WORD:
        return bool(bits & (CAPITAL | FIRST_NAME))
    return True
