"""ARTICLE as people type it: the shown file name, a relative path with suffix, any case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiread.cli import main
from tuiread.corpus.resolve import resolve_ref

ROOT = Path("/corpus")
ARTICLES = [
    ("business/001", ROOT / "business/001.txt"),
    ("tech/001", ROOT / "tech/001.txt"),
    ("tech/002", ROOT / "tech/002.txt"),
    ("README", ROOT / "README.TXT"),
    ("000_9a61a9004f7d98d1", ROOT / "000_9a61a9004f7d98d1.txt"),
    ("feed#1", ROOT / "feed.jsonl"),
    ("feed#2", ROOT / "feed.jsonl"),
]


def ids(ref: str, cwd: Path = Path("/elsewhere")) -> list[str]:
    return [ARTICLES[i][0] for i in resolve_ref(ref, ARTICLES, cwd=cwd)]


@pytest.mark.parametrize("ref, expected", [
    ("tech/001", ["tech/001"]),
    ("000_9a61a9004f7d98d1.txt", ["000_9a61a9004f7d98d1"]),  # the name the reader shows
    ("000_9A61", ["000_9a61a9004f7d98d1"]),  # a prefix, any case
    ("tech/001.txt", ["tech/001"]),  # corpus-relative with its suffix, from anywhere
    ("TECH/001.TXT", ["tech/001"]),
    ("readme", ["README"]),
    ("README.TXT", ["README"]),
    ("/corpus/tech/002.txt", ["tech/002"]),  # the file's own path
    ("feed.jsonl#2", ["feed#2"]),
    ("feed#1", ["feed#1"]),
])
def test_one_article_is_found(ref, expected):
    assert ids(ref) == expected


@pytest.mark.parametrize("ref, expected", [
    ("001", ["business/001", "tech/001"]),  # a bare name shared by folders lists them
    ("001.txt", ["business/001", "tech/001"]),
    ("tech/00", ["tech/001", "tech/002"]),
    ("feed", ["feed#1", "feed#2"]),
])
def test_an_ambiguous_name_lists_its_candidates(ref, expected):
    assert ids(ref) == expected


def test_an_exact_id_wins_over_a_longer_one_it_prefixes():
    articles = [("a", ROOT / "a.txt"), ("ab", ROOT / "ab.txt")]
    assert resolve_ref("a", articles) == [0]


@pytest.mark.parametrize("ref", ["nothing", "", "tech/003.txt"])
def test_nothing_matches(ref):
    assert ids(ref) == []


def test_a_relative_path_from_the_working_folder():
    assert ids("tech/002.txt", cwd=ROOT) == ["tech/002"]
    assert ids("../tech/002.txt", cwd=ROOT / "business") == ["tech/002"]


def test_show_accepts_the_shown_file_name(capsys, seeds_dir):
    assert main(["show", "000_9a61a9004f7d98d1.txt", str(seeds_dir)]) == 0
    assert capsys.readouterr().out.startswith("Trump Says He's Arranging")


def test_show_lists_the_candidates_of_an_ambiguous_name(capsys, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(f"Title {folder}\n\nBody text here.\n")
    assert main(["show", "001.txt", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "tuiread: '001.txt' is ambiguous: it matches a/001, b/001\n"


def test_a_typo_gets_a_suggestion(capsys, seeds_dir):
    assert main(["show", "004_24d75e40b4cbd964", str(seeds_dir)]) == 2
    assert "(did you mean 004_24d75e40b4cbd946?)" in capsys.readouterr().err


def test_close_ids_suggest_nothing_unrelated():
    from tuiread.corpus.resolve import close_ids

    assert close_ids("tech/01", ["tech/001", "sport/441"]) == ["tech/001"]
    assert close_ids("zzzz", ["tech/001", "sport/441"]) == []
