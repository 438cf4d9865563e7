"""User data is never lost or hidden: a foreign -wal file, an unwritable data dir, a database
damaged in its structure or in a cell, an old (version 1) database, hostile import files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tuiread import locations
from tuiread.annotations import StoreMode, export_jsonld, open_store, opening, parse_jsonld
from tuiread.annotations.schema import MIGRATIONS, SCHEMA_VERSION, schema_version
from tuiread.cli import main
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules


def demo_article():
    corpus = load_corpus([locations.demo_corpus_dir()], load_rules(*boilerplate_files()))
    return corpus.articles[0]


def notes_of(store) -> list[str]:
    return sorted(a.note for a in store.list())


def other_store_log(tmp_path: Path, notes: int, version: int | None = None) -> Path:
    """The -wal file of another annotation database holding ``notes`` uncheckpointed
    annotations (copied while its connection is still open, as a killed process leaves it)."""
    other = tmp_path / "other" / "annotations.sqlite3"
    other.parent.mkdir()
    if version is None:
        store = open_store(other)
        conn = store._conn
        for i in range(notes):
            store.create(demo_article(), 10 + i, 40 + i, note=f"Y-{i}")
    else:  # an older tuiread's database
        conn = sqlite3.connect(other, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
    log = tmp_path / "foreign-wal"
    shutil.copyfile(f"{other}-wal", log)
    conn.close()
    return log


@pytest.mark.parametrize("kind", ["tuiread store", "older tuiread store"])
def test_a_foreign_wal_file_is_never_applied_and_kept_aside(tmp_path, kind):
    with open_store() as store:
        for i in range(3):
            store.create(demo_article(), 10 + i, 40 + i, note=f"X-{i}")
    log = other_store_log(tmp_path, 20, None if kind == "tuiread store" else 1)
    db = locations.annotations_db()
    shutil.copyfile(log, f"{db}-wal")
    with open_store() as store:
        assert notes_of(store) == ["X-0", "X-1", "X-2"]
        assert store.mode is StoreMode.WRITABLE
        assert "was not applied" in store.notice
        (aside,) = db.parent.glob("annotations.sqlite3-wal.foreign-*")
        assert str(aside) in store.notice and aside.read_bytes() == log.read_bytes()
        store.create(demo_article(), 60, 70, note="X-3")  # and work goes on
    with open_store() as store:
        assert notes_of(store) == ["X-0", "X-1", "X-2", "X-3"] and store.notice is None


def test_its_own_wal_file_is_applied(tmp_path):
    """A log of this database (another process still running, or killed before a checkpoint)
    is this database's latest work and is kept."""
    first = open_store()
    first.create(demo_article(), 10, 40, note="committed")
    saved = tmp_path / "saved-wal"
    shutil.copyfile(f"{locations.annotations_db()}-wal", saved)
    with open_store() as second:  # while the first is still open
        assert notes_of(second) == ["committed"] and second.notice is None
    first.close()


def refuse_writing(*_args):
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    exc.sqlite_errorcode = 8
    raise exc


def test_an_unwritable_data_dir_still_shows_every_annotation(monkeypatch):
    """A read-only or full disk where SQLite cannot make the -shm file: read from a copy."""
    keep = open_store()
    keep.create(demo_article(), 10, 40, note="keep")  # left in the -wal (store still open)
    connect = opening.connect

    def no_shm(path, mode):
        if mode is StoreMode.READ_ONLY and path == locations.annotations_db():
            raise sqlite3.OperationalError("unable to open database file")
        return connect(path, mode)

    monkeypatch.setattr(opening, "_writable", refuse_writing)
    monkeypatch.setattr(opening, "connect", no_shm)
    with open_store() as store:
        assert store.mode is StoreMode.READ_ONLY and notes_of(store) == ["keep"]
        assert "cannot write" in store.notice
    keep.close()


