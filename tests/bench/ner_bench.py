"""Mention extraction quality on CoNLL-2003 (run by hand, not collected by pytest).

Usage: python tests/bench/ner_bench.py PATH [--split train,valid] [--errors N]

PATH is the folder with train.txt and valid.txt (IOB2 tags, POS and chunk columns). Each
document is rebuilt as plain text (tokens joined by spaces, one sentence per line) and given to
the shipped extractor, which never sees the POS, chunk or tag columns. Scores are exact-span:
a mention counts only when its start and end fall on the gold entity's first and last token.

- untyped: every gold entity (PER, LOC, ORG and MISC) against every mention (PERSON, PLACE, ORG
  and OTHER), kinds ignored. MISC is counted because CoNLL's MISC (nationalities, events, titles
  of things) is what the extractor calls OTHER: a name whose kind is not one of the three.
- untyped-3: the same, with only gold PER/LOC/ORG and mentions of kind PERSON/PLACE/ORG.
- typed: gold PER/LOC/ORG against mentions of kind PERSON/PLACE/ORG; a match needs the same span
  and the same kind. OTHER mentions and MISC entities take no part.
- PER, LOC, ORG: typed scores for one kind each.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tuiread.entities.extract import Extractor
from tuiread.entities.gazetteer import load_gazetteer
from tuiread.entities.model import Kind

KIND_TO_TAG = {Kind.PERSON: "PER", Kind.PLACE: "LOC", Kind.ORG: "ORG", Kind.OTHER: "MISC"}
TYPED = ("PER", "LOC", "ORG")


@dataclass
class Document:
    text: str
    gold: set[tuple[int, int, str]]  # (start, end, tag) raw offsets


def read_conll(path: Path) -> list[Document]:
    docs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            docs.append([])
            continue
        if not line.strip():
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            continue
        parts = line.split(" ")
        sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [_document(d) for d in docs if d]


def _document(sentences: list[list[tuple[str, str]]]) -> Document:
    pieces: list[str] = []
    gold: set[tuple[int, int, str]] = set()
    offset = 0
    for s_index, sentence in enumerate(sentences):
        if s_index:
            pieces.append("\n")
            offset += 1
        open_span: tuple[int, str] | None = None
        last_end = offset
        for t_index, (word, tag) in enumerate(sentence):
            if t_index:
                pieces.append(" ")
                offset += 1
            start, end = offset, offset + len(word)
            pieces.append(word)
            offset = end
            if open_span and not tag.startswith("I-"):
                gold.add((open_span[0], last_end, open_span[1]))
                open_span = None
            if tag.startswith("B-") or tag.startswith("I-") and open_span is None:
                open_span = (start, tag[2:])
            last_end = end
        if open_span:
            gold.add((open_span[0], last_end, open_span[1]))
    return Document("".join(pieces), gold)


def score(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[Document], extractor: Extractor, errors: int) -> tuple[dict, float, list]:
    counts: Counter[str] = Counter()
    mistakes: list[str] = []
    started = time.perf_counter()
    for doc in docs:
        mentions = extractor.extract(doc.text)
        pred = {(m.start, m.end, KIND_TO_TAG[m.kind]) for m in mentions}
        pred_spans = {(s, e) for s, e, _ in pred}
        gold_spans = {(s, e) for s, e, _ in doc.gold}
        counts["untyped_tp"] += len(pred_spans & gold_spans)
        counts["untyped_pred"] += len(pred_spans)
        counts["untyped_gold"] += len(gold_spans)
        pred3 = {(s, e) for s, e, t in pred if t in TYPED}
        gold3 = {(s, e) for s, e, t in doc.gold if t in TYPED}
        counts["untyped3_tp"] += len(pred3 & gold3)
        counts["untyped3_pred"] += len(pred3)
        counts["untyped3_gold"] += len(gold3)
        for tag in TYPED:
            p = {x for x in pred if x[2] == tag}
            g = {x for x in doc.gold if x[2] == tag}
            counts[f"{tag}_tp"] += len(p & g)
            counts[f"{tag}_pred"] += len(p)
            counts[f"{tag}_gold"] += len(g)
        if len(mistakes) < errors:
            for s, e, t in sorted(pred ^ doc.gold):
                side = "pred" if (s, e, t) in pred else "gold"
                line_start = doc.text.rfind("\n", 0, s) + 1
                line_end = doc.text.find("\n", e)
                line = doc.text[line_start : line_end if line_end >= 0 else None]
                mistakes.append(f"{side} {t:4} {doc.text[s:e]!r:30} | {line[:140]}")
    elapsed = time.perf_counter() - started
    for tag in ("typed",):
        counts[f"{tag}_tp"] = sum(counts[f"{t}_tp"] for t in TYPED)
        counts[f"{tag}_pred"] = sum(counts[f"{t}_pred"] for t in TYPED)
        counts[f"{tag}_gold"] = sum(counts[f"{t}_gold"] for t in TYPED)
    return counts, elapsed, mistakes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="folder with train.txt and valid.txt")
    parser.add_argument("--split", default="train,valid", help="comma-separated splits to score")
    parser.add_argument("--errors", type=int, default=0, help="print up to N span differences")
    args = parser.parse_args(argv)
    extractor = Extractor(load_gazetteer())
    rows = []
    for split in args.split.split(","):
        file = args.path / f"{split}.txt"
        if not file.exists():
            print(f"ner_bench: no such file {file}", file=sys.stderr)
            return 2
        docs = read_conll(file)
        counts, elapsed, mistakes = evaluate(docs, extractor, args.errors)
        for line in mistakes[: args.errors]:
            print(line)
        tokens = sum(len(d.text.split()) for d in docs)
        for name in ("untyped", "untyped3", "typed", *TYPED):
            p, r, f = score(counts[f"{name}_tp"], counts[f"{name}_pred"], counts[f"{name}_gold"])
            label = "untyped-3" if name == "untyped3" else name
            rows.append((split, label, counts[f"{name}_gold"], counts[f"{name}_pred"], p, r, f))
        rows.append(
            (
                split,
                f"({len(docs)} docs, {tokens} tokens, {tokens / elapsed:,.0f} tokens/s)",
                None,
                None,
                None,
                None,
                None,
            )
        )
    print(f"{'split':6} {'score':10} {'gold':>6} {'pred':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for split, label, gold, pred, p, r, f in rows:
        if gold is None:
            print(f"{split:6} {label}")
        else:
            print(f"{split:6} {label:10} {gold:6} {pred:6} {p:6.3f} {r:6.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
