"""Copies after a few edits: only the touched groups are found again, and the answer is the one a
whole regrouping gives."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

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


def check(root: Path, monkeypatch, whole: bool) -> None:
    corpus = open_corpus([root], load_rules(*boilerplate_files()))
    regrouped = []
    real = cache_module.copy_groups
    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "copy_groups",
                      lambda sketches: regrouped.append(1) or real(sketches))
        found = cache_module.cached_copies(corpus.articles)
    assert sorted(found.groups) == sorted(find_copies(corpus.articles).groups)
    assert bool(regrouped) == whole  # a few edits: no whole regrouping


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
