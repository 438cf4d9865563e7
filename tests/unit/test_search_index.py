"""Building and updating the index: incremental changes, crashes, damage and a second writer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import tuiread.processes as processes
import tuiread.search.build as build
import tuiread.search.updater as updater
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules
from tuiread.search import SearchIndex
from tuiread.search.plan import scan_corpus
from tuiread.search.store import MANIFEST_FILE, WriterLock, current_generation


def rules():
    return load_rules(*boilerplate_files())


def write(path: Path, title: str, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def make_corpus(root: Path, count: int) -> Path:
    for n in range(count):
        write(root / f"story{n:03d}.txt", f"Story number {n}",
              f"Common words about talks. Unique marker word{n}x appears here. " * 3)
    return root


def bump_mtime(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


def found(index: SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query).hits}


def forbid_reading(monkeypatch) -> None:
    def refuse(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(build, "read_file", refuse)
    monkeypatch.setattr(updater, "read_file", refuse)


def test_first_build_reports_progress_and_indexes_every_article(tmp_path):
    root = make_corpus(tmp_path / "corpus", 4)
    seen = []
    index = SearchIndex.open([root], rules())
    assert index.needs_update and index.plan.describe().startswith("4 new")
    report = index.update(lambda done, total: seen.append((done, total)))
    assert (report.added, report.articles) == (4, 4)
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert found(index, "word2x") == {"story002"}


def test_reopening_an_unchanged_corpus_reads_no_article_file(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 3)
    SearchIndex.open([root], rules()).update()
    forbid_reading(monkeypatch)
    index = SearchIndex.open([root], rules())
    assert not index.needs_update
    report = index.update()
    assert (report.unchanged, report.added, report.updated) == (3, 0, 0)
    assert found(index, "word1x") == {"story001"}


def test_add_edit_delete_and_rename(tmp_path):
    root = make_corpus(tmp_path / "corpus", 3)
    SearchIndex.open([root], rules()).update()
    write(root / "story000.txt", "Story number 0", "Rewritten with zeppelinword inside.")
    bump_mtime(root / "story000.txt")
    (root / "story001.txt").unlink()
    (root / "story002.txt").rename(root / "renamed.txt")
    write(root / "fresh.txt", "A fresh story", "Brand new quixotic text.")

    index = SearchIndex.open([root], rules())
    plan = index.plan
    assert (len(plan.added), len(plan.suspect), len(plan.removed)) == (2, 1, 2)
    report = index.update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (2, 1, 2, 0)
    assert report.articles == 3
    assert found(index, "zeppelinword") == {"story000"}
    assert found(index, "word0x") == set()
    assert found(index, "word1x") == set()
    assert found(index, "word2x") == {"renamed"}
    assert found(index, "quixotic") == {"fresh"}
    assert not SearchIndex.open([root], rules()).needs_update


def test_a_touched_file_with_the_same_content_is_not_reindexed(tmp_path):
    root = make_corpus(tmp_path / "corpus", 2)
    SearchIndex.open([root], rules()).update()
    bump_mtime(root / "story001.txt")
    index = SearchIndex.open([root], rules())
    assert [f.rel for f in index.plan.suspect] == ["story001.txt"]
    report = index.update()
    assert (report.updated, report.unchanged) == (0, 2)
    assert not SearchIndex.open([root], rules()).needs_update


def test_articles_of_a_json_lines_file_follow_their_file(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    lines = root / "wire.jsonl"
    records = [{"title": f"Wire {n}", "text": f"Dispatch about topic{n}z today."} for n in range(3)]
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    index = SearchIndex.open([root], rules())
    assert index.update().articles == 3
    lines.write_text("\n".join(json.dumps(r) for r in records[1:]) + "\n", encoding="utf-8")
    bump_mtime(lines)
    index = SearchIndex.open([root], rules())
    report = index.update()
    assert (report.updated, report.articles) == (1, 2)
    assert found(index, "topic0z") == set()
    corpus_ids = {a.id for a in load_corpus([root], rules()).articles}
    assert found(index, "dispatch") == corpus_ids


def test_files_sharing_a_name_get_the_loaders_ids(tmp_path):
    root = tmp_path / "corpus"
    write(root / "report.txt", "Text report", "Plain lighthouse text.")
    write(root / "report.md", "Markdown report", "Marked lighthouse text.")
    index = SearchIndex.open([root], rules())
    index.update()
    corpus_ids = {a.id for a in load_corpus([root], rules()).articles}
    # The loader reads report.md first (sorted names), so it gets the short id.
    assert found(index, "lighthouse") == corpus_ids == {"report", "report.txt"}
    (root / "report.md").unlink()
    index = SearchIndex.open([root], rules())
    index.update()
    assert found(index, "lighthouse") == {a.id for a in load_corpus([root], rules()).articles}


def test_hidden_boilerplate_is_not_searchable(tmp_path):
    root = tmp_path / "corpus"
    path = write(root / "story.txt", "Harbour reopens",
                 "The harbour reopened on Monday.\nPhoto credit: Zanzibarwolf Images\n"
                 "Advertisement\nShips returned to the harbour quickly.")
    index = SearchIndex.open([root], rules())
    index.update()
    assert found(index, "Zanzibarwolf") == set()
    assert found(index, "advertisement") == set()
    [hit] = index.search("harbour").hits
    [article] = load_corpus([root], rules()).articles
    text = path.read_text(encoding="utf-8")
    assert [text[s:e].lower() for s, e in hit.hits] == ["harbour", "harbour"]
    assert all(any(v.start <= s and e <= v.end for v in article.visible) for s, e in hit.hits)


def test_changed_cleaning_rules_rebuild_beside_the_live_index(tmp_path):
    root = tmp_path / "corpus"
    write(root / "story.txt", "Budget day", "The budget passed.\nSponsored content\nMore words.")
    base_rules = rules()
    index = SearchIndex.open([root], base_rules)
    index.update()
    old_generation = index.generation
    fewer = [r for r in base_rules if r.name != "advertisement label"]
    index = SearchIndex.open([root], fewer)
    assert index.needs_update and index.usable
    assert found(index, "sponsored") == set()  # the old index answers meanwhile
    report = index.update()
    assert report.rebuilt and "rules" in report.rebuilt
    assert index.generation != old_generation and not old_generation.exists()
    assert found(index, "sponsored") == {"story"}


def test_a_cancelled_build_keeps_what_was_committed(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 12)
    monkeypatch.setattr(updater, "SERIAL_CHUNK_FILES", 4)
    progress = []
    index = SearchIndex.open([root], rules())
    report = index.update(lambda done, total: progress.append(done),
                          cancelled=lambda: len(progress) > 6)
    committed = report.articles
    assert report.cancelled and committed in (4, 8)  # whole chunks only
    assert index.usable and index.needs_update
    report = SearchIndex.open([root], rules()).update()
    assert (report.added, report.unchanged, report.articles) == (12 - committed, committed, 12)


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    import tuiread.search.updater as updater
    from tuiread.config import boilerplate_files
    from tuiread.corpus import load_rules
    from tuiread.search import SearchIndex
    updater.SERIAL_CHUNK_FILES = 5
    stop_at = int(sys.argv[3])
    def progress(done, total):
        print(done, flush=True)
        if done >= stop_at:
            sys.stdin.readline()  # the parent never writes: wait here to be killed
    index = SearchIndex.open([Path(sys.argv[1])], load_rules(*boilerplate_files()))
    index.update(progress, rebuild=sys.argv[2] == "rebuild")
""")


