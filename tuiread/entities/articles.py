"""Mentions of articles: extraction on the text a reader sees, with raw offsets, cached."""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from sys import intern

from tuiread.corpus import Article
from tuiread.corpus.derive import worker_count
from tuiread.corpus.store import StoredArticle
from tuiread.entities.cache import MentionCache, cache_key
from tuiread.entities.extract import Extractor
from tuiread.entities.model import Kind, Mention, MentionCount

__all__ = ["MentionCount", "corpus_mentions", "article_mentions", "readable_text"]

# Up to this many articles, their kept mentions are read by file rather than the whole table
# (100,000 articles' mentions are hundreds of megabytes).
FEW_ARTICLES = 2000
# Hidden spans that the reader still shows (as the header), so their names count.
SHOWN_HIDDEN_REASONS = frozenset({"title"})
# Kinds by their kept value: a dictionary look-up costs a thirtieth of ``Kind(k)``, done for
# every mention of the corpus when the catalog is first grouped.
_KINDS = {kind.value: kind for kind in Kind}
# Mention texts are interned, and their offsets shared: a corpus of 100,000 articles has
# millions of mentions but tens of thousands of spellings and offsets, and a catalog holds
# every mention (``intern`` and ``share``, below).


def readable_text(article: Article) -> str:
    """The raw text with hidden characters replaced by line breaks: same length, same offsets,
    and no name can run across boilerplate that was taken out."""
    text = article.text
    pieces: list[str] = []
    position = 0
    for hidden in article.hidden:
        if hidden.reason in SHOWN_HIDDEN_REASONS or hidden.end <= position:
            continue
        start = max(hidden.start, position)
        pieces.append(text[position:start])
        pieces.append("\n" * (hidden.end - start))
        position = hidden.end
    pieces.append(text[position:])
    return "".join(pieces)


def _visible_key(article: Article) -> list[tuple[int, int]]:
    shown = [(s.start, s.end) for s in article.visible]
    shown += [(h.start, h.end) for h in article.hidden if h.reason in SHOWN_HIDDEN_REASONS]
    return sorted(shown)


def article_mentions(article: Article, extractor: Extractor) -> list[Mention]:
    """Mentions in the parts of ``article`` a reader sees; ``text`` is the raw text there."""
    found = extractor.extract(readable_text(article))
    text = article.text
    return [Mention(m.start, m.end, intern(text[m.start : m.end]), m.kind) for m in found]


def quick_version() -> str:
    """The extractor's version without loading the gazetteer: its code and the gazetteer files'
    bytes (a change to either is a new version)."""
    from tuiread.entities.extract import EXTRACTOR_VERSION, _code_fingerprint
    from tuiread.entities.gazetteer import bundled_file, user_file

    digest = hashlib.sha256(f"{EXTRACTOR_VERSION}.{_code_fingerprint()}".encode())
    for path in (bundled_file(), user_file()):
        try:
            digest.update(path.read_bytes())
        except FileNotFoundError:
            digest.update(b"\0none")
        except OSError as exc:  # load_gazetteer reports it; here it only means "another state"
            digest.update(str(exc).encode())
    return digest.hexdigest()[:16]


class LazyExtractor:
    """An extractor loaded (gazetteer and all, a second or more) only when first used."""

    def __init__(self) -> None:
        self._extractor: Extractor | None = None

    @property
    def version(self) -> str:
        return self._real().version

    def extract(self, text: str) -> list[Mention]:
        return self._real().extract(text)

    def _real(self) -> Extractor:
        if self._extractor is None:
            from tuiread.entities.gazetteer import load_gazetteer

            self._extractor = Extractor(load_gazetteer())
        return self._extractor


