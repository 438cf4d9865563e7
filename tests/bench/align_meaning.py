"""Signals of meaning for sentence alignment, each measured against the shipped alignment.

    python tests/bench/align_meaning.py [--bbc ../shared/corpora/bbc] [--wordnet /usr/share/wordnet]

Run by hand (not collected by pytest), like align_directions.py, whose table this continues: the
hand-aligned pairs the alignment misses share little beyond the story's names ("summit" against
"meeting", "relinquish" against "abandon", "assurances" against "guarantees"), so each direction
here lets more words count as shared or ranks pairs by more than their overlap, for the length
of one measurement (module attributes patched, then put back). None of these ships: each adds
pairs outside the hand alignment faster than pairs in it.

- matched at the weaker weight: a synonym match counts with the lower of the two keys' weights
  (a rare word matched to the story's common word is not rare), synonyms as shipped;
- WordNet relations (needs --wordnet, WordNet 3.0's dict folder, Debian ``wordnet-base``): a
  word and its direct hypernyms, its sister terms (one direct hypernym of at most
  SISTERS_MAX hyponyms), or words whose frequent senses share a multi-word member ("give up":
  "relinquish" and "abandon") count as shared, at full or half weight (the weaker key's);
- prefix relatives: two lemmas sharing their first PREFIX letters or more, most of each
  ("weapon" and "weaponry"), count as shared;
- "-ing" forms as verbs: a form the lemmatiser keeps ("buying", "following") keyed by its verb;
- Dice against containment: the pair score's geometric mean weighted towards containment
  (a short sentence inside a long one), with ALIGN_MIN chosen again;
- margin: a pair from a lower floor joins when its overlap stands out against the mean of the
  MARGIN_K best overlaps of its row and its column (bitext mining's margin score);
- neighbourhood (shipped: align.NEIGHBOURHOOD_MIN): a pair from a lower floor joins when the
  sentences around it (one before and one after, itself left out) overlap too; here off and at
  other floors. Measured by hand too: two sentences on each side (tuning and seeds no better,
  added seeds lose the gain), the surroundings' overlap as a bonus added to the pair's (x0.1 to
  x0.3: no pair gained), and CONTEXT_BONUS for an aligned neighbour out of step
  ((i - 1, j + 1), (i + 1, j - 1), or two sentences away on one side: pairs outside only).
Measured by hand on the same pairs (no code here: they need a package the project does not
depend on): sentence vectors of averaged static token embeddings (WordLlama's shipped model),
their cosine and margin, pick the missed pairs no better than overlap does (among the pairs
not aligned from overlap 0.2 on with margin >= 1.2, 5 in the hand alignment and 2 outside it
over all parts; mutual best by cosine, 11 in and 23 outside); neither do the rarest shared key,
an aligned pair within two sentences, the relative position in the article, nor word
correspondences learned from the pairs already aligned.
"""

from __future__ import annotations

import argparse
import functools
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import align_bench
from align_directions import patched, row

import tuiread.compare.align as align_module
import tuiread.compare.keys as keys_module
import tuiread.compare.overlap as overlap_module
import tuiread.compare.scorer as scorer_module
from tuiread.compare.wordnet import synonyms_of

# WordNet's pointer symbols and part-of-speech letters.
HYPERNYM = ("@", "@i")
POS = ("noun", "verb", "adj", "adv")
POINTER_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
# A hypernym with more direct hyponyms than this is a loose category: its children are not
# sisters a reader would take for one another.
SISTERS_MAX = 12
# A multi-word member shared by more synonym sets than this is a loose phrase ("take", "get").
PHRASE_MAX_SETS = 6
PREFIX = 6
MARGIN_K = 4


