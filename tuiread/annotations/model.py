"""What an annotation is: the article it belongs to, W3C selectors for its text, the reader's words.

Selectors follow the W3C Web Annotation Data Model: a TextQuoteSelector (the exact text with up
to 32 characters of context either side) and a TextPositionSelector (raw-text offsets into
``Article.text``). The quote is what the reader selected and is never rewritten behind their
back; where the text is found today is an :class:`Anchor`, computed when the article is read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from tuiread.errors import TuireadError

# Characters of context kept either side of the quote (the W3C examples and common annotators
# use a few words; 32 characters tell repeats apart without storing whole sentences).
CONTEXT_CHARS = 32


class AnnotationError(TuireadError):
    """A change that cannot be made (unknown id, empty span, read-only store, undo conflict)."""


class AnchorState(StrEnum):
    """Where an annotation's text stands in the current article text."""

    EXACT = "exact"  # the quote is unchanged at its stored position
    MOVED = "moved"  # the quote is unchanged (line breaks and spacing aside) elsewhere
    FUZZY = "fuzzy"  # text close to the quote, in the quote's context; see the score
    ORPHANED = "orphaned"  # not found with confidence: kept, listed, re-attachable by hand
    MISSING = "missing"  # the article itself is not in the loaded corpus


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class TextPositionSelector:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """The article an annotation belongs to, as it was when the annotation was made."""

    id: str
    path: str
    title: str
    source: str | None = None
    url: str | None = None
    # The folder of the corpus it was opened from (None: made by an older tuiread). The same
    # relative id under another root is another article unless its content says otherwise.
    root: str | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    article: ArticleRef
    quote: TextQuoteSelector
    position: TextPositionSelector
    note: str = ""
    tags: tuple[str, ...] = ()
    label: str = ""
    created: str = ""
    modified: str = ""
    # Fingerprint of the article text the selectors were taken from, and how many times the
    # quote occurred in it: together they let an unchanged article skip re-anchoring and tell a
    # quote that was unique from one that was a repeat.
    text_hash: str | None = None
    repeats: int | None = None
    deleted: str | None = None
    # Content fingerprint of the article text (tuiread.annotations.fingerprint): tells an
    # edited article from another article put in its place.
    sketch: str | None = None

    @property
    def exact(self) -> str:
        return self.quote.exact

    def edited(self, **changes: object) -> Annotation:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The annotation's span in today's text: ``start``/``end`` are None when orphaned."""

    state: AnchorState
    start: int | None = None
    end: int | None = None
    score: float = 1.0  # 1.0 for exact and moved; the match score for fuzzy; 0 for orphans

    @property
    def attached(self) -> bool:
        return self.start is not None and self.end is not None


ORPHAN = Anchor(AnchorState.ORPHANED, None, None, 0.0)
MISSING = Anchor(AnchorState.MISSING, None, None, 0.0)


@dataclass(frozen=True, slots=True)
class Anchored:
    """An annotation with where it is now; what the app draws and ``tuiread notes`` lists."""

    annotation: Annotation
    anchor: Anchor
    # The id of the article it was found in, when not the one it was made on (files renamed
    # or swapped: its unchanged text is in another file now).
    found_in: str | None = None

    def summary(self) -> dict:
        a, anchor = self.annotation, self.anchor
        return {
            "id": a.id,
            "article": self.found_in or a.article.id,
            "path": a.article.path,
            "exact": a.exact,
            "start": anchor.start,
            "end": anchor.end,
            "state": str(anchor.state),
            "score": round(anchor.score, 3),
            "note": a.note,
            "tags": list(a.tags),
            "label": a.label,
        }


@dataclass(frozen=True, slots=True)
class Filter:
    """Which annotations to list or export; empty fields match everything."""

    article: str | None = None  # an article id, path, or a prefix of either
    tags: tuple[str, ...] = ()  # every one of these tags
    label: str | None = None
    text: str | None = None  # a substring of quote, note or tags (case-insensitive)
    ids: tuple[str, ...] = field(default=())
    include_deleted: bool = False


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> str:
    """UTC time as ISO 8601 with microseconds, the form stored and exported."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def clean_tags(tags: object) -> tuple[str, ...]:
    """Tags stripped, empty ones dropped, duplicates removed, order kept."""
    if isinstance(tags, str):
        tags = [tags]
    seen: dict[str, None] = {}
    for tag in tags or ():  # type: ignore[union-attr]
        text = " ".join(str(tag).split())
        if text:
            seen.setdefault(text, None)
    return tuple(seen)
