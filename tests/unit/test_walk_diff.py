"""What changed in the corpus, told from two of find's outputs compared as bytes, is what two full
walks tell: for edits, touches, adds, removes, renames, moves between folders, new and excluded
folders, hidden files and odd names; and the search index checked that way plans exactly what
the full check plans."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tuiread.cli import main
from tuiread.corpus.walk import DEFAULT_EXCLUDE, walk_corpus
from tuiread.corpus.walk_diff import (
    changed_entries,
    entries_at,
    entries_in,
    path_bytes,
    subset_walk,
)
from tuiread.corpus.walk_find import FindWalk, parse
from tuiread.search.walk_found import KEPT_FILE, FoundFiles

from .test_walk_find import _gnu_find

pytestmark = pytest.mark.skipif(not _gnu_find(), reason="GNU find is not installed")

EXCLUDE = (*DEFAULT_EXCLUDE, "drafts", "*.bak", "b/skip/*")


def _tree(root: Path) -> Path:
    files = {
        "a.txt": "A", "a.md": "A as markdown", "a.b/x.txt": "in a folder named like a file",
        "b/keep.txt": "kept", "b/old.bak": "excluded by pattern", "b/skip/s.txt": "by path",
        "c/one.txt": "one", "c/two.txt": "two", "c/deep/three.txt": "three",
        "drafts/d.txt": "in an excluded folder", "notes.pdf": "other type",
        "ünï/ça.txt": "unicode", "sp ace/new\nline.txt": "odd names", "12": "digits only",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / os.fsdecode(b"caf\xe9.txt")).write_text("not UTF-8")
    for number, path in enumerate(sorted(root.rglob("*"))):
        if path.is_file():
            os.utime(path, ns=(1, 1_733_000_000 * 10**9 + number * 123_456_789))
    return root


def _output(root: Path, exclude=EXCLUDE) -> bytes:
    run = FindWalk.start(root, exclude)
    assert run is not None
    found = run.output()
    assert found is not None
    return found.raw


def _rewrite(path: Path, text: str) -> None:
    path.unlink()
    path.write_text(text, "utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "edit": lambda r: _rewrite(r / "c" / "one.txt", "one, longer now"),
    "touch": lambda r: os.utime(r / "c" / "two.txt", ns=(1, 5 * 10**18)),
    "add": lambda r: (r / "c" / "new.txt").write_text("new"),
    "remove": lambda r: (r / "c" / "two.txt").unlink(),
    "rename": lambda r: (r / "c" / "one.txt").rename(r / "c" / "uno.txt"),
    "move between folders": lambda r: (r / "c" / "one.txt").rename(r / "b" / "one.txt"),
    "folder renamed": lambda r: (r / "c").rename(r / "see"),
    "folder removed": lambda r: shutil.rmtree(r / "c"),
    "new folder": lambda r: (r / "e" / "f").mkdir(parents=True) or (
        r / "e" / "f" / "g.txt").write_text("g"),
    "new excluded folder": lambda r: (r / "drafts" / "more").mkdir() or (
        r / "drafts" / "more" / "m.txt").write_text("m"),
    "file excluded by name": lambda r: (r / "c" / "older.bak").write_text("x"),
    "hidden": lambda r: (r / "c" / ".hidden.txt").write_text("h"),
    "other type": lambda r: (r / "c" / "picture.png").write_bytes(b"\x89PNG"),
    "not UTF-8": lambda r: (r / os.fsdecode(b"c/na\xefve.txt")).write_text("naive"),
    "a file becomes a folder": lambda r: (r / "c" / "two.txt").unlink() or (
        r / "c" / "two.txt").mkdir() or (r / "c" / "two.txt" / "in.txt").write_text("in"),
    "several at once": lambda r: (_rewrite(r / "a.txt", "AA"), (r / "a.md").unlink(),
                                  (r / "b" / "n.txt").write_text("n")),
}


def _changes(old_files, new_files) -> tuple[list, list, list]:
    """(added, changed, removed) between two lists of files, the first two in walk order."""
    old = {item.rel: item for item in old_files}
    new = {item.rel: item for item in new_files}
    added = [item for item in new_files if item.rel not in old]
    changed = [item for item in new_files if item.rel in old and item != old[item.rel]]
    return added, changed, sorted(rel for rel in old if rel not in new)


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("exclude", [EXCLUDE, ()])
def test_the_change_list_from_the_diff_is_the_full_walks(tmp_path: Path, edit: str, exclude):
    root = _tree(tmp_path / "corpus")
    before_raw = _output(root, exclude)
    before = walk_corpus([root], exclude).files
    EDITS[edit](root)
    after_raw = _output(root, exclude)
    after = walk_corpus([root], exclude).files
    change = changed_entries(before_raw, after_raw)
    assert change is not None
    old_part = subset_walk(change.gone, root, exclude)
    new_part = subset_walk(change.new, root, exclude)
    assert old_part is not None and new_part is not None
    # The files among the differing entries are the full walks' files that differ, in order.
    assert _changes(old_part.files, new_part.files) == _changes(before, after)
    assert set(old_part.files) <= set(before) and set(new_part.files) <= set(after)
    listed = set(new_part.files)
    assert new_part.files == [item for item in after if item in listed]


def _differ(old: bytes, new: bytes):
    change = changed_entries(old, new)
    return None if change is None else (change.gone, change.new, change.in_place)


def test_entries_differ_only_where_the_output_does(tmp_path: Path):
    root = _tree(tmp_path / "corpus")
    raw = _output(root)
    assert _differ(raw, raw) == ([], [], {})
    fields = raw.split(b"\0")
    entries = [b"\0".join(fields[n:n + 4]) for n in range(0, len(fields) - 1, 4)]
    for cut in (0, 1, len(entries) // 2, len(entries) - 1):
        shorter = b"".join(e + b"\0" for n, e in enumerate(entries) if n != cut)
        assert _differ(raw, shorter) == ([entries[cut]], [], None)
        assert _differ(shorter, raw) == ([], [entries[cut]], None)
        # The same entry with another size: in place, at its number.
        kind, path, _, mtime = entries[cut].split(b"\0")
        resized = b"\0".join([kind, path, b"123456", mtime])
        other = b"".join((resized if n == cut else e) + b"\0" for n, e in enumerate(entries))
        assert _differ(raw, other) == ([entries[cut]], [resized], {cut: resized})
    moved = b"".join(e + b"\0" for e in [*entries[1:], entries[0]])
    assert _differ(raw, moved) == ([], [], None)  # (the same entries in another order)
    assert changed_entries(raw, raw[:-1]) is None  # not whole entries


def test_the_corpus_walk_recalled_from_a_change_in_place_is_the_full_walk(tmp_path: Path):
    from tuiread.corpus import walk_memo
    from tuiread.corpus.walk_find import FindOutput

    root = _tree(tmp_path / "corpus")
    (root / os.fsdecode(b"caf\xe9.txt")).unlink()  # (a path the record shows escaped: no memo)
    before = _found(root)
    walked = parse(before.raw, root, EXCLUDE, before)
    walked.digest, walked.shape = before.digest, before.shape
    memo = tmp_path / "store.walk"
    walk_memo.remember(memo, walked, "state-1")

    class Record:  # (the corpus record of the walk's files, as the store keeps it)
        rels, sizes, mtimes = (walked.column(name) for name in ("rel", "size", "mtime_ns"))

    _rewrite(root / "c" / "one.txt", "one, longer now")
    os.utime(root / "c" / "two.txt", ns=(1, 5 * 10**18))
    after = FindOutput(_found(root).raw, root, EXCLUDE)
    change = changed_entries(before.raw, after.raw)
    assert change is not None and change.in_place is not None
    after.change = (before.digest, change.in_place)
    again = walk_memo.recall(memo, after, "state-1", root, Record)
    assert again is not None
    assert again.columns() == walk_corpus([root], EXCLUDE).columns()
    assert after._fields is None  # (the output was not split: the change said it all)
    assert after.shape == before.shape


def test_a_path_is_found_only_at_its_place_in_the_output(tmp_path: Path):
    root = _tree(tmp_path / "corpus")
    raw = _output(root)
    fields = raw.split(b"\0")
    # "12" is a file's name and may be some entry's size too: only the file's entry is found.
    found = entries_at(fields, [b"12"])
    assert [entry.split(b"\0")[1] for entry in found] == [b"12"]
    assert entries_at(fields, [b"c/none.txt"]) == []
    siblings = {entry.split(b"\0")[1] for entry in entries_at(fields, [b"a"], siblings=True)}
    assert {b"a.txt", b"a.md"} <= siblings  # (and a.b, which no id base of "a" is)
    for paths, siblings in (([b"12"], False), ([b"a", b"c/one"], True), ([b"12", b"a.md"], False),
                            ([b"c"], True), ([b"nowhere"], True)):
        assert entries_in(raw, paths, siblings) == entries_at(fields, paths, siblings)
    assert path_bytes("ünï/ça.txt") == "ünï/ça.txt".encode()
    assert path_bytes("caf\\xe9.txt") is None  # escaped: told from the files instead
    walked = parse(raw, root, EXCLUDE)
    files = FoundFiles(_found(root), lambda: walked, 0)
    assert files.located(["a.txt", "drafts/d.txt", "c/none.txt"]) == {
        "a.txt": str(root / "a.txt"), "drafts/d.txt": None, "c/none.txt": None}
    assert [item.rel for item in files.sharing({"a"})] == ["a.md", "a.txt"]
    assert not files.made


def _found(root: Path, exclude=EXCLUDE):
    run = FindWalk.start(root, exclude)
    assert run is not None
    return run.output()


def _plans(root: Path, diffed: bool | None = None) -> tuple[tuple, tuple]:
    """The plan of the index check from find's output, and that of the full check
    (``diffed``: whether the first is to be told without the walk made)."""
    from tuiread.commands.common import command_workspace
    from tuiread.search import SearchIndex

    workspace = command_workspace([str(root)], walk=True)
    try:
        assert workspace._ahead is not None and workspace._ahead._find is not None
        told = workspace.open_search_index().plan
        assert isinstance(told.files, FoundFiles)
        assert diffed is None or told.files.made is not diffed
        full = SearchIndex.open([root], workspace.rules).plan
    finally:
        workspace.close()

    def summary(plan):
        return (plan.added, plan.suspect, plan.removed, plan.unchanged)

    return summary(told), summary(full)


@pytest.mark.parametrize("edit", ["edit", "touch", "rename", "move between folders",
                                  "a file becomes a folder", "several at once"])
def test_the_index_plans_from_finds_output_what_the_full_check_plans(tmp_path: Path, capsys,
                                                                      edit: str):
    root = _tree(tmp_path / "corpus")
    assert main(["index", str(root)]) == 0  # (the corpus record: find walks from now on)
    assert main(["index", "--no-entities", str(root)]) == 0  # (the output it matched is kept)
    kept = next((Path(os.environ["TUIREAD_HOME"]) / "cache").rglob(KEPT_FILE))
    told, full = _plans(root, diffed=True)
    assert told == full and told[3] > 0 and not any(told[:3])
    EDITS[edit](root)
    told, full = _plans(root, diffed=True)
    assert told == full and any(told[:3])
    assert kept.is_file()
    capsys.readouterr()
    assert main(["index", "--no-entities", str(root)]) == 0
    report = capsys.readouterr().out
    told, full = _plans(root, diffed=True)  # (the output the update matched is kept)
    assert told == full and not any(told[:3]), report


def test_a_damaged_kept_output_is_not_trusted(tmp_path: Path, capsys):
    root = _tree(tmp_path / "corpus")
    assert main(["index", str(root)]) == 0
    assert main(["index", "--no-entities", str(root)]) == 0
    kept = next((Path(os.environ["TUIREAD_HOME"]) / "cache").rglob(KEPT_FILE))
    data = kept.read_bytes()
    # Another file's entry in place of one: it still splits into entries, but is not the
    # output the manifest matched.
    kept.write_bytes(data.replace(b"c/two.txt", b"c/zwo.txt"))
    EDITS["edit"](root)
    told, full = _plans(root, diffed=False)
    assert told == full and told[1]
    kept.write_bytes(b"damaged")
    told, full = _plans(root, diffed=False)
    assert told == full
    kept.unlink()
    told, full = _plans(root, diffed=False)
    assert told == full
    capsys.readouterr()
    assert main(["index", str(root)]) == 0
    assert "1 updated" in capsys.readouterr().out


def test_a_linked_files_change_is_seen_though_finds_output_is_the_same(tmp_path: Path, capsys):
    # find prints the link's own stat, the walk lists the file by its target's: a corpus with
    # a link is walked in full every time, and no output of it is recorded as matched.
    root = _tree(tmp_path / "corpus")
    outside = tmp_path / "outside.txt"
    outside.write_text("the linked file")
    (root / "c" / "link.txt").symlink_to(outside)
    assert main(["index", str(root)]) == 0
    assert main(["index", "--no-entities", str(root)]) == 0
    assert not list((Path(os.environ["TUIREAD_HOME"]) / "cache").rglob(KEPT_FILE))
    outside.write_text("the linked file, changed and longer")
    capsys.readouterr()
    assert main(["index", "--no-entities", str(root)]) == 0
    assert "1 updated" in capsys.readouterr().out
