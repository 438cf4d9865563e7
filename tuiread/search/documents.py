"""Articles as index documents, and the map from the indexed body back to raw offsets.

The body is the article's visible pieces joined by a newline, so words on either side of a hidden
span never run together. ``BodyMap`` turns an offset in that body into an offset in
``Article.text``; the stored ``spans`` field holds the pieces as a flat ``(start, end, ...)`` tuple.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tuiread.corpus import Article, Span
from tuiread.corpus.dates import day_of

PIECE_SEPARATOR = "\n"
# Entity-name digests only tell one article's list of names from its previous one.
NAMES_DIGEST_BYTES = 8

# The ``entity:`` field's canonical names: by article id (what an update can compare with the
# index, re-indexing only the articles whose names changed), or a function of the article.
EntityNames = Mapping[str, Sequence[str]] | Callable[[Article], Sequence[str]]


@dataclass(frozen=True, slots=True)
class BodyMap:
    body: str
    raw_starts: tuple[int, ...]
    body_starts: tuple[int, ...]
    lengths: tuple[int, ...]

    @classmethod
    def from_spans(cls, body: str, flat: Sequence[int]) -> BodyMap:
        raw_starts, body_starts, lengths = [], [], []
        position = 0
        for index in range(0, len(flat) - 1, 2):
            start, end = flat[index], flat[index + 1]
            raw_starts.append(start)
            body_starts.append(position)
            lengths.append(end - start)
            position += end - start + len(PIECE_SEPARATOR)
        return cls(body, tuple(raw_starts), tuple(body_starts), tuple(lengths))

    @classmethod
    def from_article(cls, article: Article) -> BodyMap:
        body, flat = body_and_spans(article)
        return cls.from_spans(body, flat)

    def _piece(self, offset: int) -> int:
        return max(bisect_right(self.body_starts, offset) - 1, 0)

    def to_raw(self, offset: int) -> int:
        """The raw offset of body ``offset`` (a separator maps to the end of the piece before)."""
        if not self.body_starts:
            return 0
        piece = self._piece(offset)
        within = min(offset - self.body_starts[piece], self.lengths[piece])
        return self.raw_starts[piece] + within

    def raw_spans(self, start: int, end: int) -> list[Span]:
        """Raw spans covering body ``[start, end)``: one per visible piece it touches."""
        if not self.body_starts or end <= start:
            return []
        spans = []
        piece = self._piece(start)
        while piece < len(self.body_starts) and self.body_starts[piece] < end:
            lo = max(start, self.body_starts[piece]) - self.body_starts[piece]
            hi = min(end, self.body_starts[piece] + self.lengths[piece]) - self.body_starts[piece]
            if hi > lo:
                spans.append(Span(self.raw_starts[piece] + lo, self.raw_starts[piece] + hi))
            piece += 1
        return spans


def body_and_spans(article: Article) -> tuple[str, tuple[int, ...]]:
    pieces = [s for s in article.visible if s.end > s.start]
    body = PIECE_SEPARATOR.join(article.text[s.start : s.end] for s in pieces)
    flat = tuple(offset for s in pieces for offset in (s.start, s.end))
    return body, flat


def entity_names(entities: EntityNames | None, article: Article) -> list[str]:
    if entities is None:
        return []
    found = entities.get(article.id, ()) if isinstance(entities, Mapping) else entities(article)
    return [n for n in found if n.strip()]


def names_digest(names: Sequence[str]) -> str:
    """A digest of an article's entity names, "" when it has none."""
    kept = [n for n in names if n.strip()]
    if not kept:
        return ""
    data = "\0".join(kept).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=NAMES_DIGEST_BYTES).hexdigest()


def set_entity_names(document: dict, names: Sequence[str]) -> None:
    """Put ``names`` in ``document``'s ``entity`` field, with their digest."""
    kept = [n for n in names if n.strip()]
    document.pop("entity", None)
    if kept:
        document["entity"] = "\n".join(kept)
    document["entity_hash"] = names_digest(kept)


def article_document(article: Article, file_key: str, entities: EntityNames | None) -> dict:
    """The Whoosh document of one article; ``file_key`` is its file's corpus-relative path."""
    body, flat = body_and_spans(article)
    document = {
        "id": article.id,
        "path": file_key,
        "title": article.title,
        "body": body,
        "spans": flat,
        "source": article.source or "",
        "author": article.author or "",
    }
    if day := day_of(article.date):
        document["date"] = day
    set_entity_names(document, entity_names(entities, article))
    return document
