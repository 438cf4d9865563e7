"""Related articles: the others ranked by how much of the story they share with one article.

Two steps. A candidate provider names the articles worth aligning (the search index's
more-like-this when there is one; otherwise :class:`TermIndex`, a TF-IDF cosine over the
similarity keys of the title and the text: the title is text too, so an article of one sentence or
a headline alone still finds its relatives). Each candidate is then aligned with the article, and
the figure shown is the one it is ranked by: the two articles' reuse (the share of each one's
text with a counterpart in the other) and the cosine, combined.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tuiread.compare.comparison import reuse
from tuiread.compare.keys import text_keys
from tuiread.compare.model import Reuse
from tuiread.compare.text import PreparedArticle, PreparedSentence, prepare
from tuiread.corpus import Article

# Names the ids of up to ``limit`` articles likely to share the story of ``article``, best first.
CandidateProvider = Callable[[Article, int], Sequence[str]]

# How many candidates are aligned for each query. Chosen on ECB+ (tests/bench/related_bench.py):
# precision at 5 is 0.943 with 10 or 20 and falls with 40, and 20 alignments of BBC-length
# articles fit well inside the 300 ms budget.
CANDIDATES = 20
# A stem in more than this share of articles is too common to find candidates with, and its
# postings are the longest to walk.
COMMON_SHARE = 0.2
# The score is mean reuse plus this weight times the cosine, over one plus the weight (so 0..1).
# Chosen on ECB+ (tests/bench/related_bench.py): precision at 5 is 0.921 on reuse alone, 0.942 on
# the cosine alone and 0.945 with this weight; reuse still orders the candidates of close cosine.
COSINE_WEIGHT = 3.0
# A provider gives an order, not a cosine: its order only breaks ties between equal reuse.
PROVIDER_ORDER_WEIGHT = 0.001


@dataclass(frozen=True, slots=True)
class Related:
    article: Article
    score: float  # 0..1, what the ranking is by: mean reuse and the cosine (see COSINE_WEIGHT)
    reuse: Reuse  # left: the query's share found in this article; right: this article's share


def _content(article: Article) -> tuple:
    """What preparing an article depends on: its raw text, visible spans and sentences. Copies
    of one file (a story syndicated word for word, a page saved twice) are equal in it, so they
    are prepared once and aligned once."""
    return (article.text, tuple((s.start, s.end) for s in article.visible),
            tuple((s.start, s.end) for s in article.sentences))


def _terms(prepared: PreparedArticle) -> Counter[str]:
    counts = Counter(text_keys(prepared.article.title).keys)
    for sentence in prepared.sentences:
        counts.update(sentence.keys)
    return counts


class TermIndex:
    """TF-IDF vectors of content-word stems with an inverted index: a cheap candidate finder."""

    def __init__(self, prepared: Sequence[PreparedArticle]):
        self._ids = [p.id for p in prepared]
        vectors = [_terms(p) for p in prepared]
        df: Counter[str] = Counter()
        for vector in vectors:
            df.update(vector.keys())
        n = len(vectors)
        self._idf = {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}
        common = max(2, int(n * COMMON_SHARE))
        self._postings: dict[str, list[tuple[int, float]]] = {}
        # Common keys' postings are walked only for a query the rare keys find too little for
        # (a headline whose every word is the story's: "Zelensky", "Putin", "White House").
        self._common: dict[str, list[tuple[int, float]]] = {}
        self._vectors: list[dict[str, float]] = []
        for number, vector in enumerate(vectors):
            weighted = self._weigh(vector)
            self._vectors.append(weighted)
            for key, value in weighted.items():
                postings = self._postings if df[key] <= common else self._common
                postings.setdefault(key, []).append((number, value))
        self._position = {article_id: n for n, article_id in enumerate(self._ids)}

    def _weigh(self, counts: Counter[str]) -> dict[str, float]:
        weighted = {k: (1 + math.log(c)) * self._idf.get(k, 0.0) for k, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        return {k: v / norm for k, v in weighted.items()}

    def _walk(
        self, postings: dict[str, list[tuple[int, float]]], position: int
    ) -> dict[int, float]:
        scores: dict[int, float] = {}
        for key, value in self._vectors[position].items():
            for other, other_value in postings.get(key, ()):
                scores[other] = scores.get(other, 0.0) + value * other_value
        scores.pop(position, None)
        return scores

    def similar(self, article_id: str, limit: int) -> list[tuple[str, float]]:
        """Up to ``limit`` other articles by cosine similarity, best first."""
        position = self._position.get(article_id)
        if position is None:
            return []
        scores = self._walk(self._postings, position)
        if len(scores) < limit:
            common = self._walk(self._common, position)
            scores = {k: scores.get(k, 0.0) + common.get(k, 0.0) for k in scores.keys() | common}
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [(self._ids[n], score) for n, score in best]


class RelatedIndex:
    """Related-article ranking over a fixed set of articles, prepared once."""

    def __init__(
        self,
        articles: Sequence[Article] | Mapping[str, Article],
        candidates: CandidateProvider | None = None,
        cancelled: Callable[[], bool] | None = None,
    ):
        self._prepared: dict[str, PreparedArticle] = {}
        # Prepared sentences by content (see ``_content``), shared by the copies of an article.
        self._by_content: dict[tuple, list[PreparedSentence]] = {}
        # A mapping (the corpus store's lookup) is used as it is: nothing read for the corpus.
        self._articles = (articles if isinstance(articles, Mapping)
                          else {a.id: a for a in articles})
        self._provider = candidates
        # With a provider (the search index) articles are prepared when they are candidates:
        # nothing is held for the whole corpus. Without one, the term index needs them all.
        if candidates is None:
            for article in self._articles.values():
                if cancelled and cancelled():
                    break
                self._prepared[article.id] = self._prepare(article)
        self._terms = None if candidates else TermIndex(list(self._prepared.values()))

    def _prepare(self, article: Article) -> PreparedArticle:
        key = _content(article)
        sentences = self._by_content.get(key)
        if sentences is None:
            prepared = prepare(article)
            self._by_content[key] = prepared.sentences
            return prepared
        return PreparedArticle(article, sentences)

    def prepared(self, article: Article) -> PreparedArticle:
        found = self._prepared.get(article.id)
        return found if found is not None and found.article is article else self._prepare(article)

    def _candidate(self, article_id: str) -> PreparedArticle | None:
        found = self._prepared.get(article_id)
        if found is None and self._provider is not None:
            article = self._articles.get(article_id)
            if article is not None:
                found = self._prepared[article_id] = self._prepare(article)
        return found

    def candidates(self, article: Article, limit: int = CANDIDATES) -> list[tuple[str, float]]:
        """Candidate ids with their similarity: the cosine, or 1 falling with a provider's rank."""
        if self._terms is not None:
            return self._terms.similar(article.id, limit)
        assert self._provider is not None
        ids = [i for i in self._provider(article, limit) if i != article.id]
        # A provider gives order, not scores: earlier candidates break ties first.
        return [(i, 1.0 - n / (len(ids) + 1)) for n, i in enumerate(ids)]

    def related(self, article: Article, limit: int = 10) -> list[Related]:
        """The other articles that share most of ``article``'s story, best first."""
        query = self.prepared(article)
        weight = COSINE_WEIGHT if self._terms is not None else PROVIDER_ORDER_WEIGHT
        ranked = []
        # Reuse is a function of the two sides' prepared sentences: copies share theirs, and
        # their figures are worked out once (keyed by the shared list, alive for the loop).
        figures_of: dict[int, Reuse] = {}
        for article_id, similarity in self.candidates(article, max(limit, CANDIDATES)):
            other = self._candidate(article_id)
            if other is None:
                continue
            figures = figures_of.get(id(other.sentences))
            if figures is None:
                figures = figures_of[id(other.sentences)] = reuse(query, other)
            shared = (figures.left + figures.right) / 2
            score = (shared + weight * similarity) / (1 + weight)
            ranked.append(Related(other.article, score, figures))
        ranked.sort(key=lambda r: (-r.score, r.article.id))
        return ranked[:limit]


def related(
    article: Article,
    articles: Sequence[Article],
    limit: int = 10,
    candidates: CandidateProvider | None = None,
) -> list[Related]:
    """One-off ranking; build a :class:`RelatedIndex` to rank many articles over one corpus."""
    return RelatedIndex(articles, candidates).related(article, limit)
