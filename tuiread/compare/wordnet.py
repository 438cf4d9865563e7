"""The WordNet-derived tables shipped in ``data/``: synonym sets and general word frequencies.

Built by hand with ``data/build_synonyms.py`` (source and licence in ``data/README.md``); read
once, on first use.
"""

from __future__ import annotations

import gzip
import math
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SYNONYMS_FILE = DATA / "synonyms.tsv.gz"
FREQUENCIES_FILE = DATA / "frequencies.tsv.gz"
# Smoothing of the background weight: a word seen this often in the tagged corpus weighs half of
# an unseen one's; 20 puts "say" (2,167) near a quarter and "merger" (7) near the top.
HALF_WEIGHT_COUNT = 20.0


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[int]], list[tuple[str, ...]]]:
    """Each word's synonym set numbers, and each set's words."""
    sets: dict[str, set[int]] = {}
    members = []
    with gzip.open(SYNONYMS_FILE, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            words = tuple(line.split())
            members.append(words)
            for word in words:
                sets.setdefault(word, set()).add(number)
    return {word: frozenset(found) for word, found in sets.items()}, members


def _synonym_sets() -> dict[str, frozenset[int]]:
    return _tables()[0]


def synonym_sets(key: str) -> frozenset[int]:
    """The synonym sets a lemma key belongs to (none for names, numbers and unknown words)."""
    return _synonym_sets().get(key, frozenset())


@lru_cache(maxsize=65536)
def synonyms_of(key: str) -> frozenset[str]:
    """Every other key sharing a synonym set with ``key`` (worked out once per key: comparison
    asks for the same few thousand keys again and again)."""
    sets, members = _tables()
    found = {word for number in sets.get(key, ()) for word in members[number]}
    found.discard(key)
    return frozenset(found)


@lru_cache(maxsize=1)
def _counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    with gzip.open(FREQUENCIES_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.rstrip("\n").partition("\t")
            if count.isdigit():
                counts[word] = int(count)
    return counts


@lru_cache(maxsize=65536)
def background_weight(key: str) -> float:
    """How much sharing ``key`` says, 0..1, from general English frequency: rare words, names
    and numbers weigh 1, common words less."""
    count = _counts().get(key, 0)
    return 1.0 / (1.0 + math.log1p(count / HALF_WEIGHT_COUNT))
