"""``tuiread entities`` and ``tuiread mentions``: JSON shapes, verbs versus queries, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tuiread.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_entities_json_ranked_by_query(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "entities", "zelenski", str(seeds_dir), "--json", "--limit", "3")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["name"] == "Volodymyr Zelensky"
    assert set(rows[0]) == {"name", "kind", "variants", "mentions", "articles", "score"}
    assert rows[0]["kind"] == "PERSON" and "Zelenskyy" in rows[0]["variants"]
    assert rows[0]["mentions"] >= 30 and len(rows[0]["articles"]) == 5
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_entities_without_query_by_mentions(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path
) -> None:
    code, out, _ = run(capsys, "entities", str(seeds_dir), "--json", "--kind", "person")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["kind"] == "PERSON" and r["score"] is None for r in rows)
    counts = [r["mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert len(rows) <= 20


def test_a_query_is_not_a_verb_but_a_verb_acts(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path
) -> None:
    code, out, _ = run(capsys, "entities", "putin", str(seeds_dir))
    assert code == 0 and "Vladimir Putin" in out.splitlines()[0]
    code, out, _ = run(capsys, "entities", "merge", "Mark Rutte", "Mark Carney", str(seeds_dir))
    assert code == 0 and "merge 'Mark Carney' into 'Mark Rutte'" in out
    code, out, _ = run(capsys, "entities", "carney", str(seeds_dir), "--json")
    assert json.loads(out)[0]["name"] == "Mark Rutte"
    code, out, _ = run(capsys, "entities", "decisions", "--json")
    assert [d["action"] for d in json.loads(out)] == ["merge"]
    code, out, _ = run(capsys, "entities", "--query", "merge", str(seeds_dir), "--json")
    assert code == 0 and isinstance(json.loads(out), list)


def test_split_and_rename_from_the_cli(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    assert run(capsys, "entities", "split", "Zelensky", "Zelenskiy", str(seeds_dir))[0] == 0
    assert (
        run(capsys, "entities", "rename", "Zelenskiy", "Zelenskiy (Bloomberg)", str(seeds_dir))[0]
        == 0
    )
    _, out, _ = run(capsys, "entities", "zelenskiy", str(seeds_dir), "--json")
    names = [r["name"] for r in json.loads(out)]
    assert "Zelenskiy (Bloomberg)" in names and "Volodymyr Zelensky" in names


def test_bad_decisions_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path
) -> None:
    code, _, err = run(capsys, "entities", "merge", "Nobody Known", "Putin", str(seeds_dir))
    assert (
        code == 2 and "no entity named 'Nobody Known'" in err and len(err.strip().splitlines()) == 1
    )
    code, _, err = run(capsys, "entities", "rename", "Putin")
    assert code == 2 and "expected ENTITY NAME" in err
    code, _, err = run(capsys, "entities", "undo", "seven")
    assert code == 2 and "decision id" in err


def test_mentions_json(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "mentions", "lavrof", str(seeds_dir), "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 3
    for row in rows:
        assert set(row) == {"id", "path", "start", "end", "text", "context"}
        text = Path(row["path"]).read_bytes().decode("utf-8")
        assert text[row["start"] : row["end"]] == row["text"]
        assert row["text"] in row["context"]


def test_mentions_all_of_files(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    file = sorted(seeds_dir.glob("*.txt"))[0]
    code, out, _ = run(capsys, "mentions", "--all", str(file), "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    text = file.read_bytes().decode("utf-8")
    for row in rows:
        assert set(row) == {"path", "start", "end", "text", "kind"}
        assert text[row["start"] : row["end"]] == row["text"]
    code, _, err = run(capsys, "mentions", "--all", str(seeds_dir / "missing.txt"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "mentions", "Qqqqzz", str(seeds_dir))
    assert code == 2 and "no entity matches" in err
