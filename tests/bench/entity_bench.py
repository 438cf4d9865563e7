"""Entity extraction throughput and per-keystroke lookup latency (run by hand, not by pytest).

Usage: python tests/bench/entity_bench.py BBC_PATH [--names 50000] [--seed 1]

1. Extraction on a real corpus (e.g. the BBC news set): load, extract every article without the
   cache, then again from the cache, then group into entities.
2. Lookup: the corpus's entities plus generated person names (first names x surnames of the
   shipped lexicon) up to --names distinct names; misspelled queries are typed one keystroke at a
   time and every prefix is looked up, as the app does while the user types.
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

from tuiread.corpus import load_corpus, load_rules
from tuiread.entities.articles import corpus_mentions
from tuiread.entities.cache import MentionCache
from tuiread.entities.extract import Extractor
from tuiread.entities.gazetteer import load_gazetteer
from tuiread.entities.group import group_mentions
from tuiread.entities.lexicon import FIRST_NAME, SURNAME, lexicon
from tuiread.entities.lookup import NameIndex
from tuiread.entities.model import ArticleMention, Entity, Kind
from tuiread.locations import bundled_config_dir

QUERIES = [
    "zelenski",
    "witkof",
    "stoltenburg",
    "von der leyn",
    "vladimir putin",
    "tony blare",
    "gordon brwn",
    "manchester untd",
    "microsft",
    "washingtn",
    "arsene wenger",
    "blunket",
]


def synthetic(count: int, taken: set[str], seed: int) -> list[Entity]:
    lex = lexicon()
    firsts = sorted(w for w, f in lex.items() if f & FIRST_NAME and " " not in w)
    lasts = sorted(w for w, f in lex.items() if f & SURNAME and " " not in w)
    rng = random.Random(seed)
    made: list[Entity] = []
    while len(made) < count:
        name = f"{rng.choice(firsts).title()} {rng.choice(lasts).title()}"
        if name.lower() in taken:
            continue
        taken.add(name.lower())
        mention = ArticleMention("synthetic", 0, len(name), name, Kind.PERSON)
        made.append(Entity(name.lower(), name, Kind.PERSON, {name: 1}, [mention]))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a corpus folder, e.g. the BBC news set")
    parser.add_argument("--names", type=int, default=50_000, help="distinct names to look up in")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"entity_bench: no such folder {args.path}", file=sys.stderr)
        return 2
    os.environ["TUIREAD_HOME"] = tempfile.mkdtemp(prefix="entity-bench-")
    rows: list[tuple[str, str]] = []

    started = time.perf_counter()
    corpus = load_corpus([args.path], load_rules(bundled_config_dir() / "boilerplate.yaml"))
    rows.append(
        ("load corpus", f"{len(corpus.articles)} articles, {time.perf_counter() - started:.2f} s")
    )
    gazetteer = load_gazetteer()
    extractor = Extractor(gazetteer)
    extractor.extract("Warm up the lexicon, Mr Smith.")
    chars = sum(len(a.text) for a in corpus.articles)
    words = sum(a.words for a in corpus.articles)
    started = time.perf_counter()
    mentions = corpus_mentions(corpus.articles, extractor, MentionCache())
    cold = time.perf_counter() - started
    count = sum(len(m) for m in mentions.values())
    rows.append(
        (
            "extract (no cache)",
            f"{cold:.2f} s: {len(corpus.articles) / cold:,.0f} articles/s, "
            f"{words / cold:,.0f} words/s, {chars / cold / 1e6:.2f} MB/s, {count:,} mentions",
        )
    )
    started = time.perf_counter()
    again = corpus_mentions(corpus.articles, extractor, MentionCache())
    rows.append(("extract (cached)", f"{time.perf_counter() - started:.2f} s"))
    assert again == mentions
    started = time.perf_counter()
    entities = group_mentions(mentions, gazetteer)
    rows.append(("group", f"{time.perf_counter() - started:.2f} s: {len(entities):,} entities"))

    taken = {name.lower() for e in entities for name in (e.name, *e.variants)}
    pool = entities + synthetic(max(0, args.names - len(taken)), taken, args.seed)
    started = time.perf_counter()
    index = NameIndex(pool)
    rows.append(
        (
            "lookup index",
            f"{len(pool):,} entities, {len(taken):,} distinct names, "
            f"{len(index):,} keys, built in {time.perf_counter() - started:.2f} s",
        )
    )
    latencies = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            began = time.perf_counter()
            index.search(query[:end], limit=20)
            latencies.append((time.perf_counter() - began) * 1000)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    rows.append(
        (
            "keystroke lookup",
            f"{len(latencies)} lookups: median {statistics.median(latencies):.2f} ms, "
            f"p95 {p95:.2f} ms, max {latencies[-1]:.2f} ms",
        )
    )
    best = {q: (index.search(q, limit=1) or [None])[0] for q in QUERIES}
    rows.append(
        ("top hits", "; ".join(f"{q} -> {m.entity.name if m else '-'}" for q, m in best.items()))
    )

    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
