"""One claim across every outlet: a sentence's counterpart in each other article.

For the sentence at the cursor, each other article is compared with its own and the row holding
that sentence tells what the other made of it: the same words, other words (the changes), other
facts (the discrepancies), or nothing at all (the other article dropped it). Entries are ordered
by date when dates are known, so the list reads as who reported what, and when.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tuiread.compare.comparison import compare
from tuiread.compare.model import Change, Discrepancy, Side, article_ref
from tuiread.compare.rows import describe, row_infos
from tuiread.compare.text import PreparedArticle
from tuiread.corpus import Article


@dataclass(frozen=True, slots=True)
class TraceEntry:
    article: Article
    counterpart: Side | None  # the other article's sentences, None when it has none
    marker: str  # the row's marker, as in the comparison view ("−" when there is no counterpart)
    score: float
    changes: tuple[Change, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            **article_ref(self.article),
            "date": self.article.date,
            "source": self.article.source,
            "marker": self.marker,
            "score": round(self.score, 4),
            "counterpart": self.counterpart.to_dict() if self.counterpart else None,
            "changes": [c.to_dict() for c in self.changes],
            "discrepancies": [{**d.to_dict(), "text": describe(d)} for d in self.discrepancies],
        }


@dataclass(slots=True)
class Trace:
    article: Article
    sentence: int  # index into article.sentences
    text: str  # the sentence's visible text
    entries: list[TraceEntry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": {**article_ref(self.article), "date": self.article.date},
            "sentence": self.sentence,
            "text": self.text,
            "entries": [e.to_dict() for e in self.entries],
        }


def _order(entry: TraceEntry) -> tuple:
    # Dated articles first, oldest first (ISO dates sort as text); then the undated ones by
    # whether they kept the claim, then by id.
    date = entry.article.date
    return (date is None, date or "", entry.counterpart is None, entry.article.id)


def trace(
    article: Article | PreparedArticle,
    sentence: int,
    others: Sequence[Article | PreparedArticle],
    cancelled: Callable[[], bool] | None = None,
) -> Trace:
    """The counterpart of sentence ``sentence`` of ``article`` in each of ``others``."""
    base = article.article if isinstance(article, PreparedArticle) else article
    if not 0 <= sentence < len(base.sentences):
        raise IndexError(f"no sentence {sentence} in {base.id} ({len(base.sentences)} sentences)")
    span = base.sentences[sentence]
    result = Trace(base, sentence, base.visible_text(span.start, span.end))
    for other in others:
        if cancelled and cancelled():
            break
        other_article = other.article if isinstance(other, PreparedArticle) else other
        if other_article.id == base.id:
            continue
        comparison = compare(article, other)
        infos = row_infos(comparison)
        entry = TraceEntry(other_article, None, "−", 0.0)
        # The sentence's own row: a row showing it again (facing a second counterpart) is not
        # where the other article tells this claim first.
        for n, row in enumerate(comparison.rows):
            if row.left is None or sentence not in row.left.sentences:
                continue
            if row.repeated in ("left", "both"):
                continue
            if row.right is not None:
                found = tuple(d for d in comparison.discrepancies if d.row == n)
                entry = TraceEntry(
                    other_article, row.right, infos[n].marker, row.score, row.changes, found
                )
            break
        result.entries.append(entry)
    result.entries.sort(key=_order)
    return result
