"""Which segments an incremental commit merges: only tiny ones.

Each update adds a segment, and every segment adds to the cost of each query, so small
segments are merged as they pile up. Whoosh's own policy (``MERGE_SMALL``) picks by a
Fibonacci rule over *all* segments, which now and then takes in segments of hundreds of
documents (a 500-file update's) and makes one edited file cost seconds. Here the rule is applied
to the tiny segments alone, so a merge costs a few dozen documents at most; larger segments are
left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.writing import MERGE_SMALL

# A segment of at most this many documents may be merged by an incremental commit: one
# edited file's articles, or a handful of them. Merging 50 BBC-sized documents takes well
# under 0.1 s; ``MERGE_SMALL``'s rule over these merges at most a few of them at once.
TINY_SEGMENT_DOCS = 50


def merge_tiny(writer, segments: Sequence) -> list:
    """A Whoosh merge policy: ``MERGE_SMALL`` over the segments of at most TINY_SEGMENT_DOCS
    documents (counting deleted ones, which a merge drops); the others kept as they are."""
    tiny = [s for s in segments if s.doc_count_all() <= TINY_SEGMENT_DOCS]
    others = [s for s in segments if s.doc_count_all() > TINY_SEGMENT_DOCS]
    return [*MERGE_SMALL(writer, tiny), *others]
