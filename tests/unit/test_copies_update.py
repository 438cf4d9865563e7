"""Copies after a few edits: only the touched groups are found again, and the answer is the one a
whole regrouping gives."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

import tuiread.corpus.kept_copies as kept_module
import tuiread.corpus.sketch_cache as cache_module
from tests.unit.test_article_metadata import OTHER, WIRE
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.copies import find_copies
from tuiread.corpus.corpus import open_corpus

WORDS = (WIRE + " " + OTHER).split()


def story(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(120)) + "."


def write(root: Path, name: str, text: str, tick: int) -> None:
    path = root / name
    path.write_text(f"Title {name}\n\n{text}\n", encoding="utf-8")
    os.utime(path, ns=(1, 10**18 + tick))


def check(root: Path, monkeypatch, whole: bool, rewritten: bool | None = None) -> None:
    corpus = open_corpus([root], load_rules(*boilerplate_files()))
    regrouped, kept_whole = [], []
    real, real_keep = cache_module.copy_groups, kept_module.keep_all
    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "copy_groups",
                      lambda sketches: regrouped.append(1) or real(sketches))
        patch.setattr(kept_module, "keep_all",
                      lambda *args: kept_whole.append(1) or real_keep(*args))
        found = cache_module.cached_copies(corpus.articles)
    expected = sorted(find_copies(corpus.articles).groups)
    assert sorted(found.groups) == expected
    assert bool(regrouped) == whole  # a few edits: no whole regrouping
    # ... and only the rows of what changed written, unless the changed rows grew too many
    assert bool(kept_whole) == (whole if rewritten is None else rewritten)
    # What is kept is the state now: the next run is answered from it, nothing found again.
    cache = cache_module.SketchCache()
    try:
        last = cache.last_groups()
    finally:
        cache.close()
    assert last is not None and sorted(last[1].groups) == expected
    assert last[2] == {a.id: cache_module._content_key(a) for a in corpus.articles}
    assert last[3] == {a.id: cache_module.article_digest(a) for a in corpus.articles}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_edits_update_the_copies_as_a_whole_regrouping_would(tmp_path: Path, monkeypatch,
                                                              seed: int):
    rng = random.Random(seed)
    root = tmp_path / "c"
    root.mkdir()
    stories = [story(seed * 100 + i) for i in range(6)]
    names = [f"a{i:02}.txt" for i in range(18)]
    for number, name in enumerate(names):
        # Three articles per story, each a little edited: copies of one another.
        words = stories[number % 6].split()
        cut = rng.randrange(0, 10)
        write(root, name, " ".join(words[cut:]), number)
    check(root, monkeypatch, whole=True)
    for step in range(6):
        kind = rng.choice(["copy", "break", "remove", "add"])
        name = rng.choice(sorted(p.name for p in root.iterdir()))
        if kind == "copy":  # becomes a copy of another story
            write(root, name, stories[rng.randrange(6)], 100 + step)
        elif kind == "break":  # no longer a copy of anything
            write(root, name, story(10_000 + seed * 10 + step), 100 + step)
        elif kind == "remove":
            (root / name).unlink()
        else:
            write(root, f"new{step}.txt", stories[rng.randrange(6)], 100 + step)
        check(root, monkeypatch, whole=False)


def test_changed_rows_past_the_limit_keep_the_whole_state_again(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(kept_module, "DELTA_MAX", 2)
    root = tmp_path / "c"
    root.mkdir()
    stories = [story(500 + i) for i in range(3)]
    for number in range(9):
        write(root, f"a{number}.txt", stories[number % 3], number)
    check(root, monkeypatch, whole=True)
    # Two edits fit beside the kept articles; the third is one row too many.
    write(root, "a0.txt", stories[1], 100)
    check(root, monkeypatch, whole=False, rewritten=False)
    (root / "a1.txt").unlink()
    check(root, monkeypatch, whole=False, rewritten=False)
    write(root, "a2.txt", story(9_999), 102)
    check(root, monkeypatch, whole=False, rewritten=True)
    write(root, "a3.txt", stories[2], 103)
    check(root, monkeypatch, whole=False, rewritten=False)  # counted afresh from the rewrite