def test_the_database_file_alone_is_read_when_no_copy_can_be_made(monkeypatch, tmp_path):
    with open_store() as store:
        store.create(demo_article(), 10, 40, note="keep")

    def fail(*_args, **_kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(opening, "_writable", refuse_writing)
    monkeypatch.setattr(opening, "connect", fail)
    with open_store() as store:
        assert store.mode is StoreMode.READ_ONLY and notes_of(store) == ["keep"]
        assert "may be missing" in store.notice


def test_export_never_writes_an_empty_file_while_annotations_cannot_be_read(
    monkeypatch, tmp_path, capsys
):
    with open_store() as store:
        store.create(demo_article(), 10, 40, note="keep")

    def unreadable(path, why):
        return opening._memory(f"{why}; it cannot be read either")

    monkeypatch.setattr(opening, "_writable", refuse_writing)
    monkeypatch.setattr(opening, "_read_only", unreadable)
    out = tmp_path / "x.jsonld"
    assert main(["export", "--format", "jsonld", "-o", str(out)]) == 2
    assert not out.exists()
    assert "cannot be read" in capsys.readouterr().err
    assert main(["notes", "--json"]) == 2


@pytest.mark.parametrize("damage", ["annotations", "journal", "anchors"])
def test_a_database_missing_a_table_is_damaged_and_kept_aside(damage):
    with open_store() as store:
        store.create(demo_article(), 10, 40, note="keep")
    db = locations.annotations_db()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(f"DROP TABLE {damage}")
    conn.close()
    with open_store() as store:
        assert store.mode is StoreMode.WRITABLE and store.list() == []
        assert "damaged" in store.notice and damage in store.notice
    assert len(list(db.parent.glob("annotations.sqlite3.damaged-*"))) == 1


@pytest.mark.parametrize(
    "cell", ["tags = 'not json'", "tags = '{\"a\": 1}'", "pos_start = 'x'", "tags = '[[[['"]
)
def test_a_damaged_cell_is_mended_and_the_rest_kept(cell, capsys):
    article = demo_article()
    with open_store() as store:
        store.create(article, 10, 40, note="one", tags=["claim"])
        store.create(article, 50, 70, note="two")
    db = locations.annotations_db()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(f"UPDATE annotations SET {cell} WHERE note = 'one'")
    conn.close()
    with open_store() as store:
        assert notes_of(store) == ["one", "two"]
        assert "damaged fields" in store.notice
        assert [i.anchor.attached for i in store.anchored(article)] == [True, True]
    (copy,) = db.parent.glob("annotations.sqlite3.damaged-*")
    kept = sqlite3.connect(copy)
    assert kept.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
    kept.close()
    assert main(["notes", "--json"]) == 0
    capsys.readouterr()


def test_a_version_1_database_is_migrated_with_its_annotations(tmp_path):
    db = locations.annotations_db()
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    article = demo_article()
    conn.execute(
        "INSERT INTO annotations (id, article_id, article_path, article_title, quote_exact, "
        "quote_prefix, quote_suffix, pos_start, pos_end, created, modified) "
        "VALUES ('a1', ?, ?, 't', ?, '', '', 10, 40, 'c', 'm')",
        (article.id, str(article.path.resolve()), article.text[10:40]),
    )
    conn.execute("INSERT INTO anchors VALUES ('a1', 'h', 'moved', 0, 5, 1.0)")
    conn.close()
    with open_store() as store:
        assert schema_version(store._conn) == SCHEMA_VERSION
        (item,) = store.anchored(article)
        assert (item.anchor.start, item.anchor.end) == (10, 40)
        assert store._conn.execute("SELECT count(*) FROM anchors").fetchone()[0] <= 1
        assert item.annotation.sketch is None and item.annotation.article.root is None


# -- import ------------------------------------------------------------------------------------


def exported_item() -> dict:
    with open_store() as store:
        made = store.create(demo_article(), 10, 40, note="n")
    return json.loads(export_jsonld([made]))["first"]["items"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda i: i["target"]["selector"][1].update(start=10**30, end=10**30 + 5), "far past"),
        (lambda i: i["body"][0].update(value="\ud800 lone"), "lone surrogate"),
        (lambda i: i["target"]["selector"][0].update(exact="\udfff"), "lone surrogate"),
        (lambda i: i["tuiread"]["article"].update(title="x\ud83d"), "lone surrogate"),
    ],
)
def test_hostile_import_items_are_refused_one_line_each(tmp_path, capsys, change, message):
    item = exported_item()
    item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
    change(item)
    path = tmp_path / "in.jsonld"
    path.write_text(json.dumps([item]), encoding="utf-8")  # ensure_ascii: "\ud800" escapes
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "item 1" in err[0]


def test_huge_repeats_is_taken_as_unknown():
    item = exported_item()
    item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000002"
    item["tuiread"]["repeats"] = 10**30
    (annotation,), problems = parse_jsonld(json.dumps(item))
    assert problems == [] and annotation.repeats is None


def test_deeply_nested_import_is_one_clear_line(tmp_path, capsys):
    path = tmp_path / "deep.jsonld"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nested too deeply" in err[0]


def test_an_article_whose_file_name_is_not_utf8_can_be_annotated(tmp_path):
    """A name with bytes that are not UTF-8 decodes to lone surrogates, which SQLite refuses:
    the store keeps them escaped, the same way every time, so the article is found again."""
    import os

    folder = tmp_path / "c"
    folder.mkdir()
    name = os.fsdecode(b"bad\xff\xfename.txt")
    (folder / name).write_text("Bad bytes name\n\nA file whose name is not UTF-8.\n")
    (article,) = load_corpus([folder], load_rules(*boilerplate_files())).articles
    start = article.text.index("not UTF-8")
    with open_store() as store:
        made = store.create(article, start, start + len("not UTF-8"), note="kept")
        (item,) = store.anchored(article)
        assert item.annotation.id == made.id and (item.anchor.start, item.anchor.end) == (
            start,
            start + len("not UTF-8"),
        )
        assert "\\xff" in store.get(made.id).article.path
