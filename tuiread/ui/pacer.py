"""The app's pacer (see ``tuiread.pacing``): a worker at a pace point waits while the UI thread
is busy.

The UI thread's event loop beats (a callback every BEAT seconds) while workers are pacing; a
beat overdue by more than LATE means the loop is held up: drawing, handling a message, or
waiting for the interpreter lock the worker holds. The worker then sleeps (which lets the lock
go) until the loop beats again, for at most WAIT_MAX at one point: a UI thread busy for longer
(a long list being filled, or waiting for a lock a worker holds) leaves the workers their turns,
and after such a wait they do not wait again for REST seconds. The loop beats only while a
worker has paced in the last IDLE_AFTER seconds.

A pace point must not be inside a lock the UI thread may take: the UI thread waiting for it
would look busy, and the worker would wait for it in turn.

Once the first screen is drawn, the interpreter's turns are made shorter (``fine_turns``, until
the pacer is removed). The background work that follows (the entity catalog, the search index)
is mostly plain Python without pace points, beside worker processes on every core: each time the
UI thread lets the interpreter lock go (to wait for input, to write the screen) it waits a whole
turn for it again. An idle screen's timer was measured 118-477 ms late at 22,250 articles with
5 ms turns, 103-131 ms with 1 ms turns, and under 90 ms once the worker processes also ran
below the app's priority and were handed their work in slices (``tuiread.processes``). The
first drawing keeps the default turns: shorter ones slowed it (a 160-240 ms stall, against
under 100 ms).
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time

from tuiread import pacing

# Seconds between the loop's beats: short enough that a busy UI thread is noticed within a
# couple of the interpreter's 5 ms turns, long enough to cost the loop next to nothing.
BEAT = 0.005
# A beat this many seconds overdue: the loop is held up (a timer runs up to a millisecond late
# on an idle loop, more on a loaded machine).
LATE = 0.005
# The longest (seconds) a worker waits at one pace point, and how long it sleeps between looks.
WAIT_MAX = 0.1
NAP = 0.001
# A pace point this soon (seconds) after the last look goes on without one: the interpreter
# switches threads every 5 ms anyway, and a loop of small pieces (the record's patches) would
# look for every piece.
GAP = 0.005
# After a wait of WAIT_MAX, no worker waits for this long (seconds).
REST = 0.5
# The loop stops beating when no worker has paced for this long (seconds).
IDLE_AFTER = 0.5
# The interpreter's turn (seconds) once the first screen is drawn (its default is 5 ms).
FINE_TURN = 0.001


class Pacer:
    """Installed as ``tuiread.pacing``'s pacer for the app's loop (``install``/``remove``)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._ui = threading.get_ident()  # (made on the UI thread)
        self._beat_at = time.monotonic()
        self._asked_at = 0.0
        self._beating = False
        self._lock = threading.Lock()
        self._closed = False
        self._rest_until = 0.0
        self._looked_at = 0.0
        self._turn_was: float | None = None  # (the turn before ``fine_turns``)

    def install(self) -> None:
        pacing.install(self)

    def fine_turns(self) -> None:
        """Shorter turns of the interpreter lock from now until ``remove`` (see the module's
        docstring); callable from any thread."""
        with self._lock:
            if self._closed or self._turn_was is not None:
                return
            self._turn_was = sys.getswitchinterval()
            sys.setswitchinterval(FINE_TURN)

    def remove(self) -> None:
        with self._lock:
            self._closed = True
            if self._turn_was is not None:
                sys.setswitchinterval(self._turn_was)
                self._turn_was = None
        if pacing._pacer is self:
            pacing.install(None)

    def _beat(self) -> None:
        now = time.monotonic()
        self._beat_at = now
        with self._lock:
            if self._closed or now - self._asked_at > IDLE_AFTER:
                self._beating = False
                return
        self._loop.call_later(BEAT, self._beat)

    def __call__(self) -> None:
        if self._closed or threading.get_ident() == self._ui:
            return
        now = time.monotonic()
        self._asked_at = now
        if not self._beating:
            with self._lock:
                start, self._beating = not self._beating, True
            if start:
                self._beat_at = now
                try:
                    self._loop.call_soon_threadsafe(self._beat)
                except RuntimeError:  # the loop is closed: the app is gone
                    self._closed = True
            return
        if now - self._looked_at < GAP:
            return
        self._looked_at = now
        if now - self._beat_at <= BEAT + LATE or now < self._rest_until:
            return
        deadline = now + WAIT_MAX
        while not self._closed and time.monotonic() - self._beat_at > BEAT + LATE:
            if time.monotonic() >= deadline:
                self._rest_until = deadline + REST
                return
            time.sleep(NAP)
