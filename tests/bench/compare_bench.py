"""Comparison speed: a long pair, related articles over the BBC corpus, the seed matrix.

    python tests/bench/compare_bench.py --bbc ../shared/corpora/bbc [--seeds seeds]

Run by hand (not collected by pytest). Targets: two 1,500-word articles aligned with word diffs
in <= 50 ms; related articles for one BBC article in <= 300 ms once indexed; all 25 comparisons
of the five seeds in <= 0.5 s. The long pair is made from BBC business articles joined to 1,500
words, against a rewrite of itself: paragraphs moved, one word in seven dropped and one in eleven
replaced (a fixed random seed), so every sentence has real work to do. The CPU column is the
process's own time (user + sys) per run, the steadier figure when the machine is shared.
A speed change keeps the output: tests/bench/compare_check.py records every comparison's rows,
markers and discrepancies before it and compares them after.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tuiread.compare import RelatedIndex, compare, prepare, reuse
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
TARGET_WORDS = 1500


def long_pair(bbc: Path, rules) -> tuple:
    texts, words = [], 0
    for path in sorted((bbc / "business").glob("*.txt")):
        body = path.read_text(encoding="latin-1").split("\n", 1)[1].strip()
        texts.append(body)
        words += len(body.split())
        if words >= TARGET_WORDS:
            break
    original = "Long report\n\n" + "\n\n".join(texts) + "\n"
    rng = random.Random(7)
    paragraphs = [p for p in original.split("\n\n")[1:] if p.strip()]
    rng.shuffle(paragraphs)
    rewritten = []
    for paragraph in paragraphs:
        kept = []
        for word in paragraph.split():
            roll = rng.random()
            if roll < 1 / 7:
                continue
            kept.append("altered" if roll < 1 / 7 + 1 / 11 else word)
        rewritten.append(" ".join(kept))
    folder = Path(tempfile.mkdtemp())
    (folder / "a.txt").write_text(original, encoding="utf-8")
    (folder / "b.txt").write_text(
        "Long report, rewritten\n\n" + "\n\n".join(rewritten) + "\n", encoding="utf-8"
    )
    a, b = load_corpus([folder], rules).articles
    return a, b


CPU_TIMES: list[float] = []  # the CPU ms of each run of the last timed()


def timed(function, repeat: int) -> list[float]:
    times = []
    CPU_TIMES.clear()
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - start) * 1000)
        CPU_TIMES.append((time.process_time() - cpu) * 1000)
    return times


def row(measure: str, size: str, times: list[float], target: str) -> None:
    print(
        f"| {measure} | {size} | {statistics.median(times):.1f} | {max(times):.1f} "
        f"| {statistics.median(CPU_TIMES):.1f} | {target} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--queries", type=int, default=100, help="BBC articles to relate")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not (args.bbc / "business").exists():
        print(f"skipped: BBC corpus not found at {args.bbc}", file=sys.stderr)
        return 0
    rules = load_rules(*boilerplate_files())
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("| measure | size | median ms | max ms | cpu median ms | target ms |")
    print("|---|---|---:|---:|---:|---:|")

    a, b = long_pair(args.bbc, rules)
    size = f"{a.words} + {b.words} words, {len(a.sentences)} + {len(b.sentences)} sentences"
    pa, pb = prepare(a), prepare(b)
    times = timed(lambda: reuse(prepare(a), prepare(b)), args.repeat)
    row("align + word diffs, long pair", size, times, "50")
    # The same step on articles prepared once (as the app holds them): alignment and word diffs
    # alone, without tokenising and keying both articles again.
    times = timed(lambda: reuse(pa, pb), args.repeat)
    row("align + word diffs, long pair, prepared", size, times, "-")
    times = timed(lambda: compare(pa, pb), args.repeat)
    row("full comparison (+ discrepancies, quotes), prepared", size, times, "-")

    start = time.perf_counter()
    corpus = load_corpus([args.bbc], rules)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    index = RelatedIndex(corpus.articles)
    built = time.perf_counter() - start
    sample = random.Random(3).sample(corpus.articles, min(args.queries, len(corpus.articles)))
    queries = iter(sample)
    times = timed(lambda: index.related(next(queries), 10), len(sample))
    row(
        f"related, one BBC article (index built in {built:.1f} s, load {loaded:.1f} s)",
        f"{len(corpus)} articles, {len(sample)} queries",
        times,
        "300",
    )

    seeds = load_corpus([args.seeds], rules).articles

    def matrix() -> None:
        prepared = [prepare(s) for s in seeds]  # each article prepared once, as the app does
        for x in prepared:
            for y in prepared:
                compare(x, y)

    times = timed(matrix, max(3, args.repeat // 4))
    row(
        f"seed matrix, {len(seeds)} x {len(seeds)} full comparisons, preparation included",
        f"{sum(s.words for s in seeds)} words",
        times,
        "500",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
