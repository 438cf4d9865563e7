"""Annotations as excerpts ready for writing: the quote, the reader's words, and what a citation
needs (full title, outlet, author, date, URL or corpus-relative path, locator).

Every export format is built from these. The article's metadata comes from the corpus as loaded
now when the article is in it (full title, author, date), else from what the annotation kept of
it. Paths are relative to the corpus root they were found under: an export is meant to be
shared, and a local absolute path says nothing to its reader (``absolute_paths`` asks for them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tuiread.annotations.articles import ArticleIndex
from tuiread.annotations.citedates import iso_day
from tuiread.annotations.colours import colour_of, content_label
from tuiread.annotations.model import MISSING, Anchored, Annotation
from tuiread.annotations.wording import state_words
from tuiread.corpus import Article, Corpus

_BY = re.compile(r"^by\s+", re.I)
GROUP_BY = ("article", "tag", "date")
UNTAGGED = "untagged"
UNDATED = "undated"
# A text-fragment link names a long quote by its first and last words (the W3C draft's
# "textStart,textEnd" form): four of each are unique on a news page in practice.
FRAGMENT_WORDS = 4


@dataclass(frozen=True, slots=True)
class Locator:
    """Where the quote is: its paragraph (1-based, None when the article is not at hand) and its
    character offsets in the article's text."""

    paragraph: int | None
    start: int
    end: int

    def __str__(self) -> str:
        where = f"characters {self.start}–{self.end}"
        return f"paragraph {self.paragraph}, {where}" if self.paragraph else where


@dataclass(frozen=True, slots=True)
class Excerpt:
    id: str
    exact: str
    prefix: str
    suffix: str
    note: str
    tags: tuple[str, ...]
    label: str  # what the reader typed as a label; '' when it only named a colour
    colour: str | None  # the highlight colour (presentation only)
    article: str  # the article's id
    title: str
    source: str | None  # the outlet
    author: str | None
    date: str | None  # the article's date, as the article gives it
    url: str | None
    path: str
    locator: Locator
    created: str
    modified: str
    state: str  # where the quote stands now, in words
    annotation: Annotation = field(repr=False, compare=False)

    @property
    def outlet(self) -> str | None:
        return self.source

    @property
    def link(self) -> str | None:
        """The URL with a text fragment that browsers scroll to and highlight
        (``#:~:text=start,end``); None for an article without a URL."""
        if not self.url:
            return None
        words = self.exact.split()
        if len(words) <= 2 * FRAGMENT_WORDS:
            directive = _fragment_part(" ".join(words))
        else:
            directive = (_fragment_part(" ".join(words[:FRAGMENT_WORDS])) + ","
                         + _fragment_part(" ".join(words[-FRAGMENT_WORDS:])))
        return f"{self.url}{':~:' if '#' in self.url else '#:~:'}text={directive}"


def _fragment_part(text: str) -> str:
    # "-", "," and "&" are the fragment's own syntax: percent-encode them too.
    return quote(text, safe="").replace("-", "%2D")


