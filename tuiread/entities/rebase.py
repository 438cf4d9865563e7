"""The entity catalog read ahead (while the corpus walk runs) carried over to the corpus the walk
confirmed, when files were edited in place since the store's last record.

The snapshot's entities do not depend on which articles changed since the grouping: only which
mentions are left out and which articles get their names by spelling do. So after an edit the
entities read ahead stand, with the changed articles as ``open_valid`` finds them for the new
corpus; reading the snapshot again costs as much as the whole nothing-changed run (cost follows
change).
"""

from __future__ import annotations

from tuiread.corpus import Corpus
from tuiread.entities.model import MentionCount
from tuiread.entities.snapshot import (
    SnapshotCatalog,
    corpus_state,
    file_id,
    open_valid,
)


def rebase(ahead: SnapshotCatalog, corpus: Corpus,
           count: MentionCount | None = None) -> SnapshotCatalog | None:
    """``open_catalog(corpus)``'s answer made from ``ahead`` (read for the corpus the store
    recorded before, and not used yet) when the snapshot answers for ``corpus`` too: the same
    file, the same state (extractor version, decisions), few articles changed. Else None (open
    the catalog). Raises what reading the decisions raises."""
    from tuiread.entities.articles import quick_version
    from tuiread.entities.catalog import build_catalog
    from tuiread.entities.decisions import DecisionStore

    if ahead.state is None or ahead.file is None:
        return None
    with DecisionStore() as store:
        decisions = store.all()
    state = corpus_state(corpus, quick_version(), decisions)
    if state != ahead.state:
        return None
    opened = open_valid(ahead.path, state, corpus)
    if opened is None:
        return None
    db, changed = opened
    db.close()  # (the entities read ahead keep the connection they were read with)
    if file_id(ahead.path) != ahead.file:
        return None  # replaced since: a new grouping, which ``changed`` was compared with
    # The same rows with the new changed articles (their entities made afresh as asked for).
    catalog = SnapshotCatalog(
        corpus, ahead.rows.with_changed(changed), ahead.skipped,
        lambda: build_catalog(corpus, decisions=decisions, count=count),
        changed, ahead.path, ahead.names)
    catalog.count = count
    catalog.state, catalog.file = state, ahead.file
    catalog.grouping = ahead.grouping
    catalog.carry_changed_mentions(ahead)
    return catalog
