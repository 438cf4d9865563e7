"""A term's postings in one index segment, kept for the next query in the same process.

A search after one edit runs its query twice: ahead, while the corpus is walked, and again once
the edited file is re-indexed (the scores change with the collection's statistics). The two large
segments of a 100,000-article index are the same files both times (a segment is never rewritten;
deletions are applied above the postings), so their terms' postings, decoded by the first run,
serve the second; the app's searches as a query is typed reuse them the same way. Kept whole, from
the term's first posting, and cut to where a matcher stands when it has moved (an intersection
skips to its first common document). The whole store is dropped when it would pass
KEPT_POSTINGS: it is a cache, never a source of truth.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from whoosh.codec.whoosh3 import W3LeafMatcher

# At most this many postings are kept (a posting: about 100 bytes in a dict): 40 MB or so, the
# terms of a few queries of common words at 100,000 articles.
KEPT_POSTINGS = 400_000

_kept: dict[tuple, Mapping[int, float]] = {}
_count = 0
_lock = threading.Lock()


def postings_from(matcher: W3LeafMatcher, segment: object | None,
                  read: Callable[[W3LeafMatcher], Mapping[int, float]]) -> Mapping[int, float]:
    """``read(matcher)``: the term's postings from where the matcher stands (document ->
    weight), taken from those kept for ``segment`` when they are."""
    global _count
    segment_id = getattr(segment, "segment_id", None)
    if not callable(segment_id) or not matcher.is_active():
        return read(matcher)
    key = (segment_id(), matcher.term(), matcher._startoffset)
    with _lock:
        whole = _kept.get(key)
    if whole is None:
        fresh = W3LeafMatcher(matcher._postfile, matcher._startoffset, matcher._length,
                              matcher.format, term=matcher._term, byteids=matcher._byteids)
        whole = read(fresh)
        with _lock:
            if _count + len(whole) > KEPT_POSTINGS:
                _kept.clear()
                _count = 0
            if len(whole) <= KEPT_POSTINGS:
                _kept[key] = whole
                _count += len(whole)
    first = matcher.id()
    if next(iter(whole), None) == first:
        return whole
    return {docnum: weight for docnum, weight in whole.items() if docnum >= first}


def forget() -> None:
    """Drop every kept posting (for tests)."""
    global _count
    with _lock:
        _kept.clear()
        _count = 0
