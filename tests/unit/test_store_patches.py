"""The record as a base and patches: an in-place edit writes only what it changed, every reader
gets the articles a fresh load gives, and a patch that does not check is never used."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import tuiread.corpus.sketch_cache as cache_module
import tuiread.corpus.store_record as record_module
from tests.unit.test_corpus_store import assert_same_as_fresh, make, rules
from tuiread.corpus.copies import find_copies
from tuiread.corpus.corpus import open_corpus
from tuiread.corpus.store import CorpusStore, store_file

WIRE = ("The finance ministers of the seven largest economies met in London on Friday and "
        "agreed to cancel the debts of the poorest countries owed to the World Bank and the "
        "International Monetary Fund, a move campaigners called a first step that should be "
        "followed by more aid and fairer trade rules for the farmers of Africa and Asia.")
OTHER = ("A new species of frog was found in the rain forest of the northern mountains by a "
         "team of students who spent three months counting the animals of a single valley, "
         "and the museum that sent them hopes to show the frog to visitors by next spring "
         "once it is named after the guide who first heard it calling at night.")


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    make(root, {"a.txt": f"Wire one\n\n{WIRE}\n", "b.txt": f"Wire two\n\n{WIRE} Reuters.\n",
                "c.txt": f"Frogs\n\n{OTHER}\n", "sub/d.md": "Four\n\nText.\n"})
    open_corpus([root], rules()).store.close()
    return root


def _edit(path: Path, text: str, tick: int) -> None:
    path.write_text(text, "utf-8")
    os.utime(path, ns=(1, 10**18 + tick))


def _rows(root: Path, query: str) -> list[tuple]:
    db = sqlite3.connect(store_file([root]))
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def _no_rows_read(monkeypatch) -> None:
    def refuse(*_):
        raise AssertionError("rows were read")

    monkeypatch.setattr(CorpusStore, "_file_states", refuse)
    monkeypatch.setattr(CorpusStore, "_article_rows", refuse)


def test_an_edit_in_place_is_a_patch_and_reads_back_as_a_fresh_load(corpus_dir, monkeypatch):
    (base,) = _rows(corpus_dir, "SELECT digest FROM record_base")
    before = open_corpus([corpus_dir], rules())
    state = before.store.state
    _edit(corpus_dir / "c.txt", f"Frogs again\n\n{OTHER} More frogs.\n", 1)
    after = assert_same_as_fresh([corpus_dir])
    assert after.changes.changed == ["c.txt"] and after.store.ids_kept
    assert after.store.state not in (None, state)
    assert _rows(corpus_dir, "SELECT digest FROM record_base") == [base]  # not written again
    assert len(_rows(corpus_dir, "SELECT seq FROM record_patches")) == 1
    # Another process reads the base and the patch, and no row.
    with monkeypatch.context() as patch:
        _no_rows_read(patch)
        again = open_corpus([corpus_dir], rules())
        assert again.store.state == after.store.state
        assert again.get("c").title == "Frogs again"
        assert [a.id for a in again.articles] == [a.id for a in after.articles]
    # A second edit adds a patch; the state names the record, whoever reads it.
    _edit(corpus_dir / "a.txt", f"Wire one, later\n\n{WIRE}\n", 2)
    third = assert_same_as_fresh([corpus_dir])
    assert len(_rows(corpus_dir, "SELECT seq FROM record_patches")) == 2
    assert open_corpus([corpus_dir], rules()).store.state == third.store.state


def test_an_edit_that_moves_ids_or_too_many_patches_write_the_base_whole(corpus_dir,
                                                                        monkeypatch):
    monkeypatch.setattr(record_module, "PATCH_FILES_MAX", 1)
    _edit(corpus_dir / "c.txt", f"Frogs again\n\n{OTHER} More.\n", 1)
    assert_same_as_fresh([corpus_dir])
    assert len(_rows(corpus_dir, "SELECT seq FROM record_patches")) == 1
    (base,) = _rows(corpus_dir, "SELECT digest FROM record_base")
    _edit(corpus_dir / "a.txt", f"Wire one, later\n\n{WIRE}\n", 2)  # a second patched file
    assert_same_as_fresh([corpus_dir])
    assert _rows(corpus_dir, "SELECT seq FROM record_patches") == []
    assert _rows(corpus_dir, "SELECT digest FROM record_base") != [base]
    # A file that now cannot be read has no article: other positions, so a whole record.
    (corpus_dir / "b.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    os.utime(corpus_dir / "b.txt", ns=(1, 10**18 + 3))
    corpus = assert_same_as_fresh([corpus_dir])
    assert not corpus.store.ids_kept
    assert _rows(corpus_dir, "SELECT seq FROM record_patches") == []


@pytest.mark.parametrize("damage", ["UPDATE record_patches SET data = x'00ff'",
                                    "DELETE FROM record_patches",
                                    "UPDATE record_state SET state = 'other'"])
def test_a_patch_that_does_not_check_leaves_no_record(corpus_dir, damage):
    _edit(corpus_dir / "c.txt", f"Frogs again\n\n{OTHER} More.\n", 1)
    assert_same_as_fresh([corpus_dir])
    db = sqlite3.connect(store_file([corpus_dir]))
    with db:
        db.execute(damage)
    db.close()
    corpus = assert_same_as_fresh([corpus_dir])  # made again from the rows
    assert corpus.changes.derived == 0 and corpus.get("c").title == "Frogs again"
    assert _rows(corpus_dir, "SELECT seq FROM record_patches") == []


def test_the_record_of_an_earlier_version_is_taken_as_the_base(corpus_dir, monkeypatch):
    # What earlier versions kept: the record whole in ``opened``, dropped by their triggers.
    db = sqlite3.connect(store_file([corpus_dir]))
    with db:
        (data, digest), = db.execute("SELECT data, digest FROM record_base").fetchall()
        for name in ("record_base", "record_patches", "record_state"):
            db.execute(f"DROP TABLE {name}")
        db.execute("CREATE TABLE opened (id INTEGER PRIMARY KEY CHECK (id = 1), "
                   "data BLOB NOT NULL, digest TEXT NOT NULL)")
        db.execute("CREATE TRIGGER opened_files_insert AFTER INSERT ON files "
                   "BEGIN DELETE FROM opened; END")
        db.execute("INSERT INTO opened VALUES (1, ?, ?)", (data, digest))
    db.close()
    with monkeypatch.context() as patch:
        _no_rows_read(patch)
        corpus = open_corpus([corpus_dir], rules())
        assert corpus.store.state == digest and len(corpus.articles) == 4
    assert_same_as_fresh([corpus_dir])


def test_copies_after_an_edit_in_place_compare_no_other_article(corpus_dir, monkeypatch):
    first = open_corpus([corpus_dir], rules())
    assert sorted(cache_module.cached_copies(first.articles).groups) == [["a", "b"]]
    # c becomes a copy of the wire story: found without a key made for every article.
    _edit(corpus_dir / "c.txt", f"Frogs no more\n\n{WIRE} AFP.\n", 1)
    corpus = open_corpus([corpus_dir], rules())

    def refuse(*_):
        raise AssertionError("every article's key was made")

    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "_keys", refuse)
        patch.setattr(cache_module, "copy_groups", refuse)  # no whole regrouping either
        found = cache_module.cached_copies(corpus.articles)
        assert sorted(found.groups) == sorted(find_copies(corpus.articles).groups) \
            == [["a", "b", "c"]]
        # The next run of the same corpus is answered from what was kept.
        again = open_corpus([corpus_dir], rules())
        assert cache_module.cached_copies(again.articles, kept_only=True) == found
    # Breaking it off again, then a whole regrouping agrees with what was kept.
    _edit(corpus_dir / "c.txt", f"Frogs\n\n{OTHER}\n", 2)
    corpus = open_corpus([corpus_dir], rules())
    assert cache_module.cached_copies(corpus.articles).groups == [["a", "b"]]
    cache = cache_module.SketchCache()
    try:
        last = cache.last_groups()
    finally:
        cache.close()
    assert last is not None and last[1].groups == [["a", "b"]]
    assert last[2] == {a.id: cache_module._content_key(a) for a in corpus.articles}


def test_a_patch_read_before_its_columns_are_unpacked_is_applied_to_them(corpus_dir):
    """The article columns of a record read back are unpacked when first asked for: a patch
    applied before then gives what it gives to unpacked columns, whatever is asked first."""
    from tuiread.corpus.opened import ARTICLE_COLUMNS, Columns, pack, unpack
    from tuiread.corpus.store_patches import Patch, apply_patch

    store = CorpusStore(store_file([corpus_dir]), rules())
    try:
        record = store._opened()
        derivations = store.derivations
    finally:
        store.close()
    data, check = pack(record)
    width = len(record.articles) - 1
    rows = [[tuple(f"new {n}" if isinstance(record.articles[c][start], str) else
                   record.articles[c][start] for c in range(width))]
            for n, start in enumerate((0, 2))]
    patch = Patch([0, 2], [1, 3], [5, 6], ["d0", "d2"], [None, None], rows)
    eager = unpack(data, check, derivations)
    eager.articles.unpack_all()
    assert apply_patch(eager, patch)
    for first in range(width + 1):
        lazy = unpack(data, check, derivations)
        assert isinstance(lazy.articles, Columns)
        lazy.articles[first]  # (one column unpacked before the patch, the rest after)
        assert apply_patch(lazy, patch)
        assert list(lazy.articles) == list(eager.articles) and lazy == eager
    assert eager.articles[ARTICLE_COLUMNS.index("title")][0] == "new 0"


def test_a_record_read_beside_a_ui_thread_is_unpacked_there(corpus_dir):
    """A command's main thread unpacks the columns it uses; a front end's worker all of them,
    so none is left to its UI thread."""
    import threading

    def columns_left(store: CorpusStore) -> int:
        rows = store.early(corpus_dir)
        return sum(column is None for column in rows._record.articles._columns)

    for in_thread in (False, True):
        store = CorpusStore(store_file([corpus_dir]), rules())
        try:
            if in_thread:
                found: list[int] = []
                worker = threading.Thread(
                    target=lambda found=found, store=store: found.append(columns_left(store)))
                worker.start()
                worker.join()
                assert found == [0]
            else:
                assert columns_left(store) == len(store._opened().articles) - 1  # ("record")
        finally:
            store.close()


def test_a_copied_record_is_patched_apart_and_unpacks_only_what_is_asked():
    import marshal

    from tuiread.corpus.opened import Columns, Opened
    from tuiread.corpus.store_patches import copy_record

    columns = [[f"{name}{i}" for i in range(3)] for name in ("title", "source", "id")]
    packed = Columns([marshal.dumps(c) for c in columns])
    packed.put(0, 1, "written before unpacking")
    packed[1]  # noqa: B018 (one column unpacked before the copy)
    old = Opened("{}", ["a", "b", "c"], [1, 2, 3], [4, 5, 6], ["d1", "d2", "d3"],
                 [None, None, None], [1, 1, 1], packed)
    new = copy_record(old)
    assert new.articles._columns[0] is None  # still packed, its pending value taken along
    assert new.articles[2] is old.articles[2]  # (the ids shared)
    new.articles.put(0, 2, "patched")
    new.articles.put(1, 0, "patched too")
    new.sizes[0] = 99
    assert new.articles[0] == ["title0", "written before unpacking", "patched"]
    assert new.articles[1] == ["patched too", "source1", "source2"]
    assert old.articles[0] == ["title0", "written before unpacking", "title2"]
    assert old.articles[1] == columns[1] and old.sizes[0] == 1
    # A column unpacked in the old record after the copy is taken from it, with the copy's
    # own values.
    packed = Columns([marshal.dumps(c) for c in columns])
    packed.put(0, 0, "old value")
    old = Opened("{}", ["a", "b", "c"], [1, 2, 3], [4, 5, 6], ["d1", "d2", "d3"],
                 [None, None, None], [1, 1, 1], packed)
    new = copy_record(old)
    new.articles.put(0, 1, "new value")
    assert old.articles[0] == ["old value", "title1", "title2"]
    assert new.articles[0] == ["old value", "new value", "title2"]
    assert old.articles[0] == ["old value", "title1", "title2"]
