"""Export benchmark: annotate sentences of a real corpus, then time each export format.

    python tests/bench/export_bench.py CORPUS [--annotations N] [--seed S]

Run by hand (not collected by pytest). Uses a temporary TUIREAD_HOME. Prints one row per step:
anchoring the annotations against the corpus, building the excerpts (metadata, locators), and
rendering each format, with the output's size. Target: every format of 2,000 excerpts well under
a second, so the app's export worker finishes before the reader looks up.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--annotations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: skipped", file=sys.stderr)
        return 0
    os.environ["TUIREAD_HOME"] = tempfile.mkdtemp(prefix="tuiread-export-bench-")
    from tuiread.annotations import FORMATS, ArticleIndex, ExportOptions, export, open_store
    from tuiread.annotations import excerpts as excerpt_model
    from tuiread.config import boilerplate_files
    from tuiread.corpus import load_corpus, load_rules

    corpus = load_corpus([args.corpus], load_rules(*boilerplate_files()))
    rng = random.Random(args.seed)
    spans = [(a, s) for a in corpus.articles for s in a.sentences[:20]]
    picked = rng.sample(spans, min(args.annotations, len(spans)))
    rows: list[tuple[str, float, str]] = []
    with open_store() as store:
        started = time.perf_counter()
        for article, sentence in picked:
            store.create(article, sentence.start, sentence.end, note="a note",
                         tags=[rng.choice(["claim", "quote", "figure", "follow-up"])])
        rows.append(("create", time.perf_counter() - started, f"{len(picked)} annotations"))
        started = time.perf_counter()
        items = store.anchor_many(store.list(), ArticleIndex(corpus))
        rows.append(("anchor", time.perf_counter() - started, ""))
    started = time.perf_counter()
    found = excerpt_model.build(items, corpus)
    rows.append(("excerpts", time.perf_counter() - started,
                 f"{len(excerpt_model.sources(found))} sources"))
    for fmt in FORMATS:
        for group_by in ("article", "tag") if fmt == "md" else ("article",):
            started = time.perf_counter()
            text = export(found, ExportOptions(format=fmt, group_by=group_by))
            name = fmt if group_by == "article" else f"{fmt} by {group_by}"
            rows.append((name, time.perf_counter() - started, f"{len(text) / 1e6:.2f} MB"))
    print(f"corpus {args.corpus} ({len(corpus.articles)} articles)")
    print(f"{'step':<14}{'seconds':>9}  detail")
    for name, seconds, detail in rows:
        print(f"{name:<14}{seconds:>9.3f}  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
