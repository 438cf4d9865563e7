"""One claim across the outlets (trace), the corpus-wide discrepancy table, row markers shared by
the CLI and the screen, folds, and related articles for short articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tuiread.cli import main
from tuiread.compare import RelatedIndex, compare
from tuiread.compare.disagreements import disagreements
from tuiread.compare.rows import FOLD_MIN, Kind, RowInfo, describe, folds, row_infos
from tuiread.compare.sidebyside import render
from tuiread.compare.trace import trace
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")


@pytest.fixture(scope="module")
def seeds():
    return {a.id[:3]: a for a in load_corpus([ROOT / "seeds"], RULES).articles}


def sentence_with(article, needle: str) -> int:
    return next(
        n for n, s in enumerate(article.sentences) if needle in article.text[s.start : s.end]
    )


def test_trace_from_the_hundred_billion_finds_who_changed_it(seeds):
    # 001 reports $100 billion in one sentence and $90 billion in another; 004's $90 billion
    # sentence faces the second, yet the $100 billion sentence finds it too, with the figure.
    source = seeds["001"]
    n = sentence_with(source, "$100 billion")
    found = trace(source, n, [seeds[k] for k in ("000", "002", "003", "004")])
    by_id = {e.article.id[:3]: e for e in found.entries}
    assert "$100 billion" in by_id["002"].counterpart.text
    assert not [d for d in by_id["002"].discrepancies if d.kind == "amount"]
    assert by_id["004"].counterpart is not None
    assert "$90 billion" in by_id["004"].counterpart.text
    assert [describe(d) for d in by_id["004"].discrepancies if d.kind == "amount"] == [
        "amount: $100 billion / $90 billion"
    ]
    assert by_id["004"].marker == "!"


def test_trace_follows_the_arms_deal_figure_across_the_seeds(seeds):
    source = seeds["004"]
    n = sentence_with(source, "$90 billion")
    found = trace(source, n, [seeds[k] for k in ("000", "001", "002", "003")])
    by_id = {e.article.id[:3]: e for e in found.entries}
    assert "$90 billion" in found.text and set(by_id) == {"000", "001", "002", "003"}
    # 001 reports the same $90 billion; 002 says $100 billion, a discrepancy on that row.
    assert "$90 billion" in by_id["001"].counterpart.text
    assert not [d for d in by_id["001"].discrepancies if d.kind == "amount"]
    assert "$100 billion" in by_id["002"].counterpart.text
    assert [describe(d) for d in by_id["002"].discrepancies] == [
        "amount: $90 billion / $100 billion"
    ]
    assert by_id["002"].marker == "!"
    # The later event does not carry the claim.
    assert by_id["003"].counterpart is None and by_id["003"].marker == "−"
    # Articles with a counterpart come before those without (no dates in the seeds).
    kept = [e.counterpart is not None for e in found.entries]
    assert kept == sorted(kept, reverse=True)


def test_trace_orders_by_date_when_known(seeds):
    import dataclasses

    dated = {
        k: dataclasses.replace(a, date=d)
        for (k, a), d in zip(
            sorted(seeds.items()),
            ["2025-08-20", "2025-08-18", "2025-08-19", None, "2025-08-21"],
            strict=True,
        )
    }
    found = trace(dated["001"], 0, [dated[k] for k in ("000", "002", "003", "004")])
    assert [e.article.id[:3] for e in found.entries] == ["002", "000", "004", "003"]
    with pytest.raises(IndexError):
        trace(seeds["001"], len(seeds["001"].sentences), [])


def test_trace_command(capsys, seeds_dir):
    source = load_corpus([seeds_dir], RULES).resolve("004")
    number = sentence_with(source, "$90 billion") + 1
    assert main(["trace", "004", str(seeds_dir), "--sentence", str(number), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["number"] == number and data["sentence"] == number - 1
    entry = next(e for e in data["entries"] if e["id"].startswith("002"))
    assert entry["marker"] == "!" and entry["discrepancies"][0]["text"].startswith("amount:")
    assert main(["trace", "004", str(seeds_dir), "--sentence", str(number)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("marker\tdate\tid\tcounterpart")
    assert "! amount: $90 billion / $100 billion" in out
    assert main(["trace", "004", str(seeds_dir), "--sentence", "999"]) != 0
    assert "no sentence 999" in capsys.readouterr().err


def test_discrepancy_table_lists_who_says_what(capsys, seeds, seeds_dir):
    table = disagreements(list(seeds.values()))
    role = next(d for d in table if d.kind == "role")
    sides = {v.text: {a.id[:3] for a in v.articles} for v in role.values}
    assert sides["Jens Stoltenberg"] == {"001"} and "002" in sides["Mark Rutte"]
    amount = next(d for d in table if d.kind == "amount")
    assert {v.text for v in amount.values} == {"$100 billion", "$90 billion"}
    assert main(["discrepancies", str(seeds_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["kind"] for d in data["discrepancies"]} >= {"role", "amount"}
    assert main(["discrepancies", str(seeds_dir)]) == 0
    assert capsys.readouterr().out.startswith("kind\tvalue\tarticles\n")


def test_cli_diff_shows_the_screens_markers_and_wording(capsys, seeds, seeds_dir):
    from tuiread.ui.compare import layout as compare_layout

    # The screen and the CLI take their rows' kinds from one core function.
    assert compare_layout.row_infos is row_infos
    comparison = compare(seeds["001"], seeds["002"])
    infos = row_infos(comparison)
    lines = render(comparison, 120)
    body = lines[lines.index("─" * 120) + 1 :]
    starts = [
        line[0]
        for line in body
        if line and line[0] != " " and not line.startswith(("Disc", "Shared"))
    ]
    assert starts[: len(infos)] == [i.marker for i in infos]
    assert {"!", "+", "−"} <= set(starts)
    for d in comparison.discrepancies:
        assert f"  ! {describe(d)}" in lines
    assert main(["diff", "001", "002", str(seeds_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["marker"] for r in data["rows"]] == [i.marker for i in infos]
    # An identical pair is "=", not a paraphrase.
    same = compare(seeds["001"], seeds["001"])
    assert {i.marker for i in row_infos(same)} == {"="}


def test_runs_of_one_sided_rows_fold():
    def info(kind, discrepancy=False):
        return RowInfo(kind, False, False, discrepancy, "!" if discrepancy else "−")

    infos = [info(Kind.PAIR)] + [info(Kind.LEFT_ONLY)] * FOLD_MIN + [info(Kind.RIGHT_ONLY)] * 2
    infos += [info(Kind.LEFT_ONLY, discrepancy=True)]
    found = folds(infos, list(range(len(infos))))
    assert [f.rows for f in found] == [tuple(range(1, 1 + FOLD_MIN))]
    assert found[0].label().startswith(f"… {FOLD_MIN - 1} more left-only")
    # Hidden rows break a run only where the shown list breaks it.
    assert folds(infos, [0, 1, 2]) == []


def test_a_headline_alone_finds_its_relatives(tmp_path, seeds):
    (tmp_path / "short.txt").write_text(
        "Zelensky and Putin to meet after White House talks\n", encoding="utf-8"
    )
    (tmp_path / "two.txt").write_text(
        "Arms deal\n\nUkraine offers to buy $90 billion of U.S. weapons. Zelensky met Trump.\n",
        encoding="utf-8",
    )
    shorts = load_corpus([tmp_path], RULES).articles
    index = RelatedIndex([*seeds.values(), *shorts])
    for short in shorts:
        ranked = index.related(short, 3)
        assert ranked, short.id
        assert ranked[0].article.id[:3] in {"000", "001", "002", "004"}
        scores = [r.score for r in ranked]
        assert scores == sorted(scores, reverse=True) and scores[0] > 0
