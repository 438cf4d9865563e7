"""Points where long background work lets a front end's UI thread go first.

Python runs one thread at a time: a worker doing plain Python work beside a busy UI thread
takes every other turn of the interpreter lock (5 ms each), so each piece of drawing takes twice
as long, and a C call that holds the lock (unpacking a column, building a dict) makes the UI
thread wait for its end. Long loops in the core (unpacking the store's record, making every
article, building a look-up) call :func:`pace` between their pieces. In a command it does
nothing; the app installs a pacer (``tuiread.ui.pacer``) that makes a worker wait there while
the UI thread is busy, so the drawing runs at full speed and the worker in its gaps.

A pace point costs a clock read while the UI is idle: call it between pieces of a few
milliseconds of work, not for each item.
"""

from __future__ import annotations

from collections.abc import Callable

_pacer: Callable[[], None] | None = None


def pace() -> None:
    """Let the UI thread go first if it is busy (see the module's docstring)."""
    pacer = _pacer
    if pacer is not None:
        pacer()


def install(pacer: Callable[[], None] | None) -> Callable[[], None] | None:
    """Make ``pacer`` what :func:`pace` calls (None: nothing); returns the one it replaces."""
    global _pacer
    previous, _pacer = _pacer, pacer
    return previous
