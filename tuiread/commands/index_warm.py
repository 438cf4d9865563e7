"""What the commands after a bulk ``tuiread index`` would each build on their first run, built
by that index run instead.

A first build (or a rebuild, or many files added) leaves the index and the corpus store up to
date, but three things are made only when a command first needs them: the record of the walk
the index and the store last matched (so the next walk is checked, not planned in full), the
syndicated-copy groups ``list`` prints, and the kept lemma table of ``related``. At 100,000
articles they cost the first ``list`` about 2 s and the first ``search`` and ``related`` about
1 s each. After a bulk update they are part of its cost; after a few edits they are not built
here: each command brings them up to date for what changed, as before.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from tuiread.commands.common import command_workspace, open_corpus

if TYPE_CHECKING:
    from tuiread.search import SearchIndex
    from tuiread.search.results import UpdateReport
    from tuiread.workspace import Workspace

# An update of this many files is a bulk one.
BULK_FILES = 1_000


def is_bulk(report: UpdateReport) -> bool:
    return not report.cancelled and not report.locked and (
        report.rebuilt is not None or report.added + report.updated >= BULK_FILES)


def warm_after_bulk(args: argparse.Namespace, settled: bool,
                    open_index: Callable[[list[str], Workspace], SearchIndex]) -> None:
    """Open the corpus and the index again as the next command will, so each keeps what it
    records of a matched walk, then make the copy groups and the lemma table (``settled``:
    the update recorded the index as settled, which is recorded again after; ``open_index``:
    how the command opens the index)."""
    from tuiread.compare.lemmas import DICTIONARIES, LANGUAGE
    from tuiread.corpus.sketch_cache import cached_copies

    with command_workspace(args.paths, walk=True) as workspace:
        index = open_index(args.paths, workspace)
        corpus, _ = open_corpus(args.paths, quiet=True, workspace=workspace)
        cached_copies(corpus.articles)
        if settled:
            from tuiread.search.settled import inputs_stamp, record_settled

            # Opening the store moved its files' stat: the settled stamp is taken again.
            if workspace.corpus_store is not None:
                workspace.corpus_store.checkpoint()
            record_settled(index, inputs_stamp(workspace.roots))
    DICTIONARIES.get_dictionary(LANGUAGE)
