"""What a reader (or a comparison) asks of the screen showing it: annotate a span, or open the
annotation there. The screen's annotation flow answers."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tuiread.corpus import Article


@dataclass
class AnnotateRequested(Message):
    """Annotate raw ``[start, end)`` of ``article``: with the dialog, or at once (``quick``)."""

    article: Article
    start: int
    end: int
    quick: bool = False


@dataclass
class EditRequested(Message):
    """Open the annotation overlapping raw ``[start, end)`` of ``article`` most."""

    article: Article
    start: int
    end: int


def annotate_request(article: Article, start: int, end: int,
                     quick: bool = False) -> AnnotateRequested | None:
    """A request to annotate raw ``[start, end)`` without the spaces around it (None when it
    holds only spaces): for views other than the reader, e.g. one side of a comparison row."""
    chunk = article.text[start:end]
    start += len(chunk) - len(chunk.lstrip())
    end -= len(chunk) - len(chunk.rstrip())
    return AnnotateRequested(article, start, end, quick) if end > start else None
