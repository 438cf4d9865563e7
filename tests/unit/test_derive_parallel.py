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
