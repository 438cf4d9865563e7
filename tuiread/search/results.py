"""What searching and indexing hand back to the front ends: plain data, no Whoosh objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tuiread.corpus import Span
from tuiread.search.snippets import Snippet

# How many articles a search gives unless asked for another number (here, away from the
# engine, so `tuiread search --help` can say it without loading Whoosh).
DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching article, in rank order."""

    id: str
    path: Path
    title: str
    source: str | None
    score: float
    snippets: tuple[Snippet, ...]
    hits: tuple[Span, ...]  # every match of the query in the visible text, raw offsets
    # The file changed since it was indexed: offsets may be off until the index is updated
    # (``SearchIndex.article_hits`` recomputes them from the loaded article).
    stale: bool = False

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "path": str(self.path),
            "title": self.title,
            "source": self.source,
            "score": round(self.score, 4),
            "snippets": [s.text for s in self.snippets],
            "hits": [{"start": s.start, "end": s.end} for s in self.hits],
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A corrected query ("did you mean") and how many articles it finds."""

    query: str
    found: int


@dataclass(slots=True)
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int  # matching articles (``hits`` holds the first ``limit``)
    suggestions: list[Suggestion] = field(default_factory=list)
    # Said once to the user: the index is still being built, every word is a stop word, …
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # The index is still being built: more may match once it is (notices says so too).
    building: bool = False


@dataclass(slots=True)
class UpdateReport:
    """What ``SearchIndex.update`` did, in files (a JSON Lines file holds several articles)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    entities: int = 0  # articles re-indexed (from the index) because their entity names changed
    articles: int = 0  # articles in the index afterwards
    problems: list[str] = field(default_factory=list)  # "path: why it was not indexed"
    rebuilt: str | None = None  # why the index was rebuilt from scratch, if it was
    notices: list[str] = field(default_factory=list)
    cancelled: bool = False
    locked: bool = False  # another process holds the writer lock: nothing was done
    workers: int = 1
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.entities)

    def summary(self) -> str:
        if self.locked:
            return "another tuiread process is updating this index; nothing done"
        counts = (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                  f"{self.unchanged} unchanged")
        if self.entities:
            counts += f"; {self.entities} re-indexed for new entity names"
        state = "cancelled after" if self.cancelled else "in"
        return f"{counts} ({self.articles} articles) {state} {self.seconds:.2f} s"
