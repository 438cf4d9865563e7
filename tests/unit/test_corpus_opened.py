"""The last refresh's record: an unchanged corpus opens without reading rows, one edit reads
one file's rows, and the record never outlives a change to the rows it describes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.unit.test_corpus_store import assert_same_as_fresh, make, rules
from tuiread.corpus.corpus import open_corpus
from tuiread.corpus.store import CorpusStore, store_file


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    make(root, {"one.txt": "One\n\nFirst text.\n", "two.txt": "Two\n\nSecond text.\n",
                "sub/three.txt": "Three\n\nThird text.\n", "sub/four.md": "Four\n\nText.\n"})
    open_corpus([root], rules()).store.close()
    return root


def _no_full_read(monkeypatch) -> None:
    def refuse(*_):
        raise AssertionError("every file's row was read")

    monkeypatch.setattr(CorpusStore, "_file_states", refuse)


def _record_count(root: Path) -> int:
    db = sqlite3.connect(store_file([root]))
    try:
        return db.execute("SELECT count(*) FROM record_state").fetchone()[0]
    finally:
        db.close()


def test_an_unchanged_corpus_reads_no_row(corpus_dir: Path, monkeypatch):
    _no_full_read(monkeypatch)

    def refuse_rows(*_):
        raise AssertionError("article rows were read")

    monkeypatch.setattr(CorpusStore, "_article_rows", refuse_rows)
    monkeypatch.setattr(CorpusStore, "_states_of", refuse_rows)
    corpus = open_corpus([corpus_dir], rules())
    assert [a.id for a in corpus.articles] == ["one", "two", "sub/four", "sub/three"]
    assert corpus.changes.unchanged == 4 and not corpus.changes.any
    assert corpus.get("sub/three").text == "Three\n\nThird text.\n"


def test_an_unchanged_corpus_is_told_from_a_walks_columns(corpus_dir: Path):
    # A walk sent by another process comes as columns: an unchanged corpus opens from them,
    # without a tuple per file, and gives what the walk in-process gives.
    from tuiread.corpus.walk import walk_corpus
    from tuiread.corpus.walk_ahead import decode, encode

    sent = decode(encode(walk_corpus([corpus_dir])))
    corpus = open_corpus([corpus_dir], rules(), walk=lambda *_: sent)
    assert sent._files is None
    assert corpus.changes.unchanged == 4 and not corpus.changes.any
    here = open_corpus([corpus_dir], rules())
    assert [(a.id, a.location) for a in corpus.articles] == [
        (a.id, a.location) for a in here.articles]
    assert sent.files == walk_corpus([corpus_dir]).files  # (made when asked for)


def test_one_edit_reads_and_derives_only_that_file(corpus_dir: Path, monkeypatch):
    (corpus_dir / "two.txt").write_text("Two again\n\nA longer second text.\n", "utf-8")
    os.utime(corpus_dir / "two.txt", ns=(1, 10**18))
    asked: list[list[str]] = []
    original = CorpusStore._article_rows
    original_states = CorpusStore._file_states

    def rows(self, rels):
        asked.append(rels)
        return original(self, rels)

    monkeypatch.setattr(CorpusStore, "_article_rows", rows)
    _no_full_read(monkeypatch)
    corpus = open_corpus([corpus_dir], rules())
    assert asked == [["two.txt"]]
    assert corpus.changes.changed == ["two.txt"] and corpus.changes.derived == 1
    assert corpus.changes.unchanged == 3
    monkeypatch.setattr(CorpusStore, "_file_states", original_states)
    assert_same_as_fresh([corpus_dir])


def test_added_removed_and_colliding_files_keep_ids_as_a_fresh_load(corpus_dir: Path):
    make(corpus_dir, {"one.md": "One in markdown\n\nText.\n"})
    corpus = assert_same_as_fresh([corpus_dir])
    assert [a.id for a in corpus.articles][:2] == ["one", "one.txt"]  # the walk's name order
    (corpus_dir / "one.md").rename(corpus_dir / "zero.md")
    (corpus_dir / "sub" / "four.md").unlink()
    corpus = assert_same_as_fresh([corpus_dir])
    assert sorted(corpus.changes.removed) == ["one.md", "sub/four.md"]
    assert corpus.changes.added == ["zero.md"] and corpus.changes.derived == 1
    assert corpus.get("one").title == "One"  # the id the removed file held
    assert assert_same_as_fresh([corpus_dir]).changes.derived == 0


def test_any_change_to_the_rows_drops_the_record(corpus_dir: Path):
    # Another program (an older tuiread, say) changing a row cannot leave the record behind.
    assert _record_count(corpus_dir) == 1
    db = sqlite3.connect(store_file([corpus_dir]))
    with db:
        db.execute("UPDATE files SET mtime_ns = 5 WHERE rel = 'one.txt'")
    db.close()
    assert _record_count(corpus_dir) == 0
    corpus = assert_same_as_fresh([corpus_dir])
    assert corpus.changes.touched == ["one.txt"] and corpus.changes.derived == 0
    assert _record_count(corpus_dir) == 1


def test_a_damaged_record_is_ignored_and_written_again(corpus_dir: Path):
    db = sqlite3.connect(store_file([corpus_dir]))
    with db:
        db.execute("UPDATE record_base SET data = x'00ff00ff'")
    db.close()
    corpus = assert_same_as_fresh([corpus_dir])
    assert corpus.changes.derived == 0 and corpus.changes.unchanged == 4
    db = sqlite3.connect(store_file([corpus_dir]))
    assert len(db.execute("SELECT data FROM record_base").fetchone()[0]) > 4
    db.close()


def test_a_file_that_cannot_be_read_is_reported_from_the_record(corpus_dir: Path):
    (corpus_dir / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    first = assert_same_as_fresh([corpus_dir])
    again = assert_same_as_fresh([corpus_dir])
    assert [str(i) for i in again.issues] == [str(i) for i in first.issues]
    assert any("bad.txt" in str(i) for i in again.issues)


def test_rows_make_each_article_once_and_answer_by_id(corpus_dir: Path):
    from tuiread.corpus.rows import ArticleRows

    corpus = open_corpus([corpus_dir], rules())
    rows = corpus.articles
    assert isinstance(rows, ArticleRows) and len(rows) == 4
    one = corpus.get("sub/three")
    assert one is rows[3] is rows[-1] and rows[1:3] == [rows[1], rows[2]]
    assert rows.column("title") == ["One", "Two", "Four", "Three"]
    assert rows.column("location")[3] == one.location
    assert list(rows)[3] is one  # made in bulk, the one handed out before kept
    assert one in rows and corpus.resolve("sub/three") is one
    assert corpus.get("nothing") is None
    with pytest.raises(IndexError):
        rows[4]
    assert rows.derived_keys() == [a.derived_key for a in rows]


def test_the_early_articles_come_before_the_walk_and_stand_when_nothing_changed(
        corpus_dir: Path, monkeypatch):
    from tuiread.corpus import walk

    events: list[str] = []
    real_walk = walk.walk_corpus

    def walking(*args, **kwargs):
        events.append("walk")
        return real_walk(*args, **kwargs)

    monkeypatch.setattr(walk, "walk_corpus", walking)
    early = []

    def partial(corpus) -> None:
        events.append("early")
        early.append(corpus)

    corpus = open_corpus([corpus_dir], rules(), partial=partial)
    assert events == ["early", "walk"]
    assert [a.id for a in early[0].articles] == [a.id for a in corpus.articles]
    assert corpus.articles is early[0].articles


def test_early_articles_of_a_changed_file_show_what_it_holds_now(corpus_dir: Path):
    (corpus_dir / "two.txt").write_text("Two changed\n\nAnother text.\n", "utf-8")
    os.utime(corpus_dir / "two.txt", ns=(1, 10**18))
    early = []
    corpus = open_corpus([corpus_dir], rules(), partial=early.append)
    shown = early[0].get("two")
    assert shown.title == "Two"  # the row as last recorded …
    assert shown.text == "Two changed\n\nAnother text.\n"  # … but never old text or spans
    assert "changed since" in shown.notes[-1]
    assert corpus.articles is not early[0].articles
    assert corpus.get("two").title == "Two changed"


def test_edits_in_a_walk_sent_as_columns_make_only_the_edited_files(corpus_dir: Path):
    # Files edited in place, the walk from another process: only the edited files' tuples
    # are made, and the corpus is the one a fresh load gives.
    from tuiread.corpus.walk import walk_corpus
    from tuiread.corpus.walk_ahead import decode, encode

    for name, text in (("two.txt", "Two again\n\nA longer second text.\n"),
                       ("sub/three.txt", "Three again\n\nAnother third text.\n")):
        (corpus_dir / name).write_text(text, "utf-8")
        os.utime(corpus_dir / name, ns=(1, 10**18))
    sent = decode(encode(walk_corpus([corpus_dir])))
    corpus = open_corpus([corpus_dir], rules(), walk=lambda *_: sent)
    assert sent._files is None
    assert sorted(corpus.changes.changed) == ["sub/three.txt", "two.txt"]
    assert corpus.changes.unchanged == 2
    assert corpus.get("sub/three").text == "Three again\n\nAnother third text.\n"
    assert_same_as_fresh([corpus_dir])
