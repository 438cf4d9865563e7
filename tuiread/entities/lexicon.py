"""The shipped word table: which words are common English, first names, surnames or places.

Built from public lists by ``data/build_lexicon.py`` (sources and terms in ``data/README.md``);
loaded once per process on first use.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

LEXICON_FILE = Path(__file__).resolve().parent / "data" / "lexicon.tsv.gz"

# Flags, one bit each, from the letters in the table.
COMMON = 1  # c: one of the few thousand most common lower-case English words
WORD = 2  # w: another lower-case dictionary word
CAPITAL = 4  # u: a word a dictionary writes capitalised (proper nouns, "English", "Monday")
FIRST_NAME = 8  # f: a first name
SURNAME = 16  # s: a surname
PLACE = 32  # p: a city, country, state or continent
MAJOR_PLACE = 64  # P: a country, state, continent or city of 100,000 people or more
NATION = 128  # n: a country (or one of the home nations of the United Kingdom)

_LETTERS = {
    "c": COMMON,
    "w": WORD,
    "u": CAPITAL,
    "f": FIRST_NAME,
    "s": SURNAME,
    "p": PLACE,
    "P": MAJOR_PLACE,
    "n": NATION,
}

LOWER_WORD = COMMON | WORD
NAME_LIKE = CAPITAL | FIRST_NAME | SURNAME | PLACE


@cache
def lexicon() -> dict[str, int]:
    """Lower-cased word or place name -> flag bits."""
    table: dict[str, int] = {}
    with gzip.open(LEXICON_FILE, "rt", encoding="utf-8") as handle:
        text = handle.read()
    # A few dozen distinct letter sets for 160,000 lines: each one's bits worked out once.
    flags: dict[str, int] = {}
    for line in text.splitlines():
        key, _, letters = line.partition("\t")
        bits = flags.get(letters)
        if bits is None:
            bits = flags[letters] = _bits(letters)
        table[key] = bits
    return table


def _bits(letters: str) -> int:
    bits = 0
    for letter in letters:
        bits |= _LETTERS[letter]
    return bits


@cache
def multiword_places() -> frozenset[str]:
    """Place names of more than one word, lower-cased ("new york")."""
    return frozenset(k for k, v in lexicon().items() if v & PLACE and " " in k)