@dataclass(frozen=True, slots=True)
class Source:
    """One article with the excerpts taken from it (in the order of the text)."""

    article: str
    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    path: str
    accessed: str  # when the first of its excerpts was made (ISO 8601)
    annotations: tuple[Excerpt, ...]

    @property
    def outlet(self) -> str | None:
        return self.source

    @property
    def tags(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for excerpt in self.annotations:
            for tag in excerpt.tags:
                seen.setdefault(tag, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Group:
    """A section of an export: everything (``name`` None), one tag or one date."""

    name: str | None
    sources: tuple[Source, ...]

    tag: str | None = None  # the tag, for a section of one tag

    @property
    def annotations(self) -> tuple[Excerpt, ...]:
        return tuple(e for s in self.sources for e in s.annotations)


def build(
    items: Iterable[Anchored], corpus: Corpus | None = None, absolute_paths: bool = False
) -> list[Excerpt]:
    """Excerpts of anchored annotations, with their articles' metadata from ``corpus``."""
    index = ArticleIndex(corpus) if corpus is not None else None
    roots = [root.expanduser().resolve() for root in corpus.roots] if corpus is not None else []
    paths: dict[str, str] = {}  # resolving a path is a few system calls: once per file

    def shown(path: Path) -> str:
        key = str(path)
        if key not in paths:
            paths[key] = shown_path(path, roots, absolute_paths)
        return paths[key]

    found = []
    for item in items:
        a = item.annotation
        article = index.find(a) if index is not None else None
        found.append(_excerpt(item, article, shown))
    return found


def excerpts_of(annotations: Iterable[Annotation]) -> list[Excerpt]:
    """Excerpts from stored annotations alone (no corpus): what the annotations kept of their
    articles, at their stored positions."""
    return build(Anchored(a, MISSING) for a in annotations)


def as_excerpts(items: Iterable[Excerpt | Annotation]) -> list[Excerpt]:
    """Excerpts as they are; bare annotations made excerpts (order kept)."""
    return [i if isinstance(i, Excerpt) else excerpts_of([i])[0] for i in items]


def _excerpt(item: Anchored, article: Article | None, shown: Callable[[Path], str]) -> Excerpt:
    a, anchor, ref = item.annotation, item.anchor, item.annotation.article
    if anchor.attached and anchor.start is not None and anchor.end is not None:
        start, end = anchor.start, anchor.end
    else:
        start, end = a.position.start, a.position.end
    paragraph = None
    if article is not None and anchor.attached:
        found = article.paragraph_at(start)
        paragraph = found + 1 if found is not None else None
    return Excerpt(
        id=a.id,
        exact=a.exact,
        prefix=a.quote.prefix,
        suffix=a.quote.suffix,
        note=a.note,
        tags=a.tags,
        label=content_label(a.label),
        colour=colour_of(a.label),
        article=article.id if article is not None else ref.id,
        title=(article.title if article is not None else ref.title) or ref.id,
        source=(article.source if article is not None else None) or ref.source,
        author=byline(article.author) if article is not None else None,
        date=article.date if article is not None else None,
        url=(article.url if article is not None else None) or ref.url,
        path=shown(Path(ref.path) if article is None else article.path),
        locator=Locator(paragraph, start, end),
        created=a.created,
        modified=a.modified,
        state=state_words(anchor),
        annotation=a,
    )


def byline(author: str | None) -> str | None:
    """The author's names without the "By " of a byline."""
    if not author:
        return None
    return _BY.sub("", " ".join(author.split())) or None


def shown_path(path: Path, roots: list[Path], absolute: bool) -> str:
    """``path`` relative to the corpus root it is under (its file name when under none)."""
    resolved = path.expanduser().resolve()
    if absolute:
        return str(resolved)
    for root in roots:
        if resolved == root:
            return resolved.name
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return resolved.name


def sources(excerpts: Iterable[Excerpt]) -> list[Source]:
    """One source per article, in order of first appearance."""
    by_article: dict[str, list[Excerpt]] = {}
    for excerpt in excerpts:
        by_article.setdefault(excerpt.article, []).append(excerpt)
    return [_source(group) for group in by_article.values()]


def _source(excerpts: list[Excerpt]) -> Source:
    first = excerpts[0]
    return Source(
        article=first.article,
        title=first.title,
        source=first.source,
        author=first.author,
        date=first.date,
        url=first.url,
        path=first.path,
        accessed=min(e.created for e in excerpts),
        annotations=tuple(excerpts),
    )


def groups(excerpts: list[Excerpt], by: str = "article") -> list[Group]:
    """Sections for ``by``: "article" (one section, a source each), "tag" (a section per tag,
    alphabetical; an excerpt with two tags is in both) or "date" (a section per publication
    day, newest first)."""
    if by == "article":
        return [Group(None, tuple(sources(excerpts)))]
    keyed: dict[str, list[Excerpt]] = {}
    for excerpt in excerpts:
        for key in _keys(excerpt, by):
            keyed.setdefault(key, []).append(excerpt)
    fallback = UNTAGGED if by == "tag" else UNDATED
    names = sorted((k for k in keyed if k != fallback), key=str.casefold, reverse=by == "date")
    if fallback in keyed:
        names.append(fallback)
    return [Group(name, tuple(sources(keyed[name])), name if by == "tag" and name != fallback
                  else None) for name in names]


def _keys(excerpt: Excerpt, by: str) -> list[str]:
    if by == "tag":
        return list(excerpt.tags) or [UNTAGGED]
    if by == "date":
        return [iso_day(excerpt.date) or UNDATED]
    raise ValueError(f"cannot group by {by!r} (choose from {', '.join(GROUP_BY)})")
