"""The corpus store's derive step makes each new article's copies sketch and keeps it in the
sketch cache: finding copies after a build or an edit makes no sketch and reads no text."""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import tuiread.corpus.sketch_cache as cache_module
from tests.unit.test_copies_update import story, write
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.copies import (
    _WORD,
    MIN_SHINGLES,
    SHINGLE_WORDS,
    SKETCH,
    find_copies,
    sketch,
)
from tuiread.corpus.corpus import open_corpus


def corpus_root(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    rng = random.Random(7)
    stories = [story(700 + i) for i in range(4)]
    for number in range(12):
        words = stories[number % 4].split()
        write(root, f"a{number:02}.txt", " ".join(words[rng.randrange(0, 10):]), number)
    write(root, "short.txt", "Too short to be a copy of anything.", 50)
    return root


def copies_counting(root: Path, monkeypatch) -> tuple[list, list, object]:
    """The copies found, the sketches made while finding them, and the corpus."""
    corpus = open_corpus([root], load_rules(*boilerplate_files()))
    made: list[int] = []
    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "sketch", lambda text: made.append(1) or sketch(text))
        found = cache_module.cached_copies(corpus.articles)
    return sorted(found.groups), made, corpus


def test_copies_after_a_build_and_an_edit_make_no_sketch(tmp_path: Path, monkeypatch):
    root = corpus_root(tmp_path)
    found, made, corpus = copies_counting(root, monkeypatch)
    assert made == []
    expected = sorted(find_copies(corpus.articles).groups)
    assert found == expected and found  # the copies a fresh finding gives, and some
    # An edit derives one file again: its sketch comes with it.
    write(root, "a00.txt", story(9_001), 200)
    write(root, "new.txt", story(700), 201)
    found, made, corpus = copies_counting(root, monkeypatch)
    assert made == []
    assert found == sorted(find_copies(corpus.articles).groups)


def test_the_kept_sketches_are_those_of_the_clean_text(tmp_path: Path, monkeypatch):
    root = corpus_root(tmp_path)
    corpus = open_corpus([root], load_rules(*boilerplate_files()))
    cache = cache_module.SketchCache()
    try:
        monkeypatch.setattr(cache_module, "sketch", lambda text: (_ for _ in ()).throw(
            AssertionError("a sketch was made")))
        kept = cache.sketches(corpus.articles)
    finally:
        cache.close()
    assert kept == {a.id: sketch(a.clean_text()) for a in corpus.articles}
    assert kept[next(a.id for a in corpus.articles if a.rel == "short.txt")] == ()


def test_a_damaged_sketch_cache_is_ignored_by_the_build(tmp_path: Path, monkeypatch):
    path = cache_module.cache_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database at all" * 100)
    root = corpus_root(tmp_path)
    found, made, corpus = copies_counting(root, monkeypatch)
    assert found == sorted(find_copies(corpus.articles).groups) and found
    assert made  # nothing kept: the sketches were made when wanted


def plain_sketch(text: str) -> tuple[int, ...]:
    """The sketch by its definition: the ``SKETCH`` smallest crc32 of the casefolded words'
    ``SHINGLE_WORDS``-word shingles, none below ``MIN_SHINGLES`` shingles."""
    words = _WORD.findall(text.casefold())
    count = len(words) - SHINGLE_WORDS + 1
    if count < MIN_SHINGLES:
        return ()
    hashes = {zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8"))
              for i in range(count)}
    return tuple(sorted(hashes)[:SKETCH])


def test_the_sketch_is_the_one_its_definition_gives():
    words = [str(n) for n in range(SHINGLE_WORDS + MIN_SHINGLES + 5)]
    texts = [story(n) for n in range(5)] + [
        " ".join(words[: MIN_SHINGLES + SHINGLE_WORDS - 1]),  # just enough shingles
        " ".join(words[: MIN_SHINGLES + SHINGLE_WORDS - 2]),  # one too few
        "Ünïcödé ßtraße İstanbul ﬁne ǅ, snake_case words " * 20,
        "", "One two.",
    ]
    for text in texts:
        assert sketch(text) == plain_sketch(text)
    assert sketch(texts[5]) and not sketch(texts[6])
