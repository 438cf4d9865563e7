"""The related-article index of the open corpus, built on first use and kept for the next
comparison (seconds for thousands of articles)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from tuiread.compare.related import RelatedIndex
from tuiread.corpus import Corpus


def _build(corpus: Corpus, cancelled: Callable[[], bool]) -> RelatedIndex:
    return RelatedIndex(corpus.articles, cancelled=cancelled)


class RelatedIndexes:
    """Built on first use, kept until another corpus is ranked; safe from several threads."""

    def __init__(self, build: Callable[[Corpus, Callable[[], bool]], RelatedIndex] = _build
                 ) -> None:
        """``build(corpus, cancelled)`` makes the ranking (the workspace's: its candidates come
        from the search index)."""
        self._build = build
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._index: RelatedIndex | None = None

    def get(self, corpus: Corpus, cancelled: Callable[[], bool]) -> RelatedIndex | None:
        """The index of ``corpus``; None if ``cancelled`` said to stop before it was built."""
        with self._lock:
            if self._corpus is corpus:
                return self._index
            index = self._build(corpus, cancelled)
            if cancelled():
                return None  # partly built: not kept
            self._corpus, self._index = corpus, index
            return index
