"""Which of a page's blocks are the extracted article text: word 3-grams (shingles) of each
block looked up among the extractor output's, linear in the page."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from tuiread.corpus.page_walk import Block

_WORDS = re.compile(r"[^\W_]+")
# The same words in ASCII text (most of a page's blocks), where NFKC changes nothing and the
# ASCII test of a word character is cheaper.
_ASCII_WORDS = re.compile(r"[^\W_]+", re.ASCII)
# Blocks are matched to trafilatura's output by word 3-grams (shingles, as extraction
# benchmarks score); a block is kept when at least half of its shingles are in the output, which
# tolerates an inline link or byline trafilatura prunes from a paragraph it keeps.
SHINGLE = 3
KEPT_SHARE = 0.5
# A block the page carries more often than the extractor's output has it is kept where most
# matching text is within this many blocks: one block beyond the gap filling's reach.
CONTEXT_REACH = 4  # html.GAP_REACH + 1

def text_words(text: str) -> list[str]:
    if text.isascii():
        return _ASCII_WORDS.findall(text.lower())
    return _WORDS.findall(unicodedata.normalize("NFKC", text).lower())


def _shingles(words: list[str]) -> list[tuple[str, ...]]:
    """The word 3-grams of a text, repeats included; a shorter text is one shingle."""
    if len(words) < SHINGLE:
        return [tuple(words)]
    return list(zip(words, words[1:], words[2:], strict=False))


class Extracted:
    """trafilatura's output as counted word shingles, each line's computed once."""

    def __init__(self, text: str, known: dict[str, list[str]] | None = None) -> None:
        """``known``: words of texts already split (the page's blocks, by their text): most
        lines of the output are a block's text as it is, and are not split again."""
        known = known or {}
        lines = []
        for line in text.splitlines():
            words = known.get(line)
            lines.append(text_words(line) if words is None else words)
        self.whole = Counter(tuple(words) for words in lines if words)
        self.found: Counter[tuple[str, ...]] = Counter()
        # shingles of lines of at least a shingle's words: what coverage counts
        self.long: set[tuple[str, ...]] = set()
        for words in lines:
            if words:
                shingles = _shingles(words)
                self.found.update(shingles)
                if len(words) >= SHINGLE:
                    self.long.update(shingles)


class BlockShingles:
    """Each block's words and shingles, computed once per page; counted only for the blocks
    that share a shingle with the extracted text (few: the article)."""

    def __init__(self, blocks: list[Block]) -> None:
        self.words = [text_words(b.text) for b in blocks]
        self.shown = [b.shown for b in blocks]
        # each block's words by its text, for the extracted text's lines that are a block's
        self.by_text = {b.text: words for b, words in zip(blocks, self.words, strict=True)}
        self._counts: dict[int, Counter[tuple[str, ...]]] = {}

    def shingles(self, index: int) -> Iterator[tuple[str, ...]]:
        """The block's shingles in order (none for a block of fewer words than a shingle)."""
        words = self.words[index]
        return zip(words, words[1:], words[2:], strict=False)

    def counts(self, index: int) -> Counter[tuple[str, ...]]:
        counted = self._counts.get(index)
        if counted is None:
            counted = self._counts[index] = Counter(self.shingles(index))
        return counted


def kept_blocks(
    blocks: list[Block], extracted: str | Extracted, shingles: BlockShingles | None = None
) -> list[bool]:
    """Which blocks are part of trafilatura's extracted text.

    trafilatura reads the same tree, so its paragraphs are our blocks (or runs of a few), give or
    take an inline element it prunes: a block is kept when most of its word shingles are in the
    output; a block of fewer words than a shingle only when it is a whole output paragraph.
    The output's shingles are counted and a kept block uses up its own: a paragraph the page
    carries twice (a teaser repeating the lead, a hidden microdata copy of the whole article) is
    kept as many times as the output has it. The copies kept are those the page shows, among
    the most matching text nearby (the article, not a rail of teasers), first in the page.
    Linear in the page: one count of the output's shingles, looked up once per block shingle.
    """
    shingles = shingles or BlockShingles(blocks)
    output = (
        extracted if isinstance(extracted, Extracted) else Extracted(extracted, shingles.by_text)
    )
    found = output.found
    found_keys = found.keys()
    matches = [
        (bool(words) and tuple(words) in output.whole)
        if len(words) < SHINGLE
        # most blocks of a page share no shingle with the article: a set test says so in C
        else not found_keys.isdisjoint(shingles.shingles(i))
        and _share(shingles.counts(i), found) >= KEPT_SHARE
        for i, words in enumerate(shingles.words)
    ]
    nearby = _matched_nearby(blocks, matches)
    order = sorted(
        (i for i, match in enumerate(matches) if match),
        key=lambda i: (not shingles.shown[i], -nearby[i], i),
    )
    available = dict(found)
    whole = dict(output.whole)
    kept = [False] * len(blocks)
    for index in order:
        words = shingles.words[index]
        if len(words) < SHINGLE:
            key = tuple(words)
            if whole.get(key, 0) > 0:
                kept[index] = True
                whole[key] -= 1
            continue
        own = shingles.counts(index)
        if _share(own, available) >= KEPT_SHARE:
            kept[index] = True
            for shingle, count in own.items():
                left = available.get(shingle, 0)
                if left > count:
                    available[shingle] = left - count
                elif left:
                    del available[shingle]  # only shingles still held stay
    return kept


def _share(own: Counter, available: dict) -> float:
    """Share of a block's shingles (with repeats) that ``available`` still holds (it holds no
    shingle with a count of 0)."""
    total = own.total()
    if not total:
        return 0.0
    if total == len(own):  # each shingle once, as in most blocks: a set intersection, in C
        return len(own.keys() & available.keys()) / total
    get = available.get
    return sum(min(c, get(s, 0)) for s, c in own.items()) / total


def _matched_nearby(blocks: list[Block], matches: list[bool]) -> list[int]:
    """For each block, the characters of matching blocks within ``CONTEXT_REACH`` of it (itself
    left out): a sliding window over prefix sums, linear in the page."""
    sums = [0]
    for block, match in zip(blocks, matches, strict=True):
        sums.append(sums[-1] + (len(block.text) if match else 0))
    count = len(blocks)
    return [
        sums[min(i + CONTEXT_REACH + 1, count)]
        - sums[max(i - CONTEXT_REACH, 0)]
        - (len(blocks[i].text) if matches[i] else 0)
        for i in range(count)
    ]


def covers(kept: list[bool], output: Extracted, shingles: BlockShingles, share: float) -> bool:
    """Whether the kept blocks hold at least ``share`` of the extracted text's shingles (of
    lines of a shingle's words or more), counted block by block until they do: the article's
    blocks hold most of them, and the rest of the page is not looked at."""
    long = output.long
    if not long:
        return True
    needed = share * len(long)
    held: set[tuple[str, ...]] = set()
    for index, keep in enumerate(kept):
        if keep:
            held.update(long.intersection(shingles.shingles(index)))
            if len(held) >= needed:
                return True
    return False
