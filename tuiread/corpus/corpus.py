"""A loaded corpus: its articles, how to find one by reference, and what could not be read."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread.corpus.loader import LoadIssue, load_files, scan
from tuiread.corpus.model import Article
from tuiread.corpus.resolve import close_ids, resolve_ref
from tuiread.corpus.rules import Rule
from tuiread.corpus.walk import DEFAULT_EXCLUDE
from tuiread.errors import TuireadError

if TYPE_CHECKING:
    from tuiread.corpus.derive import MentionMaker
    from tuiread.corpus.store import Changes, CorpusStore
    from tuiread.corpus.walk import Walk
    from tuiread.corpus.walk_find import FindOutput


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
    # A list, or the store's rows (``corpus.rows.ArticleRows``), which make articles on demand.
    articles: Sequence[Article]
    issues: list[LoadIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # one-line summaries (skipped files, …)
    # The persistent store the corpus came from (None when read afresh), and what its last
    # refresh found changed: services update from it.
    store: CorpusStore | None = None
    changes: Changes | None = None
    walk: Walk | None = None  # the walk that found the files (services reuse it)
    _by_id: dict[str, Article] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.articles)

    def _ids(self) -> Mapping[str, object]:
        """The articles' ids (a mapping to the article, or to its position in the rows)."""
        from tuiread.corpus.rows import ArticleRows

        if isinstance(self.articles, ArticleRows):
            self.articles.position("")  # builds its index
            return self.articles._index  # type: ignore[return-value]
        if self._by_id is None:
            self._by_id = {a.id: a for a in self.articles}
        return self._by_id

    def get(self, article_id: str) -> Article | None:
        from tuiread.corpus.rows import ArticleRows

        if isinstance(self.articles, ArticleRows):
            position = self.articles.position(article_id)
            return None if position is None else self.articles[position]
        return self._ids().get(article_id)  # type: ignore[return-value]

    def resolve(self, ref: str) -> Article:
        """An article by id, file name, path, or an unambiguous prefix (see ``resolve_ref``)."""
        found = self.get(ref)
        if found is not None:
            return found
        as_path = Path(ref).expanduser()
        if as_path.exists():
            resolved = os.path.realpath(as_path)
            # Locations (strings) first, by name: 100,000 Path objects cost a second.
            name = os.path.basename(resolved)
            matches = [a for a in self.articles if os.path.basename(a.location) == name
                       and os.path.realpath(a.location) == resolved]
            if len(matches) == 1:
                return matches[0]
        found = resolve_ref(ref, [(a.id, a.path) for a in self.articles])
        if len(found) == 1:
            return self.articles[found[0]]
        near = [] if found else close_ids(ref, self._ids())
        raise ArticleNotFound(ref, [self.articles[i] for i in found], near)


def load_corpus(
    roots: Iterable[Path],
    rules: list[Rule],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
) -> Corpus:
    """Every article under ``roots``, each file read and cleaned now (the corpus store keeps
    what this derives, see :mod:`tuiread.corpus.store`)."""
    roots = [Path(r).expanduser() for r in roots]
    found = scan(roots, exclude)
    articles, issues = load_files(found.files, rules, progress, cancelled)
    issues = [LoadIssue(p, "no such file or folder") for p in found.missing] + found.problems \
        + issues
    return Corpus(roots=roots, articles=articles, issues=issues, notices=found.notices)


def open_corpus(
    roots: Iterable[Path],
    rules: list[Rule],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    on_waiting: Callable[[], None] | None = None,
    store_path: Path | None = None,
    partial: Callable[[Corpus], None] | None = None,
    mentions: MentionMaker | None = None,
    walk: Callable[..., Walk] | None = None,
    store: CorpusStore | None = None,
) -> Corpus:
    """The corpus through its persistent store: only new and changed files are read and cleaned,
    and article text is read when first used (``mentions``: entity mentions made for the
    articles derived now, see ``derive.MentionMaker``). Without a usable store (nowhere to
    write it) the corpus is read afresh, with a notice.

    ``walk(recognise)`` gives the corpus walk (default: walk now; ``recognise``: see
    ``FindWalk.walk``); one that is under way elsewhere (see
    ``corpus.walk_ahead``) is asked for only after the store's record is read and ``partial``
    was given what it records, so that work overlaps the walk. ``store``: the corpus's store
    opened already (its record read ahead: see ``Workspace.read_record_ahead``). When the walk
    finds nothing
    changed, the corpus's articles are the very object ``partial`` was given: a caller that
    worked ahead from it compares by identity."""
    from tuiread.corpus.rows import ArticleRows
    from tuiread.corpus.store import StoreUnavailable, open_corpus_store
    from tuiread.corpus.walk import walk_corpus

    roots = [Path(r).expanduser() for r in roots]
    if store is None:
        try:
            store = open_corpus_store(roots, rules, store_path)
        except StoreUnavailable as exc:
            return _read_afresh(roots, rules, progress, cancelled, exclude, exc)
    store.mention_maker = mentions
    shown = None
    if (partial is not None or walk is not None) and len(roots) == 1 and _is_dir(roots[0]):
        # What the last refresh found, before the walk: the reader can start at once, and
        # the record is in hand when the walk is compared with it.
        try:
            shown = store.early(roots[0])
        except sqlite3.Error:
            shown = None
        if shown is not None and partial is not None:
            from tuiread.corpus.store import Changes

            early_corpus = Corpus(roots=roots, articles=shown, store=store,
                                  changes=Changes(unchanged=shown.file_count))
            partial(early_corpus)
    early_state = store.state if shown is not None else None
    recognise = None
    if shown is not None:
        def recognise(found: FindOutput) -> Walk | None:
            # From the walk that confirmed the record last, when find printed alike again.
            return store.recognised_walk(roots[0], found)
    walked = walk(recognise) if walk is not None else walk_corpus(roots, exclude)
    try:
        early = None
        if partial is not None and shown is None:
            def early(articles: list) -> None:
                partial(Corpus(roots=roots, articles=list(articles)))
        articles, problems, changes = store.refresh(walked, progress, cancelled, on_waiting,
                                                    early)
    except StoreUnavailable as exc:
        return _read_afresh(roots, rules, progress, cancelled, exclude, exc)
    if (shown is not None and early_state is not None and store.state == early_state
            and isinstance(articles, ArticleRows) and articles.same_files(shown)):
        articles = shown  # nothing changed: the articles already handed out stay the ones
    issues = [LoadIssue(p, "no such file or folder") for p in walked.missing]
    issues += [LoadIssue(Path(p.path), p.message) for p in walked.problems] + problems
    corpus = Corpus(roots=roots, articles=articles, issues=issues,
                    notices=[*store.notices, *walked.notices()])
    corpus.store = store
    corpus.changes = changes
    corpus.walk = walked
    return corpus


def _read_afresh(roots, rules, progress, cancelled, exclude, why: Exception) -> Corpus:
    corpus = load_corpus(roots, rules, progress, cancelled, exclude)
    corpus.notices.append(f"corpus store not used ({why}): every file was read again")
    return corpus


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
