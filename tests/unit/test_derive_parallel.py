"""Worker processes derive what one process derives, the first files read here while they
start."""

from __future__ import annotations

from pathlib import Path

import tuiread.corpus.derive as derive
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.corpus import open_corpus


def fields(corpus) -> list[tuple]:
    return [(a.id, a.title, a.source, a.date, a.words, a.text, a.visible, a.sentences,
             a.paragraphs, a.hidden) for a in corpus.articles]


def test_worker_processes_derive_the_same_articles(tmp_path: Path, monkeypatch):
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(14):
        (root / f"story{n:02}.txt").write_text(
            f"Story {n} from Paris\n\nTony Blair met the council in Leeds on day {n}.\n\n"
            f"Share this article\n\nA second paragraph, number {n}. It ends here.\n")
    rules = load_rules(*boilerplate_files())
    serial = open_corpus([root], rules, store_path=tmp_path / "serial.sqlite3")
    assert serial.changes.derived == 14
    batches: list[int] = []
    monkeypatch.setattr(derive, "worker_count", lambda files: 2)
    monkeypatch.setattr(derive, "FIRST_FILES", 3)
    monkeypatch.setattr(derive, "BATCH_FILES", 4)
    monkeypatch.setattr(derive, "TAIL_BATCH_FILES", 3)
    original = derive._derive_parallel

    def watched(todo, *args):
        batches.append(len(todo))
        return original(todo, *args)

    monkeypatch.setattr(derive, "_derive_parallel", watched)
    parallel = open_corpus([root], rules, store_path=tmp_path / "parallel.sqlite3")
    assert batches == [11]  # the first 3 were read here, the rest by the workers
    assert parallel.changes.derived == 14
    assert fields(parallel) == fields(serial)


def test_the_last_files_go_in_small_batches_so_the_workers_end_together(monkeypatch):
    monkeypatch.setattr(derive, "BATCH_FILES", 10)
    monkeypatch.setattr(derive, "TAIL_BATCH_FILES", 4)
    items = list(range(47))
    batches = derive.parallel_batches(items, 2)
    assert [len(b) for b in batches] == [10, 10, 4, 4, 4, 4, 4, 4, 3]
    assert [i for b in batches for i in b] == items  # all of them, in order
    assert [len(b) for b in derive.parallel_batches(items[:15], 2)] == [4, 4, 4, 3]
    assert derive.parallel_batches([], 2) == []


def test_a_stopped_pool_ends_the_work_it_is_running():
    """A cancelled derivation (the app quitting in a long first load) does not wait for the
    batches its workers are deriving."""
    import multiprocessing
    import time
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    running = pool.submit(time.sleep, 600)
    deadline = time.monotonic() + 60
    while not running.running() and time.monotonic() < deadline:
        time.sleep(0.01)
    processes = list(pool._processes.values())
    assert processes
    derive._stop(pool)  # would wait ten minutes for the sleep if it waited for the work
    assert not any(process.is_alive() for process in processes)


def test_a_cancelled_parallel_load_keeps_what_it_wrote(tmp_path: Path, monkeypatch):
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(30):
        (root / f"story{n:02}.txt").write_text(f"Story {n}\n\nTony Blair met the council.\n")
    monkeypatch.setattr(derive, "worker_count", lambda files: 2)
    monkeypatch.setattr(derive, "FIRST_FILES", 3)
    monkeypatch.setattr(derive, "BATCH_FILES", 4)
    written: list[int] = []
    rules = load_rules(*boilerplate_files())
    store = tmp_path / "store.sqlite3"
    progress = lambda done, total: written.append(done)  # noqa: E731
    partial = open_corpus([root], rules, store_path=store, progress=progress,
                          cancelled=lambda: len(written) >= 2)
    assert 0 < len(partial.articles) < 30
    whole = open_corpus([root], rules, store_path=store)
    assert len(whole.articles) == 30
    assert whole.changes.derived == 30 - len(partial.articles)
