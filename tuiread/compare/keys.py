"""Similarity keys: the forms under which two outlets' words count as the same word.

A content word's key is its lemma ("agreed" and "agrees" are "agree"), so "State" of the Union
and "States" no longer collide the way prefix cuts made them. A name keeps its spelling, with
transliteration variants folded ("Zelenskiy" and "Zelensky"), and every spelling of one
gazetteer entity is one key ("U.S." = "United States" = "America"). An amount is its value
("$100 billion" = "$100bn" = "100 billion dollars"), its currency a key of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import starmap
from operator import itemgetter

from tuiread.compare.lemma_memo import lemmatize
from tuiread.compare.words import WORD, normalize
from tuiread.entities.gazetteer import Gazetteer, load_gazetteer
from tuiread.entities.lexicon import LOWER_WORD, word_flags
from tuiread.entities.model import Kind
from tuiread.entities.normalize import name_key, variant_key
from tuiread.errors import ConfigError

# Function words carry no content: two sentences sharing only these say nothing alike.
STOPWORDS = frozenset(
    "a an the of to in on at for and or but nor is are was were be been being by with as that "
    "this these those it its from he she they them his her their has have had will would said "
    "says say also not than then there here which who whom what when where while about into over "
    "after before such can could may might should do does did we our us i you your".split()
)
# Number words meet the digits other outlets write ("ten days" against "10 days").
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
CURRENCIES = {
    "$": "$",
    "dollar": "$",
    "dollars": "$",
    "usd": "$",
    "€": "€",
    "euro": "€",
    "euros": "€",
    "eur": "€",
    "£": "£",
    "pound": "£",
    "pounds": "£",
    "sterling": "£",
    "gbp": "£",
    "¥": "¥",
    "yen": "¥",
}
PERCENT = "%"
NEGATIONS = frozenset("not no never nor nobody nothing neither without".split())
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A quotation counts as one that two sentences share from this many words on: a lone quoted word
# ("historic") is a label many sentences use, two words ("the best") already a reported phrase.
QUOTE_MIN_WORDS = 2
NAME_PREFIX = "@"
NUMBER_PREFIX = "#"


@dataclass(frozen=True, slots=True)
class SentenceKeys:
    """What a sentence says, as keys: all of them, and the names and numbers among them."""

    keys: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]
    sequence: tuple[str, ...]  # keys in reading order, for word-order features
    quoted: frozenset[str]  # keys of the words inside quotation marks
    words: int  # how many words the sentence has, function words included
    text: str = ""  # every word normalised, function words included, for surface features
    negated: bool = False  # holds a negation ("not", "never", "n't")
    # Each quotation of QUOTE_MIN_WORDS words or more holding a content word, as its normalised
    # words between spaces (" the best "), so that one quotation is found inside another.
    quotations: tuple[str, ...] = ()
    # The position among the sentence's words at which each key of ``sequence`` starts, so the
    # keys of a stretch of words (a clause) are found without analysing it again.
    positions: tuple[int, ...] = ()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled and user gazetteer; an empty one when the user's file is broken (the
    entities screen reports that file's problems; comparison still works without aliases)."""
    try:
        return load_gazetteer()
    except ConfigError:
        return Gazetteer([])


@lru_cache(maxsize=1)
def _multiword_starts() -> frozenset[str]:
    """First words of the gazetteer's spellings of two words or more: only these start a
    multi-word name, so only these are looked up with the words after them."""
    starts = set()
    for entry in gazetteer().entries:
        for spelling in entry.spellings():
            words = spelling.split()
            if len(words) > 1:
                starts.add(_first_word(words[0]))
    return frozenset(starts)


def _first_word(word: str) -> str:
    return name_key(word).split(" ", 1)[0] if word else ""


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    return lemmatize(word)


@lru_cache(maxsize=65536)
def _entity(spelling: str) -> str | None:
    entry = gazetteer().lookup(spelling)
    return NAME_PREFIX + name_key(entry.name) if entry is not None else None


# How a people's or a place's adjective is made from the place's name, as (letters cut from the
# end of the adjective, letters put back): Russian -> Russia, European -> Europe, Ukrainian ->
# Ukraine, Italian -> Italy, Canadian -> Canada, Chinese -> China, Japanese -> Japan, Israeli ->
# Israel, German -> Germany; "Russians" as "Russian". A form counts only when it gives a place
# the gazetteer knows.
DEMONYM_ENDINGS = (
    ("", "y"),
    ("n", ""),
    ("an", ""),
    ("ian", "e"),
    ("ian", "y"),
    ("ian", "a"),
    ("ian", ""),
    ("ese", "a"),
    ("ese", ""),
    ("i", ""),
)


