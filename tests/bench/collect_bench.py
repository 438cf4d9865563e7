"""Collecting a query's matches: Whoosh's own top collector against ``WholeTopCollector``.

    TUIREAD_HOME=HOME python tests/bench/collect_bench.py CORPUS [--runs 3] [QUERY ...]

Run by hand (not collected by pytest) on a corpus already indexed in HOME (``tuiread index``):
nothing is built. For each query and each limit the two collectors run on the same open index;
the table gives each one's CPU time (the process's own, median of ``--runs``) and whether the
two agree exactly: the same scores (the same floats), the same documents in the same order and
the same total. A row that does not agree is a defect (the bench exits 1).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from whoosh import collectors

from tuiread import config
from tuiread.search import SearchIndex
from tuiread.search.query import parse_query
from tuiread.search.whole_scoring import WholeTopCollector
from tuiread.workspace import open_workspace

QUERIES = ["prime minister", "tony blair", "economy", "labour party election", "said",
           "blair OR brown", "(blair OR brown) AND economy", "title:blair", "econom*",
           '"prime minister"', "blair NOT brown", "entity:blair"]
LIMITS = (10, 50)


def collect(index: SearchIndex, text: str, collector) -> tuple[float, list, int]:
    searcher = index._searcher
    parsed = parse_query(index._parser, text)
    began = time.process_time()
    searcher.search_with_collector(parsed, collector)
    seconds = time.process_time() - began
    return seconds, [(hit.score, hit.docnum) for hit in collector.results()], collector.count()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workspace = open_workspace(config.load_settings(), [args.corpus])
    index = SearchIndex(workspace.roots, workspace.rules,
                        exclude=workspace.settings.corpus.exclude)
    index.reload()
    if not index.usable:
        sys.exit(f"{args.corpus} has no index in this TUIREAD_HOME: run `tuiread index` first")
    print(f"{index.documents:,} documents in "
          f"{len(index._searcher.leaf_searchers())} segments\n")
    print("| query | limit | matches | Whoosh (s) | at once (s) | same |")
    print("|---|---:|---:|---:|---:|---|")
    wrong = 0
    for text in args.queries:
        for limit in LIMITS:
            mine, theirs = [], []
            for _ in range(args.runs):
                theirs.append(collect(index, text, collectors.TopCollector(
                    limit=limit, usequality=False, replace=0)))
                mine.append(collect(index, text, WholeTopCollector(limit, lambda: False)))
            same = all(m[1:] == t[1:] for m, t in zip(mine, theirs, strict=True))
            wrong += not same
            print(f"| {text} | {limit} | {theirs[0][2]:,} "
                  f"| {statistics.median(t[0] for t in theirs):.3f} "
                  f"| {statistics.median(m[0] for m in mine):.3f} | {'yes' if same else 'NO'} |")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
