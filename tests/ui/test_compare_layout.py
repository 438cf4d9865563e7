"""The comparison view's layout: row kinds, hiding similar pairs, difference stops, wrapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tuiread import config
from tuiread.compare import compare
from tuiread.corpus import load_corpus, load_rules
from tuiread.textsafe import displayable
from tuiread.ui.compare.layout import (
    LEFT,
    RIGHT,
    Kind,
    RowInfo,
    changed_spans,
    difference_stops,
    layout_comparison,
    row_infos,
    row_of_offset,
    shown_rows,
)
from tuiread.ui.reading.reader_layout import Pieces

BASE = (
    "Leaders met in Geneva on Monday to discuss the ceasefire. "
    "The talks lasted three hours and ended without a statement. "
    "Officials said the next round would follow in March. "
    "The delegation brought $100 billion in pledges for reconstruction. "
    "Protesters gathered outside the venue throughout the afternoon."
)


@pytest.fixture
def pair(tmp_path: Path):
    """An article and a rewrite: one sentence dropped, one added, one figure changed, one word
    changed in a long sentence, the rest identical."""
    rewrite = (
        "Leaders met in Geneva on Monday to discuss the ceasefire. "
        "The talks lasted three hours and ended without any statement. "
        "The delegation brought $90 billion in pledges for reconstruction. "
        "Protesters gathered outside the venue throughout the afternoon. "
        "Markets in Europe barely moved on the news from Switzerland."
    )
    (tmp_path / "a.txt").write_text("Original\n\n" + BASE + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rewrite\n\n" + rewrite + "\n", encoding="utf-8")
    corpus = load_corpus([tmp_path], load_rules(*config.boilerplate_files()))
    a, b = sorted(corpus.articles, key=lambda x: x.id)
    return compare(a, b)


def test_rows_are_classified_and_similar_pairs_hidden_except_discrepancies(pair):
    infos = row_infos(pair)
    assert len(infos) == len(pair.rows)
    kinds = [i.kind for i in infos]
    assert Kind.LEFT_ONLY in kinds and Kind.RIGHT_ONLY in kinds
    identical = [n for n, r in enumerate(pair.rows) if r.left and r.right and not r.changes]
    assert identical and all(infos[n].similar and infos[n].marker == "=" for n in identical)
    flagged = {d.row for d in pair.discrepancies if d.row is not None}
    assert flagged, "the changed figure is a discrepancy"
    assert all(infos[n].discrepancy and infos[n].marker == "!" for n in flagged)
    near = next(n for n, r in enumerate(pair.rows) if r.left and "without" in r.left.text)
    assert infos[near].similar and not infos[near].identical and not infos[near].discrepancy
    shown = shown_rows(infos, hide_similar=True)
    assert not set(identical) & set(shown) and near not in shown
    assert flagged <= set(shown)
    assert all(n in shown for n, i in enumerate(infos) if i.kind != Kind.PAIR)
    assert shown_rows(infos, hide_similar=False) == list(range(len(pair.rows)))


def test_difference_stops_skip_identical_pairs_and_group_runs(pair):
    infos = row_infos(pair)
    shown = list(range(len(infos)))
    stops = difference_stops(infos, shown)
    for n in stops:
        info = infos[n]
        assert not info.identical
        if info.kind != Kind.PAIR and not info.discrepancy and n > 0:
            assert infos[n - 1].kind != info.kind
    changed = [n for n, r in enumerate(pair.rows) if r.left and r.right and r.changes]
    assert set(changed) <= set(stops)
    # Two sentences found on the left only, one after the other, are one stop.
    run = [RowInfo(Kind.LEFT_ONLY, False, False, False, "−") for _ in range(2)]
    assert difference_stops(run, [0, 1]) == [0]


def test_changed_spans_put_deletions_left_and_insertions_right(pair):
    row = next(r for r in pair.rows if r.left and "without" in r.left.text)
    left, right = changed_spans(row, LEFT), changed_spans(row, RIGHT)
    assert [pair.left.text[s:e] for s, e in left] == ["a"]
    assert [pair.right.text[s:e] for s, e in right] == ["any"]


@pytest.mark.parametrize("column", [12, 30, 80])
def test_layout_wraps_each_side_within_its_column_and_keeps_every_word(pair, column):
    shown = list(range(len(pair.rows)))
    pieces = (Pieces(pair.left), Pieces(pair.right))
    layout = layout_comparison(pair, shown, column, pieces)
    assert [r.row for r in layout.rows] == shown
    assert layout.line_row.count(-1) == len(shown) - 1
    for lines in layout.rows:
        row = pair.rows[lines.row]
        assert len(layout.lines_of(lines.row)) == lines.height
        for side, article, part in ((lines.left, pair.left, row.left),
                                    (lines.right, pair.right, row.right)):
            if part is None:
                assert side == []
                continue
            drawn = [" ".join(displayable(article.text[s:e]) for s, e in tokens)
                     for tokens in side]
            assert all(cell_len(line) <= column for line in drawn)
            assert "".join("".join(drawn).split()) == "".join(part.text.split())


def test_row_of_offset_finds_the_row_showing_a_place(pair):
    for n, row in enumerate(pair.rows):
        if row.left is not None:
            assert row_of_offset(pair, LEFT, row.left.start) == n
        if row.right is not None:
            assert row_of_offset(pair, RIGHT, row.right.end - 1) == n
    assert row_of_offset(pair, LEFT, len(pair.left.text) + 10) is None
