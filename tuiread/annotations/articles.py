"""Which article an annotation belongs to: by article id, falling back to the file's path.

Ids are corpus-relative paths, so opening the same files from another folder changes them; the
path then still finds the article. Several articles can share a file (JSON lines, feeds): their
ids end in ``#key``, and the path fallback only joins ids with the same key.
"""

from __future__ import annotations

from pathlib import Path

from tuiread.annotations.model import Annotation, ArticleRef
from tuiread.corpus import Article, Corpus


def article_path(path: Path | str) -> str:
    """The form stored for an article's file: absolute, symlinks resolved."""
    return str(Path(path).expanduser().resolve())


def record_key(article_id: str) -> str:
    """The ``#key`` part of an article id ('' for one article per file)."""
    _, hash_mark, key = article_id.rpartition("#")
    return key if hash_mark else ""


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(
        id=article.id,
        path=article_path(article.path),
        title=article.title,
        source=article.source,
        url=article.url,
    )


def belongs_to(annotation: Annotation, article: Article, path: str | None = None) -> bool:
    ref = annotation.article
    if ref.id == article.id:
        return True
    path = path or article_path(article.path)
    return ref.path == path and record_key(ref.id) == record_key(article.id)


class ArticleIndex:
    """A corpus's articles by id and by (path, record key), for matching many annotations."""

    def __init__(self, corpus: Corpus | list[Article]):
        articles = corpus.articles if isinstance(corpus, Corpus) else corpus
        self._by_id = {a.id: a for a in articles}
        self._by_path: dict[tuple[str, str], Article] = {}
        for article in articles:
            self._by_path.setdefault((article_path(article.path), record_key(article.id)), article)

    def find(self, annotation: Annotation) -> Article | None:
        ref = annotation.article
        found = self._by_id.get(ref.id)
        if found is not None:
            return found
        return self._by_path.get((ref.path, record_key(ref.id)))
