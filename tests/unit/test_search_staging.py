"""A parallel build's worker writes the same index whether its postings fit in memory or spill
to sorted runs on disk (the staging writer's memory limit only trades memory for time)."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

import tuiread.search.build as build
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.walk import CorpusFile, walk_corpus
from tuiread.search.posting_pool import PackedPool

WORDS = ("minister talks ceasefire lighthouse harbour budget vote striker election court "
         "storm council marmalade").split()


def make_corpus(root: Path, count: int) -> Path:
    root.mkdir(parents=True)
    for n in range(count):
        body = " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] + ("s" if i % 5 == 0 else "")
                        for i in range(300))
        (root / f"story{n:03}.txt").write_text(f"Story {n} of {WORDS[n % len(WORDS)]}\n\n"
                                               f"{body}.\n\nSecond paragraph {n}.\n")
    return root


def contents(folder: Path) -> tuple:
    """Every term's postings (document, value) in every field, and every stored field."""
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        postings = []
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            postings.append((field, term, list(matcher.items_as("positions"))
                             if reader.schema[field].format.supports("positions")
                             else list(matcher.all_ids())))
        return postings, list(reader.all_stored_fields())


def stage(tmp_path: Path, name: str, root: Path, limit_mb: float, monkeypatch) -> tuple:
    monkeypatch.setattr(build, "STAGING_LIMIT_MB", limit_mb)
    files = walk_corpus([root]).files
    staged = build.stage_chunk(tmp_path / name, build.Chunk(build.group_units(files)),
                               load_rules(*boilerplate_files()), None)
    assert staged is not None and staged.documents == len(files)
    return contents(tmp_path / name)


def test_a_chunk_written_in_memory_and_one_spilled_to_disk_are_the_same_index(
        tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "corpus", 40)
    spills = []
    save = PackedPool.save
    monkeypatch.setattr(PackedPool, "save", lambda pool: (spills.append(1), save(pool))[1])
    in_memory = stage(tmp_path, "memory", root, build.STAGING_LIMIT_MB, monkeypatch)
    assert not spills
    spilled = stage(tmp_path, "spilled", root, 0.02, monkeypatch)  # 20 KB: many runs
    assert len(spills) > 3
    assert spilled == in_memory
    assert any(field == "body" for field, _, _ in in_memory[0])


def test_each_chunk_is_sent_the_names_of_its_own_articles():
    def chunk(*rels: str) -> build.Chunk:
        return build.Chunk(build.group_units([CorpusFile(r, r, "text", 1, 1) for r in rels]))

    chunks = [chunk("a/one.txt", "a/one.md", "b#c.txt"), chunk("b.txt", "c/d.json")]
    names = {"a/one": ("Tony Blair",), "a/one.md": ("Gordon Brown",), "b#c": ("London",),
             "b": ("Tony Blair", "London"), "c/d#r1": ("Paris",), "c/d#r2": (),
             "elsewhere": ("Rome",)}
    first, second = build.chunk_names(names, chunks)
    # "b#c" is file b#c.txt's article, or record "c" of b.txt: both chunks get its names.
    assert first == {"a/one": ("Tony Blair",), "a/one.md": ("Gordon Brown",),
                     "b#c": ("London",)}
    assert second == {"b": ("Tony Blair", "London"), "b#c": ("London",),
                      "c/d#r1": ("Paris",), "c/d#r2": ()}
    # One string per distinct name, however many articles carry it.
    assert first["a/one"][0] is second["b"][0]
    spell = len  # names made from the article: sent as they are
    assert build.chunk_names(spell, chunks) == [spell, spell]
