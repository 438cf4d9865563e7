"""Rebuild ``synonyms.tsv.gz`` from the WordNet 3.0 database (run by hand, never imported).

Usage: python build_synonyms.py WORDNET_DICT_DIR [OUT_DIR]

WORDNET_DICT_DIR holds WordNet's ``index.*`` and ``data.*`` files (Debian package
``wordnet-base``: /usr/share/wordnet). ``synonyms.tsv.gz`` has one synonym set per line, its
words separated by spaces, lower-cased single words only, each with the lemma sentence comparison
gives it (simplemma, as in ``keys.lemma``). Only the senses that matter for news text
are kept: a word's first ``MAX_SENSES`` senses (WordNet lists a word's senses most frequent
first), among those seen in WordNet's sense-tagged corpus, and sets that still hold two words; then
each word with its derivationally related forms (``derivations``).
``frequencies.tsv.gz`` has ``word<TAB>count`` lines: how often each word occurs in the
sense-tagged corpus WordNet ships counts of (``cntlist.rev``), a general-English frequency that
weighs the words of two lone sentences. See README.md beside this file for WordNet's licence.
"""

from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from pathlib import Path

import simplemma

POS = ("noun", "verb", "adj", "adv")
# A word's rarer senses pair it with words a reader would not take for it ("bank" and "depository"
# yes, "bank" and "camber" no): only its most frequent senses count. Five rather than three adds
# pairs such as "get"/"receive" and "replace"/"substitute" (recall of the hand-aligned pairs of
# tests/bench/align_bench.py up, precision and MSRP accuracy unchanged); from six on the sets
# turn odd ("release"/"turn", "box"/"corner").
MAX_SENSES = 5
# Sets of more words than this are loose categories ("travel", "go", "move", "locomote"...).
MAX_SET_WORDS = 8
# Words seen once in the tagged corpus are as rare as unseen ones for weighting: left out.
MIN_COUNT = 2


def closed(word: str) -> str:
    """A hyphenated word in its closed spelling ("cease-fire" -> "ceasefire"), the key sentence
    comparison gives it (keys.word_key), so WordNet's hyphenated words meet the text's."""
    return word.replace("-", "") if "-" in word and word.replace("-", "").isalpha() else word


def _index(folder: Path, pos: str) -> dict[str, list[str]]:
    """Each word's tagged senses (synset offsets), most frequent first."""
    senses: dict[str, list[str]] = {}
    for line in (folder / f"index.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        lemma, pointers = fields[0], int(fields[3])
        tagged = int(fields[5 + pointers])
        offsets = fields[6 + pointers :]
        lemma = closed(lemma)
        if "_" in lemma or not lemma.isalpha():
            continue
        keep = min(MAX_SENSES, max(tagged, 0))
        if keep:
            senses[lemma] = offsets[:keep]
    return senses


def _members(folder: Path, pos: str) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for line in (folder / f"data.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        count = int(fields[3], 16)
        words = [fields[4 + 2 * n].lower() for n in range(count)]
        # Adjective markers such as "(a)" and "(p)" are not part of the word.
        members[fields[0]] = [closed(w.split("(")[0]) for w in words]
    return members


def _with_lemmas(words: set[str]) -> set[str]:
    """The words and the lemma sentence comparison gives each (keys.lemma): WordNet lists
    "talks" and "arms" as words of their own, which sentences only ever show as "talk" and
    "arm"."""
    return words | {simplemma.lemmatize(w, lang="en") for w in words}


def build(folder: Path) -> list[str]:
    lines: set[str] = set()
    for pos in POS:
        senses = _index(folder, pos)
        members = _members(folder, pos)
        chosen: dict[str, set[str]] = defaultdict(set)
        for lemma, offsets in senses.items():
            for offset in offsets:
                chosen[offset].add(lemma)
        for offset, words in chosen.items():
            # A word belongs to the set only when the set is one of its own frequent senses.
            words = {w for w in words if w in members.get(offset, ())}
            if 2 <= len(words) <= MAX_SET_WORDS:
                lines.add(" ".join(sorted(_with_lemmas(words))))
    lines |= derivations(folder)
    return sorted(lines)


# WordNet's part-of-speech letters in pointers ("s" is a satellite adjective).
POINTER_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


def derivations(folder: Path) -> set[str]:
    """Two-word sets of a word and its derivationally related form ("announce" and
    "announcement", "meet" and "meeting", "decide" and "decision"): one outlet writes the
    verb where another writes the noun. Only pairs where each word's sense is one of its own
    frequent ones (as for synonym sets), so "run" does not meet every noun it derives."""
    frequent: dict[str, dict[str, set[str]]] = {}
    members = {pos: _members(folder, pos) for pos in POS}
    for pos in POS:
        frequent[pos] = defaultdict(set)
        for lemma, offsets in _index(folder, pos).items():
            for offset in offsets:
                frequent[pos][offset].add(lemma)
    lines = set()
    for pos in POS:
        for line in (folder / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split("|")[0].split()
            offset, count = fields[0], int(fields[3], 16)
            at = 4 + 2 * count
            for n in range(int(fields[at])):
                symbol, target, target_pos, words = fields[at + 1 + 4 * n : at + 5 + 4 * n]
                if symbol != "+":  # a derivationally related form, between two words
                    continue
                source_word = members[pos][offset][int(words[:2], 16) - 1]
                target_pos = POINTER_POS[target_pos]
                target_words = members[target_pos].get(target, [])
                number = int(words[2:], 16) - 1
                if number >= len(target_words):
                    continue
                target_word = target_words[number]
                if source_word not in frequent[pos][offset]:
                    continue
                if target_word not in frequent[target_pos][target]:
                    continue
                if source_word != target_word and (source_word + target_word).isalpha():
                    lines.add(" ".join(sorted(_with_lemmas({source_word, target_word}))))
    return lines


def frequencies(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for line in (folder / "cntlist.rev").read_text(encoding="latin-1").splitlines():
        sense_key, _number, count = line.split()
        lemma = closed(sense_key.split("%")[0])
        if lemma.isalpha():
            counts[lemma] += int(count)
    return {w: c for w, c in counts.items() if c >= MIN_COUNT}


def _write(path: Path, lines: list[str]) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) == 3 else Path(__file__).resolve().parent
    lines = build(folder)
    _write(out / "synonyms.tsv.gz", lines)
    counts = frequencies(folder)
    _write(out / "frequencies.tsv.gz", [f"{w}\t{c}" for w, c in sorted(counts.items())])
    print(f"{len(lines)} synonym sets, {len(counts)} word counts -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
