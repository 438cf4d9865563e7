"""Comparison on the seeds: alignment, word changes, splits, reordering, reuse, discrepancies."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiread.compare import compare, prepare, reuse
from tuiread.corpus import Article, load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    corpus = load_corpus([SEEDS], RULES)
    return {a.id[:3]: a for a in corpus.articles}


def load_one(path: Path) -> Article:
    (article,) = load_corpus([path], RULES).articles
    return article


def assert_spans_are_raw(comparison) -> None:
    """Every span's text is the visible text of that raw span in its own article."""
    left, right = comparison.left, comparison.right
    for row in comparison.rows:
        for side, article in ((row.left, left), (row.right, right)):
            if side:
                assert side.text == article.visible_text(side.start, side.end)
        for change in row.changes:
            assert change.left.text == left.visible_text(change.left.start, change.left.end)
            assert change.right.text == right.visible_text(change.right.start, change.right.end)
    for item in (*comparison.discrepancies, *comparison.quotes):
        assert item.left.text == left.visible_text(item.left.start, item.left.end)
        assert item.right.text == right.visible_text(item.right.start, item.right.end)


def test_paraphrased_peace_sentence_is_aligned_with_changed_words_marked(seeds):
    comparison = compare(seeds["000"], seeds["001"])
    (row,) = [
        r
        for r in comparison.rows
        if r.left and r.right and "very happy about the possibility of PEACE" in r.left.text
    ]
    assert "very optimistic about the potential for PEACE" in row.right.text
    replaced = [(c.left.text, c.right.text) for c in row.changes if c.kind == "replace"]
    assert ("happy", "optimistic") in replaced
    assert any("possibility" in a and "potential" in b for a, b in replaced)
    # "Everyone is very" is shared, so it is in no change.
    assert not any("Everyone" in c.left.text for c in row.changes)
    assert_spans_are_raw(comparison)


LEFT_AGAIN, RIGHT_AGAIN = ("left", "both"), ("right", "both")


def test_every_sentence_appears_once_per_side_in_reading_order(seeds):
    comparison = compare(seeds["001"], seeds["002"])
    # A side shown again (a sentence facing a second counterpart) is not its home row.
    home = comparison.rows
    left = [i for r in home if r.left and r.repeated not in LEFT_AGAIN for i in r.left.sentences]
    right = sorted(
        i for r in home if r.right and r.repeated not in RIGHT_AGAIN for i in r.right.sentences
    )
    assert left == list(range(len(seeds["001"].sentences)))
    assert right == list(range(len(seeds["002"].sentences)))
    again = [i for r in home if r.left and r.repeated in LEFT_AGAIN for i in r.left.sentences]
    assert set(again) <= set(left)


def test_two_sentences_merged_into_one_across_outlets(seeds):
    # 001 gives the $90 billion and the ten days in two sentences; 002 in one.
    comparison = compare(seeds["001"], seeds["002"])
    merged = [r for r in comparison.rows if r.left and r.right and len(r.left.sentences) == 2]
    assert [(r.left.sentences, r.right.sentences) for r in merged] == [((42, 43), (14,))]
    reverse = compare(seeds["002"], seeds["001"])
    assert ((14,), (42, 43)) in [
        (r.left.sentences, r.right.sentences) for r in reverse.rows if r.left and r.right
    ]


def test_one_sentence_split_in_two(seeds, tmp_path):
    original = seeds["004"]
    sentence = "although the timing of that initial encounter remains unclear."
    assert sentence in original.text
    split = tmp_path / "split.txt"
    split.write_text(
        original.text.replace(
            "first, " + sentence, "first. The timing of that initial encounter remains unclear."
        ),
        encoding="utf-8",
    )
    comparison = compare(original, load_one(split))
    rows = [r for r in comparison.rows if r.left and "trilateral meeting" in r.left.text]
    assert len(rows) == 1 and len(rows[0].right.sentences) == 2
    assert rows[0].right.text.endswith("initial encounter remains unclear.")
    assert_spans_are_raw(comparison)


