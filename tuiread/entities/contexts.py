"""A mention in context: the visible sentence around it, whitespace collapsed.

``mention_contexts`` makes thousands at once (every mention of a person across a large corpus),
as they are asked for: a few hundred articles at a time are read (their text, and their visible
spans and sentences as the store packs them, with one query), each article's span starts and
ends are searched with plain bisection, and no span object is made.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from tuiread.corpus import Article
from tuiread.entities.model import ArticleMention

if TYPE_CHECKING:
    from tuiread.entities.kept_contexts import KeptListing

# Characters of context on each side of a mention when its sentence is not known.
CONTEXT_CHARS = 80
# Articles read at a time for their mentions' contexts: one store query each, and the first
# contexts are ready (to print, to show) after these few, not after every article listed.
ARTICLES_PER_READ = 200


@dataclass(frozen=True, slots=True)
class MentionContext:
    mention: ArticleMention
    article: Article
    context: str  # the visible sentence around the mention, whitespace collapsed
    offset: int  # where the mention starts in ``context``


_CONTEXT_SLOTS = tuple(MentionContext.__dict__[name].__set__
                       for name in ("mention", "article", "context", "offset"))


class _Segments:
    """One article's text with the starts and ends of its visible spans and its sentences."""

    __slots__ = ("article", "text", "visible_starts", "visible_ends", "sentence_starts",
                 "sentence_ends")

    def __init__(self, article: Article, text: str,
                 bounds: tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]):
        self.article = article
        self.text = text
        (self.visible_starts, self.visible_ends, self.sentence_starts,
         self.sentence_ends) = bounds

    @classmethod
    def of(cls, article: Article) -> _Segments:
        """From the article's own span lists."""
        visible, sentences = article.visible, article.sentences
        return cls(article, article.text, ([s.start for s in visible], [s.end for s in visible],
                                           [s.start for s in sentences],
                                           [s.end for s in sentences]))

    def visible_text(self, start: int, end: int) -> str:
        """``Article.visible_text(start, end)``."""
        starts, ends, text = self.visible_starts, self.visible_ends, self.text
        first = bisect_right(ends, start)
        count = len(starts)
        if first < count and starts[first] <= start and end <= ends[first]:
            return text[start:end]  # (the usual case: within one visible span)
        parts = []
        for index in range(first, count):
            span_start = starts[index]
            if span_start >= end:
                break
            parts.append(text[max(span_start, start) : min(ends[index], end)])
        return "".join(parts)

    def shows(self, start: int, end: int) -> bool:
        """Whether any of raw ``[start, end)`` is visible (``visible_text`` is not empty)."""
        starts, ends = self.visible_starts, self.visible_ends
        for index in range(bisect_right(ends, start), len(starts)):
            span_start = starts[index]
            if span_start >= end:
                break
            if max(span_start, start) < min(ends[index], end):
                return True
        return False

    def window(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding raw ``[start, end)``, else CONTEXT_CHARS on each side."""
        index = bisect_right(self.sentence_ends, start)
        if index < len(self.sentence_starts):
            sentence_start, sentence_end = self.sentence_starts[index], self.sentence_ends[index]
            if sentence_start <= start and end <= sentence_end:
                return sentence_start, sentence_end
        return max(0, start - CONTEXT_CHARS), min(len(self.text), end + CONTEXT_CHARS)

    def contexts(self, mentions: list[ArticleMention]) -> Iterator[MentionContext]:
        """``context`` of each of ``mentions``: the usual case (a sentence inside one visible
        span) without the general searches, which a mention listing makes tens of thousands
        of times."""
        text, article = self.text, self.article
        visible_starts, visible_ends = self.visible_starts, self.visible_ends
        sentence_starts, sentence_ends = self.sentence_starts, self.sentence_ends
        visible_count, sentence_count = len(visible_starts), len(sentence_starts)
        new = object.__new__  # (made as ``mentions_of_rows`` makes mentions: a third the cost)
        set_mention, set_article, set_context, set_offset = _CONTEXT_SLOTS
        for mention in mentions:
            start, end = mention.start, mention.end
            index = bisect_right(sentence_ends, start)
            if (start < end and index < sentence_count and sentence_starts[index] <= start
                    and end <= sentence_ends[index]):
                window_start, window_end = sentence_starts[index], sentence_ends[index]
                span = bisect_right(visible_ends, window_start)
                if (span < visible_count and visible_starts[span] <= window_start
                        and window_end <= visible_ends[span]):
                    # The sentence is visible whole: its text around the mention as it is.
                    raw_before, raw_after = text[window_start:start], text[end:window_end]
                    before = " ".join(raw_before.split())
                    after = " ".join(raw_after.split())
                    if before and raw_before[-1:].isspace():
                        before += " "
                    if after and raw_after[:1].isspace():
                        after = " " + after
                    made = new(MentionContext)
                    set_mention(made, mention)
                    set_article(made, article)
                    set_context(made, before + " ".join(mention.text.split()) + after)
                    set_offset(made, len(before))
                    yield made
                    continue
            yield self.context(mention)

    def context(self, mention: ArticleMention) -> MentionContext:
        if not self.shows(mention.start, mention.end):
            # A mention in the hidden headline: its context is the headline line itself, not
            # the visible text around it (which would run headline and body together).
            raw = self.text
            start = raw.rfind("\n", 0, mention.start) + 1
            end = raw.find("\n", mention.end)
            end = len(raw) if end < 0 else end
            raw_before, raw_after = raw[start : mention.start], raw[mention.end : end]
        else:
            start, end = self.window(mention.start, mention.end)
            raw_before = self.visible_text(start, mention.start)
            raw_after = self.visible_text(mention.end, end)
        before = " ".join(raw_before.split())
        after = " ".join(raw_after.split())
        if raw_before[-1:].isspace() and before:
            before += " "
        if raw_after[:1].isspace() and after:
            after = " " + after
        text = " ".join(mention.text.split())
        return MentionContext(mention, self.article, before + text + after, len(before))


def mention_context(article: Article, mention: ArticleMention) -> MentionContext:
    return _Segments.of(article).context(mention)


def mention_contexts(articles: Mapping[str, Article], mentions: Iterable[ArticleMention],
                     kept: KeptListing | None = None) -> Iterator[MentionContext]:
    """The context of each of ``mentions`` whose article is in ``articles``, in their order,
    made as they are asked for (an article's mentions together, as in corpus order, read its
    text and spans once). With ``kept``, an article whose contexts it holds for its present
    content is not read, and those made are given to it."""
    from tuiread.corpus.derive import unpack_segment_bounds
    from tuiread.corpus.stored import with_packed_segments

    runs = groupby(mentions, key=lambda m: m.article_id)
    while True:
        # Each article listed, with its contexts when ``kept`` has them (the others are read
        # with one store query per batch).
        batch: list[tuple[Article, list[ArticleMention], list[MentionContext] | None]] = []
        to_read: list[Article] = []
        for article_id, run in runs:
            article = articles.get(article_id)
            if article is None:
                continue
            listed = list(run)
            found = kept.take(article, listed) if kept is not None else None
            batch.append((article, listed, found))
            if found is None:
                to_read.append(article)
            if len(batch) == ARTICLES_PER_READ:
                break
        if not batch:
            return
        read = iter(with_packed_segments(to_read))
        for _, listed, found in batch:
            if found is not None:
                yield from found
                continue
            read_article, packed = next(read)
            if packed is None:
                segments = _Segments.of(read_article)
            else:
                segments = _Segments(read_article, read_article.text,
                                     unpack_segment_bounds(packed))
            if kept is None:
                yield from segments.contexts(listed)
                continue
            made = list(segments.contexts(listed))
            if packed is not None:
                # (Only contexts made from the stored spans of the very content the article's
                # key names: a file found changed since is derived afresh, its spans with it.)
                kept.keep(read_article, made)
            yield from made
