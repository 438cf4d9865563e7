"""The cycle collector in the app: no pass of it may freeze the interface.

A pass holds the interpreter lock from start to end, whichever thread triggers it, and the UI
thread waits for it. At 100,000 articles the loaded corpus and the entity catalog are millions of
objects; a full pass over them took 150-900 ms (measured by ``tests/bench/app_stalls.py``), and
the default thresholds ran several while the corpus loaded. So:

- the app starts with what it imported set aside (``start``) and with thresholds that keep young
  passes small;
- the workers that make what is kept of the corpus (its load, the catalog, the copies, the
  entity names for search, the search index's check) run in a :func:`held` span: no pass runs
  inside it, and when it leaves many objects alive (the corpus's articles, the catalog) they
  are set aside at its end. A first read or index build leaves its span as soon as it knows
  (see HELD_MAX_FILES).

Everything set aside is still freed by reference counting when dropped (an old corpus after a
reload); only a reference cycle that was garbage at that moment is kept for good.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The thresholds (the defaults are 700, 10, 10): a young pass every 10,000 new container objects
# walks at most that many, a middle one at most ten times as many (a few milliseconds); a full
# pass every 100 middle ones, over what was not set aside.
APP_COLLECTOR = (10_000, 10, 100)

# A held span that leaves this many more container objects alive than it found sets them
# aside: a young pass over them would walk them all (100,000 objects, a few large lists among
# them, take tens of milliseconds here). Fewer are left to the collector, which frees any
# garbage cycle among them; set aside, such a cycle would be kept for good.
SETTLE_MIN_OBJECTS = 100_000

# A job with this many files to read or index (a first read, a first index build) leaves its
# span once it knows (``Span.leave``): it runs for minutes, and what it makes as it goes includes
# garbage cycles (about three per article in an index build) that a span would keep.
HELD_MAX_FILES = 1_000

_lock = threading.Lock()
_holders = 0


def start() -> None:
    """Set aside what exists (the imported modules) and use the app's thresholds (once per
    process, before the app runs: see ``commands.open``)."""
    gc.freeze()
    gc.set_threshold(*APP_COLLECTOR)


class Span:
    """One held span (see :func:`held`); ``leave()`` ends it early (once)."""

    def __init__(self) -> None:
        global _holders
        self._inside = True
        with _lock:
            _holders += 1
            if _holders == 1:
                gc.disable()

    def leave(self) -> None:
        global _holders
        with _lock:
            if not self._inside:
                return
            self._inside = False
            _holders -= 1
            if _holders == 0:
                if gc.get_count()[0] >= SETTLE_MIN_OBJECTS:
                    gc.freeze()
                gc.enable()


@contextmanager
def held() -> Iterator[Span]:
    """No cycle collection while any thread is inside; when the last one leaves, what it left
    is set aside if it is much (see SETTLE_MIN_OBJECTS) and the collector runs again. A long
    job that makes garbage as it goes (a first index build) leaves early (``Span.leave``)."""
    span = Span()
    try:
        yield span
    finally:
        span.leave()
