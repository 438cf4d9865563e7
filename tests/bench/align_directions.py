"""Directions for sentence alignment recall, each measured against the shipped alignment.

    python tests/bench/align_directions.py [--bbc ../shared/corpora/bbc]

Run by hand (not collected by pytest). Each direction changes the alignment for the length of
one measurement (module attributes patched, then put back) and prints precision and recall of
left sentences on the parts of tests/bench/align_bench.py's hand-aligned pairs. None of these
ships: on the tuning part each pair a direction gains costs one or more pairs outside the hand
alignment, so recall rises only where precision falls below the shipped figure. They are kept
so that a new idea is measured against them rather than tried again. (What ships of clauses is
the clause assignment of align.CLAUSE_MIN, in the "shipped" row and off in "no clause pairs".)

- PART_MIN: a neighbouring sentence joins a pair (a split or merge) from a lower overlap;
- clause: a sentence pair also scores by its best clause pair (sentences cut at ";", ":",
  dashes, quotation edges and ", but" / ", while" / ", which" ...), times a factor, from a
  shared clause weight on (so that "Trump said" alone does not pair two clauses);
- attach: a sentence the one-to-one alignment leaves alone faces its best counterpart though
  that counterpart is paired already (a sentence holding two statements), when the overlap
  reaches a floor and the counterpart's own pair scores no more than the overlap / ratio;
- mutual best: a pair below ALIGN_MIN whose sentences are each other's best counterpart;
- idf power: key weights raised to a power (rare keys count more against common ones);
- capitals: a capital stands for its country as well ("Kyiv would have to" / "Ukraine to");
- scorer blend: the fitted paraphrase probability added to the overlap, centred on 0.5;
- leftover: the sentences both articles' alignment leaves alone paired as a second assignment
  from a lower floor, only where the pair stands in the order of the aligned pairs around it;
- reporting verbs: "tell", "report", "reveal", "announce"... weighed down (attribution added or
  dropped), which lifts pairs sharing only names as much as reworded ones.
Measured by hand with variants of compare/data/build_synonyms.py (not rerun here): a word's
untagged senses too changes no aligned pair; a word's direct hypernyms as synonyms (nouns and
verbs, first sense) lift held-out recall (late pairs 0.667 -> 0.762) but drop precision below
0.80 on the tuning, held-out and seed parts (seeds 0.875 -> 0.647), nouns or verbs alone too.
Signals of meaning (WordNet relations at full and half weight, prefix relatives, margins, the
Dice / containment balance) are measured in tests/bench/align_meaning.py.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import align_bench

import tuiread.compare.align as align_module
from tuiread.compare import scorer
from tuiread.compare.assignment import best_assignment
from tuiread.compare.keys import analyse, text_keys
from tuiread.compare.text import PreparedArticle, PreparedSentence

# Words after a comma that open a clause of their own.
CLAUSE_WORDS = frozenset(
    "but while although though whereas which where after saying because since when before as "
    "and who following according amid including".split()
)
CLAUSE_MARKS = tuple(';:—–"“”')
# The shipped score matrix, kept before any direction patches the module's.
SCORE_MATRIX = align_module.score_matrix
CAPITALS = {
    "Kyiv": "Ukraine",
    "Moscow": "Russia",
    "Kremlin": "Russia",
    "Washington": "United States",
    "Beijing": "China",
    "London": "UK",
    "Paris": "France",
    "Berlin": "Germany",
    "Brussels": "EU",
    "Tokyo": "Japan",
}


@contextmanager
def patched(module, **values) -> Iterator[None]:
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def clause_keys(article: PreparedArticle, sentence: PreparedSentence) -> list[frozenset[str]]:
    text, words = article.article.text, sentence.words
    cuts = [0]
    for k in range(1, len(words)):
        gap = text[words[k - 1].end : words[k].start]
        marked = any(mark in gap for mark in CLAUSE_MARKS) or " - " in gap
        if marked or ("," in gap and words[k].norm in CLAUSE_WORDS):
            cuts.append(k)
    cuts.append(len(words))
    return [
        analyse([(text[w.start : w.end], w.norm) for w in words[start:end]]).keys
        for start, end in zip(cuts, cuts[1:], strict=False)
        if end > start
    ]


def clause_matrix(factor: float, min_shared: float) -> Callable:
    cache: dict[int, list[list[frozenset[str]]]] = {}

    def clauses(article: PreparedArticle) -> list[list[frozenset[str]]]:
        if id(article) not in cache:
            cache[id(article)] = [clause_keys(article, s) for s in article.sentences]
        return cache[id(article)]

    def score_matrix(a, b, weigh, floor=None, partners=None):
        found = SCORE_MATRIX(a, b, weigh, floor, partners)
        floor = align_module.ALIGN_MIN - align_module.CONTEXT_BONUS if floor is None else floor
        for i, left in enumerate(clauses(a)):
            for j, right in enumerate(clauses(b)):
                if len(left) == 1 and len(right) == 1:
                    continue
                best = 0.0
                for x in left:
                    for y in right:
                        shared = sum(weigh(k) for k in x & y)
                        if shared < min_shared:
                            continue
                        total_x, total_y = sum(map(weigh, x)), sum(map(weigh, y))
                        best = max(best, scorer.weighted_score(shared, total_x, total_y))
                value = factor * best
                if value >= floor and value > found.get((i, j), 0.0):
                    found[(i, j)] = value
        return found

    return score_matrix


def _all_scores(a, b, weigh, floor: float) -> dict[tuple[int, int], float]:
    """The shipped score_matrix from ``floor`` on (it scores from ALIGN_MIN - CONTEXT_BONUS)."""
    with patched(align_module, ALIGN_MIN=floor + align_module.CONTEXT_BONUS):
        return SCORE_MATRIX(a, b, weigh)


def attach_align(floor: float, ratio: float) -> Callable:
    original = align_module.align

    def align(a, b):
        pairs = original(a, b)
        raw = _all_scores(a, b, align_module.weigher(a, b), floor)
        held_left = {i: p.score for p in pairs for i in p.left}
        held_right = {j: p.score for p in pairs for j in p.right}
        best: dict[tuple[str, int], tuple[float, int, int]] = {}
        for (i, j), value in raw.items():
            for side, alone, partner, held in (
                ("left", i, j, held_right),
                ("right", j, i, held_left),
            ):
                if alone in (held_left if side == "left" else held_right):
                    continue
                if partner not in held or value < ratio * held[partner]:
                    continue
                if value > best.get((side, alone), (0.0, 0, 0))[0]:
                    best[(side, alone)] = (value, i, j)
        extra = {(i, j): align_module.Pair((i,), (j,), v) for v, i, j in best.values()}
        return pairs + list(extra.values())

    return align


def mutual_align(floor: float) -> Callable:
    original_context = align_module._with_context

    def with_context(scores, quoting=()):
        boosted = original_context(scores, quoting)
        best_left: dict[int, tuple[float, int]] = {}
        best_right: dict[int, tuple[float, int]] = {}
        for (i, j), value in scores.items():
            best_left[i] = max(best_left.get(i, (0.0, -1)), (value, j))
            best_right[j] = max(best_right.get(j, (0.0, -1)), (value, i))
        for i, (value, j) in best_left.items():
            if value >= floor and best_right[j][1] == i:
                boosted.setdefault((i, j), value)
        return boosted

    return with_context


def idf_weigher(power: float) -> Callable:
    original = align_module.weigher

    def weigher(a, b):
        base = original(a, b)
        table = {k: w**power for k, w in base.items()}
        return align_module._Weights(table, base.rarest**power)

    return weigher


def with_capitals(prepared: dict) -> dict:
    extra = {}
    for city, country in CAPITALS.items():
        city_keys, country_keys = text_keys("the " + city).names, text_keys("the " + country).names
        if city_keys and country_keys:
            extra[next(iter(city_keys))] = next(iter(country_keys))
    result = {}
    for name, article in prepared.items():
        sentences = []
        for s in article.sentences:
            added = {extra[k] for k in s.keys if k in extra} - s.keys
            if added:
                analysis = dataclasses.replace(
                    s.analysis, keys=s.keys | added, names=s.analysis.names | added
                )
                s = dataclasses.replace(s, analysis=analysis)
            sentences.append(s)
        result[name] = PreparedArticle(article.article, sentences)
    return result


def blend_matrix(weight: float) -> Callable:
    def score_matrix(a, b, weigh, floor=None, partners=None):
        found = _all_scores(a, b, weigh, align_module.ALIGN_MIN - align_module.CONTEXT_BONUS - 0.1)
        floor = align_module.ALIGN_MIN - align_module.CONTEXT_BONUS if floor is None else floor
        result = {}
        for (i, j), value in found.items():
            p = scorer.score(a.sentences[i].analysis, b.sentences[j].analysis)
            value += weight * (p - 0.5)
            if value >= floor:
                result[(i, j)] = value
        return result

    return score_matrix


def leftover_align(floor: float) -> Callable:
    """The shipped pairs, then the sentences left alone on both sides paired as one more
    assignment from ``floor``, where the pair lies between the aligned pairs around it."""
    original = align_module.align

    def align(a, b):
        pairs = original(a, b)
        raw = _all_scores(a, b, align_module.weigher(a, b), floor)
        taken_left = {i for p in pairs for i in p.left}
        taken_right = {j for p in pairs for j in p.right}
        anchors = sorted((p.left[0], p.right[0]) for p in pairs if not p.repeated)
        candidates = {}
        for (i, j), value in raw.items():
            if i in taken_left or j in taken_right or value < floor:
                continue
            before = [r for left, r in anchors if left < i]
            after = [r for left, r in anchors if left > i]
            low = before[-1] if before else -1
            high = after[0] if after else len(b.sentences)
            if low < j < high:
                candidates[(i, j)] = value
        extra = best_assignment(candidates)
        return pairs + [align_module.Pair((i,), (j,), candidates[(i, j)]) for i, j in extra]

    return align


REPORTING = frozenset(
    "tell report reveal mention announce add state note accord write post describe inform "
    "explain comment speak quote cite remark".split()
)


def reporting_weigher(factor: float) -> Callable:
    original = align_module.weigher

    def weigher(a, b):
        base = original(a, b)
        table = {k: w * factor if k in REPORTING else w for k, w in base.items()}
        return align_module._Weights(table, base.rarest)

    return weigher


def row(label: str, prepared: dict, gold_sets: dict) -> str:
    cells = []
    for _, keys in align_bench.table_parts(gold_sets):
        aligned, precision, recall = align_bench.measure(prepared, gold_sets, keys)
        cells.append(f"{aligned} · {precision:.3f} · {recall:.3f}")
    return f"| {label} | " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, help="the BBC corpus: adds its hand-aligned pairs")
    args = parser.parse_args()
    prepared, gold_sets = align_bench.directions_table(args.bbc)
    print(row("shipped", prepared, gold_sets))
    with patched(align_module, CLAUSE_MIN=float("inf")):
        print(row("no clause pairs (CLAUSE_MIN off)", prepared, gold_sets))
    for value in (0.28, 0.26, 0.24):
        with patched(align_module, ALIGN_MIN=value):
            print(row(f"ALIGN_MIN {value:.2f}", prepared, gold_sets))
    for value in (0.15, 0.1):
        with patched(align_module, PART_MIN=value):
            print(row(f"PART_MIN {value:.2f} (splits and merges)", prepared, gold_sets))
    for factor, shared in ((0.8, 0.0), (0.8, 6.0), (0.9, 9.0)):
        with patched(align_module, score_matrix=clause_matrix(factor, shared)):
            print(row(f"clause x{factor} from weight {shared:g}", prepared, gold_sets))
    for floor, ratio in ((0.22, 0.8), (0.22, 1.0), (0.30, 1.0)):
        with patched(align_module, align=attach_align(floor, ratio)):
            print(row(f"attach from {floor:.2f}, ratio {ratio:.1f}", prepared, gold_sets))
    for floor in (0.26, 0.28):
        with patched(align_module, _with_context=mutual_align(floor)):
            print(row(f"mutual best from {floor:.2f}", prepared, gold_sets))
    for power in (0.5, 1.5, 2.0):
        with patched(align_module, weigher=idf_weigher(power)):
            print(row(f"idf power {power:g}", prepared, gold_sets))
    capitals = with_capitals(prepared)
    print(row("capitals", capitals, gold_sets))
    with patched(align_module, ALIGN_MIN=0.28):
        print(row("capitals, ALIGN_MIN 0.28", capitals, gold_sets))
    for weight in (0.1, 0.2):
        with patched(align_module, score_matrix=blend_matrix(weight)):
            print(row(f"scorer blend {weight:g}", prepared, gold_sets))
    for floor in (0.2, 0.15):
        with patched(align_module, align=leftover_align(floor)):
            print(row(f"leftover in order from {floor:.2f}", prepared, gold_sets))
    for factor in (0.5, 0.0):
        with patched(align_module, weigher=reporting_weigher(factor)):
            print(row(f"reporting verbs x{factor:g}", prepared, gold_sets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
