"""The app's pacer: a worker at a pace point lets a busy UI loop finish first, and never waits
for long or on the UI thread itself."""

import asyncio
import sys
import threading
import time

import pytest

from tuiread import pacing
from tuiread.ui import pacer as pacer_module
from tuiread.ui.pacer import Pacer

# How long the test's "UI" loop stays busy: far beyond the beat, so a paced worker sees it.
BUSY = 0.6


def _run(scenario):
    asyncio.run(asyncio.wait_for(scenario(), timeout=30))


async def _until(condition):
    while not condition():
        await asyncio.sleep(0.005)


def _arm_and_wait_for_beats(armed: threading.Event) -> None:
    """In the worker: a first pace starts the loop's beat; then a moment for it to beat."""
    pacing.pace()
    time.sleep(0.05)
    armed.set()


def _until_a_beat_is_overdue(armed: threading.Event, busy: threading.Event) -> None:
    """In the worker: armed, then (once the loop is made busy) past the time of a beat."""
    _arm_and_wait_for_beats(armed)
    busy.wait()
    time.sleep(pacer_module.BEAT + pacer_module.LATE + 0.05)


def test_a_worker_waits_at_a_pace_point_until_the_busy_loop_is_free(monkeypatch):
    monkeypatch.setattr(pacer_module, "WAIT_MAX", BUSY * 4)  # (it would give up, else)
    order: list[str] = []

    async def scenario():
        pacer = Pacer(asyncio.get_running_loop())
        pacer.install()
        armed, busy = threading.Event(), threading.Event()

        def worker():
            _until_a_beat_is_overdue(armed, busy)
            pacing.pace()
            order.append("worker went on")

        thread = threading.Thread(target=worker)
        thread.start()
        await _until(armed.is_set)
        busy.set()
        time.sleep(BUSY)  # the loop busy (not a pause)
        order.append("the loop was free again")
        await _until(lambda: not thread.is_alive())
        pacer.remove()

    _run(scenario)
    assert order == ["the loop was free again", "worker went on"]
    assert pacing._pacer is None


def test_after_a_full_wait_a_worker_does_not_wait_again_at_once():
    """A UI thread busy for long (or waiting for a lock the worker holds) is waited for at most
    WAIT_MAX, then not at the next pace points."""
    order: list[str] = []

    async def scenario():
        pacer = Pacer(asyncio.get_running_loop())
        pacer.install()
        armed, busy = threading.Event(), threading.Event()

        def worker():
            _until_a_beat_is_overdue(armed, busy)
            pacing.pace()  # waits WAIT_MAX, the loop still busy
            time.sleep(pacer_module.GAP * 2)  # (a pace point this soon would not look)
            pacing.pace()  # rests: goes on at once
            order.append("worker went on")

        thread = threading.Thread(target=worker)
        thread.start()
        await _until(armed.is_set)
        busy.set()
        time.sleep(pacer_module.WAIT_MAX * 8)  # the loop busy far longer than WAIT_MAX
        order.append("the loop was free again")
        await _until(lambda: not thread.is_alive())
        pacer.remove()

    _run(scenario)
    assert order == ["worker went on", "the loop was free again"]


def test_the_ui_thread_never_waits_at_a_pace_point(monkeypatch):
    naps: list[float] = []
    monkeypatch.setattr(pacer_module.time, "sleep", naps.append)

    async def scenario():
        pacer = Pacer(asyncio.get_running_loop())
        pacer.install()
        pacer._beating, pacer._beat_at = True, time.monotonic() - 10  # as if long overdue
        pacing.pace()
        pacer.remove()

    _run(scenario)
    assert naps == []


def test_a_removed_pacer_does_nothing():
    async def scenario():
        pacer = Pacer(asyncio.get_running_loop())
        pacer.install()
        pacer.remove()
        assert pacing._pacer is None
        pacer._beating, pacer._beat_at = True, time.monotonic() - 10
        started = time.monotonic()
        await asyncio.to_thread(pacer)  # (a worker still holding it)
        return time.monotonic() - started

    waited = asyncio.run(scenario())
    assert waited < pacer_module.WAIT_MAX


def test_fine_turns_last_until_the_pacer_is_removed():
    before = sys.getswitchinterval()

    async def scenario():
        pacer = Pacer(asyncio.get_running_loop())
        pacer.install()
        seen: list[float] = []
        # (asked from a worker, as the app's load asks once the first screen is drawn)
        thread = threading.Thread(target=lambda: (pacer.fine_turns(), pacer.fine_turns(),
                                                  seen.append(sys.getswitchinterval())))
        thread.start()
        await _until(lambda: not thread.is_alive())
        assert seen == [pytest.approx(pacer_module.FINE_TURN)]
        pacer.remove()
        assert sys.getswitchinterval() == pytest.approx(before)
        pacer.fine_turns()  # (a removed pacer changes nothing)
        assert sys.getswitchinterval() == pytest.approx(before)

    _run(scenario)
