"""A loaded corpus: its articles, how to find one by reference, and what could not be read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tuiread.corpus.loader import LoadIssue, load_files, scan
from tuiread.corpus.model import Article
from tuiread.corpus.resolve import close_ids, resolve_ref
from tuiread.corpus.rules import Rule
from tuiread.errors import TuireadError


class ArticleNotFound(TuireadError):
    def __init__(self, ref: str, candidates: list[Article], near: list[str] | None = None):
        self.ref = ref
        self.candidates = candidates
        if candidates:
            listing = ", ".join(a.id for a in candidates[:10])
            more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
            message = f"'{ref}' is ambiguous: it matches {listing}{more}"
        else:
            message = f"no article matches '{ref}'"
            if near:
                message += f" (did you mean {' or '.join(near)}?)"
        super().__init__(message)


@dataclass(slots=True)
class Corpus:
    roots: list[Path]
    articles: list[Article]
    issues: list[LoadIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # one-line summaries (skipped files, …)
    _by_id: dict[str, Article] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {a.id: a for a in self.articles}

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def resolve(self, ref: str) -> Article:
        """An article by id, file name, path, or an unambiguous prefix (see ``resolve_ref``)."""
        found = resolve_ref(ref, [(a.id, a.path) for a in self.articles])
        if len(found) == 1:
            return self.articles[found[0]]
        near = [] if found else close_ids(ref, self._by_id)
        raise ArticleNotFound(ref, [self.articles[i] for i in found], near)


def load_corpus(
    roots: Iterable[Path],
    rules: list[Rule],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Corpus:
    roots = [Path(r).expanduser() for r in roots]
    found = scan(roots)
    articles, issues = load_files(found.files, rules, progress, cancelled)
    issues = [LoadIssue(p, "no such file or folder") for p in found.missing] + issues
    notices = [s for s in [found.skipped_summary()] if s]
    return Corpus(roots=roots, articles=articles, issues=issues, notices=notices)
