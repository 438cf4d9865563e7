"""The walk by GNU find is exactly the Python walk (order, counts, odd names, nanoseconds), falls
back to it for what it does not handle, and an unchanged corpus is recognised from find's output
alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from tuiread.cli import main
from tuiread.corpus import walk_find, walk_memo
from tuiread.corpus.walk import DEFAULT_EXCLUDE, walk_corpus
from tuiread.corpus.walk_ahead import WalkAhead
from tuiread.corpus.walk_find import FindWalk, parse
from tuiread.locations import cache_dir


def _gnu_find() -> bool:
    program = shutil.which("find")
    if program is None:
        return False
    done = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return "GNU findutils" in done.stdout


pytestmark = pytest.mark.skipif(not _gnu_find(), reason="GNU find is not installed")

EXCLUDE = (*DEFAULT_EXCLUDE, "drafts", "*.bak", "b/skip/*", "Ünï*")


def _odd_tree(root: Path) -> Path:
    """Everything a walk decides about, without a link (see ``test_a_link_...``)."""
    files = {
        "a.txt": "A", "a-b.txt": "A-B", "ab/x.txt": "in ab", "a/z.txt": "in a", "a/b/y.md": "deep",
        "A.TXT": "upper suffix", "noext": "no suffix", "trailing.": "dot at the end",
        ".hidden.txt": "hidden", ".git/config.txt": "hidden folder", "notes.pdf": "other type",
        "README.txt": "excluded by name", "drafts/d.txt": "in an excluded folder",
        "drafts/inner/drafts/e.txt": "deeper", "b/keep.txt": "kept", "b/skip/s.txt": "by path",
        "b/old.bak": "excluded by pattern", "ünïcode/ça.txt": "unicode", "Ünïq.txt": "excluded",
        "sp ace/new\nline.txt": "odd names", "tab\tname.html": "<p>html</p>", "x.json": "{}",
        "zz/a.TXT": "sorted by code point", "zz/B.txt": "B", "zz/_.txt": "_", "zz/é.txt": "é",
        "zz/10.txt": "10", "zz/9.txt": "9", "zz/empty.txt": "",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / "empty folder").mkdir()
    (root / os.fsdecode(b"caf\xe9.txt")).write_text("not UTF-8")
    (root / os.fsdecode(b"dir\xff")).mkdir()
    (root / os.fsdecode(b"dir\xff") / "in.txt").write_text("in a non-UTF-8 folder")
    os.mkfifo(root / "b" / "pipe.txt")  # special: counted, never opened
    os.mkfifo(root / "b" / "pipe.log")  # special of another type: skipped
    for number, path in enumerate(sorted(root.rglob("*.txt"))):
        if path.is_file() and not path.is_fifo():
            # Times to the nanosecond, before 1970 too, and whole seconds.
            seconds = (-86_400 * 400, 0, 1_733_000_000, 10**9)[number % 4]
            os.utime(path, ns=(1, seconds * 10**9 + (number * 123_456_789) % 10**9))
    return root


def _same(one, other) -> None:
    assert one.columns() == other.columns()
    assert list(one.skipped.items()) == list(other.skipped.items())  # (the notice's order)
    assert (one.special, one.excluded) == (other.special, other.excluded)
    assert one.missing == other.missing
    assert [str(p) for p in one.problems] == [str(p) for p in other.problems]
    assert one.notices() == other.notices()


@pytest.mark.parametrize("exclude", [DEFAULT_EXCLUDE, EXCLUDE, ()])
def test_finds_walk_is_the_python_walk(tmp_path: Path, exclude):
    root = _odd_tree(tmp_path / "corpus")
    expected = walk_corpus([root], exclude)
    found = FindWalk.start(root, exclude)
    assert found is not None
    walked = found.walk()
    assert walked is not None, found.fell_back
    _same(walked, expected)
    assert walked.digest is not None and expected.digest is None
    assert expected.special == 1 and expected.skipped
    assert expected.excluded == {DEFAULT_EXCLUDE: 1, EXCLUDE: 6, (): 0}[exclude]
    assert any("\\xe9" in rel for rel in walked.column("rel"))


def test_the_root_given_in_other_forms(tmp_path: Path, monkeypatch):
    root = _odd_tree(tmp_path / "corpus")
    (tmp_path / "linked").symlink_to(root)  # a root that is a link is followed
    monkeypatch.chdir(tmp_path)
    for given in (Path("corpus"), Path("./corpus/"), tmp_path / "linked", Path("corpus/a")):
        walked = FindWalk.start(given, DEFAULT_EXCLUDE).walk()
        _same(walked, walk_corpus([given]))


@pytest.mark.parametrize("odd", ["link to a file", "link to a folder", "link loop", "\x01",
                                 "unreadable"])
def test_what_find_does_not_handle_falls_back_to_the_python_walk(tmp_path: Path, odd: str):
    root = _odd_tree(tmp_path / "corpus")
    if odd == "link to a file":
        (root / "b" / "again.txt").symlink_to(root / "a.txt")
    elif odd == "link to a folder":
        (root / "b" / "again").symlink_to(root / "a")
    elif odd == "link loop":
        (root / "loop.txt").symlink_to(root / "loop.txt")
    elif odd == "\x01":
        (root / "odd\x01name.txt").write_text("a name the sort cannot take")
    else:
        if os.geteuid() == 0:
            pytest.skip("permissions do not stop root")
        (root / "locked").mkdir()
        (root / "locked" / "in.txt").write_text("unseen")
        (root / "locked").chmod(0)
    try:
        found = FindWalk.start(root, DEFAULT_EXCLUDE)
        assert found.walk() is None and found.fell_back
        ahead = WalkAhead.start([root])
        _same(ahead.result(), walk_corpus([root]))
        assert ahead.fell_back
    finally:
        if odd == "unreadable":
            (root / "locked").chmod(0o755)


def test_output_that_is_not_finds_is_not_parsed(tmp_path: Path):
    for raw in (b"f\0a.txt\0" b"1\0", b"f\0a.txt\x001\x001.5\0", b"f\0a.txt\0x\0" + b"1." +
                b"0" * 10 + b"\0", b"?\0a.txt\x001\x001.0000000000\0"):
        assert parse(raw, tmp_path, DEFAULT_EXCLUDE) is None
    walked = parse(b"f\0a.txt\x003\x00-1.5000000000\0", tmp_path, ())
    assert walked.column("mtime_ns") == [-500_000_000] and walked.column("size") == [3]


def test_without_find_the_walk_is_the_python_walk(tmp_path: Path, monkeypatch):
    root = _odd_tree(tmp_path / "corpus")
    monkeypatch.setenv(walk_find.ENVIRONMENT, "0")
    assert FindWalk.start(root, DEFAULT_EXCLUDE) is None
    _same(WalkAhead.start([root]).result(), walk_corpus([root]))
    monkeypatch.setenv(walk_find.ENVIRONMENT, "1")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert FindWalk.start(root, DEFAULT_EXCLUDE) is None


def test_an_unchanged_corpus_is_recognised_from_finds_output(tmp_path: Path, capsys,
                                                             monkeypatch):
    root = tmp_path / "corpus"
    for name in ("one", "two", "three"):
        (root / "sub").mkdir(parents=True, exist_ok=True)
        (root / "sub" / f"{name}.txt").write_text(f"{name.title()}\n\nThe story of {name}.\n")
    (root / "notes.pdf").write_bytes(b"%PDF")
    assert main(["list", str(root)]) == 0  # (a first opening: by the children)
    first = capsys.readouterr()
    assert main(["list", str(root)]) == 0  # (find's output parsed, and kept for the record)
    assert capsys.readouterr().out == first.out
    # The third run: the walk made from the store's record, find's output not parsed.
    with monkeypatch.context() as patch:
        def refuse(*_):
            raise AssertionError("parsed")

        patch.setattr(walk_find, "parse", refuse)
        assert main(["list", str(root)]) == 0
        again = capsys.readouterr()
    assert again.out == first.out and "skipped 1 files of other types" in again.err
    # After an edit in place: the same entries, other stats: the walk is the record's files
    # with find's new stats, nothing parsed; the listing follows the edit.
    calls = []
    real = walk_find.parse

    def counted(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(walk_find, "parse", counted)
    (root / "sub" / "two.txt").write_text("Two, edited\n\nThe story of two, longer now.\n")
    os.utime(root / "sub" / "two.txt", ns=(1, 10**18))
    assert main(["list", str(root)]) == 0
    edited = capsys.readouterr().out
    assert not calls and "Two, edited" in edited and "Two, edited" not in first.out
    assert main(["list", "--json", str(root)]) == 0
    assert {a["id"]: a["title"] for a in json.loads(capsys.readouterr().out)}["sub/two"] == (
        "Two, edited")
    # A file added: find's output parsed again.
    (root / "sub" / "four.txt").write_text("Four\n\nThe story of four.\n")
    assert main(["list", str(root)]) == 0
    added = capsys.readouterr().out
    assert len(calls) == 1 and "Four" in added
    kept = list(cache_dir().glob("**/*.walk"))
    assert len(kept) == 1
    kept[0].unlink()
    assert main(["list", str(root)]) == 0  # (without the walk kept: the same listing)
    assert capsys.readouterr().out == added


def _remembered_walk(tmp_path: Path):
    """A tree, its walk by find, a record of that walk's files and the memo remembering it (at
    "state-1")."""
    root = _odd_tree(tmp_path / "corpus")
    (root / os.fsdecode(b"caf\xe9.txt")).unlink()  # (a name a record cannot give back)
    (root / os.fsdecode(b"dir\xff") / "in.txt").unlink()
    first = FindWalk.start(root, EXCLUDE).walk()
    record = SimpleNamespace(rels=first.column("rel"), sizes=first.column("size"),
                             mtimes=first.column("mtime_ns"))
    memo = tmp_path / "store.walk"
    walk_memo.remember(memo, first, "state-1")
    return root, first, record, memo


def _find_output(root: Path):
    """A maker of find's output of ``root`` as it is now."""
    return lambda: walk_find.FindOutput(FindWalk.start(root, EXCLUDE)._raw(), root, EXCLUDE)


