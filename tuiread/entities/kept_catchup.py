"""A kept mention listing brought up to date at the cost of the articles changed since it was made.

A listing is kept with its parts (``SnapshotCatalog.listing_parts``): the grouping of the entity
snapshot it was listed from, the state that was read for, the articles changed since that
grouping and the corpus store's state. A later catalog of the same grouping and state lists the
very same mentions, with the very same contexts, in every article whose content is the same as
then and that is changed since the grouping now if and only if it was then (an unchanged article
takes its mentions from the grouping, a changed one from its content, by spelling). The corpus
store tells which articles' content may differ since its earlier state
(``ArticleRows.positions_since``), so only those are listed again (their contexts made where
their mentions are new); every other article's lines are the kept ones, in their order. After an
``index`` or ``search`` took edits in, or after one more edit, ``mentions`` then costs what
changed, not a comparison of every listed article.

When the parts differ otherwise (another grouping, the user's decisions, a file added or removed,
an article no longer changed since the grouping) nothing is caught up: the listing is made from
the catalog as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import repeat
from typing import TYPE_CHECKING

from tuiread.entities.kept_contexts import KeptListing, same_offsets

if TYPE_CHECKING:
    from tuiread.corpus.rows import ArticleRows
    from tuiread.entities.model import ArticleMention, Entity
    from tuiread.entities.snapshot import SnapshotCatalog

Line = tuple[str, int, int, str]


def catching_up(kept: KeptListing, catalog) -> tuple[ArticleRows, list[int]] | None:
    """The corpus rows and the positions of the articles to list again when ``kept`` can be
    brought up to date for ``catalog`` (see the module's notes); else None. Reads nothing but
    the store's record of its patches."""
    from tuiread.corpus.rows import ArticleRows
    from tuiread.entities.snapshot import SnapshotCatalog

    if not isinstance(catalog, SnapshotCatalog) or kept.parts is None or not kept.holds:
        return None
    was, now = kept.parts, catalog.listing_parts()
    if (now is None or was.get("grouping") != now["grouping"] or was.get("state") != now["state"]
            or not isinstance(was.get("store"), str) or not isinstance(was.get("changed"), list)):
        return None
    rows = catalog.corpus_rows()
    if not isinstance(rows, ArticleRows):
        return None
    if not set(was["changed"]) <= catalog.changed:
        return None  # (an article's mentions from the grouping again: not told from the kept)
    positions = rows.positions_since(was["store"])
    return None if positions is None else (rows, positions)


def catch_up(kept: KeptListing, catalog: SnapshotCatalog, entity: Entity,
             ) -> tuple[int, Iterator[Line]] | None:
    """How many mentions of ``entity`` ``catalog`` lists and the listing's lines (article id,
    start, end, context), from ``kept`` but for the articles changed since it was made; None
    when it cannot be told so (list it from the catalog). The listing is ``kept``'s then, for
    ``KeptListing.save``."""
    found = catching_up(kept, catalog)
    if found is None:
        return None
    rows, positions = found
    ids = rows.column("id")
    was_changed = set(kept.parts["changed"]) if kept.parts is not None else set()
    changed = catalog.changed
    at = {ids[p]: p for p in positions}
    redo = set(at) | (changed - was_changed)

    def key_of(article_id: str) -> str | None:
        position = at.get(article_id)
        return rows.derived_key_at(position) if position is not None else \
            rows.derived_key_of(article_id)

    entries = kept.entries
    for article_id in redo - changed:
        entry = entries.get(article_id)
        if entry is not None and entry[0] != key_of(article_id):
            return None  # (the grouping's mentions on other content: listed afresh)
    listed = catalog.changed_listed(entity, sorted(redo & changed), at)
    fresh: dict[str, list[ArticleMention]] = {}
    gone: set[str] = set()
    for article_id in redo & changed:
        mentions = listed.get(article_id, [])
        entry = entries.get(article_id)
        if not mentions:
            if entry is not None:
                gone.add(article_id)
        elif (entry is None or entry[0] != key_of(article_id)
              or not same_offsets(mentions, entry)):
            fresh[article_id] = mentions
    if not fresh and not gone:
        kept.adopt(dict(entries))  # (the kept listing itself: only its parts written anew)
        return kept.count, kept.kept_lines()
    order = _order(rows, [a for a in entries if a not in gone],
                   [a for a in fresh if a not in entries])
    made = _made(kept, catalog, [fresh[a] for a in order if a in fresh])
    listing = {a: made[a][0] if a in fresh else entries[a] for a in order}
    kept.adopt(listing)
    count = sum(len(made[a][1]) if a in fresh else len(listing[a][1]) for a in order)
    return count, _lines(order, listing, made)


def _order(rows: ArticleRows, kept: list[str], new: list[str]) -> list[str]:
    """The kept articles (in listed order, which is corpus order) with ``new`` ones placed by
    their position in the corpus."""
    if not new:
        return kept
    position = rows.position
    placed = sorted((position(a), a) for a in new)
    merged: list[str] = []
    at = 0
    for article_id in kept:
        here = position(article_id)
        while at < len(placed) and placed[at][0] < here:
            merged.append(placed[at][1])
            at += 1
        merged.append(article_id)
    merged.extend(a for _, a in placed[at:])
    return merged


def _made(kept: KeptListing, catalog: SnapshotCatalog,
          runs: Sequence[list[ArticleMention]]) -> dict[str, tuple]:
    """For each article of ``runs`` (its listed mentions), its entry as ``kept`` keeps it
    (None when its contexts cannot be kept) and its lines, the contexts made now."""
    kept.adopt({})
    lines: dict[str, list[Line]] = {run[0].article_id: [] for run in runs}
    mentions = [m for run in runs for m in run]
    for context in catalog.iter_contexts(mentions, kept):
        mention = context.mention
        lines[mention.article_id].append(
            (mention.article_id, mention.start, mention.end, context.context))
    entries = kept.now_entries()
    return {a: (entries.get(a), found) for a, found in lines.items()}


def _lines(order: list[str], listing: dict, made: dict[str, tuple]) -> Iterator[Line]:
    for article_id in order:
        found = made.get(article_id)
        if found is not None:
            yield from found[1]
        else:
            _, starts, ends, _, contexts = listing[article_id]
            yield from zip(repeat(article_id), starts, ends, contexts)