def corpus_mentions(
    articles: Iterable[Article],
    extractor: Extractor,
    cache: MentionCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    count: MentionCount | None = None,
    store_version: str | None = None,
) -> dict[str, list[Mention]]:
    """Mentions by article id. Articles of the corpus store keep theirs there (until their file
    changes; under ``store_version``, default the extractor's), others in ``cache``; only
    articles with none kept are extracted."""
    articles = list(articles)
    count = count if count is not None else MentionCount()
    store_version = store_version or extractor.version
    stores = {id(a._store): a._store for a in articles if isinstance(a, StoredArticle)}
    kinds = _KINDS
    # One int object per distinct offset (see _KINDS): a corpus's millions of mentions have a
    # few tens of thousands of offsets, and a parsed int is 28 bytes of its own.
    offsets: dict[int, int] = {}
    share = offsets.setdefault
    # Kept mentions are parsed as they are read, a page at a time: the whole corpus's text of
    # them is never held beside what it parses into.
    kept: dict[tuple[str, int], list[Mention]] = {}
    for store in stores.values():
        pages: Iterable[Iterable[tuple[str, int, str]]]
        if len(articles) <= FEW_ARTICLES:
            # A few articles (those changed since the catalog was grouped): their rows only.
            keys = [(a.rel, a.record) for a in articles
                    if isinstance(a, StoredArticle) and a._store is store]
            pages = [[(*key, data) for key, data in store.mentions(store_version, keys).items()]]
        else:
            pages = store.mention_pages(store_version)
        for page in pages:
            for rel, record, data in page:
                kept[rel, record] = [Mention(share(s, s), share(e, e), intern(t), kinds[k])
                                     for s, e, t, k in json.loads(data)]
    others = [a for a in articles if not isinstance(a, StoredArticle)]
    keys = {a.id: cache_key(a.text, _visible_key(a), extractor.version) for a in others}
    cached = cache.get_many(list(keys.values())) if cache is not None and keys else {}
    result: dict[str, list[Mention]] = {}
    fresh: dict[str, list[tuple[int, int, object]]] = {}
    fresh_stored: dict[int, list[tuple[str, int, str]]] = {}
    # Many articles without kept mentions (a first run): extract them on all cores first.
    todo = [a for a in articles if isinstance(a, StoredArticle)
            and (a.rel, a.record) not in kept]
    extracted = _extract_parallel(todo, cancelled) if worker_count(len(todo)) > 1 else {}
    for done, article in enumerate(articles, 1):
        if cancelled is not None and cancelled():
            break
        if isinstance(article, StoredArticle):
            found = kept.get((article.rel, article.record))
            if found is not None:
                result[article.id] = found
                count.kept += 1
            else:
                mentions = extracted.get(article.id)
                if mentions is None:
                    loaded = article.text_loaded
                    mentions = article_mentions(article, extractor)
                    if not loaded:
                        article.release()
                result[article.id] = mentions
                count.extracted += 1
                fresh_stored.setdefault(id(article._store), []).append(
                    (article.rel, article.record,
                     json.dumps([[m.start, m.end, m.text, str(m.kind)] for m in mentions])))
        else:
            hit = cached.get(keys[article.id])
            if hit is not None:
                result[article.id] = [
                    Mention(m.start, m.end, intern(article.text[m.start : m.end]), m.kind)
                    for m in hit
                    if 0 <= m.start < m.end <= len(article.text)
                ]
                count.kept += 1
            else:
                mentions = article_mentions(article, extractor)
                result[article.id] = mentions
                count.extracted += 1
                fresh[keys[article.id]] = [(m.start, m.end, m.kind) for m in mentions]
        if progress is not None:
            progress(done, len(articles))
    if cache is not None:
        cache.put_many(fresh)
    for store_id, items in fresh_stored.items():
        stores[store_id].save_mentions(store_version, items)
    return result


def kept_mentions(store, version: str, keys: Sequence[tuple[str, int]],
                  ) -> dict[tuple[str, int], list[Mention]]:
    """The mentions the corpus store keeps under ``version`` for the articles of ``keys``
    ((file, record) each), as ``corpus_mentions`` reads them; an article with none kept is
    left out."""
    kinds = _KINDS
    return {key: [Mention(s, e, intern(t), kinds[k]) for s, e, t, k in json.loads(data)]
            for key, data in store.mentions(version, keys).items()}


_deriving: tuple[str, Extractor] | None = None


def derived_mentions(article: Article) -> tuple[str, str] | None:
    """(version, data) of an article's mentions as ``corpus_mentions`` keeps them in the
    corpus store, made where the article was just derived (a ``derive.MentionMaker``). None
    when the gazetteer cannot be loaded: the catalog extracts later and says why."""
    global _deriving
    if _deriving is None:
        from tuiread.entities.gazetteer import load_gazetteer
        from tuiread.errors import TuireadError

        try:
            _deriving = (quick_version(), Extractor(load_gazetteer()))
        except TuireadError:
            return None
    version, extractor = _deriving
    mentions = article_mentions(article, extractor)
    return version, json.dumps([[m.start, m.end, m.text, str(m.kind)] for m in mentions])


# Articles handed to a worker process at a time.
EXTRACT_BATCH = 200
_worker_extractor: Extractor | None = None


def _init_extractor() -> None:
    global _worker_extractor
    from tuiread.entities.gazetteer import load_gazetteer

    _worker_extractor = Extractor(load_gazetteer())


def _extract_batch(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    assert _worker_extractor is not None
    return [[(m.start, m.end, str(m.kind)) for m in _worker_extractor.extract(text)]
            for text in texts]


def _extract_parallel(articles: list[Article], cancelled: Callable[[], bool] | None,
                      ) -> dict[str, list[Mention]]:
    """Mentions of many articles, extracted in worker processes ("spawn": the caller may be a
    thread of the app). Whatever is not done (cancelled, workers that could not start) is left
    for the caller to extract."""
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    from tuiread.processes import worker_pool

    found: dict[str, list[Mention]] = {}
    offsets: dict[int, int] = {}
    share = offsets.setdefault  # (see _KINDS)
    batches = [articles[i : i + EXTRACT_BATCH] for i in range(0, len(articles), EXTRACT_BATCH)]
    workers = worker_count(len(articles))
    try:
        with worker_pool(workers, multiprocessing.get_context("spawn"),
                         _init_extractor) as pool:
            # A few batches in flight at a time: the texts of a whole corpus are never held.
            pending: deque = deque()
            for batch in [*batches, None]:
                if batch is not None:
                    loaded = [a.text_loaded for a in batch]
                    pending.append((batch, loaded, pool.submit(
                        _extract_batch, [readable_text(a) for a in batch])))
                    if len(pending) <= 2 * workers:
                        continue
                while pending and (batch is None or len(pending) > 2 * workers):
                    done, loaded, future = pending.popleft()
                    if cancelled is not None and cancelled():
                        for _, _, other in pending:
                            other.cancel()
                        return found
                    for article, was_loaded, spans in zip(done, loaded, future.result(),
                                                          strict=True):
                        text = article.text
                        found[article.id] = [Mention(share(s, s), share(e, e),
                                                     intern(text[s:e]), Kind(k))
                                             for s, e, k in spans]
                        if not was_loaded:
                            article.release()  # the corpus's texts are never all held
    except (BrokenProcessPool, OSError):
        pass  # the caller extracts the rest in this process
    return found
