"""Ending a command's process without freeing what it built.

At exit the interpreter frees every object still alive, one at a time: after a first
``tuiread index`` of 22,250 articles (an entity catalog of a million mentions, the corpus's
records) that took 3.5 s of a 43 s run, with nothing left to do. A command's process ends as
the interpreter would end it, less that: its other threads are waited for, the exit handlers
run (logging, multiprocessing's children, temporary folders), the standard streams are
flushed, and then the process exits.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

# Python's own exit status when flushing the standard streams fails at exit.
EXIT_FLUSH_FAILED = 120


def leave(code: int) -> NoReturn:
    """End the process with ``code`` once its threads and exit handlers are done."""
    # What the interpreter does first at exit: the executors' exit hooks, then a join of every
    # thread that is not a daemon.
    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # (a closed pipe or stream: as the interpreter says)
            code = code or EXIT_FLUSH_FAILED
    os._exit(code)
