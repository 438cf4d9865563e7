"""A mention in context: the visible sentence around it, whitespace collapsed.

``mention_contexts`` makes thousands at once (every mention of a person across a large corpus):
each article's span ends are listed once and searched with plain bisection, not once per mention
through the article's general lookups.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tuiread.corpus import Article
from tuiread.entities.model import ArticleMention

# Characters of context on each side of a mention when its sentence is not known.
CONTEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class MentionContext:
    mention: ArticleMention
    article: Article
    context: str  # the visible sentence around the mention, whitespace collapsed
    offset: int  # where the mention starts in ``context``


class _Segments:
    """One article's text with its visible spans' and sentences' ends, listed once."""

    __slots__ = ("article", "text", "visible", "visible_ends", "sentences", "sentence_ends")

    def __init__(self, article: Article):
        self.article = article
        self.text = article.text
        self.visible = article.visible
        self.visible_ends = [span.end for span in self.visible]
        self.sentences = article.sentences
        self.sentence_ends = [span.end for span in self.sentences]

    def visible_text(self, start: int, end: int) -> str:
        """``Article.visible_text(start, end)``."""
        parts = []
        visible, text = self.visible, self.text
        for index in range(bisect_right(self.visible_ends, start), len(visible)):
            span_start, span_end = visible[index]
            if span_start >= end:
                break
            parts.append(text[max(span_start, start) : min(span_end, end)])
        return "".join(parts)

    def window(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding raw ``[start, end)``, else CONTEXT_CHARS on each side."""
        index = bisect_right(self.sentence_ends, start)
        if index < len(self.sentences):
            sentence_start, sentence_end = self.sentences[index]
            if sentence_start <= start and end <= sentence_end:
                return sentence_start, sentence_end
        return max(0, start - CONTEXT_CHARS), min(len(self.text), end + CONTEXT_CHARS)

    def context(self, mention: ArticleMention) -> MentionContext:
        if not self.visible_text(mention.start, mention.end):
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
    return _Segments(article).context(mention)


def mention_contexts(articles: Mapping[str, Article],
                     mentions: Iterable[ArticleMention]) -> list[MentionContext]:
    """The context of each of ``mentions`` whose article is in ``articles``, in their order
    (an article's mentions together, as in corpus order, list its spans once)."""
    found: list[MentionContext] = []
    segments: _Segments | None = None
    for mention in mentions:
        if segments is None or segments.article.id != mention.article_id:
            article = articles.get(mention.article_id)
            if article is None:
                continue
            segments = _Segments(article)
        found.append(segments.context(mention))
    return found
