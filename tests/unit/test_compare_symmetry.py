"""Swapping the sides of a comparison swaps its figures, rows and discrepancies, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tuiread.compare import compare
from tuiread.corpus import Article, load_rules
from tuiread.corpus.clean import clean
from tuiread.corpus.segment import segment

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules(ROOT / "config" / "boilerplate.yaml")

SENTENCES = [
    "Ukraine would buy $100 billion of American weapons.",
    "Ukraine may purchase $90bn of U.S. weapons, financed by Europe.",
    "NATO Secretary General Mark Rutte called the meeting very successful.",
    "NATO Secretary General Jens Stoltenberg attended the talks.",
    "The leaders agreed to meet again within two weeks.",
    "The presidents concurred that they would meet in a fortnight.",
    "Zelenskiy said the talks were “the best” so far.",
    "Zelensky described the meeting as “the best” they had.",
    "Markets fell sharply on Monday.",
    "The summit lasted 40 minutes.",
    "The summit lasted one hour and 15 minutes.",
    "Officials did not say where the meeting would take place.",
]


def article(name: str, sentences: list[str]) -> Article:
    text = f"Report {name}\n\n" + " ".join(sentences) + "\n"
    cleaned = clean(text, RULES)
    paragraphs, spans, words = segment(text, cleaned.visible)
    return Article(
        id=name,
        path=Path(f"{name}.txt"),
        text=text,
        title=cleaned.title or "",
        source=None,
        encoding="utf-8",
        format="text",
        visible=cleaned.visible,
        hidden=cleaned.hidden,
        paragraphs=paragraphs,
        sentences=spans,
        words=words,
    )


def pairs(comparison, swap: bool = False) -> set:
    found = set()
    for row in comparison.rows:
        left = row.left.sentences if row.left else ()
        right = row.right.sentences if row.right else ()
        found.add((right, left) if swap else (left, right))
    return found


texts = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6, unique=True)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(texts, texts)
def test_swapping_the_sides_swaps_everything(left, right):
    a, b = article("a", left), article("b", right)
    there, back = compare(a, b), compare(b, a)
    assert (there.reuse.left, there.reuse.right) == (back.reuse.right, back.reuse.left)
    assert pairs(there) == pairs(back, swap=True)
    paraphrase = {
        (r.left.sentences, r.right.sentences, r.paraphrase)
        for r in there.rows
        if r.left and r.right
    }
    assert paraphrase == {
        (r.right.sentences, r.left.sentences, r.paraphrase) for r in back.rows if r.left and r.right
    }

    def facts(comparison, swap=False):
        return sorted(
            (d.kind, d.right.text, d.left.text) if swap else (d.kind, d.left.text, d.right.text)
            for d in comparison.discrepancies
        )

    assert facts(there) == facts(back, swap=True)


def test_seed_figures_swap(tmp_path):
    from tuiread.corpus import load_corpus

    seeds = {x.id[:3]: x for x in load_corpus([ROOT / "seeds"], RULES).articles}
    for left, right in (("001", "002"), ("000", "001"), ("002", "004")):
        there, back = compare(seeds[left], seeds[right]), compare(seeds[right], seeds[left])
        assert (there.reuse.left, there.reuse.right) == (back.reuse.right, back.reuse.left)
        assert pairs(there) == pairs(back, swap=True)
