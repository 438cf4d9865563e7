"""A content fingerprint of an article text: is today's text still the article annotated?

An annotation keeps a small sample of its article's word shingles (a bottom-k sketch: the
``SKETCH_SIZE`` smallest hashes of every run of ``SHINGLE_WORDS`` words). The share of that
sample still found in a text estimates how much of the annotated article that text still holds:
a correction, an added paragraph or a rewrapped file keeps most of it; another article put in the
file's place (files swapped, a file replaced, a record inserted before it, another corpus with
the same names) keeps almost none, and its annotations are not placed on it.
"""

from __future__ import annotations

import re
import zlib

# Three-word shingles: long enough that two unrelated news articles share only stock phrases
# ("said on Monday", "in the UK": a few per cent of their shingles), short enough that one
# corrected word spoils only the three shingles holding it.
SHINGLE_WORDS = 3
# Hashes kept per annotation: 48 eight-hex-digit values (~430 bytes). The estimate's standard
# error is about sqrt(p(1-p)/48), at most 0.07, far smaller than the gap between an edited
# article (0.5-1.0 of the sample kept) and another article (under 0.1).
SKETCH_SIZE = 48
# Below this share of the annotated article's sample, the text is another article. Half-way
# between the "another article" ceiling and the lowest share an edit kept in the benchmark
# (heavy edits of short articles keep 0.4 and more).
SAME_ARTICLE_MIN = 0.25

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    """Hashes of every run of SHINGLE_WORDS words (case folded; a short text is one shingle)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return {_hash(" ".join(words))} if words else set()
    return {
        _hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def _hash(shingle: str) -> int:
    return zlib.crc32(shingle.encode("utf-8", "surrogatepass"))


def sketch(text: str) -> str:
    """The fingerprint stored with an annotation: the smallest shingle hashes, as hex."""
    return ",".join(f"{h:08x}" for h in sorted(shingles(text))[:SKETCH_SIZE])


def parse_sketch(value: str | None) -> frozenset[int] | None:
    """The hashes of a stored fingerprint; None when there is none or it cannot be read."""
    if not value:
        return None
    try:
        found = frozenset(int(part, 16) for part in value.split(","))
    except ValueError:
        return None
    return found or None


def kept_share(stored: str | None, text_shingles: set[int]) -> float | None:
    """The share of the annotated article (its stored fingerprint) still in a text with these
    shingles; None when the annotation has no fingerprint (made by an older tuiread, or
    imported from another tool)."""
    sample = parse_sketch(stored)
    if sample is None:
        return None
    return sum(1 for h in sample if h in text_shingles) / len(sample)


def same_article(stored: str | None, text_shingles: set[int]) -> bool:
    """Whether a text is (an edited version of) the article a fingerprint was taken from; True
    when there is no fingerprint to judge by."""
    share = kept_share(stored, text_shingles)
    return share is None or share >= SAME_ARTICLE_MIN
