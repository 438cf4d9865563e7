"""Anchoring: describing a span with selectors, and finding it again in a changed text.

The order of trust: the stored position if the quote is still there with
its context; else the exact quote (line breaks and spacing aside), choosing among repeats by
prefix, suffix and nearness to the old position; else an approximate match scored on quote,
prefix and suffix (:mod:`tuiread.annotations.fuzzy`); else an orphan. Nothing is ever placed
without evidence: a quote with several equally plausible places is orphaned, not guessed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rapidfuzz import fuzz

from tuiread.annotations.fuzzy import Match, approximate
from tuiread.annotations.model import (
    CONTEXT_CHARS,
    ORPHAN,
    Anchor,
    AnchorState,
    TextPositionSelector,
    TextQuoteSelector,
)
from tuiread.annotations.normalized import EDGE, Context, PreparedText, collapse

# A context side (prefix or suffix) at or above this similarity is "the same context": one
# corrected typo in 32 characters scores 0.97, a sentence inserted beside the quote about 0.2,
# and two unrelated stretches of English text about 0.2-0.35.
CONTEXT_STRONG = 0.8
# Context grows past CONTEXT_CHARS, a step at a time up to this, while another occurrence of
# the quote has a context that would pass for this one's (both sides at CONTEXT_STRONG): news
# pages repeat their headline, and lists repeat whole lines ("actor - Jamie Foxx; actress -
# Hilary Swank"); a context shared by two places cannot tell them apart.
MAX_CONTEXT_CHARS = 128
# When an occurrence of the quote has vanished since it was made (it may be ours, edited or
# deleted), a survivor must match its whole stored context this closely on both sides: at most
# a mended typo, so a sentence the article merely repeats with small differences is not taken.
CONTEXT_SURE = 0.95
# Among repeats, the best must beat the runner-up by this much in context score; closer than
# that, the context cannot tell them apart and nearness to the old position decides only if
# nothing else does (see NEARNESS_WEIGHT).
CONTEXT_MARGIN = 0.15
# Nearness to the old position is worth at most this much of a context score: enough to pick
# between identical repeats (duplicated paragraphs), never enough to outvote context.
NEARNESS_WEIGHT = 0.1
# A quote this long that occurs once can be trusted without context even when we do not know
# whether it was unique when made (annotations imported from other tools): a 40-character run of
# prose almost never repeats by chance in a news article.
DISTINCT_QUOTE_CHARS = 40
# Another stretch of the text this close to the quote (rapidfuzz partial ratio, which is
# LCS-based: unrelated prose of the same length scores 0.5-0.7) is a version of it.
NEAR_VERSION = 0.75
# The confidence of a moved anchor runs from this (no context side agrees: a long quote that
# occurs once, taken on its length alone) to 1.0 (both sides agree); see :func:`confidence`.
MOVED_FLOOR = 0.5


def text_hash(text: str) -> str:
    """Fingerprint of an article text: equal fingerprints mean the stored position still holds."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Description:
    quote: TextQuoteSelector
    position: TextPositionSelector
    repeats: int


def describe(text: str | PreparedText, start: int, end: int) -> Description:
    """Selectors for raw ``[start, end)`` of ``text``, and how often the quote occurs in it."""
    prepared = text if isinstance(text, PreparedText) else PreparedText(text)
    raw = prepared.raw
    if not 0 <= start < end <= len(raw):
        raise ValueError(f"span {start}-{end} is not inside the text (0-{len(raw)})")
    exact = raw[start:end]
    if not exact.strip():
        raise ValueError("the span holds only whitespace")
    hits = prepared.occurrences(collapse(exact))
    mine = prepared.to_norm(start)
    others = [h for h in hits if h != mine]
    context = CONTEXT_CHARS
    while True:
        quote = TextQuoteSelector(
            exact=exact,
            prefix=raw[max(0, start - context) : start],
            suffix=raw[end : end + context],
        )
        if context >= MAX_CONTEXT_CHARS or not _confusable(prepared, quote, others):
            break
        context += CONTEXT_CHARS
    return Description(quote, TextPositionSelector(start, end), max(1, len(hits)))


