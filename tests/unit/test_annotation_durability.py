"""Work is never lost: two processes at once, a writer killed mid-change, a damaged file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tuiread import locations
from tuiread.annotations import AnnotationError, StoreMode, open_store, opening
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]

# A child process: load the demo article, then create annotations. argv: count, tag, pause.
WRITER = textwrap.dedent(
    """
    import sys, time
    from tuiread.annotations import open_store
    from tuiread.config import boilerplate_files
    from tuiread.corpus import load_corpus, load_rules
    from tuiread import locations
    count, tag, pause = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "pause"
    article = load_corpus([locations.demo_corpus_dir()],
                          load_rules(*boilerplate_files())).articles[0]
    store = open_store()
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(count):
        store.create(article, 10 + i, 40 + i, note=f"{tag} {i}", tags=[tag])
    if pause:
        # Start one more change and stop inside its transaction, to be killed there.
        store._conn.execute("BEGIN IMMEDIATE")
        store._conn.execute("UPDATE annotations SET note = 'half-written'")
        print("mid-write", flush=True)
        time.sleep(60)
    print("done", flush=True)
    """
)


def writer(count: int, tag: str, pause: bool = False) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(count), tag, "pause" if pause else "go"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def demo_article():
    corpus = load_corpus([locations.demo_corpus_dir()], load_rules(*boilerplate_files()))
    return corpus.articles[0]


def test_two_processes_annotating_at_once_both_keep_their_work():
    one, two = writer(40, "one"), writer(40, "two")
    for process in (one, two):
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in (one, two):
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0 and out.strip() == "done"
    with open_store() as store:
        notes = sorted(a.note for a in store.list())
    assert notes == sorted([f"one {i}" for i in range(40)] + [f"two {i}" for i in range(40)])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_writer_killed_mid_change_loses_nothing_committed():
    process = writer(5, "kept", pause=True)
    process.stdin.write("go\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "mid-write"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    with open_store() as store:
        assert store.mode is StoreMode.WRITABLE and store.notice is None
        notes = sorted(a.note for a in store.list())
        assert notes == [f"kept {i}" for i in range(5)]  # the half-written change is gone
        # The killed process's lock is gone with it: writing works at once.
        store.create(demo_article(), 0, 5)
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_garbage_file_is_kept_aside_untouched_and_a_fresh_store_opens():
    db = locations.ensure_parent(locations.annotations_db())
    garbage = b"this is not a database, but it might be someone's only copy\n" * 200
    db.write_bytes(garbage)
    with open_store() as store:
        assert store.mode is StoreMode.WRITABLE
        assert "damaged" in store.notice and "new, empty store" in store.notice
        aside = [p for p in db.parent.iterdir() if ".damaged-" in p.name]
        assert len(aside) == 1 and str(aside[0]) in store.notice
        assert aside[0].read_bytes() == garbage
        assert store.list() == []
        store.create(demo_article(), 0, 5)
    with open_store() as again:  # the next start is normal
        assert again.notice is None and len(again.list()) == 1


def test_damaged_pages_are_detected_and_kept_aside():
    article = demo_article()
    with open_store() as store:
        for i in range(60):
            store.create(article, i, i + 40, note="x" * 500)
    db = locations.annotations_db()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, 3 * page):  # scribble over some pages
        data[offset + 100 : offset + 400] = b"\xff" * 300
    db.write_bytes(bytes(data))
    with open_store() as store:
        assert store.mode is StoreMode.WRITABLE and "damaged" in store.notice
        assert store.list() == []
    aside = [p for p in db.parent.iterdir() if ".damaged-" in p.name and p.suffix != "-wal"]
    assert aside and aside[0].read_bytes() == bytes(data)


def test_nowhere_to_write_still_opens_with_a_session_store(tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    with open_store(blocked / "data" / "annotations.sqlite3") as store:
        assert store.mode is StoreMode.MEMORY and "until tuiread closes" in store.notice
        store.create(demo_article(), 0, 5)
        assert len(store.list()) == 1


def test_a_change_kept_waiting_by_another_writer_is_reported(monkeypatch):
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_S", 0.2)
    article = demo_article()
    with open_store() as holder, open_store() as waiter:
        holder._conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(AnnotationError, match="busy"):
            waiter.create(article, 0, 5)
        holder._conn.execute("ROLLBACK")
        waiter.create(article, 0, 5)
        assert len(holder.list()) == 1


def io_error(*_args: object) -> None:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 10  # SQLITE_IOERR: none of the codes open_store names
    raise exc


def test_an_unexpected_sqlite_error_opens_what_is_saved_read_only(monkeypatch):
    with open_store() as store:
        store.create(demo_article(), 0, 5, note="kept")
    monkeypatch.setattr(opening, "_writable", io_error)
    with open_store() as store:
        assert store.mode is StoreMode.READ_ONLY and "disk I/O error" in store.notice
        assert [a.note for a in store.list()] == ["kept"]


def test_an_unexpected_sqlite_error_without_a_database_keeps_a_session_store(monkeypatch):
    monkeypatch.setattr(opening, "_writable", io_error)
    with open_store() as store:
        assert store.mode is StoreMode.MEMORY and "disk I/O error" in store.notice
        store.create(demo_article(), 0, 5)
        assert len(store.list()) == 1
