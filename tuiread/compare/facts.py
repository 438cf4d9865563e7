"""Checkable facts in a stretch of text: amounts, percentages, durations, dates and counts.

Each fact has a kind, a unit it can be compared within (a currency, "%", "duration", "weekday",
the counted noun) and a normalised value, so "ten days" equals "10 days" and "an hour" differs
from "40 minutes". Offsets are raw: facts are found in each visible piece of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tuiread.corpus import Article

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS = {word: value for value, word in enumerate(_SMALL)} | _TENS | {"dozen": 12}
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|(?:{_NUMBER_WORD})\b)"
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_SCALE = r"(?:thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b"
CURRENCY_WORDS = {
    "dollar": "$",
    "euro": "€",
    "pound": "£",
    "yen": "¥",
    "usd": "$",
    "eur": "€",
    "gbp": "£",
    "rupee": "₹",
    "rouble": "₽",
    "ruble": "₽",
}
_CURRENCY_WORD = r"(?:dollars?|euros?|pounds?|yen|usd|eur|gbp|rupees?|roubles?|rubles?)\b"
SECONDS = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
}
_UNIT = r"(?P<unit>second|minute|hour|day|week|month|year)s?\b"
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = (
    "january february march april may june july august september october november december"
).split()

AMOUNT = re.compile(
    rf"(?P<cur>(?:[A-Z]{{1,2}})?[$€£¥₹₽])\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?"
    rf"|(?P<num2>{_NUM})(?:\s(?P<scale2>{_SCALE}))?\s(?P<curword>{_CURRENCY_WORD})",
    re.IGNORECASE,
)
PERCENT = re.compile(rf"(?P<num>{_NUM})\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
DURATION = re.compile(
    rf"\b(?P<num>{_NUM}|an?|half an?|one and a half)[\s-]{_UNIT}"
    rf"|\b(?P<alone>second|minute|hour|day|week|month|year)-long\b",
    re.IGNORECASE,
)
DATE = re.compile(
    r"\b(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
    r"|\b(?P<month>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)(?:\s(?P<day>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s(?P<myear>(?:19|20)\d\d))?"
    r"|\b(?P<year>(?:19|20)\d\d)\b"
)
COUNT = re.compile(rf"\b(?P<num>{_NUM})\s(?P<noun>[a-z][a-z-]+)\b")
# Counted nouns too vague to compare, and words a number-like "one" often precedes.
_VAGUE = frozenset("of or and to the more than times other another way".split())


@dataclass(frozen=True, slots=True)
class Fact:
    kind: str  # "amount", "percent", "duration", "date" or "count"
    unit: str
    value: float | str
    start: int
    end: int
    text: str


def number(text: str) -> float:
    text = text.casefold().replace(",", "")
    return float(NUMBER_WORDS[text]) if text in NUMBER_WORDS else float(text)


def _amount(match: re.Match[str]) -> tuple[str, float]:
    if match.group("cur"):
        unit = match.group("cur")[-1]
        value, scale = number(match.group("num")), match.group("scale")
    else:
        word = match.group("curword").casefold().rstrip("s")
        unit = CURRENCY_WORDS.get(word, word)
        value, scale = number(match.group("num2")), match.group("scale2")
    return unit, value * SCALES.get((scale or "").casefold(), 1)


def _duration(match: re.Match[str]) -> float:
    if match.group("alone"):
        return float(SECONDS[match.group("alone").casefold()])
    quantity = match.group("num").casefold()
    if quantity in ("a", "an"):
        count = 1.0
    elif quantity.startswith("half"):
        count = 0.5
    elif quantity == "one and a half":
        count = 1.5
    else:
        count = number(quantity)
    return count * SECONDS[match.group("unit").casefold()]


def _date(match: re.Match[str]) -> tuple[str, str]:
    if match.group("weekday"):
        return "weekday", match.group("weekday").casefold()
    if match.group("month"):
        parts = [match.group("month").casefold(), match.group("day"), match.group("myear")]
        return "date", " ".join(p for p in parts if p)
    return "year", match.group("year")


def facts_in_text(text: str, offset: int = 0) -> list[Fact]:
    """Facts in ``text``; spans are shifted by ``offset``. Overlaps go to the first kind found
    (an amount's number is not also a count)."""
    found: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add_span(kind: str, unit: str, value: float | str, start: int, end: int, text: str):
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Fact(kind, unit, value, offset + start, offset + end, text))

    def add(kind: str, unit: str, value: float | str, match: re.Match[str]) -> None:
        add_span(kind, unit, value, match.start(), match.end(), match.group())

    for match in AMOUNT.finditer(text):
        unit, value = _amount(match)
        add("amount", unit, value, match)
    for match in PERCENT.finditer(text):
        add("percent", "%", number(match.group("num")), match)
    durations = list(DURATION.finditer(text))
    k = 0
    while k < len(durations):
        # "1 hour and 15 minutes" is one duration.
        first, total = durations[k], _duration(durations[k])
        last = first
        while k + 1 < len(durations) and text[last.end() : durations[k + 1].start()] in (
            " and ",
            ", ",
        ):
            k += 1
            last = durations[k]
            total += _duration(last)
        start, end = first.start(), last.end()
        add_span("duration", "duration", total, start, end, text[start:end])
        k += 1
    for match in DATE.finditer(text):
        # "May" alone is too often the verb to be read as a month.
        if match.group("month") == "May" and not (match.group("day") or match.group("myear")):
            continue
        unit, value = _date(match)
        add("date", unit, value, match)
    for match in COUNT.finditer(text):
        noun = match.group("noun")
        if noun in _VAGUE or match.group("num").casefold() == "one":
            continue
        add("count", noun.rstrip("s")[:5], number(match.group("num")), match)
    found.sort(key=lambda f: f.start)
    return found


@lru_cache(maxsize=8192)
def _facts_cached(text: str, offset: int) -> tuple[Fact, ...]:
    # One sentence is compared with every other article's: read its facts once.
    return tuple(facts_in_text(text, offset))


def facts_in(article: Article, start: int, end: int) -> list[Fact]:
    """Facts in the visible text of raw ``[start, end)``."""
    facts = []
    for piece in article.visible_pieces(start, end):
        facts.extend(_facts_cached(article.text[piece.start : piece.end], piece.start))
    return facts
