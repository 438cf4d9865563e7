"""Name keys: exact-match keys (case, accents, dots and possessives folded) and looser keys for
spelling variants (common transliteration endings folded too)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_DASHES = re.compile(r"[-‐‑‒–—_/]+")
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?=\s|$)")
_DROP = re.compile(r"[.'\"“”«»()\[\],]")
_SPACES = re.compile(r"\s+")

# Transliteration endings that spell one sound several ways ("Zelenskyy", "Zelenskiy",
# "Zelensky"; "Sergei", "Sergey"), folded to one form for variant matching only.
_VARIANT_RULES = [
    (re.compile(r"(?:yy|iy|yi|ij|ii)\b"), "y"),
    (re.compile(r"ei\b"), "ey"),
    (re.compile(r"(?<=[aeiou])j(?=[aeiou])"), "y"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"(.)\1"), r"\1"),
]


# Words shorter than this keep their spelling in variant keys.
_VARIANT_MIN_LETTERS = 5


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The key two spellings share when they are the same name: "U.S." and "US", "Putin’s" and
    "putin", "Mar-a-Lago" and "mar a lago"."""
    text = strip_accents(text.translate(_APOSTROPHES)).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _DASHES.sub(" ", text)
    text = _DROP.sub("", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def variant_key(text: str) -> str:
    """A looser key: ``name_key`` with doubled letters and transliteration endings folded in
    words of at least ``_VARIANT_MIN_LETTERS`` letters (short words and acronyms such as "BBC"
    and "BCC" differ in earnest)."""
    words = []
    for word in name_key(text).split():
        if len(word) >= _VARIANT_MIN_LETTERS:
            for pattern, replacement in _VARIANT_RULES:
                word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)