def kill_midway(root: Path, mode: str, after: int) -> None:
    """Run an update in another process and SIGKILL it while it waits after ``after`` files."""
    with subprocess.Popen([sys.executable, "-c", CHILD, str(root), mode, str(after)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        done = 0
        for line in child.stdout:
            done = int(line)
            if done >= after:
                break  # the child now waits on stdin until it is killed
        child.kill()
        child.wait(timeout=30)
    assert done >= after, f"the update stopped after {done} files, before the kill point"
    assert child.returncode == -signal.SIGKILL


def test_a_build_killed_halfway_leaves_a_usable_index(tmp_path):
    root = make_corpus(tmp_path / "corpus", 40)
    kill_midway(root, "build", after=22)
    index = SearchIndex.open([root], rules())
    committed = index.documents
    assert index.usable and committed == 20  # four whole chunks; the fifth was open
    assert index.search("talks").total == committed
    report = index.update()
    assert (report.added, report.unchanged, report.articles) == (40 - committed, committed, 40)
    assert found(index, "word39x") == {"story039"}


def test_a_rebuild_killed_halfway_keeps_the_previous_index(tmp_path):
    root = make_corpus(tmp_path / "corpus", 30)
    index = SearchIndex.open([root], rules())
    index.update()
    live = index.generation
    kill_midway(root, "rebuild", after=15)
    index = SearchIndex.open([root], rules())
    assert index.generation == live and index.documents == 30 and not index.needs_update
    assert found(index, "word7x") == {"story007"}
    index.update()
    assert sorted(p.name for p in index.directory.iterdir() if p.name.startswith("gen-")) == [
        live.name]


def test_a_damaged_index_is_moved_aside_and_rebuilt(tmp_path):
    root = make_corpus(tmp_path / "corpus", 3)
    index = SearchIndex.open([root], rules())
    index.update()
    [toc] = index.generation.glob("*.toc")
    toc.write_bytes(b"not a table of contents")
    index = SearchIndex.open([root], rules())
    assert not index.usable and "cannot be read" in index.notices[0]
    assert "cannot be read" in index.search("talks").notices[0]
    report = index.update()
    assert report.rebuilt == "the index was damaged" and "moved it to" in report.notices[0]
    assert [p for p in index.directory.iterdir() if p.name.startswith("damaged-")]
    assert found(index, "word1x") == {"story001"}


def test_a_lost_manifest_is_recovered_without_rereading_files(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 3)
    index = SearchIndex.open([root], rules())
    index.update()
    (index.generation / MANIFEST_FILE).write_bytes(b"not a database at all, broken")
    forbid_reading(monkeypatch)
    index = SearchIndex.open([root], rules())
    assert not index.needs_update
    assert index.update().unchanged == 3


def test_an_index_of_another_schema_version_is_rebuilt(tmp_path):
    root = make_corpus(tmp_path / "corpus", 2)
    index = SearchIndex.open([root], rules())
    index.update()
    meta = index.generation / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "schema": 0}), encoding="utf-8")
    index = SearchIndex.open([root], rules())
    assert not index.usable and index.needs_update
    report = index.update()
    assert report.rebuilt and report.articles == 2


