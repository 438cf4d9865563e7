"""A build whose entity names come after it started writes the index a build given them from
the start writes: in one worker's chunk, in worker processes, and from ``tuiread index``."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool

import tuiread.search.build as build
from tests.unit.test_posting_pool import _pool, _stream
from tests.unit.test_search_index import found
from tests.unit.test_search_staging import contents, make_corpus
from tuiread.cli import main
from tuiread.commands import names_beside
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.walk import walk_corpus
from tuiread.entities.catalog import EntityField
from tuiread.search import SearchIndex, updater
from tuiread.search.late_names import LateNames, NamesFile
from tuiread.search.posting_pool import PackedPool


class _Told:
    """A stand-in for the workers' names event: set once asked ``after`` times."""

    def __init__(self, after: int, comes: bool = True) -> None:
        self.asked, self.after, self.comes, self.waited = 0, after, comes, 0

    def is_set(self) -> bool:
        self.asked += 1
        return self.asked > self.after

    def wait(self, timeout: float | None = None) -> bool:
        self.waited += 1
        return self.comes


def _names(root: Path) -> dict[str, tuple[str, ...]]:
    return {f"story{n:03}": ("Tony Blair", f"Place {n % 3}") if n % 4 else ()
            for n in range(len(list(root.iterdir())))}


def _stage(tmp_path: Path, name: str, root: Path, names) -> tuple:
    files = walk_corpus([root]).files
    staged = build.stage_chunk(tmp_path / name, build.Chunk(build.group_units(files)),
                               load_rules(*boilerplate_files()), names)
    assert staged is not None and staged.documents == len(files)
    digests = {o.rel: o.entities for o in staged.outcomes}
    return contents(tmp_path / name), digests


@pytest.mark.parametrize("told", ["held in full", "told midway", "never told before the end"])
def test_a_chunk_given_its_names_late_is_the_index_given_them_at_once(tmp_path, monkeypatch,
                                                                      told):
    root = make_corpus(tmp_path / "corpus", 30)
    names = _names(root)
    at_once = _stage(tmp_path, "at-once", root, names)
    late = NamesFile(tmp_path / "names")
    late.write(names)
    if told == "held in full":
        monkeypatch.setattr(build, "HELD_DOCUMENTS", 7)  # (then it waits for them)
        monkeypatch.setattr(build, "_names_event", _Told(after=10**6))
    elif told == "told midway":
        monkeypatch.setattr(build, "_names_event", _Told(after=12))
    else:
        monkeypatch.setattr(build, "_names_event", _Told(after=10**6))
    given_late = _stage(tmp_path, "late", root, late)
    assert given_late == at_once
    postings, stored = given_late[0]
    assert any(field == "entity" for field, _, _ in postings)
    assert sum(1 for fields in stored if fields["entity_hash"]) == sum(map(bool, names.values()))


def test_a_worker_waiting_for_names_stops_when_asked(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 5)
    told = _Told(after=10**6, comes=False)
    monkeypatch.setattr(build, "_names_event", told)
    monkeypatch.setattr(build, "HELD_DOCUMENTS", 2)
    stop = threading.Event()
    stop.set()
    # (three units are begun before the stop is seen: the third finds two held, and waits)
    monkeypatch.setattr(build, "_cancel_event", _LateStop(stop, after=3))
    files = walk_corpus([root]).files
    staged = build.stage_chunk(tmp_path / "chunk", build.Chunk(build.group_units(files)),
                               load_rules(*boilerplate_files()), NamesFile(tmp_path / "none"))
    assert staged is None and told.waited == 1


class _LateStop:
    """The parent's stop event, seen set only after ``after`` looks (the chunk starts first)."""

    def __init__(self, event: threading.Event, after: int) -> None:
        self.event, self.looks, self.after = event, 0, after

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks > self.after and self.event.is_set()


def test_a_field_added_after_later_documents_keeps_the_pool_in_order(tmp_path):
    items = [("body", b"harbour", 0, 1.0, b"a"), ("title", b"storm", 0, 1.0, b"b"),
             ("body", b"harbour", 1, 1.0, b"c"), ("body", b"vote", 1, 1.0, b"d"),
             ("entity", b"blair", 0, 1.0, b""), ("entity", b"blair", 1, 1.0, b""),
             ("body", b"harbour", 2, 1.0, b"e"), ("entity", b"blair", 2, 1.0, b""),
             ("entity", b"london", 2, 1.0, b"")]
    packed = _pool(PackedPool, tmp_path)
    assert _stream(packed, items) == _stream(_pool(PostingPool, tmp_path), items)
    assert not packed._unordered  # (each term's postings in order: no sort at the commit)
    later = PackedPool(FileStorage(str(tmp_path)), None)
    later.add(("body", b"harbour", 3, 1.0, b""))
    later.add(("body", b"harbour", 1, 1.0, b""))  # out of order within its field: sorted
    assert later._unordered and [i[2] for i in later.items()] == [1, 3]


