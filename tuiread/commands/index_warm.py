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

The work runs in a new process: the bulk update's process keeps the memory its build took
(freed objects stay in its arenas), and opening the corpus again on top of it would add a few
hundred MB to the command's peak. When the update is seen to be a bulk one before it starts
(``start_follow_up``), the process starts as soon as the corpus store is up to date, and its
work overlaps the update's: the copy groups and the lemma table while the update groups the
entity catalog on one core, the listings once the catalog is kept, and only what needs the
finished index (its record of the walk, the settled stamp) after the update. At 22,250
articles that moves about 10 s of one core's work off the end of a cold ``tuiread index``.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from tuiread.commands.common import command_workspace, open_corpus, warn
from tuiread.errors import TuireadError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

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
    follow_up = start_follow_up(paths, settled, open_index)
    if follow_up is not None:
        follow_up.names_given(settled)
        follow_up.finish(True)


def expect_bulk(index: SearchIndex, rebuild: bool) -> bool:
    """Whether the update about to run on ``index`` looks like a bulk one (it is known only
    after: a suspect file may turn out unchanged)."""
    plan = index.plan
    return rebuild or len(plan.added) + len(plan.suspect) >= BULK_FILES


class FollowUp:
    """``warm_after_bulk`` running in its child process while the update runs, told by the
    update when the entity catalog is kept and when the index is finished."""

    def __init__(self, process: BaseProcess, channel: Connection) -> None:
        self._process = process
        self._channel = channel
        self._named = False
        # (the names may be told from the thread that groups the catalog: see names_beside)
        self._sending = threading.Lock()

    def names_given(self, named: bool) -> None:
        """The entity catalog is kept (``named``), or could not be made: no listings then."""
        self._send(NAMES if named else NO_NAMES)
        self._named = True

    def finish(self, bulk: bool) -> None:
        """The update is over: the follow-up finishes its work (``bulk``) or stops, and is
        waited for."""
        if bulk and not self._named:
            self.names_given(False)
        self._send(INDEX if bulk else STOP)
        self._process.join()
        self._channel.close()
        if bulk and self._process.exitcode != 0:
            warn("index: the follow-up for the next commands did not finish; "
                 "they will do it on their first run")

    def _send(self, message: str) -> None:
        with self._sending, suppress(OSError):  # (the child ended already: ``finish`` says so)
            self._channel.send(message)


# What the update tells the follow-up.
NAMES, NO_NAMES, INDEX, STOP = "names", "no names", "index", "stop"
# How often a waiting follow-up looks whether the update's process is still there.
PARENT_POLL_SECONDS = 1.0


def start_follow_up(paths: list[str], settled: bool,
                    open_index: Callable[[list[str], Workspace], SearchIndex],
                    ) -> FollowUp | None:
    """Start ``warm_after_bulk`` in a new process (None, said, if it cannot start)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_warm_child, args=(paths, settled, open_index, theirs),
                              name="tuiread-index-warm")
    try:
        process.start()
    except OSError as error:
        warn(f"index: could not start the follow-up for the next commands ({error})")
        ours.close()
        return None
    finally:
        theirs.close()  # (the child has its own end)
    return FollowUp(process, ours)


def _warm_child(paths: list[str], settled: bool,
                open_index: Callable[[list[str], Workspace], SearchIndex],
                channel: Connection) -> None:
    from tuiread.leaving import leave

    try:
        warm_after_bulk(paths, settled, open_index, lambda: _next_word(channel))
    except (TuireadError, OSError, sqlite3.Error) as error:
        warn(str(error))
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)  # (the command was interrupted: the parent says so)
    channel.close()
    leave(0)  # (the update waits for this process: it need not free what it read)


def _next_word(channel: Connection) -> str:
    """The update's next word, waited for; STOP if its process ended without one."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    while not channel.poll(PARENT_POLL_SECONDS):
        if parent is not None and not parent.is_alive():
            return STOP
    try:
        return channel.recv()
    except EOFError:
        return STOP


def warm_after_bulk(paths: list[str], settled: bool,
                    open_index: Callable[[list[str], Workspace], SearchIndex],
                    told: Callable[[], str] | None = None) -> None:
    """Open the corpus and the index again as the next command will, so each keeps what it
    records of a matched walk, and make the copy groups, the lemma table and the long mention
    listings (``settled``: the update derived the entity mentions and records the index as
    settled, which is recorded again after; ``open_index``: how the command opens the index).

    ``told``: the update's next word, when this runs while the update does: NAMES (or
    NO_NAMES) once the entity catalog is kept, then INDEX once the index is finished, or STOP.
    """
    from tuiread.compare.lemmas import DICTIONARIES, LANGUAGE
    from tuiread.corpus.sketch_cache import cached_copies

    told = told or iter([NAMES if settled else NO_NAMES, INDEX]).__next__
    with command_workspace(paths, walk=True) as workspace:
        workspace.derive_mentions = settled  # (as ``mentions`` opens the corpus)
        # The catalog is read once the update has kept it (read now, it may not be yet).
        workspace.read_catalog_ahead = False
        corpus, _ = open_corpus(paths, quiet=True, workspace=workspace)
        cached_copies(corpus.articles)
        DICTIONARIES.get_dictionary(LANGUAGE)
        said = told()
        if said == STOP:
            return
        if settled and said == NAMES:
            from tuiread.commands.index_listings import make_listings

            make_listings(workspace)
        if told() != INDEX:
            return
        if workspace.corpus_store is not None:
            workspace.corpus_store.checkpoint()  # (opening the store moved its files' stat)
    # The finished index is checked as the next command checks it: against find's output of a
    # walk of its own (this one's walk was made before the index was finished, and is checked
    # from the corpus walk), so that it keeps the record of the output it matched.
    with command_workspace(paths, walk=True) as checking:
        index = open_index(paths, checking)
        if settled and said == NAMES:
            from tuiread.search.settled import inputs_stamp, record_settled

            record_settled(index, inputs_stamp(checking.roots))
