"""The corpus rows tell an article's file, store key and content key from its position, and the
articles of edited files, without making every article: the same answers as the articles."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.corpus import open_corpus
from tuiread.corpus.rows import ArticleRows


def _records(*bodies: str) -> str:
    return "".join(json.dumps({"title": b.split()[0], "body": b}) + "\n" for b in bodies)


def _write(root: Path) -> None:
    files = {
        "a.txt": "Alpha\n\nThe first text.\n",
        "b.jsonl": _records("Beta one text.", "Beta two text.", "Beta three text."),
        "c.txt": "Gamma\n\nThe third text.\n",
        "d.jsonl": _records("Delta one.", "Delta two."),
        "e.txt": "Epsilon\n\nThe last text.\n",
    }
    for rel, text in files.items():
        (root / rel).write_text(text, "utf-8")


def _rows(root: Path) -> ArticleRows:
    rules = load_rules(*boilerplate_files())
    corpus = open_corpus([root], rules)
    assert isinstance(corpus.articles, ArticleRows)
    return corpus.articles


def _check_positions(rows: ArticleRows) -> None:
    articles = list(rows)  # (made here to compare with: the rows' answers come first)
    for position, article in enumerate(articles):
        assert rows.key_at(position) == (article.rel, article.record)
        assert rows.derived_key_at(position) == article.derived_key


def test_files_with_several_articles_are_told_by_position(tmp_path: Path):
    _write(tmp_path)
    _rows(tmp_path)
    rows = _rows(tmp_path)
    assert len(rows) == 8 and rows.file_count == 5
    _check_positions(rows)
    positions = {rows.file_of(p) for p in range(len(rows))}
    assert positions == set(range(5))


def test_one_article_per_file_is_told_without_a_table(tmp_path: Path):
    for number in range(4):
        (tmp_path / f"{number}.txt").write_text(f"Title {number}\n\nText {number}.\n", "utf-8")
    _rows(tmp_path)
    rows = _rows(tmp_path)
    assert [rows.file_of(p) for p in range(4)] == [0, 1, 2, 3]
    _check_positions(rows)


def test_the_articles_of_edited_files(tmp_path: Path):
    _write(tmp_path)
    _rows(tmp_path)
    # Files after those of several articles: their articles' positions are not their numbers.
    (tmp_path / "c.txt").write_text("Gamma\n\nThe third text, edited.\n", "utf-8")
    (tmp_path / "e.txt").write_text("Epsilon\n\nThe last text, edited.\n", "utf-8")
    for rel in ("c.txt", "e.txt"):
        os.utime(tmp_path / rel, ns=(1, 2 * 10**18))  # a new mtime for sure
    rows = _rows(tmp_path)
    assert rows.store.patched is not None  # (edited in place: the record patched)
    _check_positions(rows)
    articles = list(rows)
    for edited in ({"c.txt", "e.txt"}, {"e.txt"}, {"a.txt"}, {"b.jsonl", "c.txt"}):
        assert set(rows.ids_of_files(edited)) == {a.id for a in articles if a.rel in edited}
