"""The walk dealt out in parts: merged, the parts are the whole walk exactly (files, order,
counts, notices, problems, missing roots), on the seeds and on generated trees with links,
hidden and excluded names, several roots and a single folder of files."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tuiread.corpus.walk import walk_corpus
from tuiread.corpus.walk_ahead import decode_part, encode_part
from tuiread.corpus.walk_split import FOLDERS_TO_DEAL, SplitMismatch, merge, walk_part

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = (".txt", ".txt", ".txt", ".html", ".json", ".pdf", ".PDF", "", ".md", ".csv")
EXCLUDE = ("README", "README.*", "drafts", "*/skip/*")


def _same(merged, whole) -> None:
    assert merged.files == whole.files
    assert list(merged.skipped.items()) == list(whole.skipped.items())  # (notices' order)
    assert merged.notices() == whole.notices()
    assert (merged.special, merged.excluded) == (whole.special, whole.excluded)
    assert merged.missing == whole.missing
    assert [str(p) for p in merged.problems] == [str(p) for p in whole.problems]


def _split(roots, exclude=EXCLUDE, parts=2, through_pipe=False):
    found = [walk_part(roots, exclude, part, parts) for part in range(parts)]
    if through_pipe:
        found = [decode_part(encode_part(p)) for p in found]
    return merge(found, [Path(r) for r in roots])


def _tree(root: Path, rng: random.Random, depth: int = 0) -> list[Path]:
    """A random folder: files of every kind, hidden and excluded names, sub-folders."""
    root.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(rng.randrange(0, 7)):
        name = f"{rng.choice('abcxyz')}{number}{rng.choice(SUFFIXES)}"
        (root / name).write_text(f"Title {name}\n\nSome text about {name}.\n")
        made.append(root / name)
    for name in rng.sample(("README.txt", ".hidden.txt", "notes.txt.bak"), 2):
        (root / name).write_text("not an article")
    if rng.random() < 0.3:
        (root / ".git").mkdir(exist_ok=True)
        (root / ".git" / "x.txt").write_text("hidden folder")
    if depth < 3:
        width = rng.choice((0, 1, 2, 3) + ((FOLDERS_TO_DEAL + 1,) if depth < 2 else ()))
        for number in range(width):
            name = rng.choice(("part", "drafts", "skip", "Folder")) + str(number)
            if name.startswith(("drafts", "skip")):
                name = name.rstrip("0123456789")
            made += _tree(root / name, rng, depth + 1)
    return made


def _links(root: Path, files: list[Path], rng: random.Random) -> None:
    """Links to files elsewhere in the tree (listed once), a folder link (not followed), a
    dangling link and a loop (reported)."""
    folders = [p for p in root.rglob("*") if p.is_dir()] or [root]
    for number, target in enumerate(rng.sample(files, min(4, len(files)))):
        place = rng.choice(folders) / f"link{number}.txt"
        if not place.exists():
            place.symlink_to(target)
    (rng.choice(folders) / "folder-link").symlink_to(rng.choice(folders))
    (rng.choice(folders) / "dangling.txt").symlink_to(root / "nowhere.txt")
    loop = rng.choice(folders) / "loop.txt"
    loop.symlink_to(loop)


def test_the_seeds_split_are_the_seeds():
    for parts in (2, 3):
        _same(_split([ROOT / "seeds"], parts=parts), walk_corpus([ROOT / "seeds"], EXCLUDE))


@pytest.mark.parametrize("seed", range(12))
def test_a_generated_tree_split_is_the_whole_walk(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    files = _tree(tmp_path / "one", rng) + _tree(tmp_path / "two", rng)
    if files and seed % 2:
        _links(tmp_path / "one", files, rng)
    if seed % 3 == 0:
        os.mkfifo(tmp_path / "one" / "pipe.txt")
    (tmp_path / "single.txt").write_text("Single\n\nA file given as a root.\n")
    for roots in ([tmp_path / "one"], [tmp_path / "one", tmp_path / "two"],
                  [tmp_path / "one", tmp_path / "gone", tmp_path / "single.txt"],
                  [tmp_path, tmp_path / "one"]):  # (a root inside another: listed once)
        whole = walk_corpus(roots, EXCLUDE)
        for parts in (2, 3):
            _same(_split(roots, parts=parts, through_pipe=parts == 2), whole)


def test_a_single_folder_of_files_is_cut_in_slices(tmp_path: Path):
    for number in range(40):
        (tmp_path / f"{number:03}.txt").write_text(f"Article {number}\n\nText.\n")
    (tmp_path / "README").write_text("notes")
    parts = [walk_part([tmp_path], EXCLUDE, part, 2) for part in range(2)]
    shares = [sum(len(s.walk.files) for s in p.segments) for p in parts]
    assert shares == [20, 20]
    _same(merge(parts, [tmp_path]), walk_corpus([tmp_path], EXCLUDE))


def test_many_folders_are_dealt_whole_and_evenly(tmp_path: Path):
    for folder in range(10):
        for number in range(5):
            (tmp_path / f"f{folder}").mkdir(exist_ok=True)
            (tmp_path / f"f{folder}" / f"{number}.txt").write_text("A\n\nText.\n")
    parts = [walk_part([tmp_path], (), part, 2) for part in range(2)]
    assert [sum(len(s.walk.files) for s in p.segments) for p in parts] == [25, 25]
    _same(merge(parts, [tmp_path]), walk_corpus([tmp_path], ()))


def test_an_unreadable_folder_is_reported_once(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    for name in ("a", "b", "a/inner"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text("X\n\nText.\n")
    (tmp_path / "a" / "inner").chmod(0)
    try:
        whole = walk_corpus([tmp_path])
        assert whole.problems
        _same(_split([tmp_path]), whole)
    finally:
        (tmp_path / "a" / "inner").chmod(0o755)


def test_parts_of_different_trees_do_not_merge(tmp_path: Path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text("X\n\nText.\n")
    first = walk_part([tmp_path], (), 0, 2)
    (tmp_path / "c").mkdir()  # a folder made while the other part walks
    second = walk_part([tmp_path], (), 1, 2)
    with pytest.raises(SplitMismatch):
        merge([first, second], [tmp_path])
    with pytest.raises(SplitMismatch):
        merge([first, first], [tmp_path])  # (one part twice: not the whole walk)