def test_a_second_writer_reads_meanwhile_then_waits_its_turn(tmp_path):
    root = make_corpus(tmp_path / "corpus", 3)
    first = SearchIndex.open([root], rules())
    first.update()
    write(root / "late.txt", "Late story", "Arrives with marmalade.")
    other = WriterLock(first.directory)  # another process's writer
    assert other.acquire()
    second = SearchIndex.open([root], rules())
    assert second.update(wait=0).locked
    assert found(second, "word2x") == {"story002"}  # reading needs no lock
    timer = threading.Timer(0.3, other.release)
    timer.start()
    report = second.update(wait=10)
    timer.join()
    assert not report.locked and report.added == 1
    assert found(first, "marmalade") == {"late"}  # the first process sees the commit


def test_worker_processes_build_the_same_index(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 10)
    write(root / "twin.txt", "Twin text", "Lighthouse twin.")
    write(root / "twin.md", "Twin markdown", "Lighthouse twin.")
    serial = SearchIndex.open([root], rules(), directory=tmp_path / "serial")
    assert serial.update().workers == 1
    monkeypatch.setattr(updater, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(updater, "_workers", lambda files, index: 2)
    parallel = SearchIndex.open([root], rules(), directory=tmp_path / "parallel")
    report = parallel.update()
    assert report.workers == 2 and report.articles == serial.documents == 12
    for query in ("talks", "lighthouse", "word3x", '"unique marker"'):
        left, right = serial.search(query), parallel.search(query)
        assert {(h.id, h.hits) for h in left.hits} == {(h.id, h.hits) for h in right.hits}
    assert current_generation(parallel.directory) == parallel.generation
    assert not (parallel.directory / "staging").exists() or not any(
        (parallel.directory / "staging").iterdir())


def test_workers_started_early_are_the_ones_the_build_uses(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 6)
    serial = SearchIndex.open([root], rules(), directory=tmp_path / "serial")
    serial.update()
    monkeypatch.setattr(updater, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(updater, "_workers", lambda files, index: 2)
    early = SearchIndex.open([root], rules(), directory=tmp_path / "early")
    updater.start_build_workers(early)
    pool = build._early[0]
    taken = []
    monkeypatch.setattr(build, "_new_pool", lambda *a: taken.append(a) or (_ for _ in ()).throw(
        AssertionError("a second pool was started")))
    report = early.update()
    assert report.workers == 2 and report.articles == serial.documents == 6
    assert build._early is None and not taken and pool._shutdown_thread
    left, right = serial.search("talks"), early.search("talks")
    assert {(h.id, h.hits) for h in left.hits} == {(h.id, h.hits) for h in right.hits}
    updater.start_build_workers(early)  # an index with documents: nothing started
    assert build._early is None


def test_workers_started_early_and_not_used_are_ended(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(updater, "_workers", lambda files, index: 2)
    updater.start_build_workers(SearchIndex.open([root], rules()))
    processes = list(build._early[0]._processes.values())
    assert processes
    build.stop_workers()
    assert build._early is None and all(not p.is_alive() for p in processes)


def test_the_index_answers_while_it_is_being_built(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 12)
    monkeypatch.setattr(updater, "SERIAL_CHUNK_FILES", 4)
    index = SearchIndex.open([root], rules())
    midway, searched = threading.Event(), threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 6:  # the first chunk of four files is committed by now
            midway.set()
            searched.wait(10)

    builder = threading.Thread(target=index.update, args=(progress,))
    builder.start()
    try:
        assert midway.wait(10)
        partial = index.search("talks")
        assert index.building and partial.total == 4
        assert "still being built" in partial.notices[-1]
    finally:
        searched.set()
        builder.join(10)
    assert index.search("talks").total == 12 and not index.building


def test_update_can_use_the_files_seen_when_opening(tmp_path):
    root = make_corpus(tmp_path / "corpus", 3)
    index = SearchIndex.open([root], rules())
    write(root / "later.txt", "Later", "Written after the index looked.")
    assert index.update(rescan=False).added == 3
    assert index.update().added == 1


def test_a_missing_corpus_folder_does_not_empty_the_index(tmp_path):
    root = make_corpus(tmp_path / "corpus", 2)
    SearchIndex.open([root], rules()).update()
    root.rename(tmp_path / "elsewhere")
    report = SearchIndex.open([root], rules()).update()
    assert report.removed == 0 and report.articles == 2 and "missing" in report.notices[0]


def test_after_many_single_edits_searches_find_what_a_fresh_build_finds(tmp_path):
    """Enough one-file updates for the merge policy to merge the small segments: every query
    finds the articles, in the order, that a fresh build of the same files finds."""
    from tuiread.search.merging import MERGE_FANOUT

    root = make_corpus(tmp_path / "corpus", 6)
    SearchIndex.open([root], rules()).update()
    edits = MERGE_FANOUT + 2
    for number in range(edits):
        story = number % 6
        write(root / f"story{story:03d}.txt", f"Story number {story}",
              f"Common words about talks. Edit{number}q of word{story}x. " * (1 + number % 4))
        bump_mtime(root / f"story{story:03d}.txt")
        report = SearchIndex.open([root], rules()).update()
        assert (report.updated, report.unchanged) == (1, 5)
    fresh_root = tmp_path / "fresh"
    fresh_root.mkdir()
    for path in root.iterdir():
        (fresh_root / path.name).write_bytes(path.read_bytes())
    edited, fresh = SearchIndex.open([root], rules()), SearchIndex.open([fresh_root], rules())
    fresh.update()
    queries = ["talks", "common words", "word3x", f"edit{edits - 1}q", "edit0q", "story"]
    for query in queries:
        # Deleted versions still count in the statistics until their segment is merged, so
        # scores differ from a fresh build's; the order does not (equal scores: any order).
        assert _ranked(edited, query) == _ranked(fresh, query), query
    assert found(edited, "word3x") == {"story003"}


def _ranked(index: SearchIndex, query: str) -> list[set[tuple[str, str]]]:
    """The hits as groups of equal score, best first."""
    groups: list[set[tuple[str, str]]] = []
    last = None
    for hit in index.search(query).hits:
        if last is None or abs(hit.score - last) > 1e-9:
            groups.append(set())
        groups[-1].add((hit.id, hit.title))
        last = hit.score
    return groups


def test_locating_a_page_of_files_agrees_with_locating_each(tmp_path):
    root = make_corpus(tmp_path / "corpus", 5)
    index = SearchIndex.open([root], rules())
    index.update()
    bump_mtime(root / "story002.txt")  # (stale: changed since it was indexed)
    index.check()
    asked = ["story001.txt", "story002.txt", "gone.txt"]
    each = index.locate_each(asked)
    assert each == {rel: index.locate(rel) for rel in asked}
    assert each["story002.txt"] == (root / "story002.txt", True) and each["gone.txt"] is None


@pytest.mark.parametrize("given", ["mapping", "entity field"])
def test_worker_processes_get_the_entity_names_of_their_articles(tmp_path, monkeypatch, given):
    root = make_corpus(tmp_path / "corpus", 10)
    write(root / "twin.txt", "Twin text", "Lighthouse twin.")
    write(root / "twin.md", "Twin markdown", "Lighthouse twin.")  # one of them: "twin.txt"
    write(root / "odd#name.txt", "Odd name", "Lighthouse odd.")
    ids = {a.id for a in load_corpus([root], rules()).articles}
    assert {"twin", "twin.txt", "odd#name"} <= ids
    names = {i: ("Tony Blair", f"Place {i}") for i in ids}
    if given == "entity field":  # (what the entity catalog gives the index)
        from tuiread.entities.catalog import EntityField

        names = EntityField(names, "v1")
        sent = build.chunk_names(names, [build.Chunk([[f]]) for f in scan_corpus([root])[0][:2]])
        assert all(type(part) is dict and len(part) == 1 for part in sent)  # (its own only)
    serial = SearchIndex.open([root], rules(), entities=names, directory=tmp_path / "serial")
    assert serial.update().workers == 1
    monkeypatch.setattr(updater, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(updater, "_workers", lambda files, index: 2)
    monkeypatch.setattr(processes, "SLICE_ITEMS", 3)  # (each chunk is sent in several slices)
    parallel = SearchIndex.open([root], rules(), entities=names,
                                directory=tmp_path / "parallel")
    assert parallel.update().workers == 2
    for query in ('entity:"Tony Blair"', 'entity:"Place twin.txt"', 'entity:"Place odd#name"',
                  'entity:"Place story003"'):
        assert found(parallel, query) == found(serial, query) != set()
    assert found(parallel, 'entity:"Tony Blair"') == ids
