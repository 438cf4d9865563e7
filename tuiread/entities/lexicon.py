"""The shipped word table: which words are common English, first names, surnames or places.

Built from public lists by ``data/build_lexicon.py`` (sources and terms in ``data/README.md``);
read once per process on first use: ``word_flags()`` looks single words up in its
sorted text, so extracting one edited article does not make the whole table.
"""

from __future__ import annotations

import gzip
import threading
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


# Distinct words looked up one at a time (a binary search in the table's sorted text, tens of
# microseconds each) before the whole table is made a dict (0.1-0.3 s here): one article asks
# for ~120 words, so a few edited articles never pay for the dict, a corpus's extraction does.
LOOKUPS_BEFORE_TABLE = 5000

_MISSING = -1


def _table_text() -> str:
    """The table's text: one ``word<TAB>letters`` line per word, sorted by word (see
    ``data/build_lexicon.py``), which the binary search relies on."""
    return gzip.decompress(LEXICON_FILE.read_bytes()).decode("utf-8")


def _parse(text: str) -> dict[str, int]:
    table: dict[str, int] = {}
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


class WordFlags:
    """Flag bits by lower-cased word, as ``lexicon()`` gives them (``get(word, default)``),
    without making the whole table for a few words: a word is looked up in the table's sorted
    text, and only after LOOKUPS_BEFORE_TABLE distinct words is the table made (then ``get``
    is the dict's own). Safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._text: str | None = None
        self._found: dict[str, int] = {}
        self.get = self._lookup  # the table's ``get`` once it is made

    def table(self) -> dict[str, int]:
        """The whole table (made now if it is not yet); ``get`` is its own from now on."""
        table = _whole()
        self.get = table.get
        self._text = None  # (a lookup under way in another thread reads it again)
        return table

    def _lookup(self, word: str, default: int | None = None) -> int | None:
        found = self._found.get(word)
        if found is None:
            if len(self._found) >= LOOKUPS_BEFORE_TABLE:
                return self.table().get(word, default)
            found = self._found[word] = self._search(word)
        return default if found == _MISSING else found

    def _search(self, word: str) -> int:
        text = self._text
        if text is None:
            with self._lock:
                if self._text is None:
                    self._text = _table_text()
                text = self._text
        # Binary search over line starts: ``lo`` and ``hi`` are always the start of a line (or
        # the end of the text); the line holding the middle character is compared.
        lo, hi = 0, len(text)
        while lo < hi:
            start = text.rfind("\n", 0, (lo + hi) // 2) + 1
            tab = text.find("\t", start)
            end = text.find("\n", tab)
            if end < 0:
                end = len(text)
            key = text[start:tab]
            if key == word:
                return _bits(text[tab + 1 : end])
            if key < word:
                lo = end + 1
            else:
                hi = start
        return _MISSING


@cache
def _whole() -> dict[str, int]:
    return _parse(_table_text())


def lexicon() -> dict[str, int]:
    """Lower-cased word or place name -> flag bits: the whole table (for looking up a few
    words, ``word_flags()`` is cheaper to start with)."""
    return _whole()


@cache
def word_flags() -> WordFlags:
    """The one :class:`WordFlags` of this process."""
    return WordFlags()
