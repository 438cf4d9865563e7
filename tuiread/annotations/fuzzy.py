"""Approximate re-anchoring: the quote was edited (a typo fixed, a word changed) in place.

Candidate places come from rapidfuzz's best partial alignment of prefix+quote+suffix (the
quote's neighbourhood), of the quote alone, and from the old position. At each place the stored
prefix+quote+suffix is aligned character by character with the text (longest common subsequence
opcodes, so matched context pins the quote's ends however much of the window is extra) and the
quote's two ends are carried through the alignment. A place is accepted only when the quote
there is close to the stored quote *and* its context agrees, so a similar sentence elsewhere in
the article is never taken for an edited quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel

from tuiread.annotations.model import TextQuoteSelector
from tuiread.annotations.normalized import Context, PreparedText

# The edited quote must keep this share of the stored one (optimal string alignment similarity):
# a fixed typo or one word changed in a sentence stays above it; a different sentence on the same
# subject scores 0.3-0.6.
FUZZY_QUOTE_MIN = 0.75
# At least one side of the context must be nearly intact, so an approximate match is the quote's
# own place and not a look-alike elsewhere (unrelated text scores about 0.2-0.35).
FUZZY_CONTEXT_MIN = 0.7
# Overall score, quote counted twice as much as each context side: below this the match is
# reported as an orphan for the reader to re-attach.
FUZZY_ACCEPT = 0.75
# Short quotes change a lot from one edit: a one-letter fix in a 4-letter word is 25 %. Quotes
# shorter than this need both context sides to agree to be placed approximately.
SHORT_QUOTE_CHARS = 12
# When both sides of the context are intact (each at least ENCLOSED_CONTEXT), the text between
# them is the quote's own place, edited: then a change of up to one word (ENCLOSED_EDIT_CHARS,
# a long news word replaced by another) is accepted whatever the quote's length, so short quotes
# survive a mended typo or a changed word. A passage rewritten outright needs more edits, and a
# deleted quote leaves nothing between its neighbours.
ENCLOSED_CONTEXT = 0.9
ENCLOSED_EDIT_CHARS = 8


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # collapsed offsets
    end: int
    score: float
    enclosed: bool  # both context sides intact


def approximate(prepared: PreparedText, quote: TextQuoteSelector, old: int | None) -> Match | None:
    """The best accepted approximate place of ``quote`` in ``prepared`` (collapsed offsets)."""
    context = Context.of(quote)
    exact, prefix, suffix = context.exact, context.prefix, context.suffix
    text = prepared.norm
    if not exact.strip() or not text:
        return None
    needle = prefix + exact + suffix
    regions = []
    whole = _best_window(needle, text)
    if whole is not None:
        regions.append(whole)
    alone = _best_window(exact, text)
    if alone is not None:
        regions.append((alone[0] - len(prefix), alone[1] + len(suffix)))
    if old is not None:
        regions.append((old - len(prefix), old + len(exact) + len(suffix)))
    # An edited quote is longer or shorter than the stored one, so each window is widened; the
    # alignment below spends the extra characters at its ends.
    slack = len(suffix) + len(exact) // 5
    best: Match | None = None
    seen: set[tuple[int, int]] = set()
    copies = prepared.occurrences(exact)
    quote_breaks = len(_PARAGRAPH_BREAK.findall(quote.exact))
    for lo, hi in regions:
        lo, hi = _clear_of(copies, len(exact), max(0, lo - slack), min(len(text), hi + slack))
        if (lo, hi) in seen or hi <= lo:
            continue
        seen.add((lo, hi))
        match = _score_region(prepared, context, lo, hi, quote_breaks)
        if match is not None and (best is None or match.score > best.score):
            best = match
    return best


def _clear_of(copies: list[int], length: int, lo: int, hi: int) -> tuple[int, int]:
    """The window ``[lo, hi)`` cut short of any exact occurrence of the quote in it (on the side
    away from the window's middle), so a copy beside the edited quote cannot pull the alignment
    onto itself; a window that is the occurrence itself comes back empty."""
    middle = (lo + hi) // 2
    for hit in copies:
        if hit < hi and lo < hit + length:
            if hit + length <= middle:
                lo = hit + length
            elif hit >= middle:
                hi = hit
            else:
                return lo, lo
    return lo, hi


def _best_window(needle: str, text: str) -> tuple[int, int] | None:
    if not needle:
        return None
    if len(needle) >= len(text):
        return 0, len(text)
    alignment = fuzz.partial_ratio_alignment(needle, text)
    if alignment is None or alignment.score == 0:
        return None
    return alignment.dest_start, alignment.dest_end


def _score_region(
    prepared: PreparedText, context: Context, lo: int, hi: int, quote_breaks: int
) -> Match | None:
    exact, prefix, suffix = context.exact, context.prefix, context.suffix
    text = prepared.norm
    needle = prefix + exact + suffix
    region = text[lo:hi]
    ops = Indel.opcodes(needle, region)
    start = lo + map_start(ops, len(prefix), region)
    end = lo + map_end(ops, len(prefix) + len(exact), region)
    start, end = _trim(text, exact, start, end)
    if end <= start:
        return None
    found = text[start:end]
    if exact in found or _overlaps_exact(prepared, exact, start, end):
        # The quote itself (with some text around it, or a piece of it): the exact-quote stage
        # already weighed it and its evidence and declined, so an approximate match must not
        # bring it back.
        return None
    if _breaks(prepared, start, end) > quote_breaks:
        # It runs into another paragraph the quote did not reach: an edit does not join
        # paragraphs to a quote, a neighbour's text is being taken for it.
        return None
    # Optimal string alignment: a swapped pair of letters, the commonest slip, is one edit.
    edits = OSA.distance(exact, found)
    quote_sim = 1 - edits / max(len(exact), len(found))
    prefix_sim = context.prefix_similarity(prepared, start)
    suffix_sim = context.suffix_similarity(prepared, end)
    score = (2 * quote_sim + prefix_sim + suffix_sim) / 4
    enclosed = min(prefix_sim, suffix_sim) >= ENCLOSED_CONTEXT
    if enclosed and (edits <= ENCLOSED_EDIT_CHARS or quote_sim >= FUZZY_QUOTE_MIN):
        return Match(start, end, score, enclosed=True)
    context = (
        min(prefix_sim, suffix_sim)
        if len(exact) < SHORT_QUOTE_CHARS
        else max(prefix_sim, suffix_sim)
    )
    if quote_sim < FUZZY_QUOTE_MIN or context < FUZZY_CONTEXT_MIN or score < FUZZY_ACCEPT:
        return None
    return Match(start, end, score, enclosed=False)


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def _breaks(prepared: PreparedText, start: int, end: int) -> int:
    raw_start, raw_end = prepared.to_raw(start, end)
    return len(_PARAGRAPH_BREAK.findall(prepared.raw, raw_start, raw_end))


def _overlaps_exact(prepared: PreparedText, exact: str, start: int, end: int) -> bool:
    return any(hit < end and start < hit + len(exact) for hit in prepared.occurrences(exact))


def _trim(text: str, exact: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces the alignment put at an end the stored quote does not have."""
    if not exact[:1].isspace():
        while start < end and text[start].isspace():
            start += 1
    if not exact[-1:].isspace():
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def map_start(ops, position: int, dest: str = "") -> int:
    """Where source ``position`` (a span's first character) lands in the destination.
    Letters inserted right before it (a mended typo) join the span; words do not."""
    for op in ops:
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "insert" and i1 == position:
            return j1 if _letters(dest[j1:j2]) else j2
        if i1 <= position < i2:
            if tag == "equal":
                return j1 + (position - i1)
            if tag == "replace":
                return j1 + min(position - i1, j2 - j1)
            return j1  # deleted: the span starts where the deletion was
    return ops.dest_len if len(ops) else 0


def map_end(ops, position: int, dest: str = "") -> int:
    """Where source ``position`` (one past a span's last character) lands in the destination.
    Letters inserted right after the span's last character join the span; words do not."""
    for op in reversed(list(ops)):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "insert" and i1 == position:
            return j2 if _letters(dest[j1:j2]) else j1
        if i1 < position <= i2:
            if tag == "equal":
                return j1 + (position - i1)
            if tag == "replace":
                return j2 if position == i2 else j1 + min(position - i1, j2 - j1)
            return j1
    return 0


def _letters(inserted: str) -> bool:
    return bool(inserted) and not any(c.isspace() for c in inserted)
