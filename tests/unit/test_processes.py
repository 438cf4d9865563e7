"""Worker processes: their priority under a front end, and what is handed to them in slices."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from tuiread import processes


def _priority() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


def _remember(path: str, word: str) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(word)


@pytest.mark.parametrize("lowered", [0, 3])
def test_workers_run_below_the_process_that_lowered_them(monkeypatch, tmp_path, lowered):
    monkeypatch.setattr(processes, "_worker_niceness", 0)
    if _priority() + lowered > 19:
        pytest.skip("this process runs at the lowest priority already")
    if lowered:
        processes.lower_workers(lowered)
    marker = tmp_path / "started"
    context = multiprocessing.get_context("spawn")
    with processes.worker_pool(1, context, _remember, (str(marker), "ready")) as pool:
        seen = pool.submit(_priority).result(timeout=60)
    assert seen == _priority() + lowered
    assert marker.read_text(encoding="utf-8") == "ready"  # (its own initializer ran too)


@pytest.mark.parametrize("count", [0, 1, 7, 8, 23])
def test_items_sent_in_slices_come_back_whole_and_in_order(monkeypatch, count):
    monkeypatch.setattr(processes, "SLICE_ITEMS", 4)
    items = [(f"article {i}", ("Tony Blair", i)) for i in range(count)]
    pieces = processes.sliced(items)
    assert len(pieces) == -(-count // 4)
    assert all(isinstance(piece, bytes) for piece in pieces)
    assert processes.unsliced(pieces) == items
