"""Candidate related articles from the search index: the articles sharing an article's rare terms.

The related-articles ranking aligns a handful of candidates with the article; finding them must
not cost a pass over the corpus. Here they come from the index that is already on disk: the
article's terms weighted by TF-IDF (document frequencies from the index), the postings of the
strongest of them summed, and the best-scoring other articles are the candidates. Nothing but
the article itself is read.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tuiread.search.analysis import index_terms

if TYPE_CHECKING:
    from tuiread.corpus import Article
    from tuiread.search.index import SearchIndex

# Terms of the article whose postings are read. 25 of its highest TF-IDF terms name a story
# (people, places, the rare words of the event) while their postings stay short at 100,000
# articles; the re-ranking by reuse does the fine ordering.
KEY_TERMS = 25
# A term in more than this share of the articles says little about which story it is (the same
# cut-off the in-memory term index uses, see compare/related.py COMMON_SHARE).
COMMON_SHARE = 0.2


def similar_ids(index: SearchIndex, article: Article, limit: int) -> Sequence[str]:
    """Up to ``limit`` ids of other indexed articles sharing ``article``'s rare terms, best
    first; empty when the index cannot be read yet."""
    with index._guard:
        searcher = index._searcher
        if searcher is None:
            return []
        reader = searcher.reader()
        total = searcher.doc_count() or 1
        common = max(2, int(total * COMMON_SHARE))
        rare, common_terms = [], []
        for term, positions in index_terms(article.visible_text()).items():
            frequency = reader.doc_frequency("body", term)
            if frequency < 2:
                continue  # only in this article
            weight = (1 + math.log(len(positions))) * math.log(total / frequency)
            (rare if frequency <= common else common_terms).append((weight, term))
        # Walk the postings of the strongest terms ourselves: they are the rarest, so their
        # lists are short, and a scored OR query over them costs a hundred times more.
        scores: dict[int, float] = {}
        for terms in (rare, common_terms):
            terms.sort(reverse=True)
            for weight, term in terms[:KEY_TERMS]:
                for docnum in reader.postings("body", term).all_ids():
                    scores[docnum] = scores.get(docnum, 0.0) + weight
            if len(scores) > limit:
                break  # else (a short article, a small corpus of one story) the common terms
                # tell the rest apart, as the in-memory term index does
        if not scores:
            return []
        best = heapq.nsmallest(limit + 1, scores.items(), key=lambda item: (-item[1], item[0]))
        ids = [searcher.stored_fields(docnum)["id"] for docnum, _ in best]
        return [i for i in ids if i != article.id][:limit]