def _senses(folder: Path, most: int) -> dict[str, set[tuple[str, str]]]:
    """Each single word's frequent senses, as (part of speech, synset offset): its first ``most``
    senses among those seen in WordNet's tagged corpus, as the shipped synonym table keeps."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for pos in POS:
        for line in (folder / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            word, pointers = fields[0], int(fields[3])
            if not word.isalpha():
                continue
            tagged = int(fields[5 + pointers])
            for offset in fields[6 + pointers :][: min(most, max(tagged, 0))]:
                found[word].add((pos, offset))
    return found


def _synsets(folder: Path) -> dict[tuple[str, str], tuple[list[str], list[tuple]]]:
    """Each synset's members and its pointers (symbol, target synset)."""
    table = {}
    for pos in POS:
        for line in (folder / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split("|")[0].split()
            count = int(fields[3], 16)
            members = [fields[4 + 2 * n].lower().split("(")[0] for n in range(count)]
            at = 4 + 2 * count
            pointers = []
            for n in range(int(fields[at])):
                symbol, target, target_pos = fields[at + 1 + 4 * n : at + 4 + 4 * n]
                pointers.append((symbol, (POINTER_POS[target_pos], target)))
            table[(pos, fields[0])] = (members, pointers)
    return table


def relations(folder: Path, kind: str, most: int) -> dict[str, frozenset[str]]:
    """Each word's related words of ``kind`` ("hypernym", "sister", "phrase") over the frequent
    senses of both."""
    senses = _senses(folder, most)
    synsets = _synsets(folder)
    words_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for word, found in senses.items():
        for sense in found:
            words_of[sense].add(word)
    related: dict[str, set[str]] = defaultdict(set)

    def link(x: tuple[str, str], y: tuple[str, str]) -> None:
        for a in words_of.get(x, ()):
            for b in words_of.get(y, ()):
                if a != b:
                    related[a].add(b)
                    related[b].add(a)

    groups: dict[object, list[tuple[str, str]]] = defaultdict(list)
    for sense in words_of:
        members, pointers = synsets[sense]
        for symbol, target in pointers:
            if symbol in HYPERNYM:
                if kind == "hypernym":
                    link(sense, target)
                groups[target].append(sense)
        if kind == "phrase":
            for member in members:
                if "_" in member:
                    groups[member].append(sense)
    if kind in ("sister", "phrase"):
        limit = SISTERS_MAX if kind == "sister" else PHRASE_MAX_SETS
        for key, group in groups.items():
            if (kind == "phrase") != isinstance(key, str) or len(group) > limit:
                continue
            for x in group:
                for y in group:
                    if x != y:
                        link(x, y)
    lemma = keys_module.lemma
    out: dict[str, set[str]] = defaultdict(set)
    for word, others in related.items():
        for form in {word, lemma(word)}:
            out[form] |= {lemma(o) for o in others} | others
    return {word: frozenset(others - {word}) for word, others in out.items()}


def _prefix_relatives(key: str, theirs: frozenset[str]) -> list[str]:
    if key[0] in "@#$" or len(key) < PREFIX:
        return []
    found = []
    for other in theirs:
        if other[0] in "@#$" or other == key or len(other) < PREFIX:
            continue
        same = 0
        for x, y in zip(key, other, strict=False):
            if x != y:
                break
            same += 1
        if same >= PREFIX and same >= 0.75 * max(len(key), len(other)):
            found.append(other)
    return found


def credited_overlaps(
    weaker: bool, related: Callable[[str, frozenset[str]], object] | None = None, credit=1.0
) -> Callable:
    """overlap.overlaps with synonym matches weighed by the weaker key when ``weaker``, and
    ``related(key, other_keys)``'s words counted as shared at ``credit`` of that weight. A
    plain loop over all pairs: slow, fine for a bench."""

    def value(key, own, theirs, weigh) -> float:
        best = 0.0
        for other in synonyms_of(key) & theirs:
            if other not in own:
                best = max(best, min(weigh(key), weigh(other)) if weaker else weigh(key))
        if related is not None:
            for other in related(key, theirs):
                if other not in own:
                    best = max(best, credit * min(weigh(key), weigh(other)))
        return best

    def overlaps(left, right, weigh, floor, partners=None):
        found = {}
        for i, x in enumerate(left):
            total_x = sum(map(weigh, x))
            for j, y in enumerate(right):
                common = x & y
                if not common:
                    continue
                shared = sum(map(weigh, common))
                extra = sum(value(k, x, y, weigh) for k in x - common)
                extra += sum(value(k, y, x, weigh) for k in y - common)
                score = scorer_module.weighted_score(
                    shared + extra / 2, total_x, sum(map(weigh, y))
                )
                if score >= floor:
                    found[(i, j)] = score
        return found

    return overlaps


def _matrix(overlaps: Callable) -> Callable:
    def score_matrix(a, b, weigh, floor=None, partners=None):
        floor = align_module.ALIGN_MIN - align_module.CONTEXT_BONUS if floor is None else floor
        return overlaps([s.keys for s in a.sentences], [s.keys for s in b.sentences], weigh, floor)

    return score_matrix


def credited_row(label: str, prepared: dict, gold: dict, **options) -> str:
    overlaps = credited_overlaps(**options)
    with patched(align_module, score_matrix=_matrix(overlaps), overlaps=overlaps):
        return row(label, prepared, gold)


def ing_verbs(folder: Path) -> Callable[[str], str]:
    verbs = {
        line.split()[0]
        for line in (folder / "index.verb").read_text(encoding="latin-1").splitlines()
        if not line.startswith(" ")
    }
    lemma = keys_module.lemma

    @functools.cache
    def with_verbs(word: str) -> str:
        found = lemma(word)
        if found == word and word.endswith("ing") and len(word) > 5:
            stem = word[:-3]
            doubled = stem[:-1] if stem[-1] == stem[-2] else None
            for verb in (stem, stem + "e", doubled):
                if verb and verb in verbs and lemma(verb) == verb:
                    return verb
        return found

    return with_verbs


def containment_score(dice_power: float) -> Callable:
    def weighted_score(common: float, left: float, right: float) -> float:
        if not left or not right:
            return 0.0
        dice = 2 * common / (left + right)
        return dice**dice_power * min(1.0, common / min(left, right)) ** (1 - dice_power)

    return weighted_score


def margin_context(floor: float, margin: float) -> Callable:
    original = align_module._with_context

    def with_context(scores, quoting=()):
        boosted = original(scores, quoting)
        rows: dict[int, list[float]] = defaultdict(list)
        columns: dict[int, list[float]] = defaultdict(list)
        for (i, j), value in scores.items():
            rows[i].append(value)
            columns[j].append(value)

        def best_mean(values: list[float]) -> float:
            top = sorted(values, reverse=True)[:MARGIN_K]
            return sum(top) / MARGIN_K

        for (i, j), value in scores.items():
            neighbours = (best_mean(rows[i]) + best_mean(columns[j])) / 2
            if value >= floor and neighbours and value / neighbours >= margin:
                boosted.setdefault((i, j), value)
        return boosted

    return with_context


def from_floor(floor: float) -> Callable:
    """The shipped score_matrix from ``floor`` on, so that pairs below ALIGN_MIN reach the
    context step."""
    shipped = align_module.score_matrix

    def score_matrix(a, b, weigh, floor_=None, partners=None):
        return shipped(a, b, weigh, floor, partners)

    return score_matrix


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, help="the BBC corpus: adds its hand-aligned pairs")
    parser.add_argument("--wordnet", type=Path, help="WordNet 3.0's dict folder")
    args = parser.parse_args()
    prepared, gold = align_bench.directions_table(args.bbc)
    print(row("shipped", prepared, gold))
    print(credited_row("synonyms at the weaker weight", prepared, gold, weaker=True))
    print(
        credited_row(
            f"prefix relatives ({PREFIX}+ letters)",
            prepared,
            gold,
            weaker=False,
            related=_prefix_relatives,
        )
    )
    wordnet = args.wordnet
    if wordnet is not None and (wordnet / "data.noun").exists():
        for kind in ("hypernym", "sister", "phrase"):
            for most in (2, 5):
                table = relations(wordnet, kind, most)

                def related(key, theirs, table=table):
                    return table.get(key, frozenset()) & theirs

                for credit in (1.0, 0.5):
                    label = f"WordNet {kind}s, {most} senses, x{credit:g}"
                    print(
                        credited_row(
                            label, prepared, gold, weaker=True, related=related, credit=credit
                        )
                    )
        with patched(keys_module, lemma=ing_verbs(wordnet)):
            keys_module.word_key.cache_clear()
            keys_module._plan.cache_clear()
            with_ing, ing_gold = align_bench.gold_articles(args.bbc)
            print(row("-ing forms keyed by their verb", with_ing, ing_gold))
        keys_module.word_key.cache_clear()
        keys_module._plan.cache_clear()
    else:
        print("| (WordNet directions skipped: pass --wordnet DICT_FOLDER) |")
    for power in (0.4, 0.3):
        score = containment_score(power)
        for floor in (0.30, 0.36):
            with (
                patched(overlap_module, weighted_score=score),
                patched(scorer_module, weighted_score=score),
                patched(align_module, ALIGN_MIN=floor),
            ):
                print(row(f"Dice^{power:g} containment, ALIGN_MIN {floor:.2f}", prepared, gold))
    for floor, margin in ((0.20, 1.2), (0.15, 1.4)):
        with patched(
            align_module,
            _with_context=margin_context(floor, margin),
            score_matrix=from_floor(floor),
        ):
            print(row(f"margin >= {margin:g} from {floor:.2f}", prepared, gold))
    for floor, around in ((float("inf"), 0.0), (0.20, 0.20), (0.22, 0.15), (0.15, 0.25)):
        label = "off" if floor == float("inf") else f">= {around:g} from {floor:.2f}"
        with patched(align_module, NEIGHBOURHOOD_MIN=floor, NEIGHBOURHOOD_OVERLAP=around):
            print(row(f"neighbourhood {label}", prepared, gold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
