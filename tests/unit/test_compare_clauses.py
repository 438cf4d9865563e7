"""Clauses: a sentence carrying two statements faces the sentence reporting each, and every view
still shows each sentence once at home, its second counterpart on a row marked as shown twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_compare_symmetry import article
from tuiread.compare import compare, prepare, reuse
from tuiread.compare.align import align
from tuiread.compare.clauses import clauses
from tuiread.compare.keys import text_keys
from tuiread.compare.rows import row_infos
from tuiread.compare.trace import trace
from tuiread.compare.words import WORD, normalize
from tuiread.corpus import Article, load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")


class _Word:
    def __init__(self, start: int, end: int, norm: str) -> None:
        self.start, self.end, self.norm = start, end, norm


def clause_keys(text: str) -> list[frozenset[str]]:
    words = [_Word(m.start(), m.end(), normalize(m.group())) for m in WORD.finditer(text)]
    return list(clauses(text, words, text_keys(text)))


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {a.id[:3]: a for a in load_corpus([ROOT / "seeds"], RULES).articles}


def test_a_sentence_is_cut_where_a_second_statement_starts():
    found = clause_keys(
        "Trump said European nations would coordinate with the U.S. to provide these "
        "assurances, but Kyiv would have to abandon its long-standing ambition of joining NATO."
    )
    assert len(found) == 2
    assert "assurance" in found[0] and "abandon" not in found[0]
    assert {"abandon", "join"} <= found[1] and "assurance" not in found[1]


def test_a_piece_too_short_to_state_anything_joins_its_neighbour():
    # "he added" alone says nothing: the quotation and it are one clause.
    assert clause_keys('"The talks went well," he added.') == []
    assert clause_keys("Markets fell sharply on Monday.") == []


def test_each_statement_of_a_long_sentence_finds_its_counterpart():
    left = article(
        "a",
        [
            "Officials met in Geneva on Monday.",
            "The transport minister said the northern railway line would reopen in March, but "
            "repairs to the flooded mountain tunnel will cost 40 million euros.",
            "Markets fell sharply.",
        ],
    )
    # The two reports stand apart, so they are not one split sentence either.
    right = article(
        "b",
        [
            "The northern railway line will reopen in March, the transport minister said.",
            "Officials gathered in Geneva.",
            "Repairs to the flooded mountain tunnel will cost 40 million euros.",
        ],
    )
    pairs = {(p.left, p.right, p.repeated) for p in align(prepare(left), prepare(right))}
    faced = {(p_left, p_right) for p_left, p_right, _ in pairs if p_left == (1,)}
    assert faced == {((1,), (0,)), ((1,), (2,))}
    assert sorted(r for l_, _, r in pairs if l_ == (1,)) == ["", "left"]
    # The same from the other side, sides swapped.
    back = {(p.right, p.left) for p in align(prepare(right), prepare(left))}
    assert faced <= back


def test_every_sentence_has_one_home_row_and_rows_shown_twice_are_marked(seeds):
    for x, y in (("000", "002"), ("002", "000"), ("000", "001")):
        comparison = compare(seeds[x], seeds[y])
        infos = row_infos(comparison)
        home_left = [
            i
            for r in comparison.rows
            if r.left and r.repeated not in ("left", "both")
            for i in r.left.sentences
        ]
        home_right = sorted(
            j
            for r in comparison.rows
            if r.right and r.repeated not in ("right", "both")
            for j in r.right.sentences
        )
        assert home_left == list(range(len(seeds[x].sentences)))
        assert home_right == list(range(len(seeds[y].sentences)))
        twice = [n for n, r in enumerate(comparison.rows) if r.repeated]
        assert twice, f"{x}/{y} has a sentence facing two"
        assert all(infos[n].marker in ("&", "!") for n in twice)
        assert all(comparison.rows[n].left and comparison.rows[n].right for n in twice)


def test_a_sentence_shown_twice_counts_once_in_the_reuse_figures(seeds):
    a, b = prepare(seeds["000"]), prepare(seeds["002"])
    pairs = align(a, b)
    assert any(p.repeated for p in pairs)
    figures = reuse(a, b, pairs)
    # Dropping the pairs that show a side again leaves that side's figure as it was.
    right_home = [p for p in pairs if p.repeated not in ("right", "both")]
    left_home = [p for p in pairs if p.repeated not in ("left", "both")]
    assert reuse(a, b, right_home).right == pytest.approx(figures.right)
    assert reuse(a, b, left_home).left == pytest.approx(figures.left)
    assert compare(a, b).reuse == figures


def test_trace_follows_the_sentence_to_its_own_row(seeds):
    comparison = compare(seeds["001"], seeds["000"])
    (again,) = [r for r in comparison.rows if r.repeated == "left"]
    sentence = again.left.sentences[0]
    (home,) = [
        r
        for r in comparison.rows
        if r.left and sentence in r.left.sentences and r.repeated not in ("left", "both")
    ]
    (entry,) = trace(seeds["001"], sentence, [seeds["000"]]).entries
    assert entry.counterpart == home.right != again.right


def test_json_says_which_side_is_shown_twice(seeds):
    there = {r["repeated"] for r in compare(seeds["000"], seeds["001"]).to_dict()["rows"]}
    back = {r["repeated"] for r in compare(seeds["001"], seeds["000"]).to_dict()["rows"]}
    assert {None, "right"} <= there <= {None, "left", "right", "both"}
    # Sides swapped, the side shown twice swaps too.
    swap = {"left": "right", "right": "left"}
    assert back == {swap.get(r, r) for r in there}


def test_clause_keys_are_the_sentence_keys_of_their_words():
    first = "Oil prices rose to $50 a barrel on Tuesday"
    second = "the weak dollar fell against the euro in Asian trading"
    parts = clause_keys(f"{first}; {second}.")
    assert parts == [text_keys(first).keys, text_keys(second).keys]


def test_rows_keep_every_sentence_homed_when_a_pair_is_replaced():
    from tuiread.compare.align import Pair, reading_order

    # Right 0 faces left 0 at home and left 2 again; left 1 is alone.
    rows = reading_order([Pair((0,), (0,), 0.5), Pair((2,), (0,), 0.4, "right")], 3, 1)
    assert [(r.left, r.right, r.repeated) for r in rows] == [
        ((0,), (0,), ""),
        ((1,), (), ""),
        ((2,), (0,), "right"),
    ]
    # The home pair replaced (as a role discrepancy's facing pair does): the pair that showed
    # right 0 again is its home now, not a second showing of a sentence shown nowhere else.
    rows = reading_order([Pair((2,), (0,), 0.4, "right")], 3, 1)
    assert [(r.left, r.right, r.repeated) for r in rows] == [
        ((0,), (), ""),
        ((1,), (), ""),
        ((2,), (0,), ""),
    ]


def test_the_screen_jumps_to_a_sentences_own_row(seeds):
    from tuiread.ui.compare.layout import LEFT, row_of_offset

    comparison = compare(seeds["001"], seeds["000"])
    (again,) = [r for r in comparison.rows if r.repeated == "left"]
    found = row_of_offset(comparison, LEFT, again.left.start)
    assert found is not None and comparison.rows[found].repeated != "left"
    assert comparison.rows[found].left.sentences == again.left.sentences


def test_a_pair_showing_both_sides_again_follows_the_right_sentences_own_row():
    from tuiread.compare.align import Pair, reading_order

    pairs = [Pair((0,), (1,), 0.6), Pair((1,), (0,), 0.6), Pair((0,), (0,), 0.5, "both")]
    rows = reading_order(pairs, 2, 2)
    assert [(r.left, r.right, r.repeated) for r in rows] == [
        ((0,), (1,), ""),
        ((1,), (0,), ""),
        ((0,), (0,), "both"),
    ]
    # Shown again by design, so not counted as out of order; the two home pairs cross.
    assert sum(r.moved for r in rows[:2]) == 1 and not rows[2].moved


def test_a_summing_up_sentence_also_faces_the_lead_it_restates():
    # The summing-up sentence restates the right's lead better than it matches its own
    # counterpart, but the one-to-one assignment gives that lead to the left's own lead.
    left = article(
        "a",
        [
            "Storms shut the northern railway line for weeks, stranding commuters.",
            "Heavy storms flooded the northern railway line on Monday, closing it for weeks, "
            "the transport minister said.",
            "Repairs to the mountain tunnel will cost 40 million euros.",
        ],
    )
    right = article(
        "b",
        [
            "The northern railway line was flooded by heavy storms on Monday and will be closed "
            "for weeks, the transport minister said.",
            "Thousands of commuters were stranded.",
            "Mending the mountain tunnel will cost 40 million euros.",
        ],
    )
    pairs = {(p.left, p.right): p.repeated for p in align(prepare(left), prepare(right))}
    assert pairs[((1,), (0,))] == "" and pairs[((0,), (1,))] == ""
    assert pairs[((0,), (0,))] == "both"
    back = {(p.right, p.left): p.repeated for p in align(prepare(right), prepare(left))}
    assert back == pairs
    # Every sentence keeps one home row; the restatement is a row of its own, marked.
    rows = compare(left, right).rows
    assert sum(1 for r in rows if r.repeated == "both") == 1
