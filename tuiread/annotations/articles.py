"""Which article an annotation belongs to: its file, else its id in a corpus holding the same text.

Ids are corpus-relative paths, so opening the same files from another folder changes them; the
path then still finds the article. The same relative id under another root is only the same
article when the content says so (the text unchanged, or its fingerprint mostly kept): a second
corpus with a ``news/001`` of its own is another article. Several articles can share a file
(JSON lines, feeds): their ids end in ``#key``, and the path fallback only joins ids with the same
key. Keys were once record positions (digits); such an annotation still finds its record while
the record's text is unchanged.
"""

from __future__ import annotations

from pathlib import Path

from tuiread.annotations.anchoring import text_hash
from tuiread.annotations.fingerprint import same_article, shingles
from tuiread.annotations.model import Annotation, ArticleRef
from tuiread.annotations.schema import storable
from tuiread.corpus import Article, Corpus


def article_path(path: Path | str) -> str:
    """The form stored for an article's file: absolute, symlinks resolved (a name that is not
    UTF-8 with its odd bytes as backslash escapes, as the store keeps it)."""
    return storable(str(Path(path).expanduser().resolve())) or ""


def record_key(article_id: str) -> str:
    """The ``#key`` part of an article id ('' for one article per file)."""
    _, hash_mark, key = article_id.rpartition("#")
    return key if hash_mark else ""


def corpus_root(article: Article) -> str:
    """The folder the article's id is relative to (its corpus root, or the folder above the
    roots when several were opened and ids carry the root's name)."""
    base = article.id.rpartition("#")[0] if record_key(article.id) else article.id
    depth = base.count("/") + 1
    parents = Path(article.path).expanduser().absolute().parents
    return article_path(parents[min(depth, len(parents)) - 1])


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(
        id=article.id,
        path=article_path(article.path),
        title=article.title,
        source=article.source,
        url=article.url,
        root=corpus_root(article),
    )


def same_content(annotation: Annotation, article: Article) -> bool:
    """Whether ``article``'s text is the annotated one, edited or not (True without a
    fingerprint to judge by: annotations of older versions keep their old matching)."""
    if annotation.text_hash is not None and annotation.text_hash == text_hash(article.text):
        return True
    return same_article(annotation.sketch, shingles(article.text))


def _legacy_key(ref: ArticleRef) -> bool:
    return record_key(ref.id).isdigit()


def belongs_to(annotation: Annotation, article: Article, path: str | None = None) -> bool:
    ref = annotation.article
    path = path or article_path(article.path)
    if ref.path == path and record_key(ref.id) == record_key(article.id):
        return True  # its own file and record (a replaced text is told by the anchoring)
    if ref.id == article.id:
        return (ref.root is not None and ref.root == corpus_root(article)) or same_content(
            annotation, article
        )
    if ref.path == path and _legacy_key(ref):
        return annotation.text_hash == text_hash(article.text)
    return False


class ArticleIndex:
    """A corpus's articles by id and by (path, record key), for matching many annotations."""

    def __init__(self, corpus: Corpus | list[Article]):
        articles = corpus.articles if isinstance(corpus, Corpus) else corpus
        self._articles = articles
        self._by_id = {a.id: a for a in articles}
        self._by_path: dict[tuple[str, str], Article] = {}
        self._in_file: dict[str, list[Article]] = {}
        for article in articles:
            path = article_path(article.path)
            self._by_path.setdefault((path, record_key(article.id)), article)
            self._in_file.setdefault(path, []).append(article)
        self._by_hash: dict[str, Article] | None = None  # built when first needed

    def find(self, annotation: Annotation) -> Article | None:
        ref = annotation.article
        own = self._by_path.get((ref.path, record_key(ref.id)))
        if own is not None:
            if same_content(annotation, own):
                return own
            # Another text in its file (files swapped or replaced): the annotated text, unchanged,
            # may be in another file now; else it stays here and is orphaned.
            return self._unchanged(annotation) or own
        by_id = self._by_id.get(ref.id)
        if by_id is not None and belongs_to(annotation, by_id):
            return by_id
        if _legacy_key(ref):
            siblings = self._in_file.get(ref.path, [])
            return next((a for a in siblings if belongs_to(annotation, a)), None)
        return None

    def _unchanged(self, annotation: Annotation) -> Article | None:
        if annotation.text_hash is None:
            return None
        if self._by_hash is None:
            self._by_hash = {}
            for article in self._articles:
                self._by_hash.setdefault(text_hash(article.text), article)
        return self._by_hash.get(annotation.text_hash)