def test_a_walk_kept_is_recalled_only_for_its_record_and_finds_output(tmp_path: Path):
    root, first, record, memo = _remembered_walk(tmp_path)
    output = _find_output(root)

    same = walk_memo.recall(memo, output(), "state-1", root, record)
    _same(same, walk_corpus([root], EXCLUDE))
    # A record changed without find (its files the same paths): find's sizes and times.
    _same(walk_memo.recall(memo, output(), "state-2", root, record), walk_corpus([root], EXCLUDE))
    other = SimpleNamespace(rels=[*record.rels[1:], record.rels[0]], sizes=record.sizes,
                            mtimes=record.mtimes)
    assert walk_memo.recall(memo, output(), "state-2", root, other) is None
    edited = root / "zz" / "B.txt"
    edited.write_text("B, longer now")
    os.utime(edited, ns=(1, 1_234_567_890_123_456_789))
    again = walk_memo.recall(memo, output(), "state-1", root, record)
    _same(again, walk_corpus([root], EXCLUDE))  # (the new size and time, from find)
    assert again.column("size") != same.column("size")
    (root / "zz" / "new.txt").write_text("new")
    assert walk_memo.recall(memo, output(), "state-1", root, record) is None
    memo.write_bytes(b"damaged")
    assert walk_memo.recall(memo, output(), "state-1", root, record) is None