def test_reordered_paragraphs_are_aligned_and_marked_moved(seeds, tmp_path):
    original = seeds["002"]
    paragraphs = [original.text[p.start : p.end] for p in original.paragraphs]
    reordered = tmp_path / "reordered.txt"
    reordered.write_text("\n".join(paragraphs[3:] + paragraphs[:3]) + "\n", encoding="utf-8")
    comparison = compare(original, load_one(reordered))
    aligned = [r for r in comparison.rows if r.left and r.right]
    assert len(aligned) == len(original.sentences)
    assert all(r.left.text == r.right.text and not r.changes for r in aligned)
    # Rows follow the left article; the paragraphs that moved are flagged.
    assert [r.left.sentences[0] for r in aligned] == list(range(len(original.sentences)))
    assert any(r.moved for r in aligned) and not all(r.moved for r in aligned)
    assert comparison.reuse.left == comparison.reuse.right == 1.0


def test_reuse_with_itself_is_one_and_with_the_later_event_is_low(seeds):
    same_event = ["000", "001", "002", "004"]
    prepared = {k: prepare(a) for k, a in seeds.items()}
    for key in seeds:
        figures = reuse(prepared[key], prepared[key])
        assert figures.left == figures.right == 1.0
    later = [reuse(prepared[k], prepared["003"]) for k in same_event]
    related = [reuse(prepared[a], prepared[b]) for a in same_event for b in same_event if a != b]
    # The later event's articles retell the background ("Trump said he called Putin"): a fifth at
    # most has a counterpart.
    assert all(r.left < 0.25 and r.right < 0.25 for r in later)

    def mean(figures):
        return sum(f.left + f.right for f in figures) / (2 * len(figures))

    assert mean(later) < mean(related)


def test_role_given_to_two_people(seeds):
    comparison = compare(seeds["001"], seeds["002"])
    roles = [d for d in comparison.discrepancies if d.kind == "role"]
    assert len(roles) == 1
    assert roles[0].left.text == "NATO Secretary General Jens Stoltenberg"
    assert roles[0].right.text == "NATO Secretary General Mark Rutte"
    # The row it is on faces Stoltenberg's sentence with Rutte's.
    row = comparison.rows[roles[0].row]
    assert row.left.start <= roles[0].left.start < row.left.end
    assert row.right.start <= roles[0].right.start < row.right.end
    # One fact, one discrepancy: no "name" entry for the same two people.
    assert not [d for d in comparison.discrepancies if "Rutte" in d.note and d.kind != "role"]
    assert_spans_are_raw(comparison)
    # 002 and 004 both name Rutte: no disagreement.
    assert not [d for d in compare(seeds["002"], seeds["004"]).discrepancies if d.kind == "role"]
    # "NATO chief" is the same post as "NATO Secretary General".
    assert [d.kind for d in compare(seeds["003"], seeds["001"]).discrepancies].count("role") == 1


def test_amounts_that_differ_in_an_aligned_pair(seeds):
    comparison = compare(seeds["002"], seeds["004"])
    (amount,) = [d for d in comparison.discrepancies if d.kind == "amount"]
    assert (amount.left.text, amount.right.text) == ("$100 billion", "$90 billion")
    row = comparison.rows[amount.row]
    assert row.left.start <= amount.left.start < amount.left.end <= row.left.end
    assert row.right.start <= amount.right.start < amount.right.end <= row.right.end


def test_shared_quotation(seeds):
    comparison = compare(seeds["001"], seeds["002"])
    assert [(q.left.text, q.right.text, q.exact) for q in comparison.quotes] == [
        ("the best", "the best", True)
    ]
    assert_spans_are_raw(comparison)


def test_near_quotation_and_hidden_text_are_handled(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Talks end\n\nThe minister said: “We will not accept any deal that gives away our "
        "land to Russia.” Officials agreed.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Minister rejects deal\n\n“We will not accept any deal that gives away our lands to "
        "Russia,” the minister said on Tuesday.\n",
        encoding="utf-8",
    )
    articles = load_corpus([tmp_path], RULES).articles
    (quote,) = compare(articles[0], articles[1]).quotes
    assert quote.left.text.startswith("We will not accept") and not quote.exact
    assert 0.9 <= quote.score < 1.0


def test_empty_article_compares_to_nothing(seeds, tmp_path):
    (tmp_path / "short.txt").write_text("Headline only\n", encoding="utf-8")
    short = load_one(tmp_path / "short.txt")
    comparison = compare(short, seeds["000"])
    assert all(r.left is None or r.right is None for r in comparison.rows)
    assert comparison.reuse.left == 0.0 and comparison.reuse.right == 0.0
    assert comparison.to_dict()["left"]["id"] == short.id