@lru_cache(maxsize=65536)
def _place_of(adjective: str) -> str | None:
    """The place key of a people's adjective ("Russian" -> Russia's key), None if it is none."""
    forms = (adjective, adjective[:-1]) if adjective.endswith("s") else (adjective,)
    for form in forms:
        for cut, put in DEMONYM_ENDINGS:
            if len(form) > len(cut) + 2 and form.endswith(cut):
                entry = gazetteer().lookup(form[: len(form) - len(cut)] + put)
                if entry is not None and entry.kind == Kind.PLACE:
                    return NAME_PREFIX + name_key(entry.name)
    return None


@lru_cache(maxsize=65536)
def _value(token: str) -> float | None:
    if NUMBER.fullmatch(token):
        # "1,500" is fifteen hundred, "2.5" two and a half; "1.500" (European) stays 1.5.
        try:
            return float(token.replace(",", ""))
        except ValueError:
            return None
    return NUMBER_WORDS.get(token)


def number_key(value: float) -> str:
    return NUMBER_PREFIX + f"{value:.6g}"


def _is_name(raw: str) -> bool:
    """A capitalised word that is not also a common lower-case word. Decided the same wherever
    the word stands (a sentence start, a title-case headline), so one word has one key."""
    # (``word_flags``: a comparison of two articles looks up a few hundred words, for which
    # making the whole table, a third of a second, costs more than looking each one up.)
    return raw[:1].isupper() and not word_flags().get(raw.casefold(), 0) & LOWER_WORD


@lru_cache(maxsize=65536)
def word_key(raw: str, norm: str) -> str | None:
    """The key of one word on its own (no amounts or multi-word names), None for function
    words."""
    if norm.endswith("'s"):
        norm, raw = norm[:-2], raw[:-2]
    if not norm or norm in STOPWORDS:
        return None
    if norm in CURRENCIES:
        return CURRENCIES[norm]
    if norm == PERCENT:
        return "percent"
    if not norm[0].isalnum():
        return None
    value = _value(norm)
    if value is not None:
        return number_key(value)
    entity = (_entity(raw) or _place_of(raw)) if raw[:1].isupper() else None
    if entity:
        return entity
    if _is_name(raw):
        return NAME_PREFIX + variant_key(norm)
    if "-" in norm and norm.replace("-", "").isalpha():
        # "cease-fire" is "ceasefire", "co-operation" "cooperation": the closed spelling is the
        # other common one.
        norm = norm.replace("-", "")
    return lemma(norm)


QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,}?)[\"“”«»]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each quotation in ``text`` (straight or curly double quotes)."""
    return [m.span(1) for m in QUOTED.finditer(text)]


def normalize_part(part: str) -> str:
    return part.casefold()


# How analyse reads one word (see _plan): whether it is plain (no number, dashed name or start of
# a multi-word name), its key, whether that key is a name, then whether it may start a multi-word
# name, its value if it is a number, and the name keys of its dashed parts.
_Plan = tuple[bool, str | None, bool, bool, float | None, tuple[str, ...] | None]


@lru_cache(maxsize=65536)
def _plan(raw: str, norm: str) -> _Plan:
    """How :func:`analyse` reads a word, worked out once per spelling."""
    multi = raw[:1].isupper() and _first_word(raw) in _multiword_starts()
    value = _value(norm)
    if value is not None:
        return False, None, False, multi, value, None
    if "-" in norm and raw[:1].isupper():
        keys = (word_key(part, normalize_part(part)) for part in re.split(r"[-‐–]", raw) if part)
        return False, None, False, multi, None, tuple(k for k in keys if k)
    key = word_key(raw, norm)
    return not multi, key, bool(key) and key.startswith(NAME_PREFIX), multi, None, None


def analyse(
    tokens: Sequence[tuple[str, str]],
    quoted: Sequence[bool] = (),
    gazetteer_words: int | None = None,
) -> SentenceKeys:
    """Keys of a sentence given as (raw, normalised) words in reading order; ``quoted`` tells
    which words stand inside quotation marks."""
    longest = gazetteer_words or gazetteer().max_words
    sequence: list[str] = []
    positions: list[int] = []  # the token each key of sequence starts at
    in_quote: set[str] = set()
    names: set[str] = set()
    numbers: set[str] = set()
    n = len(tokens)
    if not any(quoted):
        quoted = ()  # nothing quoted: one test per word instead of two
    raws: list[str] = []  # each word's spelling, listed at the first possible multi-word name
    plans = enumerate(starmap(_plan, tokens))
    for i, (plain, key, is_name, multi, value, parts) in plans:
        if plain:  # most words: one key or none
            if key:
                sequence.append(key)
                positions.append(i)
                if is_name:
                    names.add(key)
                if quoted and quoted[i]:
                    in_quote.add(key)
            continue
        # Multi-word names first ("United States", "New York"), longest spelling first.
        if multi and longest > 1:
            taken = 0
            raws = raws or list(map(itemgetter(0), tokens))
            for size in range(min(longest, n - i), 1, -1):
                spelling = " ".join(raws[i : i + size])
                found = _entity(spelling)
                if found:
                    sequence.append(found)
                    positions.append(i)
                    names.add(found)
                    if quoted and quoted[i]:
                        in_quote.add(found)
                    taken = size
                    break
            if taken:
                _skip(plans, taken - 1)
                continue
        if value is not None:
            # An amount: the number, a scale word ("billion", "bn"), then perhaps a currency
            # word; a currency sign before it counts the same as the word after it.
            j = i + 1
            if j < n and tokens[j][1] in SCALES:
                value *= SCALES[tokens[j][1]]
                j += 1
            found = number_key(value)
            sequence.append(found)
            positions.append(i)
            numbers.add(found)
            if quoted and quoted[i]:
                in_quote.add(found)
            if j < n and (tokens[j][1] in CURRENCIES or tokens[j][1] == PERCENT):
                sequence.append(word_key(*tokens[j]) or "")
                positions.append(i)
                j += 1
            elif j + 1 < n and tokens[j][1] == "per" and tokens[j + 1][1] == "cent":
                sequence.append("percent")
                positions.append(i)
                j += 2
            _skip(plans, j - i - 1)
            continue
        if parts is not None:
            # "Putin-Zelensky summit", "Trump-Putin talks": each name is a name of its own.
            for part in parts:
                sequence.append(part)
                positions.append(i)
                if part.startswith(NAME_PREFIX):
                    names.add(part)
        elif key:
            sequence.append(key)
            positions.append(i)
            if quoted and quoted[i]:
                in_quote.add(key)
            if is_name:
                names.add(key)
    if "" in sequence:  # a currency word without a key
        kept = [(k, at) for k, at in zip(sequence, positions, strict=True) if k]
        sequence, positions = [k for k, _ in kept], [at for _, at in kept]
    norms = list(map(itemgetter(1), tokens))
    text = " ".join(norms)
    return SentenceKeys(
        frozenset(sequence),
        frozenset(names),
        frozenset(numbers),
        tuple(sequence),
        frozenset(in_quote),
        n,
        text,
        # A word ending in "n't" leaves "n't" in the joined text: look further only then.
        not NEGATIONS.isdisjoint(norms)
        or ("n't" in text and any(norm.endswith("n't") for norm in norms)),
        _quotations(tokens, quoted) if quoted else (),
        tuple(positions),
    )


def _skip(plans: Iterator, count: int) -> None:
    """Pass over the next ``count`` words (those a name or an amount took)."""
    for _ in range(count):
        next(plans)


def _quotations(tokens: Sequence[tuple[str, str]], quoted: Sequence[bool]) -> tuple[str, ...]:
    """The runs of quoted words (see SentenceKeys.quotations)."""
    runs: list[list[str]] = []
    inside = False
    for position, (_raw, norm) in enumerate(tokens):
        if position < len(quoted) and quoted[position]:
            if not inside:
                runs.append([])
            runs[-1].append(norm)
            inside = True
        else:
            inside = False
    return tuple(
        " " + " ".join(run) + " "
        for run in runs
        if len(run) >= QUOTE_MIN_WORDS and any(w not in STOPWORDS for w in run)
    )


def share_quotation(x: SentenceKeys, y: SentenceKeys) -> bool:
    """Whether one sentence's quotation holds one of the other's (outlets cut quotes shorter)."""
    return any(q in r or r in q for q in x.quotations for r in y.quotations)


def text_keys(text: str) -> SentenceKeys:
    """The keys of a plain string (what :func:`tuiread.compare.text.prepare` computes per
    sentence from an article)."""
    spans = quoted_spans(text)
    tokens, quoted = [], []
    for match in WORD.finditer(text):
        tokens.append((match.group(), normalize(match.group())))
        quoted.append(any(s <= match.start() < e for s, e in spans))
    return analyse(tokens, quoted)