def test_a_recalled_walk_after_edits_compares_outputs_without_parsing_them(tmp_path: Path,
                                                                            monkeypatch):
    """The memo keeps its walk's output: after edits in place (the record as that walk
    confirmed it), the walk is the record's with the stats of the few entries that differ,
    the new output not parsed whole; a kept output that does not check is not used."""
    root, first, record, memo = _remembered_walk(tmp_path)
    kept = memo.with_name(memo.name + walk_memo.RAW_SUFFIX)
    assert kept.read_bytes() == walk_memo.RAW_LAYOUT + first.raw
    for rel, text in (("zz/B.txt", "B, longer now"), ("a/b/y.md", "deeper still")):
        (root / rel).write_text(text)
        os.utime(root / rel, ns=(1, 1_234_567_890_123_456_789))
    output = _find_output(root)

    expected = walk_corpus([root], EXCLUDE)
    parsed = walk_find.FindOutput.stats
    with monkeypatch.context() as patched:
        patched.setattr(walk_find.FindOutput, "stats", lambda *a: pytest.fail("parsed whole"))
        _same(walk_memo.recall(memo, output(), "state-1", root, record), expected)
    good = kept.read_bytes()
    for damaged in (b"damaged", walk_memo.RAW_LAYOUT + first.raw[:-5], None):
        if damaged is None:  # (a good one, but the edits too far apart to compare)
            kept.write_bytes(good)
            monkeypatch.setattr(walk_memo, "RAW_SPAN_MAX", 0.0)
        else:
            kept.write_bytes(damaged)
        asked: list[int] = []

        def counted(self, entries, asked=asked):
            asked.append(1)
            return parsed(self, entries)

        monkeypatch.setattr(walk_find.FindOutput, "stats", counted)
        _same(walk_memo.recall(memo, output(), "state-1", root, record), expected)
        assert asked  # (told from find's output, as before)


def test_a_first_opening_walks_by_the_children_the_next_by_find(tmp_path: Path, capsys):
    # With no corpus record (nor a kept output of the search index's) to tell find's output
    # from, it would be parsed whole: a first opening walks by the children (columns).
    from tuiread.commands.common import command_workspace
    from tuiread.corpus.walk_ahead import can_fork

    root = _odd_tree(tmp_path / "corpus")
    fresh = command_workspace([str(root)], walk=True)
    try:
        # A first opening: nothing to recognise find's output from, so by the children.
        assert fresh._ahead._find is None
    finally:
        fresh.close()
    assert main(["list", str(root)]) == 0
    by_find = command_workspace([str(root)], walk=True)
    children = command_workspace([str(root)], walk=True, find=False)
    try:
        assert by_find._ahead._find is not None
        assert children._ahead._find is None and children._ahead.forked == can_fork()
        _same(children._walk(), walk_corpus([root], DEFAULT_EXCLUDE))
    finally:
        by_find.close()
        children.close()
