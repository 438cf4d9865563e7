"""``tuiread list``: the JSON written from columns is the text ``json.dumps`` gives, and the
output kept for an unchanged corpus is exactly what formatting it again prints."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from tuiread.cli import main
from tuiread.commands.list_json import FIELDS, NotPlain, json_listing
from tuiread.corpus.copies import Copies
from tuiread.locations import cache_dir

WORDS = ["a", "é", "ünï", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "\u2028",
         "\x85", "\u202e", "<b>", "[bold]", "😀", "\x1b[31m", ""]


def _summaries(seed: int) -> tuple[list[dict], Copies]:
    rng = random.Random(seed)
    ids = [f"id{n}-{rng.choice(WORDS)}" for n in range(rng.randrange(0, 12))]
    rows = []
    for aid in ids:
        row = {"id": aid, "path": f"/c/{aid}.txt"}
        for name in FIELDS[2:]:
            row[name] = (rng.randrange(0, 5000) if name == "words" else
                         rng.choice([None, " ".join(rng.sample(WORDS, 3))]))
        rows.append(row)
    shuffled = ids[:]
    rng.shuffle(shuffled)
    groups = [sorted(shuffled[i : i + 3]) for i in range(0, len(shuffled) - 2, 4)]
    return rows, Copies(groups)


@pytest.mark.parametrize("seed", range(8))
def test_json_from_columns_is_what_json_dumps_gives(seed: int):
    rows, copies = _summaries(seed)
    columns = [[row[name] for row in rows] for name in FIELDS]
    expected = json.dumps([{**row, "copies": copies.get(row["id"], [])} for row in rows],
                          ensure_ascii=False, indent=2) + "\n"
    assert json_listing(columns, copies, end="\n") == expected


def test_a_value_of_another_type_is_left_to_json_dumps():
    columns = [["a"], ["/a"], [1.5], *[[None]] * (len(FIELDS) - 3)]
    with pytest.raises(NotPlain):
        json_listing(columns, Copies())


def _corpus(root: Path) -> Path:
    wire = ("The finance ministers of the seven largest economies met in London on Friday and "
            "agreed to cancel the debts of the poorest countries owed to the World Bank, a move "
            "campaigners called a first step that should be followed by more aid and trade.")
    for name, text in {"a.txt": f"Wire\n\n{wire}\n", "b.txt": f"Wire again\n\n{wire} AP\n",
                       "sub/c.md": "Other\n\nA short note about [bold]frogs[/bold].\n"}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def _list(capsys, *args: str) -> str:
    assert main(["list", *args]) == 0
    return capsys.readouterr().out


def test_the_kept_output_is_what_formatting_again_prints(tmp_path: Path, capsys, monkeypatch):
    import tuiread.commands.corpus_cmds as commands

    root = _corpus(tmp_path / "c")
    first, first_json = _list(capsys, str(root)), _list(capsys, str(root), "--json")
    assert "1 copy" in first and json.loads(first_json)[0]["copies"] == ["b"]
    assert len(list((cache_dir() / "listings").iterdir())) == 2
    with monkeypatch.context() as patch:
        # Nothing changed: printed from what was kept, nothing formatted.
        def refuse(*_):
            raise AssertionError("formatted again")

        patch.setattr(commands, "_rows_text", refuse)
        patch.setattr(commands, "_json_text", refuse)
        assert _list(capsys, str(root)) == first
        assert _list(capsys, str(root), "--json") == first_json
    # Edits in place: only their rows (and those whose copies label changed) made again,
    # the same as a listing without anything kept.
    wire = (root / "a.txt").read_text("utf-8").split("\n\n", 1)[1]
    shown = []
    for number, (name, text) in enumerate([
            ("sub/c.md", "Other, edited\n\nA longer note about frogs.\n"),
            ("sub/c.md", f"Now a copy\n\n{wire}"),  # b and a get "2 copies"
            ("a.txt", "Wire no more\n\nA note about toads, and only toads.\n")]):
        path = root / name
        path.write_text(text, "utf-8")
        os.utime(path, ns=(1, 10**18 + number))
        with monkeypatch.context() as patch:
            patch.setattr(commands, "_rows_text", refuse)
            edited = _list(capsys, str(root))
        for kept in (cache_dir() / "listings").iterdir():
            kept.unlink()
        assert _list(capsys, str(root)) == edited
        shown.append(edited)
    assert "Other, edited" in shown[0] and shown[0].count("1 copy") == 2
    assert shown[1].count("2 copies") == 3
    assert "Wire no more" in edited and "2 copies" not in edited and edited.count("1 copy") == 2
    # A damaged kept file is not used.
    for kept in (cache_dir() / "listings").iterdir():
        kept.write_bytes(b"not a key\nnot a listing\n")
    assert _list(capsys, str(root)) == edited


def test_a_listing_follows_edits_taken_in_by_other_commands(tmp_path: Path, capsys,
                                                            monkeypatch):
    """Another command (here ``index``) refreshed the corpus store after the edits: the
    listing kept from before is still patched, its copies updated, not made whole again."""
    import tuiread.commands.corpus_cmds as commands
    import tuiread.corpus.sketch_cache as sketch_cache
    from tuiread.corpus.sketch_cache import cache_file

    root = _corpus(tmp_path / "c")
    (root / "d.txt").write_text("Alone\n\nA story of its own about newts.\n", "utf-8")
    _list(capsys, str(root))
    wire = (root / "a.txt").read_text("utf-8").split("\n\n", 1)[1]

    def refuse(*_):
        raise AssertionError("made whole again")

    edits = [[("d.txt", "Alone, edited\n\nA story of its own about newts and frogs.\n")],
             [("sub/c.md", f"Now a copy\n\n{wire}"), ("d.txt", "Alone\n\nNewts again.\n")],
             [("a.txt", "Wire no more\n\nA note about toads.\n")]]
    for number, edit in enumerate(edits):
        for step, (name, text) in enumerate(edit):
            (root / name).write_text(text, "utf-8")
            os.utime(root / name, ns=(1, 10**18 + 10 * number + step))
            assert main(["index", str(root)]) == 0  # one refresh per file edited
            capsys.readouterr()
        with monkeypatch.context() as patch:
            patch.setattr(commands, "_rows_text", refuse)
            patch.setattr(sketch_cache, "copy_groups", refuse)
            patch.setattr(sketch_cache, "_updated", refuse)
            edited = _list(capsys, str(root))
        for kept in (cache_dir() / "listings").iterdir():
            kept.unlink()
        cache_file().unlink()  # the copies found again from nothing
        assert _list(capsys, str(root)) == edited
    assert "Wire no more" in edited and "Newts" not in edited
    assert edited.count("1 copy") == 2  # b and c
