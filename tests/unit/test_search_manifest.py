"""The index manifest: cheap to open, written by the rows that changed, recovered when lost."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import tuiread.search.manifest as manifest_module
from tests.unit.test_search_index import (
    bump_mtime,
    forbid_reading,
    found,
    make_corpus,
    rules,
    write,
)
from tuiread.search import SearchIndex
from tuiread.search.legacy import LEGACY_MANIFEST_FILE
from tuiread.search.manifest import FileStamp, Manifest, load_manifest, save_manifest
from tuiread.search.store import MANIFEST_FILE


def rows(path, table: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db:
        return sorted(db.execute(f"SELECT * FROM {table}"))


def test_a_manifest_round_trips_with_its_names_read_when_asked(tmp_path):
    path = tmp_path / MANIFEST_FILE
    stamps = {"a.txt": FileStamp(10, 1, "d1", 1), "b.jsonl": FileStamp(20, 2, "d2", 2)}
    save_manifest(path, Manifest(7, stamps, {"c.txt": "not UTF-8"},
                                 {"a.txt": {"a": ""}, "b.jsonl": {"b": "x", "b-2": "y"}}))
    loaded = load_manifest(path)
    assert loaded.generation == 7 and loaded.files == stamps and loaded.articles == 3
    assert loaded.problems == {"c.txt": "not UTF-8"}
    assert loaded._entities is None  # not read until asked for
    assert loaded.entities == {"a.txt": {"a": ""}, "b.jsonl": {"b": "x", "b-2": "y"}}


def test_saving_writes_only_the_rows_that_changed(tmp_path, monkeypatch):
    path = tmp_path / MANIFEST_FILE
    save_manifest(path, Manifest(1, {f"{n}.txt": FileStamp(n, n, f"d{n}", 1) for n in range(50)},
                                 {}, {f"{n}.txt": {str(n): ""} for n in range(50)}))
    loaded = load_manifest(path)
    written: list[tuple] = []
    real = manifest_module._apply

    def spy(db, table, values, make_rows):
        written.append((table, sorted(values.changed)))
        real(db, table, values, make_rows)

    monkeypatch.setattr(manifest_module, "_apply", spy)
    monkeypatch.setattr(manifest_module, "_write_whole", None)  # would fail if called
    loaded.files["3.txt"] = FileStamp(99, 99, "new", 2)
    loaded.files.pop("4.txt")
    loaded.entities.pop("4.txt")
    loaded.entities["3.txt"] = {"3": "", "3-2": "n"}
    loaded.generation = 2
    save_manifest(path, loaded)
    assert ("files", ["3.txt", "4.txt"]) in written and ("entities", ["3.txt", "4.txt"]) in written
    again = load_manifest(path)
    assert again.generation == 2 and len(again.files) == 49
    assert again.files["3.txt"] == FileStamp(99, 99, "new", 2)
    assert again.entities["3.txt"] == {"3": "", "3-2": "n"} and "4.txt" not in again.entities
    assert again.files["5.txt"] == FileStamp(5, 5, "d5", 1)


def test_one_edit_rewrites_one_file_of_the_manifest(tmp_path):
    root = make_corpus(tmp_path / "corpus", 5)
    index = SearchIndex.open([root], rules())
    index.update()
    path = index.generation / MANIFEST_FILE
    before = rows(path, "files")
    write(root / "story002.txt", "Story number 2", "Rewritten with a new word zebrafish.")
    bump_mtime(root / "story002.txt")
    report = SearchIndex.open([root], rules()).update()
    assert (report.updated, report.unchanged, report.added) == (1, 4, 0)
    after = rows(path, "files")
    assert [a for a, b in zip(after, before, strict=True) if a != b] == [
        r for r in after if r[0] == "story002.txt"]


def test_a_damaged_manifest_is_rebuilt_from_the_index_with_a_notice(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 3)
    index = SearchIndex.open([root], rules())
    index.update()
    expected = {hit.id: hit.score for hit in index.search("talks").hits}
    (index.generation / MANIFEST_FILE).write_bytes(b"SQLite format 3\x00 and then garbage" * 40)
    forbid_reading(monkeypatch)
    index = SearchIndex.open([root], rules())
    assert any("list of indexed files could not be read" in n for n in index.notices)
    assert not index.needs_update
    assert {hit.id: hit.score for hit in index.search("talks").hits} == expected
    # Saved as it was rebuilt: the next process opens it without a notice.
    again = SearchIndex.open([root], rules())
    assert again.notices == [] and again.update().unchanged == 3


def test_a_missing_manifest_says_so_and_is_rebuilt(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 2)
    index = SearchIndex.open([root], rules())
    index.update()
    (index.generation / MANIFEST_FILE).unlink()
    forbid_reading(monkeypatch)
    index = SearchIndex.open([root], rules())
    assert any("list of indexed files was missing" in n for n in index.notices)
    assert index.update().unchanged == 2


def test_an_index_with_the_old_json_manifest_is_converted_not_rebuilt(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 4)
    index = SearchIndex.open([root], rules())
    index.update()
    expected = [(hit.id, hit.score, hit.snippets) for hit in index.search("talks").hits]
    generation = index.generation
    # The manifest as the previous version wrote it.
    manifest = load_manifest(generation / MANIFEST_FILE)
    legacy = {"version": 1, "generation": manifest.generation,
              "files": {rel: stamp.as_list() for rel, stamp in manifest.files.items()},
              "problems": {}, "entities": dict(manifest.entities)}
    (generation / MANIFEST_FILE).unlink()
    (generation / LEGACY_MANIFEST_FILE).write_text(json.dumps(legacy), encoding="utf-8")
    forbid_reading(monkeypatch)
    index = SearchIndex.open([root], rules())
    assert index.notices == [] and not index.needs_update
    assert [(hit.id, hit.score, hit.snippets) for hit in index.search("talks").hits] == expected
    assert not (generation / LEGACY_MANIFEST_FILE).exists()
    assert load_manifest(generation / MANIFEST_FILE).files == manifest.files
    assert index.generation == generation and found(index, "word3x") == {"story003"}


def test_an_unchanged_walk_is_known_without_reading_the_stamps(tmp_path, monkeypatch):
    import tuiread.search.manifest_open as manifest_open

    root = make_corpus(tmp_path / "corpus", 4)
    SearchIndex.open([root], rules()).update()
    real = manifest_open.load_manifest
    monkeypatch.setattr(manifest_open, "load_manifest", None)  # would fail if called
    index = SearchIndex.open([root], rules())
    assert not index.needs_update and index.plan.unchanged == 4
    assert found(index, "word1x") == {"story001"}
    # A touched file, a new file, a deleted file: each is seen, the stamps are read again.
    monkeypatch.setattr(manifest_open, "load_manifest", real)
    bump_mtime(root / "story001.txt")
    assert [f.rel for f in SearchIndex.open([root], rules()).plan.suspect] == ["story001.txt"]
    write(root / "new.txt", "New story", "Arrives later.")
    assert [f.rel for f in SearchIndex.open([root], rules()).plan.added] == ["new.txt"]
    (root / "story003.txt").unlink()
    plan = SearchIndex.open([root], rules()).plan
    assert plan.removed == ["story003.txt"] and plan.needed
    report = SearchIndex.open([root], rules()).update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 0, 1, 3)
    monkeypatch.setattr(manifest_open, "load_manifest", None)
    index = SearchIndex.open([root], rules())
    assert not index.needs_update and found(index, "later") == {"new"}


def test_an_edit_is_recorded_without_reading_every_files_names(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 4)
    SearchIndex.open([root], rules()).update()
    real = manifest_module._read_entities
    monkeypatch.setattr(manifest_module, "_read_entities", None)  # would fail if called
    write(root / "story001.txt", "Story number 1", "Rewritten about herons.")
    bump_mtime(root / "story001.txt")
    (root / "story003.txt").unlink()
    report = SearchIndex.open([root], rules()).update()
    assert (report.updated, report.removed, report.unchanged) == (1, 1, 2)
    monkeypatch.setattr(manifest_module, "_read_entities", real)
    index = SearchIndex.open([root], rules())
    manifest = load_manifest(index.generation / MANIFEST_FILE)
    assert sorted(manifest.entities) == sorted(manifest.files) == [
        "story000.txt", "story001.txt", "story002.txt"]
    assert found(index, "herons") == {"story001"} and found(index, "word3x") == set()


def test_a_walk_that_differs_in_one_folder_reads_that_folders_stamps(tmp_path):
    import shutil

    root = tmp_path / "corpus"
    for folder in ("a", "b", "c"):
        make_corpus(root / folder, 3)
    index = SearchIndex.open([root], rules())
    index.update()
    SearchIndex.open([root], rules())  # (the walk found to match: its folders recorded)
    write(root / "a" / "story001.txt", "Story number 1", "Edited to mention otters.")
    bump_mtime(root / "a" / "story001.txt")
    index = SearchIndex.open([root], rules())
    assert [f.rel for f in index.plan.suspect] == ["a/story001.txt"]
    assert index.plan.unchanged == 8 and not index.plan.added and not index.plan.removed
    manifest = index._manifest
    assert manifest.partial == {"a"} and sorted(manifest.files) == [
        "a/story000.txt", "a/story001.txt", "a/story002.txt"]
    report = index.update()
    assert (report.updated, report.unchanged, report.added, report.removed) == (1, 8, 0, 0)
    assert found(index, "otters") == {"a/story001"}
    # The stamps of the other folders were never read, and are all still there.
    assert len(load_manifest(index.generation / MANIFEST_FILE).files) == 9
    shutil.rmtree(root / "c")
    make_corpus(root / "d", 2)
    index = SearchIndex.open([root], rules())
    assert index._manifest.partial == {"c", "d"}
    assert index.plan.removed == ["c/story000.txt", "c/story001.txt", "c/story002.txt"]
    assert [f.rel for f in index.plan.added] == ["d/story000.txt", "d/story001.txt"]
    report = index.update()
    assert (report.added, report.removed, report.unchanged) == (2, 3, 6)
    assert found(index, "word1x") == {"b/story001", "d/story001"}  # (a/story001 was edited)
    assert SearchIndex.open([root], rules()).plan.describe() == (
        "0 new, 0 changed, 0 removed, 8 unchanged")


def test_a_save_carries_the_names_record_forward_with_the_articles_it_wrote(tmp_path):
    path = tmp_path / MANIFEST_FILE
    stamps = {"a.txt": FileStamp(10, 1, "d1", 1), "b.txt": FileStamp(20, 2, "d2", 1)}
    save_manifest(path, Manifest(3, stamps, {}, {"a.txt": {"a": "x"}, "b.txt": {"b": "y"}}))
    assert manifest_module.matched_names(path) is None  # nothing recorded yet
    manifest_module.save_matched(path, manifest_module.NAMES_KIND, 3, "v1")
    assert manifest_module.matched_names(path) == (3, "v1", frozenset())
    loaded = load_manifest(path)
    loaded.generation = 4
    loaded.files["b.txt"] = FileStamp(21, 3, "d3", 1)
    loaded.set_names("b.txt", {"b": ""})  # re-indexed without its names
    save_manifest(path, loaded)
    # Only b's names can differ from v1's now; the walk must be compared again.
    assert manifest_module.matched_names(path) == (4, "v1", frozenset({"b"}))
    assert manifest_module.matched(path, "walk") is None
    manifest_module.save_matched(path, manifest_module.NAMES_KIND, 4, "v2")
    assert manifest_module.matched_names(path) == (4, "v2", frozenset())


def test_a_manifest_without_the_names_since_table_has_no_articles_written_since(tmp_path):
    path = tmp_path / MANIFEST_FILE
    save_manifest(path, Manifest(3, {"a.txt": FileStamp(10, 1, "d1", 1)}, {},
                                 {"a.txt": {"a": "x"}}))
    manifest_module.save_matched(path, manifest_module.NAMES_KIND, 3, "v1")
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP TABLE names_since")  # as a manifest made by an earlier version
        db.commit()
    assert manifest_module.matched_names(path) == (3, "v1", frozenset())


def test_a_save_that_changes_no_stamp_keeps_the_walks_record(tmp_path):
    path = tmp_path / MANIFEST_FILE
    save_manifest(path, Manifest(3, {"a.txt": FileStamp(10, 1, "d1", 1)}, {},
                                 {"a.txt": {"a": "x"}}))
    manifest_module.save_matched(path, "walk", 3, "print")
    loaded = load_manifest(path, folders=set())  # (no stamp read: names are refreshed)
    loaded.generation = 4
    loaded.set_names("a.txt", {"a": "y"})
    save_manifest(path, loaded)
    assert manifest_module.matched(path, "walk") == (4, "print")
    assert load_manifest(path).files == {"a.txt": FileStamp(10, 1, "d1", 1)}
    assert load_manifest(path).entities == {"a.txt": {"a": "y"}}


def test_an_unchanged_walk_is_told_by_its_whole_digest_alone(tmp_path, monkeypatch):
    """The folders' digests are only made when the walk differs (or is recorded)."""
    import tuiread.search.plan as plan

    root = make_corpus(tmp_path / "corpus", 3)
    directory = tmp_path / "index"
    SearchIndex.open([root], rules(), directory=directory).update()
    SearchIndex.open([root], rules(), directory=directory)  # (the walk recorded)

    def refuse(self):
        raise AssertionError("the folders' digests were made")

    monkeypatch.setattr(plan.WalkPrint, "_by_folder", refuse)
    again = SearchIndex.open([root], rules(), directory=directory)
    assert not again.needs_update and again.plan.unchanged == 3
