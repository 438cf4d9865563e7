"""The corpus store gives exactly what a fresh load gives, and notices every kind of change."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules
from tuiread.corpus.corpus import open_corpus
from tuiread.corpus.rules import Rule
from tuiread.corpus.store import STORE_VERSION, store_file

FIELDS = ("id", "title", "source", "words", "encoding", "format", "url", "date", "text",
          "visible", "hidden", "paragraphs", "sentences", "notes")


def rules() -> list[Rule]:
    return load_rules(*boilerplate_files())


def summary(corpus) -> list[tuple]:
    return [tuple(getattr(a, f) for f in FIELDS) + (str(a.path),) for a in corpus.articles]


def assert_same_as_fresh(roots: list[Path], rule_list: list[Rule] | None = None):
    rule_list = rules() if rule_list is None else rule_list
    stored = open_corpus(roots, rule_list)
    fresh = load_corpus(roots, rule_list)
    assert summary(stored) == summary(fresh)
    assert [str(i) for i in stored.issues] == [str(i) for i in fresh.issues]
    return stored


def test_the_seeds_come_back_exactly(seeds_dir: Path):
    first = assert_same_as_fresh([seeds_dir])
    assert first.changes.derived == len(first.articles)
    again = assert_same_as_fresh([seeds_dir])
    assert again.changes.derived == 0 and again.changes.unchanged == len(again.articles)


paragraph = st.lists(
    st.sampled_from(["Minister", "said", "the", "vote", "Reuters", "—", "«quote»", "é", "Ünïcode",
                     "Read more:", "Share this article", "(AP)", "3.5%", "U.S.", "Dr.", "\t"]),
    min_size=1, max_size=25,
).map(" ".join)
article_text = st.lists(paragraph, min_size=1, max_size=6).map(lambda ps: "\n\n".join(ps) + "\n")
corpus_files = st.dictionaries(
    st.sampled_from(["a.txt", "b.md", "a.md", "sub/c.txt", "sub/d.json", "e.jsonl", "sub/x/f.txt",
                     "README.txt", "g.html"]),
    article_text, min_size=1, max_size=7,
)


def write_file(path: Path, rel: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith(".json"):
        path.write_text(json.dumps({"title": text.split("\n")[0], "text": text}), "utf-8")
    elif rel.endswith(".jsonl"):
        lines = [json.dumps({"title": p[:20], "body": p}) for p in text.split("\n\n")]
        path.write_text("\n".join(lines) + "\n", "utf-8")
    elif rel.endswith(".html"):
        body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        path.write_text(f"<html><body><h1>Head</h1>{body}</body></html>", "utf-8")
    else:
        path.write_bytes(text.encode("cp1252", "replace") if "é" in text[:3] else text.encode())


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=corpus_files, edits=corpus_files)
def test_generated_corpora_match_a_fresh_load_before_and_after_edits(tmp_path_factory, files,
                                                                     edits):
    root = tmp_path_factory.mktemp("corpus")
    for rel, text in files.items():
        write_file(root / rel, rel, text)
    assert_same_as_fresh([root])
    for rel, text in edits.items():
        write_file(root / rel, rel, text)
        os.utime(root / rel, ns=(1, 10**18 + hash(text) % 10**9))  # a new mtime for sure
    assert_same_as_fresh([root])


def make(root: Path, names: dict[str, str]) -> None:
    for rel, text in names.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    make(root, {"one.txt": "One\n\nFirst text.\n", "two.txt": "Two\n\nSecond text.\n",
                "sub/three.txt": "Three\n\nThird text.\n"})
    # Closed, as the process that made it would be: a damage test overwrites the file, and a
    # connection left open in this process could still serve the old pages.
    open_corpus([root], rules()).store.close()
    return root


def test_an_edited_file_is_read_again_and_only_it(corpus_dir: Path):
    (corpus_dir / "two.txt").write_text("Two again\n\nA longer second text.\n", "utf-8")
    corpus = assert_same_as_fresh([corpus_dir])
    assert corpus.changes.changed == ["two.txt"] and corpus.changes.derived == 1
    assert corpus.get("two").title == "Two again"


def test_deleted_renamed_and_added_files(corpus_dir: Path):
    (corpus_dir / "one.txt").unlink()
    (corpus_dir / "sub" / "three.txt").rename(corpus_dir / "sub" / "renamed.txt")
    make(corpus_dir, {"new.md": "New\n\nAdded text.\n"})
    corpus = assert_same_as_fresh([corpus_dir])
    assert sorted(corpus.changes.removed) == ["one.txt", "sub/three.txt"]
    assert sorted(corpus.changes.added) == ["new.md", "sub/renamed.txt"]
    assert corpus.changes.derived == 2
    assert [a.id for a in corpus.articles] == ["new", "two", "sub/renamed"]


def test_a_touched_file_is_not_cleaned_again(corpus_dir: Path):
    os.utime(corpus_dir / "one.txt", ns=(1, 2))
    corpus = assert_same_as_fresh([corpus_dir])
    assert corpus.changes.touched == ["one.txt"] and corpus.changes.derived == 0
    assert open_corpus([corpus_dir], rules()).changes.touched == []


def test_a_changed_boilerplate_rule_cleans_every_file_again(corpus_dir: Path):
    make(corpus_dir, {"one.txt": "One\n\nFirst text.\nSECRET FOOTER\n"})
    open_corpus([corpus_dir], rules())
    rule = load_rules(_rule_file(corpus_dir.parent))
    corpus = assert_same_as_fresh([corpus_dir], rules() + rule)
    assert corpus.changes.derived == 3
    assert "SECRET" not in corpus.get("one").clean_text()


def _rule_file(folder: Path) -> Path:
    path = folder / "rules.yaml"
    path.write_text("rules:\n  - name: footer\n    scope: line\n    pattern: 'SECRET FOOTER'\n",
                    encoding="utf-8")
    return path


def test_a_new_reader_for_one_format_derives_only_that_format(corpus_dir: Path, monkeypatch):
    from tuiread.corpus import loader

    make(corpus_dir, {"page.html": "<html><body><h1>Page</h1><p>Some text.</p></body></html>"})
    open_corpus([corpus_dir], rules())
    bumped = {**loader.PARSER_VERSIONS, "html": loader.PARSER_VERSIONS["html"] + 1}
    monkeypatch.setattr(loader, "PARSER_VERSIONS", bumped)
    monkeypatch.setattr("tuiread.corpus.derive.PARSER_VERSIONS", bumped)
    corpus = assert_same_as_fresh([corpus_dir])
    assert corpus.changes.derived == 1 and corpus.changes.changed == ["page.html"]
    assert open_corpus([corpus_dir], rules()).changes.derived == 0


def test_another_store_version_is_rebuilt_with_a_notice(corpus_dir: Path):
    with sqlite3.connect(store_file([corpus_dir])) as db:
        db.execute(f"PRAGMA user_version = {STORE_VERSION + 1}")
    corpus = assert_same_as_fresh([corpus_dir])
    assert "another version" in corpus.notices[0] and corpus.changes.derived == 3
    assert open_corpus([corpus_dir], rules()).notices == []


def test_a_damaged_store_is_rebuilt_with_a_notice(corpus_dir: Path):
    path = store_file([corpus_dir])
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    corpus = assert_same_as_fresh([corpus_dir])
    assert "damaged" in corpus.notices[0] and "rebuilt" in corpus.notices[0]


def test_a_damaged_store_from_the_command_line_exits_0(corpus_dir: Path):
    path = store_file([corpus_dir])
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"\0garbage" * 512)
    result = subprocess.run([sys.executable, "-m", "tuiread", "list", str(corpus_dir)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "corpus store" in result.stderr and "rebuilt" in result.stderr
    assert "Second text" not in result.stdout and "two" in result.stdout


def test_a_damaged_page_past_the_first_is_rebuilt(corpus_dir: Path):
    path = store_file([corpus_dir])
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : len(data)] = b"\xff" * (len(data) - page)  # every page after the header page
    path.write_bytes(bytes(data))
    corpus = assert_same_as_fresh([corpus_dir])
    assert any("damaged" in n for n in corpus.notices)


def test_a_file_changed_after_opening_shows_its_new_text(corpus_dir: Path):
    corpus = open_corpus([corpus_dir], rules())
    (corpus_dir / "two.txt").write_text("Two\n\nReplaced since the corpus was opened.\n", "utf-8")
    article = corpus.get("two")
    assert "Replaced since" in article.clean_text()
    assert article.sentences[-1].end <= len(article.text)
    assert any("changed since" in note for note in article.notes)


def test_two_processes_opening_one_corpus_at_once(tmp_path: Path):
    root = tmp_path / "big"
    make(root, {f"f{i:03}.txt": f"Title {i}\n\nText number {i}. More words.\n"
                for i in range(120)})
    code = ("import sys; from pathlib import Path; from tuiread.config import boilerplate_files;"
            "from tuiread.corpus import load_rules; from tuiread.corpus.corpus import open_corpus;"
            "c = open_corpus([Path(sys.argv[1])], load_rules(*boilerplate_files()));"
            "print(len(c.articles), c.changes.derived)")
    runs = [subprocess.Popen([sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    counts = sorted(tuple(map(int, out.split())) for out, _ in outputs)
    # Both see the whole corpus; the files were cleaned once between them.
    assert [c[0] for c in counts] == [120, 120]
    assert sum(c[1] for c in counts) == 120
    assert_same_as_fresh([root])


def test_the_ids_of_a_few_files_or_many_are_those_of_their_articles(tmp_path: Path):
    """``ids_of_files`` (a search of the record's paths for a few files) gives what a pass
    over every article gives: a multi-article file, an unreadable one, one not in the record."""
    from tuiread.corpus import rows as rows_module

    root = tmp_path / "corpus"
    for number in range(30):
        write_file(root / f"f{number:02}.txt", f"f{number:02}.txt",
                   f"Title {number}\n\nBody {number}.\n")
    write_file(root / "feed.jsonl", "feed.jsonl", "First one\n\nSecond one\n\nThird one\n")
    (root / "empty.txt").write_bytes(b"")
    articles = open_corpus([root], rules()).articles
    by_file: dict[str, list[str]] = {}
    for article in articles:
        by_file.setdefault(article.path.relative_to(root).as_posix(), []).append(article.id)
    assert len(by_file["feed.jsonl"]) == 3

    def expected(rels: set[str]) -> list[str]:
        return [a.id for a in articles if a.path.relative_to(root).as_posix() in rels]

    few = {"f03.txt", "feed.jsonl", "f27.txt", "empty.txt", "gone.txt"}
    assert len(few) <= rows_module.FEW_FILES
    assert articles.ids_of_files(few) == expected(few)
    many = {f"f{n:02}.txt" for n in range(0, 30, 1)} | {"feed.jsonl"}
    assert len(many) > rows_module.FEW_FILES
    assert articles.ids_of_files(many) == expected(many)
    assert articles.ids_of_files(set()) == []
