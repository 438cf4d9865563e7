"""The app's cycle collector: no pass inside a held span, what a big span left set aside."""

from __future__ import annotations

import gc
import threading

import pytest

from tuiread.ui import collector


@pytest.fixture(autouse=True)
def _restore_collector():
    was, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.enable()
    yield
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()  # what a test set aside goes back (this process runs many apps)
    (gc.enable if was else gc.disable)()


def test_no_pass_runs_inside_a_span_and_the_collector_runs_after_it():
    with collector.held():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_spans_of_two_threads_overlap_the_collector_waits_for_the_last():
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector.held():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    assert inside.wait(5)
    with collector.held():
        pass
    assert not gc.isenabled()  # the other thread is still inside
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_span_that_leaves_many_objects_alive_sets_them_aside():
    before = gc.get_freeze_count()
    with collector.held():
        kept = [[n] for n in range(2 * collector.SETTLE_MIN_OBJECTS)]
    assert gc.get_freeze_count() >= before + len(kept)


def test_a_span_that_leaves_few_leaves_them_to_the_collector():
    before = gc.get_freeze_count()
    with collector.held():
        kept = [[n] for n in range(100)]
    assert gc.get_freeze_count() == before
    assert kept


def test_a_span_left_early_runs_the_collector_again_once():
    with collector.held() as span:
        assert not gc.isenabled()
        span.leave()
        assert gc.isenabled()
        with collector.held():
            span.leave()  # (a second leave changes nothing: the other span still holds)
            assert not gc.isenabled()
    assert gc.isenabled()
