"""The freshness check sees the corpus exactly as the loader does, from stat alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tuiread.corpus.loader import scan
from tuiread.search.manifest import FileStamp, Manifest
from tuiread.search.plan import make_plan, scan_corpus


def tree(root: Path) -> None:
    for rel in ["a.txt", "b.md", ".hidden.txt", ".secret/x.txt", "sub/c.html", "sub/deeper/d.json",
                "z.unknown", "e.", "noext", "sub/Upper.TXT", "w.jsonl"]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Title\n\nBody.\n", encoding="utf-8")
    os.symlink(root / "a.txt", root / "link.txt")  # the same file twice: listed once
    os.symlink(root / "sub", root / "linked-folder")  # linked folders are not walked


def listing(roots: list[Path]) -> tuple[list[tuple[str, str, str]], list[Path]]:
    found = scan(roots)
    return [(str(f.path), f.rel, f.format) for f in found.files], found.missing


@pytest.mark.parametrize("layout", ["one folder", "folders", "overlapping", "file and folder",
                                    "relative", "missing"])
def test_scan_matches_the_corpus_loader(tmp_path, monkeypatch, layout):
    main, other = tmp_path / "main", tmp_path / "other"
    tree(main)
    (other / "more").mkdir(parents=True)
    (other / "more" / "f.txt").write_text("Other\n\nText.\n", encoding="utf-8")
    roots = {
        "one folder": [main],
        "folders": [main, other],
        "overlapping": [main / "sub", main],
        "file and folder": [other / "more" / "f.txt", main],
        "relative": [Path("main")],
        "missing": [main, tmp_path / "nowhere"],
    }[layout]
    monkeypatch.chdir(tmp_path)
    files, missing = scan_corpus(roots)
    expected_files, expected_missing = listing(roots)
    assert [(str(f.path), f.rel, f.format) for f in files] == expected_files
    assert missing == expected_missing
    assert all(f.size == f.path.stat().st_size for f in files)


def test_plan_sorts_files_by_what_their_stat_says(tmp_path):
    for name in ("same.txt", "touched.txt", "new.txt"):
        (tmp_path / name).write_text("Title\n\nBody.\n", encoding="utf-8")
    files, _ = scan_corpus([tmp_path])
    stat = {f.rel: f for f in files}
    manifest = Manifest(1, {
        "same.txt": FileStamp(stat["same.txt"].size, stat["same.txt"].mtime_ns, "d", 1),
        "touched.txt": FileStamp(stat["touched.txt"].size, 1, "d", 1),
        "gone.txt": FileStamp(5, 5, "d", 1),
    }, {})
    plan = make_plan(files, manifest)
    assert [f.rel for f in plan.added] == ["new.txt"]
    assert [f.rel for f in plan.suspect] == ["touched.txt"]
    assert plan.removed == ["gone.txt"] and plan.unchanged == 1 and plan.needed
    assert not make_plan([stat["same.txt"]], Manifest(1, {"same.txt": manifest.files["same.txt"]},
                                                       {})).needed


def test_a_plan_refined_after_an_update_matches_a_fresh_one(tmp_path):
    from tuiread.search.plan import refine_plan

    for name in ("same.txt", "touched.txt", "new.txt"):
        (tmp_path / name).write_text("Title\n\nBody.\n", encoding="utf-8")
    files, _ = scan_corpus([tmp_path])
    stat = {f.rel: f for f in files}
    manifest = Manifest(1, {
        "same.txt": FileStamp(stat["same.txt"].size, stat["same.txt"].mtime_ns, "d", 1),
        "touched.txt": FileStamp(stat["touched.txt"].size, 1, "d", 1),
        "gone.txt": FileStamp(5, 5, "d", 1),
    }, {})
    plan = make_plan(files, manifest)
    # The update indexed the new file and removed the gone one; the touched one it left.
    manifest.files["new.txt"] = FileStamp(stat["new.txt"].size, stat["new.txt"].mtime_ns, "e", 1)
    del manifest.files["gone.txt"]
    refined, fresh = refine_plan(plan, manifest), make_plan(files, manifest)
    assert (refined.added, refined.suspect, refined.removed, refined.unchanged) == (
        fresh.added, fresh.suspect, fresh.removed, fresh.unchanged) == ([], [stat["touched.txt"]],
                                                                         [], 2)
