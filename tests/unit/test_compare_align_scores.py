"""The alignment's score matrix: the fast, table-driven overlap agrees with the scorer's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiread.compare import align as align_module
from tuiread.compare import prepare, scorer
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")


@pytest.fixture
def article(tmp_path):
    def make(name: str, body: str):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Harbour {name}\n\n{body}\n", encoding="utf-8")
        (loaded,) = load_corpus([path], RULES).articles
        return prepare(loaded)

    return make


@pytest.fixture(scope="module")
def seeds():
    corpus = load_corpus([ROOT / "seeds"], RULES)
    return {a.id[:3]: prepare(a) for a in corpus.articles}


def every_overlap(a, b, weigh) -> dict[tuple[int, int], float]:
    return {
        (i, j): scorer.synonym_overlap(x.analysis, y.analysis, weigh)
        for i, x in enumerate(a.sentences)
        for j, y in enumerate(b.sentences)
        if x.keys & y.keys
    }


@pytest.mark.parametrize("pair", [("001", "002"), ("000", "004"), ("003", "001")])
def test_score_matrix_is_the_synonym_overlap_of_every_pair_above_the_floor(seeds, pair):
    a, b = seeds[pair[0]], seeds[pair[1]]
    weigh = align_module.weigher(a, b)
    floor = align_module.ALIGN_MIN - align_module.CONTEXT_BONUS
    expected = {p: v for p, v in every_overlap(a, b, weigh).items() if v >= floor}
    found = align_module.score_matrix(a, b, weigh)
    assert found.keys() == expected.keys() and expected
    assert all(found[p] == pytest.approx(expected[p]) for p in expected)


def test_synonyms_count_only_where_the_other_side_lacks_the_word(article):
    a = article("a", "The ministers concurred on the new budget for the harbour.")
    b = article("b", "The ministers agreed on the new budget for the harbour.")
    c = article("c", "The ministers concurred and agreed on the new budget for the harbour.")
    for left, right in ((a, b), (b, a), (a, c), (c, b)):
        weigh = align_module.weigher(left, right)
        found = align_module.score_matrix(left, right, weigh)
        expected = every_overlap(left, right, weigh)
        body = (len(left.sentences) - 1, len(right.sentences) - 1)
        assert found[body] == pytest.approx(expected[body])
    weigh = align_module.weigher(a, b)
    plain = scorer.overlap(a.sentences[-1].keys, b.sentences[-1].keys, weigh)
    body = (len(a.sentences) - 1, len(b.sentences) - 1)
    assert align_module.score_matrix(a, b, weigh)[body] > plain


def test_weights_are_rarer_for_rarer_keys_and_highest_outside_the_articles(seeds):
    a, b = seeds["001"], seeds["002"]
    weigh = align_module.weigher(a, b)
    assert weigh("@putin") < weigh("surrender") < weigh("no-such-key-anywhere")
    assert weigh("no-such-key-anywhere") == align_module.weigher(b, a)("no-such-key-anywhere")


def test_groups_are_splits_or_merges_never_several_against_several(seeds):
    # A 3:2 group would count every sentence of one stretch as the counterpart of every sentence
    # of the other; a split (1:n) or a merge (n:1) is what rewriting does.
    grouped = 0
    for left in seeds.values():
        for right in seeds.values():
            if left is right:
                continue
            for pair in align_module.align(left, right):
                assert min(len(pair.left), len(pair.right)) == 1
                assert max(len(pair.left), len(pair.right)) <= align_module.MAX_GROUP
                grouped += max(len(pair.left), len(pair.right)) > 1
    assert grouped  # the seeds do split and merge sentences


def test_quantifiers_and_degree_words_weigh_nothing(article, monkeypatch):
    # Rare in two articles, "each", "only" and "very" weighed as much as a name, and two
    # sentences about different things sharing them looked alike.
    a = article("a", "Each of them had only some very few ferries left.")
    b = article("b", "Each said only some very few members would vote.")
    weigh = align_module.weigher(a, b)
    assert weigh("each") == weigh("only") == weigh("very") == 0.0
    assert weigh("ferry") > 0.0
    x, y = a.sentences[-1].keys, b.sentences[-1].keys
    words = frozenset({"each", "only", "some", "very", "few"})
    assert words <= x & y
    assert scorer.overlap(x, y, weigh) == pytest.approx(scorer.overlap(x - words, y - words, weigh))
    body = (len(a.sentences) - 1, len(b.sentences) - 1)
    assert body not in {(p.left[0], p.right[0]) for p in align_module.align(a, b)}
    # Weighed by their rarity like any other key, they would have aligned the pair.
    monkeypatch.setattr(align_module, "NO_CONTENT", frozenset())
    assert body in {(p.left[0], p.right[0]) for p in align_module.align(a, b)}
