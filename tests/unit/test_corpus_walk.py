"""The corpus walk: special files never opened, bad links and names reported, excludes applied."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.corpus import open_corpus
from tuiread.corpus.walk import Excluder, walk_corpus


def good(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text("Good\n\nA readable article.\n", encoding="utf-8")


def test_a_fifo_and_a_socket_are_skipped_without_being_opened(tmp_path: Path):
    good(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock.txt"))
        walked = walk_corpus([tmp_path])
        # A read of the FIFO would block this test forever.
        corpus = open_corpus([tmp_path], load_rules(*boilerplate_files()))
    assert [f.rel for f in walked.files] == ["good.txt"]
    assert walked.special == 2
    assert any("2 special files" in n for n in walked.notices())
    assert [a.id for a in corpus.articles] == ["good"]


def test_a_device_given_as_a_root_is_skipped(tmp_path: Path):
    walked = walk_corpus([Path("/dev/null")])
    assert walked.files == []


def test_symlink_loops_and_dangling_links_are_reported(tmp_path: Path):
    good(tmp_path)
    os.symlink(tmp_path / "loop2.txt", tmp_path / "loop1.txt")
    os.symlink(tmp_path / "loop1.txt", tmp_path / "loop2.txt")
    os.symlink(tmp_path / "selfdir", tmp_path / "selfdir")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    walked = walk_corpus([tmp_path])
    assert [f.rel for f in walked.files] == ["good.txt"]
    messages = {Path(p.path).name: p.message for p in walked.problems}
    assert set(messages) == {"loop1.txt", "loop2.txt", "selfdir", "dangling.txt"}
    assert "does not exist" in messages["dangling.txt"]


def test_a_file_name_that_is_not_utf8(tmp_path: Path):
    good(tmp_path)
    name = os.fsdecode(b"bad\xff\xfename.txt")
    (tmp_path / name).write_text("Bad bytes name\n\nA file whose name is not UTF-8.\n", "utf-8")
    corpus = open_corpus([tmp_path], load_rules(*boilerplate_files()))
    ids = [a.id for a in corpus.articles]
    assert ids == ["bad\\xff\\xfename", "good"]
    assert all(i.encode("utf-8") for i in ids)
    assert "not UTF-8" in corpus.get("bad\\xff\\xfename").clean_text()
    result = subprocess.run([sys.executable, "-m", "tuiread", "list", "--json", str(tmp_path)],
                            capture_output=True, timeout=60,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    assert result.returncode == 0, result.stderr
    assert b"bad\\\\xff\\\\xfename" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable folders")
def test_an_unreadable_folder_is_reported(tmp_path: Path):
    good(tmp_path)
    (tmp_path / "sub").mkdir()
    good(tmp_path / "sub")
    (tmp_path / "sub").chmod(0)
    try:
        walked = walk_corpus([tmp_path])
    finally:
        (tmp_path / "sub").chmod(0o755)
    assert [f.rel for f in walked.files] == ["good.txt"]
    assert "cannot read folder" in walked.problems[0].message


def test_an_unreadable_folder_is_reported_even_as_root(tmp_path: Path, monkeypatch):
    good(tmp_path)
    good(tmp_path / "sub")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    walked = walk_corpus([tmp_path])
    assert [f.rel for f in walked.files] == ["good.txt"]
    assert str(walked.problems[0]).endswith("sub: skipped: cannot read folder (Permission denied)")


def test_data_set_notes_are_excluded_by_default(tmp_path: Path):
    good(tmp_path)
    for name in ("README.TXT", "SOURCE.txt", "readme.md", "LICENSE"):
        (tmp_path / name).write_text("Notes about the data set.\n", encoding="utf-8")
    walked = walk_corpus([tmp_path])
    assert [f.rel for f in walked.files] == ["good.txt"]
    assert walked.excluded == 4
    assert [f.rel for f in walk_corpus([tmp_path], exclude=[]).files] == [
        "README.TXT", "SOURCE.txt", "good.txt", "readme.md"]


def test_exclude_patterns_match_names_or_paths():
    excluded = Excluder(["*.draft.txt", "notes/*", "TMP"])
    assert excluded("x.DRAFT.txt", "a/x.DRAFT.txt")
    assert excluded("n.txt", "notes/n.txt")
    assert not excluded("n.txt", "a/notes/n.txt")
    assert excluded("tmp", "a/tmp")
    assert not excluded("story.txt", "story.txt")


@pytest.mark.parametrize("patterns", [["README", "README.*", "LICENSE"], ["Ünïcode*", "x"],
                                      ["*.bak", "notes"], ["[ab]*", "z?"], ["e"]])
def test_the_walk_excludes_what_the_patterns_match_and_nothing_else(tmp_path: Path, patterns):
    # The walk skips the match of names no pattern can start like: the names it then lists
    # must be exactly those the patterns do not match.
    names = ["README.md", "readme", "Readme.txt", "LICENSE.txt", "license", "ünïcode.txt",
             "ÜNÏCODE2.txt", "x.txt", "X", "a.txt", "B.md", "c.txt", "notes", "z1", "Z2",
             "old.bak", "e", "E", "é.txt", "İx.txt", "story.txt"]
    for name in names:
        (tmp_path / name).write_text("A title\n\nSome text.\n", encoding="utf-8")
    excluded = Excluder(patterns)
    walked = walk_corpus([tmp_path], exclude=patterns)
    kept = sorted(n for n in names if not excluded(n, n)
                  and Path(n).suffix.lower() in (".md", ".txt"))
    assert sorted(f.rel for f in walked.files) == kept
    assert walked.excluded == sum(1 for n in names if excluded(n, n))


def test_exclude_comes_from_the_config(tmp_path: Path, isolated_home: Path):
    good(tmp_path)
    (tmp_path / "skip-me.txt").write_text("Skip\n\nNot an article.\n", encoding="utf-8")
    config = isolated_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("corpus:\n  exclude: ['skip-*']\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tuiread", "list", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "good" in result.stdout and "skip-me" not in result.stdout


def test_a_file_reached_twice_is_listed_once_where_first_reached(tmp_path: Path):
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / "b" / "real.txt").write_text("Real\n\nThe file itself.\n")
    (root / "a.txt").symlink_to(root / "b" / "real.txt")  # reached first, by its link
    (root / "b" / "z.txt").symlink_to(root / "b" / "real.txt")  # a second link: dropped
    (root / "b" / "own.txt").write_text("Own\n\nA file of its own.\n")
    assert [f.rel for f in walk_corpus([root]).files] == ["a.txt", "b/own.txt"]
    # Overlapping roots: the inner folder's files are listed under the first root only.
    walked = walk_corpus([root, root / "b"])
    assert [f.rel for f in walked.files] == ["corpus/a.txt", "corpus/b/own.txt"]
    assert [f.rel for f in walk_corpus([root / "b", root]).files] == ["b/own.txt", "b/real.txt"]