def _confusable(prepared: PreparedText, quote: TextQuoteSelector, others: list[int]) -> bool:
    """Whether another occurrence of the quote has a context that would pass for this one's."""
    context = Context.of(quote)
    return any(
        min(
            context.prefix_similarity(prepared, hit),
            context.suffix_similarity(prepared, hit + len(context.exact)),
        )
        >= CONTEXT_STRONG
        for hit in others
    )


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # collapsed offsets
    end: int
    prefix: float
    suffix: float
    nearness: float

    @property
    def context(self) -> float:
        return (self.prefix + self.suffix) / 2

    @property
    def rank(self) -> float:
        return self.context + NEARNESS_WEIGHT * self.nearness


def anchor(
    text: str | PreparedText,
    quote: TextQuoteSelector,
    position: TextPositionSelector | None = None,
    repeats: int | None = None,
) -> Anchor:
    """Where ``quote`` is in ``text`` now. ``repeats``: occurrences when the quote was made
    (None if unknown)."""
    prepared = text if isinstance(text, PreparedText) else PreparedText(text)
    raw = prepared.raw
    if position is not None and _unchanged_at(raw, quote, position):
        return Anchor(AnchorState.EXACT, position.start, position.end, 1.0)
    old = _old_norm(prepared, position)
    found, lost = _exact_quote(prepared, quote, old, repeats)
    if found is not None and not lost and _supported(found):
        if min(found.prefix, found.suffix) >= CONTEXT_STRONG:
            return _exact_anchor(prepared, quote, position, found)
        # One side agrees: the words may have been copied elsewhere (a sentence quoted again)
        # while the quote itself was edited in its place, both of its neighbours intact.
        match = approximate(prepared, quote, old)
        if match is not None and match.enclosed:
            return _fuzzy_anchor(prepared, match)
        return _exact_anchor(prepared, quote, position, found)
    match = approximate(prepared, quote, old)
    if found is not None and not lost:
        # The only occurrence, in a neighbourhood that is not the quote's: the edited original
        # (its context intact) wins; else a quote long enough not to recur by chance is taken,
        # with the low confidence of its context; a short one is not guessed.
        if match is not None:
            return _fuzzy_anchor(prepared, match)
        exact = Context.of(quote).exact
        if len(exact) >= DISTINCT_QUOTE_CHARS and not near_version(prepared, exact, found.start):
            return _exact_anchor(prepared, quote, position, found)
        return ORPHAN
    if found is not None:
        # An occurrence vanished and a survivor elsewhere matched: if the quote's old place,
        # edited but with both neighbours intact, is nearer where it was, that is ours.
        if (
            match is not None
            and match.enclosed
            and old is not None
            and abs(match.start - old) < abs(found.start - old)
        ):
            return _fuzzy_anchor(prepared, match)
        return _exact_anchor(prepared, quote, position, found)
    return ORPHAN if match is None else _fuzzy_anchor(prepared, match)


def near_version(prepared: PreparedText, exact: str, copy: int) -> bool:
    """Whether the text holds, besides the copy at ``copy``, a slightly different version of the
    quote: then the quote was edited in its place (too much for an approximate match) and the
    copy without its context is someone else's, not a passage that moved."""
    text = prepared.norm
    masked = text[:copy] + EDGE * len(exact) + text[copy + len(exact) :]
    alignment = fuzz.partial_ratio_alignment(exact, masked, score_cutoff=100 * NEAR_VERSION)
    return alignment is not None


def _supported(found: _Candidate) -> bool:
    """Whether the text around an occurrence is the quote's own context (one side is enough:
    a sentence inserted before the quote changes its prefix only)."""
    return max(found.prefix, found.suffix) >= CONTEXT_STRONG


def confidence(found: _Candidate) -> float:
    """How sure a moved anchor is, shown to the user: 1.0 with both context sides intact, about
    0.8 with one, down to MOVED_FLOOR for a long quote found in a context that is not its own."""
    return MOVED_FLOOR + (1.0 - MOVED_FLOOR) * found.context


