"""The annotation store: changes, undo, article matching, anchors kept, and migrations."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from tuiread import locations
from tuiread.annotations import (
    AnchorState,
    AnnotationError,
    Filter,
    StoreMode,
    anchor_cache,
    open_store,
)
from tuiread.annotations.articles import belongs_to
from tuiread.annotations.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

ARTICLE = "000_9a61a9004f7d98d1.txt"


def load(root: Path, *more: Path):
    corpus = load_corpus([root, *more], load_rules(*boilerplate_files()))
    assert corpus.articles, corpus.issues
    return corpus


@pytest.fixture
def folder(tmp_path: Path, seeds_dir: Path) -> Path:
    target = tmp_path / "news"
    target.mkdir()
    shutil.copy(seeds_dir / ARTICLE, target / ARTICLE)
    return target


@pytest.fixture
def article(folder: Path):
    return load(folder).articles[0]


def span(article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


def test_create_keeps_selectors_and_reads_back(article):
    with open_store() as store:
        assert store.mode is StoreMode.WRITABLE and store.notice is None
        made = store.create(
            article,
            *span(article, "called Russian President"),
            note="check",
            tags=["claim", " claim ", "Trump"],
            label=" key ",
        )
        again = store.get(made.id)
    assert again == made
    assert made.exact == "called Russian President"
    assert made.quote.prefix == article.text[made.position.start - 32 : made.position.start]
    assert made.tags == ("claim", "Trump") and made.label == "key"
    assert made.article.id == article.id and Path(made.article.path).is_absolute()
    assert locations.annotations_db().exists()


def test_empty_span_is_refused(article):
    with open_store() as store, pytest.raises(AnnotationError):
        store.create(article, 10, 10)


def test_filters(article):
    with open_store() as store:
        a = store.create(article, *span(article, "Putin"), tags=["Claim"], label="key")
        b = store.create(article, *span(article, "Zelensky"), note="Follow UP", tags=["x"])
        assert [x.id for x in store.list(Filter(tags=("claim",)))] == [a.id]
        assert [x.id for x in store.list(Filter(label="KEY"))] == [a.id]
        assert [x.id for x in store.list(Filter(text="follow up"))] == [b.id]
        assert len(store.list(Filter(article=article.id[:5]))) == 2
        assert store.list(Filter(article="nothing-like-it")) == []
        assert store.tags() == {"Claim": 1, "x": 1}
        assert store.find(a.id[:8]).id == a.id


def test_update_delete_and_undo_each_step(article):
    with open_store() as store:
        made = store.create(article, *span(article, "Putin"), note="first")
        store.update(made.id, note="second", tags=["t"])
        store.delete(made.id)
        assert store.list() == [] and store.get(made.id).deleted is not None
        assert store.undo().action == "delete"
        assert store.get(made.id).note == "second" and store.get(made.id).deleted is None
        assert store.undo().action == "update"
        assert (store.get(made.id).note, store.get(made.id).tags) == ("first", ())
        assert store.undo().action == "create"
        assert store.list() == [] and store.get(made.id) is not None  # kept, marked deleted
        assert store.undo() is None
        journal = store._conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    assert journal == 6  # three changes and three undos, every version kept


def test_two_windows_editing_different_fields_both_keep_their_work(article):
    with open_store() as one, open_store() as two:
        made = one.create(article, *span(article, "Putin"))
        one.update(made.id, note="from one")
        two.update(made.id, tags=["from two"])
        final = one.get(made.id)
        assert (final.note, final.tags) == ("from one", ("from two",))
        # Undo in one would overwrite two's change: it is refused, not done silently.
        with pytest.raises(AnnotationError, match="changed since"):
            one.undo()
        assert one.get(made.id).tags == ("from two",)


def test_anchored_on_unchanged_then_changed_article(folder, article):
    with open_store() as store:
        kept = store.create(article, *span(article, "called Russian President"))
        gone = store.create(article, *span(article, "Trump wrote on Truth Social"))
        assert [(i.anchor.state, i.annotation.id) for i in store.anchored(article)] == [
            (AnchorState.EXACT, kept.id),
            (AnchorState.EXACT, gone.id),
        ]
        path = folder / ARTICLE
        text = path.read_text(encoding="utf-8")
        edited = "A correction was added.\n\n" + text.replace(" Trump wrote on Truth Social", "")
        path.write_text(edited, encoding="utf-8")
        changed = load(folder).articles[0]
        first = store.anchored(changed)
        assert [(i.anchor.state, i.annotation.id) for i in first] == [
            (AnchorState.MOVED, kept.id),
            (AnchorState.ORPHANED, gone.id),  # orphans last, kept and listed
        ]
        moved = first[0].anchor
        assert changed.text[moved.start : moved.end] == "called Russian President"

        def must_not_run(*args, **kwargs):
            raise AssertionError("re-anchored although the result was kept")

        original = anchor_cache.anchor
        anchor_cache.anchor = must_not_run
        try:
            assert store.anchored(changed) == first
        finally:
            anchor_cache.anchor = original


def test_reattach_an_orphan_and_undo_it(folder, article):
    with open_store() as store:
        made = store.create(article, *span(article, "Trump wrote on Truth Social"), note="n")
        path = folder / ARTICLE
        path.write_text(article.text.replace("Trump wrote on Truth Social", "he posted"), "utf-8")
        changed = load(folder).articles[0]
        assert store.anchored(changed)[0].anchor.state is AnchorState.ORPHANED
        store.reattach(made.id, changed, *span(changed, "he posted"))
        item = store.anchored(changed)[0]
        assert (item.anchor.state, item.annotation.exact, item.annotation.note) == (
            AnchorState.EXACT,
            "he posted",
            "n",
        )
        store.undo()
        assert store.get(made.id).exact == "Trump wrote on Truth Social"
        assert store.anchored(changed)[0].anchor.state is AnchorState.ORPHANED


def test_article_found_by_path_when_its_id_changes(folder, article, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    with open_store() as store:
        made = store.create(article, *span(article, "Putin"))
        # Opened together with another folder, the article's id gains the folder's name.
        renamed = next(a for a in load(folder, other).articles if a.path.name == ARTICLE)
        assert renamed.id != article.id
        assert [i.annotation.id for i in store.anchored(renamed)] == [made.id]


def test_path_fallback_keeps_records_of_one_file_apart():
    ref = SimpleNamespace(
        article=SimpleNamespace(id="feed.jsonl#k2", path="/x/feed.jsonl"), text_hash=None
    )
    assert belongs_to(ref, SimpleNamespace(id="other/feed.jsonl#k2", path=Path("/x/feed.jsonl")))
    other = SimpleNamespace(id="feed.jsonl#k3", path=Path("/x/feed.jsonl"), text="Other text.")
    assert not belongs_to(ref, other)


def test_fresh_database_is_at_the_current_schema():
    with open_store() as store:
        assert schema_version(store._conn) == SCHEMA_VERSION
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migration_upgrades_and_keeps_rows(article):
    with open_store() as store:
        made = store.create(article, *span(article, "Putin"))
    conn = sqlite3.connect(locations.annotations_db(), isolation_level=None)
    later = [*MIGRATIONS, ["ALTER TABLE annotations ADD COLUMN colour TEXT DEFAULT 'yellow'"]]
    assert migrate(conn, later) == SCHEMA_VERSION
    assert schema_version(conn) == SCHEMA_VERSION + 1
    row = conn.execute("SELECT id, colour FROM annotations").fetchone()
    assert row == (made.id, "yellow")
    conn.close()


def test_failed_migration_changes_nothing(article):
    with open_store() as store:
        store.create(article, *span(article, "Putin"))
    db = locations.annotations_db()
    conn = sqlite3.connect(db, isolation_level=None)
    broken = [*MIGRATIONS, ["ALTER TABLE annotations ADD COLUMN colour TEXT", "NOT SQL"]]
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, broken)
    assert schema_version(conn) == SCHEMA_VERSION
    columns = [r[1] for r in conn.execute("PRAGMA table_info(annotations)")]
    assert "colour" not in columns
    conn.close()


def test_newer_schema_opens_read_only_and_untouched(article):
    with open_store() as store:
        store.create(article, *span(article, "Putin"))
    db = locations.annotations_db()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db.read_bytes()
    with open_store() as store:
        assert store.mode is StoreMode.READ_ONLY and "newer tuiread" in store.notice
        assert len(store.list()) == 1
        assert store.anchored(article)[0].anchor.state is AnchorState.EXACT
        with pytest.raises(AnnotationError, match="read-only"):
            store.create(article, *span(article, "Zelensky"))
    assert db.read_bytes() == before
