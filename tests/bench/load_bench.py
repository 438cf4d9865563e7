"""Corpus load benchmark: read, decode, clean and segment a corpus; print one table.

    python tests/bench/load_bench.py CORPUS [CORPUS ...] [--repeat N]

Run by hand (not collected by pytest). Target: the BBC corpus (2,225 articles) in under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules
from tuiread.corpus.loader import scan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="runs to take the median of")
    args = parser.parse_args()
    missing = [p for p in args.corpus if not p.exists()]
    if missing:
        print(f"skipped: corpus not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 0
    rules = load_rules(*boilerplate_files())
    size = sum(f.path.stat().st_size for f in scan(args.corpus).files)
    times = []
    corpus = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        corpus = load_corpus(args.corpus, rules)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    sentences = sum(len(a.sentences) for a in corpus.articles)
    words = sum(a.words for a in corpus.articles)
    print("| corpus | articles | MB | sentences | words | median s | best s | articles/s | MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    name = ", ".join(p.name for p in args.corpus)
    print(
        f"| {name} | {len(corpus)} | {size / 1e6:.2f} | {sentences} | {words} | {median:.3f} "
        f"| {min(times):.3f} | {len(corpus) / median:,.0f} | {size / 1e6 / median:.2f} |"
    )
    if corpus.issues:
        print(f"({len(corpus.issues)} files skipped: {corpus.issues[0]} ...)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
