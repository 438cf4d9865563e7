"""Worker processes that end when the process that started them dies.

A ``kill -9`` of ``tuiread index`` gives its pool no chance to stop the workers: they would sleep
on, reparented to init, holding memory (and keep multiprocessing's resource tracker alive, which
waits for every holder of its pipe to go). Each worker therefore watches its parent and exits
as soon as it is gone.
"""

from __future__ import annotations

import os
import threading
import time

# How often a worker looks at its parent: a dead parent's workers go within this time.
PARENT_POLL_SECONDS = 0.5


def exit_with_parent(poll_seconds: float = PARENT_POLL_SECONDS) -> None:
    """Start a daemon thread that ends this process once its parent process has died."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        # The parent is gone, so nobody will read what this process would produce.
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
