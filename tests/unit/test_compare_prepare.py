"""The fast paths of preparing and aligning articles give what their plain definitions give: the
words of a sentence, which words stand in quotation marks, where clauses are cut, each pair's
overlap, the synonym partners of a key, and the characters a word diff counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiread.compare import prepare
from tuiread.compare.align import score_matrix, weigher
from tuiread.compare.clauses import CLAUSE_WORDS, MARKED, _cuts
from tuiread.compare.keys import analyse, quoted_spans, text_keys
from tuiread.compare.overlap import synonym_partners
from tuiread.compare.scorer import synonym_overlap
from tuiread.compare.text import Word, words_in
from tuiread.compare.worddiff import counterpart_chars, word_ops
from tuiread.compare.wordnet import synonym_sets
from tuiread.compare.words import WORD, normalize
from tuiread.corpus import Article, load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return load_corpus([ROOT / "seeds"], RULES).articles


def _plain_words(article: Article, start: int, end: int) -> list[Word]:
    return [
        Word(m.start(), m.end(), normalize(m.group()))
        for piece in article.visible_pieces(start, end)
        for m in WORD.finditer(article.text, piece.start, piece.end)
    ]


def _plain_cuts(text: str, words) -> list[int]:
    """A cut before every word whose gap holds a mark, or a comma before a clause word."""
    cuts = [0]
    for k in range(1, len(words)):
        gap = text[words[k - 1].end : words[k].start]
        if MARKED.search(gap) or ("," in gap and words[k].norm in CLAUSE_WORDS):
            cuts.append(k)
    return cuts


def test_each_sentence_has_its_plain_words_keys_and_clause_cuts(seeds):
    for article in seeds:
        prepared = prepare(article)
        for span, sentence in zip(article.sentences, prepared.sentences, strict=True):
            words = _plain_words(article, span.start, span.end)
            assert list(sentence.words) == words == words_in(article, span.start, span.end)
            quotes = quoted_spans(article.text[span.start : span.end])
            quoted = [any(s <= w.start - span.start < e for s, e in quotes) for w in words]
            tokens = [(article.text[w.start : w.end], w.norm) for w in words]
            assert sentence.analysis == analyse(tokens, quoted)
            assert _cuts(article.text, words) == _plain_cuts(article.text, words)
        assert prepared.chars() == sum(w.end - w.start for s in prepared.sentences for w in s.words)


@pytest.mark.parametrize(
    "text",
    [
        "Sales rose 1,500 units at 10:30 in the Putin–Zelensky talks, but prices fell; he said.",
        'He said "we will not go" - and then: left, which surprised “everyone” — even them.',
        "One",
        "",
    ],
)
def test_clause_cuts_skip_marks_inside_words(text):
    words = [Word(m.start(), m.end(), normalize(m.group())) for m in WORD.finditer(text)]
    assert _cuts(text, words) == _plain_cuts(text, words)


def test_words_a_name_or_an_amount_takes_are_not_keyed_again():
    found = text_keys("New York and United States officials").sequence
    assert found == ("@new york", "@united states", "official")
    found = text_keys("Oil up 5 per cent to $2 billion").sequence
    assert found == ("oil", "up", "#5", "percent", "$", "#2e+09")


def test_each_pair_overlap_is_the_scorer_synonym_overlap(seeds):
    a, b = prepare(seeds[0]), prepare(seeds[1])
    weigh = weigher(a, b)
    floor = 0.2
    found = score_matrix(a, b, weigh, floor)
    expected = {}
    for i, x in enumerate(a.sentences):
        for j, y in enumerate(b.sentences):
            if x.keys & y.keys:
                value = synonym_overlap(x.analysis, y.analysis, weigh)
                if value >= floor:
                    expected[(i, j)] = value
    assert found.keys() == expected.keys()
    assert found == pytest.approx(expected)


def test_synonym_partners_share_a_synonym_set(seeds):
    left = set().union(*(s.keys for s in prepare(seeds[0]).sentences))
    right = set().union(*(s.keys for s in prepare(seeds[2]).sentences))
    found, _ = synonym_partners(left, right)
    expected = {}
    for key in left:
        partners = {q for q in right if q != key and synonym_sets(q) & synonym_sets(key)}
        if partners:
            expected[key] = partners
    assert found == expected
    assert found  # the two reports share some synonyms


def test_counterpart_chars_count_equal_words_whole_and_replacements_in_part():
    def words(text):
        return [Word(m.start(), m.end(), normalize(m.group())) for m in WORD.finditer(text)]

    left, right = words("the happy big dog ran"), words("the optimistic dog ran far away")
    ops = word_ops(left, right)
    # "the", "dog", "ran" on both sides; "happy big" -> "optimistic": one of two words counts
    assert [op.kind for op in ops] == ["equal", "replace", "equal", "insert"]
    assert counterpart_chars(ops, left, right) == (3 + 3 + 3 + (5 + 3) // 2, 3 + 3 + 3 + 10)
