"""Mentions of articles: extraction on the text a reader sees, with raw offsets, cached."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tuiread.corpus import Article
from tuiread.entities.cache import MentionCache, cache_key
from tuiread.entities.extract import Extractor
from tuiread.entities.model import Mention

# Hidden spans that the reader still shows (as the header), so their names count.
SHOWN_HIDDEN_REASONS = frozenset({"title"})


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
    return [Mention(m.start, m.end, article.text[m.start : m.end], m.kind) for m in found]


def corpus_mentions(
    articles: Iterable[Article],
    extractor: Extractor,
    cache: MentionCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, list[Mention]]:
    """Mentions by article id; cached results are reused and new ones stored."""
    articles = list(articles)
    keys = {a.id: cache_key(a.text, _visible_key(a), extractor.version) for a in articles}
    cached = cache.get_many(list(keys.values())) if cache is not None else {}
    result: dict[str, list[Mention]] = {}
    fresh: dict[str, list[tuple[int, int, object]]] = {}
    for done, article in enumerate(articles, 1):
        if cancelled is not None and cancelled():
            break
        hit = cached.get(keys[article.id])
        if hit is not None:
            result[article.id] = [
                Mention(m.start, m.end, article.text[m.start : m.end], m.kind)
                for m in hit
                if 0 <= m.start < m.end <= len(article.text)
            ]
        else:
            mentions = article_mentions(article, extractor)
            result[article.id] = mentions
            fresh[keys[article.id]] = [(m.start, m.end, m.kind) for m in mentions]
        if progress is not None:
            progress(done, len(articles))
    if cache is not None:
        cache.put_many(fresh)
    return result
