"""Word-level differences inside an aligned pair, as raw-text spans on both sides."""

from __future__ import annotations

from operator import attrgetter, sub
from typing import NamedTuple

from rapidfuzz.distance import Indel

from tuiread.compare.text import Word


class WordOp(NamedTuple):
    """One run of the diff: word index ranges ``[i1, i2)`` on the left, ``[j1, j2)`` right (a
    named tuple: made by the thousand for two long articles)."""

    kind: str  # "equal", "insert", "delete" or "replace"
    i1: int
    i2: int
    j1: int
    j2: int


def word_ops(left: list[Word], right: list[Word]) -> list[WordOp]:
    """The diff of two word lists, compared case-folded.

    The longest common subsequence of words (rapidfuzz Indel) keeps every word the two sides
    share in order; a deletion next to an insertion is one replacement ("happy" -> "optimistic").
    Symmetric: of several equally long subsequences the same one is found whichever side is
    left, so ``word_ops(b, a)`` is ``word_ops(a, b)`` mirrored and swapped sides swap figures.
    """
    a, b = list(map(_NORM, left)), list(map(_NORM, right))
    if a > b:
        return [_mirror(op) for op in _ops(b, a)]
    return _ops(a, b)


_MIRRORED = {"insert": "delete", "delete": "insert"}
_new = tuple.__new__  # a WordOp from a tuple of its fields, without the per-call keyword handling
_NORM, _START, _END = attrgetter("norm"), attrgetter("start"), attrgetter("end")


def _chars(words: list[Word]) -> int:
    return sum(map(sub, map(_END, words), map(_START, words)))


def _mirror(op: WordOp) -> WordOp:
    return _new(WordOp, (_MIRRORED.get(op.kind, op.kind), op.j1, op.j2, op.i1, op.i2))


def _ops(a: list[str], b: list[str]) -> list[WordOp]:
    ops: list[WordOp] = []
    # rapidfuzz's opcodes as (tag, src_start, src_end, dest_start, dest_end): WordOp's fields
    for op in Indel.opcodes(a, b).as_list():
        if op[0] != "equal" and ops and ops[-1].kind != "equal":
            previous = ops[-1]
            ops[-1] = _new(WordOp, ("replace", previous.i1, op[2], previous.j1, op[4]))
        else:
            ops.append(_new(WordOp, op))
    return ops


def span_of(words: list[Word], i1: int, i2: int, fallback: int) -> tuple[int, int]:
    """Raw span of words ``[i1, i2)``; an empty range is the point where words would go."""
    if i2 > i1:
        return words[i1].start, words[i2 - 1].end
    if i1 < len(words):
        return words[i1].start, words[i1].start
    if words:
        return words[-1].end, words[-1].end
    return fallback, fallback


def counterpart_chars(ops: list[WordOp], left: list[Word], right: list[Word]) -> tuple[int, int]:
    """Characters of words on each side that have a counterpart on the other.

    Equal words count whole; in a replacement of m words by n, each side counts at most as many
    of its words as the other side put in their place.
    """
    left_chars = right_chars = 0
    for op in ops:
        if op.kind != "equal" and op.kind != "replace":
            continue
        left_run, right_run = _chars(left[op.i1 : op.i2]), _chars(right[op.j1 : op.j2])
        if op.kind == "equal":
            left_chars += left_run
            right_chars += right_run
        else:
            m, n = op.i2 - op.i1, op.j2 - op.j1
            left_chars += left_run * min(m, n) // m
            right_chars += right_run * min(m, n) // n
    return left_chars, right_chars
