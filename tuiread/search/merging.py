"""Which segments an incremental commit merges: tiny ones, by size class.

Each update adds a segment, and every segment adds to the cost of each query, so small
segments are merged as they pile up. Whoosh's own policy (``MERGE_SMALL``) picks by a
Fibonacci rule over *all* segments, which now and then takes in segments of hundreds of
documents (a 500-file update's) and makes one edited file cost seconds. Applied to the tiny
segments alone it still merged the one growing segment again with every few new ones, so an
edit's cost grew with the edits before it: a document was rewritten up to ten times on its way
to fifty. Here segments are merged only with others of their size class (a log-structured
merge): single edits into a small segment, small segments once into a final one, so each
document is rewritten at most twice and most edits merge nothing. A merged segment's postings
are read whole (``segment_postings``), not term by term.
"""

from __future__ import annotations

from collections.abc import Sequence

from tuiread.search.segment_postings import MergingReader

# Segments of one size class merged at once, and the ratio between classes: a class of
# segments under MERGE_FANOUT documents (single edits), one of under MERGE_FANOUT ** 2 (their
# merges, or a small update); a merge of the second class makes a segment left as it is.
# Five keeps at most eight small segments for queries to visit (a segment costs a query about
# 2 ms on BBC), while a class merge rewrites about 30 documents at most: merging costs some
# 25-30 ms per document at 100,000 articles (Whoosh reads and writes each term's postings).
MERGE_FANOUT = 5

# A segment of more than this many documents is never merged by an incremental commit.
TINY_SEGMENT_DOCS = MERGE_FANOUT**2 - 1

# The documents one merge may rewrite: a class of segments that came from small updates (not
# from merges) may hold more; its smallest segments are merged while they fit.
MERGE_BUDGET_DOCS = 2 * MERGE_FANOUT**2


def size_class(documents: int) -> int:
    """0 for a segment of under MERGE_FANOUT documents, 1 for one of under MERGE_FANOUT ** 2."""
    return 0 if documents < MERGE_FANOUT else 1


def chosen_for_merge(counts: Sequence[int]) -> list[int]:
    """The positions in ``counts`` (each segment's documents, deleted ones included) of the
    segments to merge: each size class with MERGE_FANOUT segments or more, smallest first,
    within MERGE_BUDGET_DOCS all told."""
    chosen: list[int] = []
    budget = MERGE_BUDGET_DOCS
    for size in (0, 1):
        members = sorted((count, i) for i, count in enumerate(counts)
                         if count <= TINY_SEGMENT_DOCS and size_class(count) == size)
        taken: list[int] = []
        for count, i in members:
            if count > budget:
                break
            taken.append(i)
            budget -= count
        if len(taken) >= MERGE_FANOUT:
            chosen += taken
        else:
            budget = MERGE_BUDGET_DOCS - sum(counts[i] for i in chosen)
    return chosen


def merge_tiny(writer, segments: Sequence) -> list:
    """A Whoosh merge policy: the segments ``chosen_for_merge`` picks are read into the new
    segment (which drops their deleted documents); the others are kept as they are."""
    chosen = set(chosen_for_merge([s.doc_count_all() for s in segments]))
    for i in sorted(chosen):
        reader = MergingReader(writer.storage, writer.schema, segments[i])
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for i, s in enumerate(segments) if i not in chosen]
