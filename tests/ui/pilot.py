"""What every UI test uses: running a scenario, waiting for a condition, reading toasts.

UI tests wait for conditions (``until``, ``settle``), never for a fixed time: a busy machine only
makes them slower, not wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.worker import WorkerFailed

# Each wait polls every POLL seconds up to a ceiling of WAIT seconds (generous: a loaded machine
# with two cores shared by several test runs).
POLL = 0.02
WAIT = 30.0


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run an ``async def scenario()`` (the tests are plain functions)."""
    asyncio.run(scenario())


async def until(pilot: Pilot, condition: Callable[[], object], what: str,
                wait: float = WAIT) -> None:
    """Until ``condition()`` is true (``what`` names it when it never is)."""
    for _ in range(int(wait / POLL)):
        if condition():
            return
        await pilot.pause(POLL)
    raise AssertionError(f"timed out after {wait:.0f} s waiting for {what}")


async def settle(pilot: Pilot) -> None:
    """Until the corpus is in the app and no worker, message or animation is pending."""
    app = pilot.app
    await until(pilot, lambda: app.corpus is not None, "the corpus to load")
    for _ in range(3):
        # A failed worker is reported by the app; a test asserts on what it said.
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def entities_ready(pilot: Pilot) -> None:
    """Until the entity catalog is built and no correction is regrouping it."""
    entities = pilot.app.services.entities
    await until(pilot, lambda: entities.catalog is not None and entities.busy is None,
                f"the entity catalog (status: {entities.status()!r}, busy: {entities.busy!r})")


async def index_ready(pilot: Pilot) -> None:
    """Until the search index is open and up to date."""
    search = pilot.app.services.search
    await until(pilot, lambda: search.index is not None and not search.updating,
                "the search index")


def toasts(app) -> list[str]:
    """Every notification the app has shown so far ("title\nmessage"), its toast gone or not:
    a loaded machine may take longer than a toast lasts."""
    return list(app.told)


async def at_rest(pilot: Pilot) -> None:
    """Until the corpus, the entity catalog and the search index are all in (for snapshots:
    nothing is left to show progress for)."""
    await settle(pilot)
    await entities_ready(pilot)
    await index_ready(pilot)
    await settle(pilot)
