"""What the commands after a bulk ``tuiread index`` would each build on their first run, built
by that index run instead.

A first build (or a rebuild, or many files added) leaves the index and the corpus store up to
date, but four things are made only when a command first needs them: the record of the walk
the index and the store last matched (so the next walk is checked, not planned in full), the
syndicated-copy groups ``list`` prints, the kept lemma table of ``related`` and the mention
listings of the most mentioned entities (``index_listings``). At 100,000 articles they cost the
first ``list`` about 2 s, the first ``search`` and ``related`` about 1 s each, and the first
``mentions`` of a much mentioned entity 1.5 s or more. After a bulk update they are part of its
cost; after a few edits they are not built here: each command brings them up to date for what
changed, as before.

The work runs in a new process (``warm_in_child``): the bulk update's process keeps the memory
its build took (freed objects stay in its arenas), and opening the corpus again on top of it
would add a few hundred MB to the command's peak.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tuiread.commands.common import command_workspace, open_corpus, warn
from tuiread.errors import TuireadError

if TYPE_CHECKING:
    from tuiread.search import SearchIndex
    from tuiread.search.results import UpdateReport
    from tuiread.workspace import Workspace

# An update of this many files is a bulk one.
BULK_FILES = 1_000


def is_bulk(report: UpdateReport) -> bool:
    return not report.cancelled and not report.locked and (
        report.rebuilt is not None or report.added + report.updated >= BULK_FILES)


def warm_in_child(paths: list[str], settled: bool,
                  open_index: Callable[[list[str], Workspace], SearchIndex]) -> None:
    """``warm_after_bulk`` in a new process, waited for. A failure there costs the next
    commands their first-run work, not the index: it is reported and the command succeeds."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    process = context.Process(target=_warm_child, args=(paths, settled, open_index),
                              name="tuiread-index-warm")
    try:
        process.start()
    except OSError as error:
        warn(f"index: could not start the follow-up for the next commands ({error})")
        return
    process.join()
    if process.exitcode != 0:
        warn("index: the follow-up for the next commands did not finish; "
             "they will do it on their first run")


def _warm_child(paths: list[str], settled: bool,
                open_index: Callable[[list[str], Workspace], SearchIndex]) -> None:
    try:
        warm_after_bulk(paths, settled, open_index)
    except (TuireadError, OSError, sqlite3.Error) as error:
        warn(str(error))
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)  # (the command was interrupted: the parent says so)


def warm_after_bulk(paths: list[str], settled: bool,
                    open_index: Callable[[list[str], Workspace], SearchIndex]) -> None:
    """Open the corpus and the index again as the next command will, so each keeps what it
    records of a matched walk, then make the copy groups, the long mention listings (with
    the entities) and the lemma table (``settled``: the update derived the entity mentions and
    recorded the index as settled, which is recorded again after; ``open_index``: how the
    command opens the index)."""
    from tuiread.compare.lemmas import DICTIONARIES, LANGUAGE
    from tuiread.corpus.sketch_cache import cached_copies

    with command_workspace(paths, walk=True) as workspace:
        index = open_index(paths, workspace)
        workspace.derive_mentions = settled  # (as ``mentions`` opens the corpus)
        corpus, _ = open_corpus(paths, quiet=True, workspace=workspace)
        cached_copies(corpus.articles)
        if settled:
            from tuiread.commands.index_listings import make_listings
            from tuiread.search.settled import inputs_stamp, record_settled

            make_listings(workspace)
            # Opening the store moved its files' stat: the settled stamp is taken again.
            if workspace.corpus_store is not None:
                workspace.corpus_store.checkpoint()
            record_settled(index, inputs_stamp(workspace.roots))
    DICTIONARIES.get_dictionary(LANGUAGE)
