"""Articles read back from the corpus store: fields at once, spans and text on first use.

Split from :mod:`tuiread.corpus.store`, which makes them; this module only needs the store's
``spans`` and ``rules``.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tuiread.corpus.decode import UnreadableFile, decode_bytes
from tuiread.corpus.derive import (
    derivation_digests,
    file_digest,
    unpack_spans,
)
from tuiread.corpus.loader import SourceFile, article_id, file_articles
from tuiread.corpus.model import Article, HiddenSpan
from tuiread.corpus.rules import Rule

# How long a reader waits for a store another process is creating (seconds).
READ_TIMEOUT_S = 30.0

if TYPE_CHECKING:
    from tuiread.corpus.store import CorpusStore


def _read(location: str) -> bytes | None:
    """The file's bytes, None when it cannot be read. With ``os`` calls, no file object: a
    mention listing reads thousands of articles, and the buffered file objects cost twice the
    reading of a news article itself."""
    try:
        fd = os.open(location, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)  # (one byte more: a file that grew since is seen)
        if len(data) != size:  # grown or cut since it was sized: read on to its end
            parts = [data]
            while part := os.read(fd, max(size, 1 << 16)):
                parts.append(part)
            data = b"".join(parts)
        return data
    except OSError:
        return None
    finally:
        os.close(fd)


_TEXT = Article.text  # the slots the stored article fills on first use
_VISIBLE = Article.visible
_HIDDEN = Article.hidden
_PARAGRAPHS = Article.paragraphs
_SENTENCES = Article.sentences
_NOTES = Article.notes
# Formats whose one record is the whole decoded file (``formats.records``).
_WHOLE_FILE_FORMATS = frozenset({"text", "markdown"})
_SPAN_FIELDS = frozenset({"visible", "hidden", "paragraphs", "sentences", "notes"})


def _is_set(article: Article, name: str) -> bool:
    try:
        getattr(Article, name).__get__(article)
    except AttributeError:
        return False
    return True


class StoredArticle(Article):
    """An article from the store: its fields at once, its spans from the store and its text from
    its file when first asked for. If the file changed since it was stored, the text and spans
    are derived from what the file holds now (never old spans on new text)."""

    __slots__ = ("_store", "_location", "rel", "record", "digest")

    def __init__(self, store: CorpusStore, article_id: str, location: str, rel: str, record: int,
                 digest: str, title: str, source: str | None, encoding: str, fmt: str, words: int,
                 url: str | None, date: str | None, author: str | None = None):
        self.id = article_id
        self.title = title
        self.source = source
        self.encoding = encoding
        self.format = fmt
        self.words = words
        self.url = url
        self.date = date
        self.author = author
        self._store = store
        self._location = location
        self.rel = rel
        self.record = record
        self.digest = digest

    def __getattr__(self, name: str):
        # Called only when a slot is not filled yet: fill it (and its siblings) on first use, so
        # later reads cost what reading any attribute costs.
        if name == "text":
            self._load_text()
        elif name in _SPAN_FIELDS:
            self._ensure_text()  # a changed file replaces the spans along with the text
            if not _is_set(self, name):
                self._load_spans()
        elif name == "path":
            self.path = Path(self._location)
        else:
            raise AttributeError(name)
        return object.__getattribute__(self, name)

    def _load_spans(self, found: tuple | None = None) -> None:
        if found is None:
            found = self._store.spans(self.rel, self.record)
        if found is None:
            self._load_text()  # the rows were replaced since: derive from the file
            return
        spans, hidden, notes = found
        visible, paragraphs, sentences = unpack_spans(spans)
        _VISIBLE.__set__(self, visible)
        _PARAGRAPHS.__set__(self, paragraphs)
        _SENTENCES.__set__(self, sentences)
        _HIDDEN.__set__(self, [HiddenSpan(s, e, r) for s, e, r in json.loads(hidden)])
        _NOTES.__set__(self, json.loads(notes))

    def _load_text(self) -> None:
        data = _read(self._location)
        fresh = None
        same = data is not None and file_digest(data) == self.digest
        if data is not None and not same:
            fresh = self._derive_again(data)
        if data is None or (fresh is None and not same):
            self._set_fresh(None, "the file can no longer be read")
            return
        if fresh is not None:
            self._set_fresh(fresh, "the file changed since the corpus was opened")
            return
        text = self._plain_text(data)
        if text is None:
            from tuiread.corpus.loader import record_text

            try:
                text = record_text(self.format, data, self.record)
            except UnreadableFile:
                text = None
        if text is None:
            self._set_fresh(None, "the file can no longer be read")
            return
        _TEXT.__set__(self, text)

    def _plain_text(self, data: bytes) -> str | None:
        """The text of the very bytes the article was stored from (same digest) when they
        were plain UTF-8 and the whole file its one record: what decoding them in full gives,
        without its checks (they passed when it was stored). None otherwise."""
        if self.encoding != "utf-8" or self.format not in _WHOLE_FILE_FORMATS or self.record:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _derive_again(self, data: bytes) -> Article | None:
        source = SourceFile(Path(self._location), self.rel, self.format)
        try:
            found = file_articles(source, data, self._store.rules)
        except UnreadableFile:
            return None
        return next((a for number, _, a in found if number == self.record), None)

    def _set_fresh(self, article: Article | None, note: str) -> None:
        if article is None:
            _TEXT.__set__(self, "")
            for slot in (_VISIBLE, _HIDDEN, _PARAGRAPHS, _SENTENCES):
                slot.__set__(self, [])
            _NOTES.__set__(self, [note])
            return
        _TEXT.__set__(self, article.text)
        _VISIBLE.__set__(self, article.visible)
        _HIDDEN.__set__(self, article.hidden)
        _PARAGRAPHS.__set__(self, article.paragraphs)
        _SENTENCES.__set__(self, article.sentences)
        _NOTES.__set__(self, [*article.notes, note])

    def _ensure_text(self) -> None:
        if not _is_set(self, "text"):
            self._load_text()

    @property
    def text_loaded(self) -> bool:
        return _is_set(self, "text")

    def release(self) -> None:
        """Forget the text and spans read so far (read again when next asked for): a pass over
        the whole corpus keeps one article's text at a time, not the corpus's."""
        for slot in (_TEXT, _VISIBLE, _HIDDEN, _PARAGRAPHS, _SENTENCES, _NOTES):
            if _is_set(self, slot.__name__):
                slot.__delete__(self)

    @property
    def location(self) -> str:
        return self._location

    @property
    def derived_key(self) -> str:
        """What this article's text and spans were derived from (the file's content, the
        record, the parser and the cleaning rules): equal keys, equal text and spans. Known
        without reading the file."""
        return derived_key(self.digest, self.record, self._store.derivations[self.format])

    def __repr__(self) -> str:
        return f"StoredArticle(id={self.id!r}, rel={self.rel!r}, record={self.record})"


def load_many(articles: Sequence[Article]) -> None:
    """Read the text and spans of the stored articles among ``articles`` now, their spans
    with one query per few hundred files (a pass over thousands of articles, such as every
    mention of an entity, otherwise costs a query each)."""
    for article, row in _with_span_rows(articles):
        article._load_spans(row)


def with_packed_segments(articles: Sequence[Article]) -> Iterator[tuple[Article, bytes | None]]:
    """Each of ``articles`` in order with its text read, and for a stored article whose spans
    are not read yet its packed spans row (``derive.unpack_segment_bounds``), read with one
    query per few hundred files; None for the others (their own spans are the ones to use).
    Nothing but the text is kept on the articles: a mention listing reads thousands."""
    stored = [a for a in articles if isinstance(a, StoredArticle) and not _is_set(a, "visible")]
    by_store: dict[int, list[StoredArticle]] = {}
    for article in stored:
        by_store.setdefault(id(article._store), []).append(article)
    found: dict[tuple[int, str, int], bytes] = {}
    for group in by_store.values():
        rows = group[0]._store.spans_of([(a.rel, a.record) for a in group])
        found.update(((id(group[0]._store), rel, record), row[0])
                     for (rel, record), row in rows.items())
    for article in articles:
        if not isinstance(article, StoredArticle):
            yield article, None
            continue
        article._ensure_text()  # a changed file replaces the spans along with the text
        if _is_set(article, "visible"):
            yield article, None
        else:
            yield article, found.get((id(article._store), article.rel, article.record))


def _with_span_rows(articles: Sequence[Article]) -> Iterator[tuple[StoredArticle, tuple | None]]:
    """The stored articles among ``articles`` whose spans are not read yet, each with its text
    read and its stored spans row (None when the store has none), the rows read with one query
    per store."""
    stored = [a for a in articles if isinstance(a, StoredArticle) and not _is_set(a, "visible")]
    by_store: dict[int, list[StoredArticle]] = {}
    for article in stored:
        by_store.setdefault(id(article._store), []).append(article)
    for group in by_store.values():
        found = group[0]._store.spans_of([(a.rel, a.record) for a in group])
        for article in group:
            article._ensure_text()  # a changed file replaces the spans along with the text
            if not _is_set(article, "visible"):
                yield article, found.get((article.rel, article.record))


def derived_key(digest: str, record: int, derivation: str) -> str:
    """``StoredArticle.derived_key`` from its parts (also made in bulk, without the articles)."""
    return f"{digest}:{record}:{derivation}"


# -- reading stored articles from another process (the search index's workers) ---------------

_readers = threading.local()


@functools.lru_cache(maxsize=8)
def _derivations(rules: tuple[Rule, ...]) -> dict[str, str]:
    return derivation_digests(rules)


def stored_articles(store_path: Path, source: SourceFile, data: bytes, rules: Sequence[Rule],
                    taken: set[str]) -> list[Article] | None:
    """The articles of one file as the store at ``store_path`` holds them, if it holds this very
    content cleaned with these rules (ids given with ``taken`` as ``build_articles`` does);
    None when it does not, and the file has to be cleaned again."""
    from tuiread.corpus.formats import records

    db = _reader(store_path)
    if db is None:
        return None
    try:
        state = db.execute("SELECT digest, derivation, problem FROM files WHERE rel = ?",
                           (source.rel,)).fetchone()
        derivation = _derivations(tuple(rules))[source.format]
        if (state is None or state[2] is not None or state[1] != derivation
                or state[0] != file_digest(data)):
            return None
        rows = db.execute(
            "SELECT record, key, title, source, url, date, author, words, encoding, format, "
            "spans, hidden, notes FROM articles WHERE rel = ? ORDER BY record",
            (source.rel,)).fetchall()
    except sqlite3.Error:
        return None
    try:
        found = records(source.format, decode_bytes(data).text)
    except UnreadableFile:
        return None
    articles = []
    for (record, key, title, outlet, url, date, author, words, encoding, fmt, spans, hidden,
         notes) in rows:
        if record >= len(found):
            return None
        visible, paragraphs, sentences = unpack_spans(spans)
        aid = article_id(source.rel, key, taken)
        taken.add(aid)
        articles.append(Article(
            id=aid, path=source.path, text=found[record].text, title=title, source=outlet,
            encoding=encoding, format=fmt, visible=visible,
            hidden=[HiddenSpan(s, e, r) for s, e, r in json.loads(hidden)],
            paragraphs=paragraphs, sentences=sentences, words=words, url=url, date=date,
            author=author,
            notes=json.loads(notes)))
    return articles or None


def _reader(store_path: Path) -> sqlite3.Connection | None:
    connections = getattr(_readers, "connections", None)
    if connections is None:
        connections = _readers.connections = {}
    key = str(store_path)
    if key not in connections:
        try:
            connections[key] = sqlite3.connect(f"{store_path.resolve().as_uri()}?mode=ro",
                                               uri=True, timeout=READ_TIMEOUT_S)
        except (sqlite3.Error, OSError):
            connections[key] = None
    return connections[key]
