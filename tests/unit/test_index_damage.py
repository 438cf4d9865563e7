"""Damage inside index postings is detected, moved aside and rebuilt; a bug is not damage."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.codec import whoosh3

from tuiread.cli import main
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.search import IndexDamaged, SearchIndex
from tuiread.search.damage import is_damage

WORDS = [f"w{i}" for i in range(120)]


def _corpus(root: Path) -> Path:
    draw = random.Random(1)
    root.mkdir(parents=True)
    for n in range(30):
        body = " ".join(draw.choice(WORDS) for _ in range(300))
        (root / f"s{n}.txt").write_text(f"Story {n}\n\n{body}\n")
    return root


def _garble_postings(generation: Path) -> None:
    """Overwrite bytes across the middle of the segment, where the postings are."""
    draw = random.Random(2)
    [segment] = generation.glob("*.seg")
    data = bytearray(segment.read_bytes())
    for offset in range(len(data) // 4, len(data) * 3 // 4, 997):
        data[offset : offset + 64] = draw.randbytes(64)
    segment.write_bytes(bytes(data))


def test_garbage_in_postings_is_damage_and_rebuilt(tmp_path):
    root = _corpus(tmp_path / "c")
    rules = load_rules(*boilerplate_files())
    index = SearchIndex.open([root], rules, directory=tmp_path / "ix")
    index.update()
    expected = {word: index.search(word, limit=1, snippets=0).total for word in WORDS}
    _garble_postings(index.generation)
    index = SearchIndex.open([root], rules, directory=tmp_path / "ix")
    # Where the garbage lands decides whether opening notices it (stored fields) or only a
    # search does (postings, where Whoosh raises a bare "Block tag error"): both must count.
    try:
        for word in WORDS:
            index.search(word, snippets=0)
    except IndexDamaged:
        pass
    assert "cannot be read" in index.search(WORDS[0]).notices[0]  # marked until rebuilt
    report = index.update()
    assert report.rebuilt == "the index was damaged"
    assert {word: index.search(word, limit=1, snippets=0).total for word in WORDS} == expected


def test_the_cli_search_repairs_damage_it_meets(tmp_path, capsys):
    root = _corpus(tmp_path / "c")
    assert main(["index", str(root)]) == 0
    index = SearchIndex.open([root], load_rules(*boilerplate_files()))
    _garble_postings(index.generation)
    index.close()
    err = ""
    for word in WORDS:  # until a search meets the damage (or opening it does)
        assert main(["search", word, str(root), "--limit", "1"]) == 0
        err += capsys.readouterr().err
        if "moved it to" in err:
            break
    assert "moved it to" in err and "Traceback" not in err
    assert main(["search", WORDS[-1], str(root)]) == 0 and not capsys.readouterr().err


def _raise_from_whoosh_decoder(error: BaseException) -> BaseException:
    """``error`` raised from a frame in Whoosh's posting decoder, as damage raises it."""
    code = compile("raise error", whoosh3.__file__, "exec")
    try:
        exec(code, {"error": error})
    except BaseException as exc:  # noqa: BLE001 - returned for inspection
        return exc
    raise AssertionError("not raised")


@pytest.mark.parametrize("error", [Exception("Block tag error"), KeyError("x"), TypeError("t")])
def test_errors_raised_in_whoosh_decoders_are_damage(error):
    assert is_damage(_raise_from_whoosh_decoder(error))


@pytest.mark.parametrize("error", [AttributeError("a"), TypeError("t"), KeyError("k"),
                                   Exception("plain")])
def test_errors_raised_in_tuiread_are_bugs_not_damage(error):
    try:
        raise error
    except BaseException as exc:  # noqa: BLE001 - inspected below
        caught = exc
    assert not is_damage(caught)


def test_a_bug_during_search_is_raised_not_hidden(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "c")
    index = SearchIndex.open([root], load_rules(*boilerplate_files()), directory=tmp_path / "ix")
    index.update()

    def broken(*args, **kwargs):
        raise AttributeError("a bug")

    monkeypatch.setattr("tuiread.search.index.run_search", broken)
    with pytest.raises(AttributeError, match="a bug"):
        index.search("w1")


def test_a_cache_deleted_while_open_is_noticed_and_rebuilt(tmp_path):
    import shutil

    root = _corpus(tmp_path / "c")
    index = SearchIndex.open([root], load_rules(*boilerplate_files()), directory=tmp_path / "ix")
    index.update()
    before = index.search("w1", limit=1, snippets=0).total
    shutil.rmtree(tmp_path / "ix")
    with pytest.raises(IndexDamaged, match="deleted while in use"):
        index.search("w1")
    index.update(rebuild=True)
    assert index.search("w1", limit=1, snippets=0).total == before
    assert (tmp_path / "ix").is_dir()
