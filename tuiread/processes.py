"""Whether this process can start worker processes, and the helper they need, started early.

Multiprocessing hands its helper process (the resource tracker) this process's stderr when it
starts it; a full-screen app replaces stderr with a capture that has no descriptor, after which
no worker process can be started. So an app calls :func:`prepare_worker_processes` before it
takes the screen. Kept apart from the search code, which the app's start does not import.
"""

from __future__ import annotations

import sys

_helper_started = False


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