def _exact_anchor(
    prepared: PreparedText,
    quote: TextQuoteSelector,
    position: TextPositionSelector | None,
    found: _Candidate,
) -> Anchor:
    start, end = prepared.to_raw(found.start, found.end)
    same_place = position is not None and (start, end) == (position.start, position.end)
    if same_place and prepared.raw[start:end] == quote.exact:
        return Anchor(AnchorState.EXACT, start, end, 1.0)
    return Anchor(AnchorState.MOVED, start, end, round(confidence(found), 3))


def _fuzzy_anchor(prepared: PreparedText, match: Match) -> Anchor:
    start, end = prepared.to_raw(match.start, match.end)
    return Anchor(AnchorState.FUZZY, start, end, match.score)


def _unchanged_at(raw: str, quote: TextQuoteSelector, position: TextPositionSelector) -> bool:
    start, end = position.start, position.end
    return (
        raw[start:end] == quote.exact
        and raw[max(0, start - len(quote.prefix)) : start] == quote.prefix
        and raw[end : end + len(quote.suffix)] == quote.suffix
    )


def _old_norm(prepared: PreparedText, position: TextPositionSelector | None) -> int | None:
    if position is None:
        return None
    return prepared.to_norm(min(position.start, len(prepared.raw)))


def _exact_quote(
    prepared: PreparedText, quote: TextQuoteSelector, old: int | None, repeats: int | None
) -> tuple[_Candidate | None, bool]:
    """The occurrence of the quote (spacing aside) the evidence points to, or None; and whether
    an occurrence has vanished since the annotation was made (ours may be among them)."""
    context = Context.of(quote)
    exact = context.exact
    # A quote that began (or ended) at a word's edge is only found at one: "in" annotated as a
    # word is not the end of "Putin".
    every = prepared.occurrences(exact)
    hits = [h for h in every if _same_edges(prepared.norm, h, h + len(exact), context)]
    if not hits:
        return None, True
    # Fewer occurrences than when the annotation was made (counted as describe counts them,
    # inside words too): one was edited or deleted. Unknown counts are treated the same unless
    # the quote is too long to repeat by chance.
    if repeats is None:
        lost = not (len(hits) == 1 and len(exact) >= DISTINCT_QUOTE_CHARS)
    else:
        lost = len(every) < repeats
    length = max(1, len(prepared.norm))
    candidates = sorted(
        (
            _Candidate(
                start=hit,
                end=hit + len(exact),
                prefix=context.prefix_similarity(prepared, hit),
                suffix=context.suffix_similarity(prepared, hit + len(exact)),
                nearness=1.0 - min(1.0, abs(hit - old) / length) if old is not None else 0.0,
            )
            for hit in hits
        ),
        key=lambda c: c.rank,
        reverse=True,
    )
    return _choose(candidates, lost), lost


def _same_edges(text: str, start: int, end: int, context: Context) -> bool:
    exact = context.exact
    split_before = _joined(context.prefix[-1:], exact[:1])
    split_after = _joined(exact[-1:], context.suffix[:1])
    return (
        _joined(text[start - 1 : start], exact[:1]) == split_before
        and _joined(exact[-1:], text[end : end + 1]) == split_after
    )


def _joined(left: str, right: str) -> bool:
    """Whether two neighbouring characters are inside one word."""
    return left.isalnum() and right.isalnum()


def _choose(candidates: list[_Candidate], lost: bool) -> _Candidate | None:
    """The candidate the evidence singles out, or None when it does not single one out."""
    best = candidates[0]
    runner_up = candidates[1] if len(candidates) > 1 else None
    both_sides = min(best.prefix, best.suffix) >= CONTEXT_STRONG
    one_side = max(best.prefix, best.suffix) >= CONTEXT_STRONG
    if lost and min(best.prefix, best.suffix) < CONTEXT_SURE:
        return None
    if runner_up is None:
        return best  # the caller weighs its context (see _supported)
    separated = best.context - runner_up.context >= CONTEXT_MARGIN
    if separated and one_side:
        return best
    # Identical neighbourhoods (a duplicated passage): whichever is taken, the reader sees the
    # same text, so the one nearer the old position is taken.
    if both_sides and best.context == runner_up.context and best.nearness > runner_up.nearness:
        return best
    return None