def _give_on_first_progress(late: LateNames, names) -> object:
    """A progress callback that gives the names once a worker has read some files without
    them."""

    def progress(done: int, total: int) -> None:
        if done and not late.ready:
            late.give(names)

    return progress


@pytest.mark.parametrize("given", ["names", "none"])
def test_worker_processes_given_names_late_build_the_index_given_them_at_once(
        tmp_path, monkeypatch, given):
    root = make_corpus(tmp_path / "corpus", 24)
    names = EntityField(_names(root), "v1") if given == "names" else None
    rules = load_rules(*boilerplate_files())
    serial = SearchIndex.open([root], rules, entities=names, directory=tmp_path / "serial")
    assert serial.update().workers == 1
    monkeypatch.setattr(updater, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(updater, "_workers", lambda files, index: 2)
    late = LateNames()
    parallel = SearchIndex.open([root], rules, entities=late, directory=tmp_path / "parallel")
    report = parallel.update(_give_on_first_progress(late, names))
    assert report.workers == 2 and report.articles == serial.documents == 24
    assert parallel.entities is names  # (the names the documents have, from now on)
    for query in ('entity:"Tony Blair"', 'entity:"Place 1"', "lighthouse", "storm"):
        assert found(parallel, query) == found(serial, query)
    if names is not None:
        assert found(parallel, 'entity:"Tony Blair"') != set()
        assert parallel.entity_changes() == 0 and parallel.update().entities == 0


def test_the_first_index_groups_the_catalog_beside_its_build(monkeypatch, tmp_path, seeds_dir,
                                                             capsys):
    corpus = shutil.copytree(seeds_dir, tmp_path / "corpus")
    monkeypatch.setattr(updater, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(updater, "_workers", lambda files, index: 2)
    beside = []
    real = names_beside.NamesBeside.__init__
    monkeypatch.setattr(names_beside.NamesBeside, "__init__",
                        lambda self, *args: beside.append(self) or real(self, *args))
    assert main(["index", str(corpus)]) == 0
    assert len(beside) == 1 and beside[0].late.ready
    assert "5 added" in capsys.readouterr().out
    late = _entity_hits(corpus, capsys)
    assert late  # (every seed names him, however spelt)
    assert main(["index", str(corpus)]) == 0  # (the names were kept: nothing to do again)
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in capsys.readouterr().out
    assert main(["index", "--rebuild", str(corpus)]) == 0  # (given the names at once)
    assert len(beside) == 1 and "rebuilt" in capsys.readouterr().out
    assert _entity_hits(corpus, capsys) == late


def _entity_hits(corpus: Path, capsys) -> set[str]:
    assert main(["search", "--json", "entity:Zelenskiy", str(corpus)]) == 0
    return {hit["id"] for hit in json.loads(capsys.readouterr().out)}


def test_a_first_index_whose_names_cannot_be_had_is_built_without_them(
        monkeypatch, tmp_path, seeds_dir, capsys, isolated_home):
    corpus = shutil.copytree(seeds_dir, tmp_path / "corpus")
    monkeypatch.setattr(updater, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(updater, "_workers", lambda files, index: 2)
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    bad = config / "entities.yaml"
    bad.write_text("entities:\n  - {nme: Bar}\n", encoding="utf-8")
    assert main(["index", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert "5 added" in out and "entity names not updated" in err and str(bad) in err
    assert _entity_hits(corpus, capsys) == set()
    bad.unlink()  # (mended: the next run gives the names)
    assert main(["index", str(corpus)]) == 0
    assert "re-indexed for new entity names" in capsys.readouterr().out
    assert len(_entity_hits(corpus, capsys)) == 5


def test_the_names_are_known_before_the_catalog_is_kept(tmp_path, seeds_dir):
    from tuiread.commands.common import command_workspace, open_corpus
    from tuiread.entities.snapshot import open_catalog, snapshot_file

    corpus = shutil.copytree(seeds_dir, tmp_path / "corpus")
    with command_workspace([str(corpus)]) as workspace:
        opened, _ = open_corpus([str(corpus)], quiet=True, workspace=workspace)
        kept = snapshot_file(opened)
        assert kept is not None and not kept.exists()
        seen = []
        catalog = open_catalog(opened, grouped=lambda made: seen.append(
            (kept.exists(), made.index_field().names)))
        assert seen == [(False, catalog.index_field().names)] and kept.exists()
        assert any(names for names in seen[0][1].values())
        seen.clear()
        open_catalog(opened, grouped=seen.append)  # (read from what was kept: not grouped)
        assert seen == []
