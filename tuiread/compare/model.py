"""What a comparison of two articles holds: rows, changes, discrepancies, quotes, reuse.

Every span is raw ``[start, end)`` in its own article's ``Article.text``; ``text`` is the visible
text of that span (hidden boilerplate left out), for display and for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tuiread.corpus import Article


@dataclass(frozen=True, slots=True)
class Extent:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a row: a group of consecutive sentences (more than one for a split)."""

    start: int
    end: int
    text: str
    sentences: tuple[int, ...]  # indices into Article.sentences

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentences": list(self.sentences),
        }


@dataclass(frozen=True, slots=True)
class Change:
    """A word-level change inside an aligned pair. An insertion has an empty left extent at the
    point where the words would go; a deletion an empty right one."""

    kind: str  # "insert", "delete" or "replace"
    left: Extent
    right: Extent

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "left": self.left.to_dict(), "right": self.right.to_dict()}


@dataclass(frozen=True, slots=True)
class Row:
    left: Side | None
    right: Side | None
    score: float  # alignment score 0..1; 0 for a sentence with no counterpart
    changes: tuple[Change, ...] = ()
    moved: bool = False  # the right side stands out of its own article's order here
    paraphrase: bool = False  # the score reaches the paraphrase threshold
    # "left", "right" or "both": that side's sentence has a row of its own too and is shown here
    # again, facing a second counterpart (it carries two statements, reported apart)
    repeated: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": self.left.to_dict() if self.left else None,
            "right": self.right.to_dict() if self.right else None,
            "score": round(self.score, 4),
            "moved": self.moved,
            "paraphrase": self.paraphrase,
            "repeated": self.repeated or None,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class Discrepancy:
    kind: str  # "amount", "percent", "duration", "date", "count", "name" or "role"
    left: Extent
    right: Extent
    note: str  # one line for the reader: "$100 billion / $90 billion"
    row: int | None = None  # the row it was found in; None for roles (across the articles)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "left": self.left.to_dict(),
            "right": self.right.to_dict(),
            "note": self.note,
            "row": self.row,
        }


@dataclass(frozen=True, slots=True)
class SharedQuote:
    left: Extent
    right: Extent
    score: float  # 0..1
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": self.left.to_dict(),
            "right": self.right.to_dict(),
            "score": round(self.score, 4),
            "exact": self.exact,
        }


@dataclass(frozen=True, slots=True)
class Reuse:
    """Share of each article's visible words that have a counterpart in the other, 0..1."""

    left: float
    right: float

    def to_dict(self) -> dict[str, float]:
        return {"left": round(self.left, 4), "right": round(self.right, 4)}


def article_ref(article: Article) -> dict[str, Any]:
    return {"id": article.id, "path": str(article.path), "title": article.title}


@dataclass(slots=True)
class Comparison:
    left: Article
    right: Article
    rows: list[Row]
    reuse: Reuse
    discrepancies: list[Discrepancy] = field(default_factory=list)
    quotes: list[SharedQuote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": article_ref(self.left),
            "right": article_ref(self.right),
            "reuse": self.reuse.to_dict(),
            "rows": [r.to_dict() for r in self.rows],
            "discrepancies": [d.to_dict() for d in self.discrepancies],
            "quotes": [q.to_dict() for q in self.quotes],
        }
