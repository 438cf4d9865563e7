"""Whether this process can start worker processes, and the helper they need, started early.

Multiprocessing hands its helper process (the resource tracker) this process's stderr when it
starts it; a full-screen app replaces stderr with a capture that has no descriptor, after which
no worker process can be started. So an app calls :func:`prepare_worker_processes` before it
takes the screen. Kept apart from the search code, which the app's start does not import.

Worker processes are made by :func:`worker_pool`. What a task hands one in a single object of
tens of thousands of items goes :func:`sliced`: the pool's feeder thread pickles a task's
arguments in one call that holds the interpreter lock throughout (30 ms for a chunk of 11,000
files to index, more for their entity names: a stall of the app's screen), where a list of
pickled slices is copied. A front end lowers their priority (:func:`lower_workers`): with a
worker on every core, its UI thread otherwise waits for the scheduler as well as for the
interpreter lock (an idle screen's timer was seen over 100 ms late while an index was built
beside it at 22,250 articles). So does ``tuiread index``, whose first build's workers start
while the entity catalog is grouped on one core (``commands.names_beside``).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

_helper_started = False
# How far below this process's priority the worker processes it starts run (``os.nice``).
_worker_niceness = 0
# What a front end lowers them by (as the background walk: ``corpus.walk_ahead``).
FRONT_END_NICENESS = 10


def prepare_worker_processes() -> None:
    """Start multiprocessing's helper process now, while this process still has a real stderr:
    later builds can then use worker processes."""
    global _helper_started
    if stderr_has_descriptor():
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
        _helper_started = True


def helper_started() -> bool:
    return _helper_started


def stderr_has_descriptor() -> bool:
    """Whether worker processes can be started now (see the module's docstring)."""
    try:
        return sys.stderr is not None and sys.stderr.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        return False


def lower_workers(niceness: int = FRONT_END_NICENESS) -> None:
    """Worker processes started from now on run ``niceness`` below this process (a front
    end's UI thread, or the index command's grouping of the catalog, goes first)."""
    global _worker_niceness
    _worker_niceness = niceness


def worker_pool(workers: int, context: BaseContext,
                initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A process pool whose processes run at the priority ``lower_workers`` set, then run
    ``initializer(*initargs)``."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_start_worker,
                               initargs=(_worker_niceness, initializer, initargs))


def _start_worker(niceness: int, initializer: Callable[..., None] | None,
                  initargs: tuple[Any, ...]) -> None:
    if niceness:
        with suppress(OSError):  # (not allowed here: the worker runs at its parent's priority)
            os.nice(niceness)
    if initializer is not None:
        initializer(*initargs)


# Items pickled at a time by ``sliced``: a millisecond or two of the interpreter lock each.
SLICE_ITEMS = 500


def sliced(items: Sequence[Any]) -> list[bytes]:
    """``items`` pickled a slice at a time (see the module's docstring); ``unsliced`` in the
    worker gives them back."""
    return [pickle.dumps(list(items[i : i + SLICE_ITEMS]), protocol=pickle.HIGHEST_PROTOCOL)
            for i in range(0, len(items), SLICE_ITEMS)]


def unsliced(pieces: Sequence[bytes]) -> list[Any]:
    items: list[Any] = []
    for piece in pieces:
        items.extend(pickle.loads(piece))
    return items
