"""`tuiread diff` and `tuiread related` in the forms scripts rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tuiread.cli import main
from tuiread.compare import compare
from tuiread.compare.sidebyside import render
from tuiread.corpus import load_corpus, load_rules
from tuiread.textsafe import displayable

LEFT_AGAIN = ("left", "both")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_json_shape(capsys, seeds_dir):
    code, out, _ = run(capsys, "diff", "001", "002", str(seeds_dir), "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"left", "right", "reuse", "rows", "discrepancies", "quotes"}
    assert data["left"]["id"] == "001_8557ead743fed211"
    assert set(data["left"]) == {"id", "path", "title"}
    assert 0 < data["reuse"]["left"] < 1 and 0 < data["reuse"]["right"] < 1
    raw = (seeds_dir / "001_8557ead743fed211.txt").read_text(encoding="utf-8")
    # Reading order, the rows showing a left sentence again aside (they stand by their right).
    lefts = [r["left"] for r in data["rows"] if r["left"] and r["repeated"] not in LEFT_AGAIN]
    assert [s["start"] for s in lefts] == sorted(s["start"] for s in lefts)
    for row in data["rows"]:
        assert set(row) >= {"left", "right", "score", "changes"}
        if row["left"]:
            assert raw[row["left"]["start"] : row["left"]["end"]] == row["left"]["text"]
        for change in row["changes"]:
            assert change["kind"] in ("insert", "delete", "replace")
            assert set(change["left"]) == set(change["right"]) == {"start", "end", "text"}
    kinds = {d["kind"] for d in data["discrepancies"]}
    assert "role" in kinds
    assert data["quotes"][0]["left"]["text"] == "the best"


def test_diff_plain_when_piped_has_no_colour_and_keeps_the_width(capsys, seeds_dir):
    code, out, _ = run(capsys, "diff", "000", "001", str(seeds_dir), "--width", "90")
    lines = out.splitlines()
    assert code == 0 and "\x1b" not in out
    assert max(len(line) for line in lines) <= 90
    assert any("very happy about the" in line and "│" in line for line in lines)
    assert lines[1].startswith("reuse: ")


@pytest.mark.parametrize(
    "args, message",
    [
        (("diff", "000", "zzz"), "no article matches 'zzz'"),
        (("diff", "00", "001"), "ambiguous"),
        (("related", "zzz"), "no article matches 'zzz'"),
    ],
)
def test_bad_reference_is_one_line_and_status_2(capsys, seeds_dir, args, message):
    code, out, err = run(capsys, *args, str(seeds_dir))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_bad_width_and_limit_are_usage_errors(capsys, seeds_dir):
    for args in (("diff", "000", "001", "--width", "0"), ("related", "000", "--limit", "x")):
        with pytest.raises(SystemExit) as exit_info:
            main([*args, str(seeds_dir)])
        assert exit_info.value.code == 2
        assert "error:" in capsys.readouterr().err


def test_related_json_and_plain(capsys, seeds_dir):
    code, out, _ = run(capsys, "related", "001", str(seeds_dir), "--json", "--limit", "3")
    data = json.loads(out)
    assert code == 0 and data["article"]["id"] == "001_8557ead743fed211"
    ids = [r["id"] for r in data["related"]]
    assert len(ids) == 3 and "001_8557ead743fed211" not in ids
    assert "003_ecf7c83a1a878012" not in ids  # the later event is ranked last
    assert all(set(r["reuse"]) == {"left", "right"} for r in data["related"])
    code, out, _ = run(
        capsys, "related", str(seeds_dir / "004_24d75e40b4cbd946.txt"), str(seeds_dir)
    )
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert code == 0 and rows[0] == ["score", "shared (query/other)", "id", "title"]
    scores = [float(row[0]) for row in rows[1:]]
    assert len(scores) == 4 and scores == sorted(scores, reverse=True)


def test_side_by_side_shows_control_characters_and_markup_literally(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Evil\n\nThe [bold]minister\x1b[2J said the border deal with the northern neighbours "
        "was done on Friday.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Plain\n\nThe minister said the border deal with the northern neighbours was "
        "finished on Friday.\n",
        encoding="utf-8",
    )
    rules = load_rules(Path(__file__).resolve().parents[2] / "config" / "boilerplate.yaml")
    corpus = load_corpus([tmp_path], rules)
    comparison = compare(corpus.articles[0], corpus.articles[1])
    text = "\n".join(render(comparison, 100, colour=True, safe=displayable))
    assert "[bold]minister␛[2J" in text
    assert "\x1b[2J" not in text
    assert "\x1b[31m" in text and "\x1b[32m" in text  # the changed words are coloured
