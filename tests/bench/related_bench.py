"""Related-articles quality on ECB+: precision at 5 of "same event cluster"; print one table.

    python tests/bench/related_bench.py ../shared/corpora/ecbplus [--candidates N ...]

Run by hand (not collected by pytest). ECB+ clusters.tsv lists articles that report one event;
each topic has two clusters about two different events of the same kind (the hard negatives).
For every article with at least five others in its cluster, the top five related articles are
checked against the cluster. The candidate step alone (TF-IDF cosine, no alignment) is shown as
the baseline the alignment's reuse ranking has to beat. A second table asks the same of short
articles: each query cut to its title and first one to three sentences, or to its title alone,
added to the corpus beside the full articles (its own full text is left out of its top five).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tuiread.compare import related as related_module
from tuiread.compare.related import RelatedIndex
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

K = 5


def read_clusters(path: Path) -> dict[str, str]:
    cluster_of = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        name, _count, docs = line.split("\t")
        for doc in docs.split(","):
            cluster_of[doc] = name
    return cluster_of


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ecbplus", type=Path)
    parser.add_argument("--candidates", type=int, nargs="*", default=[related_module.CANDIDATES])
    parser.add_argument(
        "--cosine-weight", type=float, nargs="*", default=[related_module.COSINE_WEIGHT]
    )
    args = parser.parse_args()
    if not (args.ecbplus / "clusters.tsv").exists():
        print(f"skipped: no clusters.tsv under {args.ecbplus}", file=sys.stderr)
        return 0
    cluster_of = read_clusters(args.ecbplus / "clusters.tsv")
    corpus = load_corpus([args.ecbplus / "text"], load_rules(*boilerplate_files()))
    articles = [a for a in corpus.articles if a.path.stem in cluster_of]
    size = {
        c: sum(1 for a in articles if cluster_of[a.path.stem] == c) for c in cluster_of.values()
    }
    queries = [a for a in articles if size[cluster_of[a.path.stem]] > K]
    start = time.perf_counter()
    index = RelatedIndex(articles)
    build = time.perf_counter() - start
    print(
        f"{len(articles)} articles, {len(set(cluster_of.values()))} clusters, "
        f"{len(queries)} queries, indexed in {build:.2f} s"
    )
    settings = [(p, w) for p in args.candidates for w in args.cosine_weight]
    print("| ranking | candidates | cosine weight | P@5 | median ms/query |")
    print("|---|---:|---:|---:|---:|")
    for pool, cosine_weight in settings:
        related_module.CANDIDATES = pool
        related_module.COSINE_WEIGHT = cosine_weight
        cosine_hits, reuse_hits, times = 0, 0, []
        for article in queries:
            cluster = cluster_of[article.path.stem]
            by_id = {a.id: a for a in articles}
            cosine = [by_id[i] for i, _ in index.candidates(article, K)]
            cosine_hits += sum(cluster_of[a.path.stem] == cluster for a in cosine)
            t = time.perf_counter()
            ranked = index.related(article, K)
            times.append((time.perf_counter() - t) * 1000)
            reuse_hits += sum(cluster_of[r.article.path.stem] == cluster for r in ranked)
        total = K * len(queries)
        ms = statistics.median(times)
        if (pool, cosine_weight) == settings[0]:
            print(f"| TF-IDF cosine only | - | - | {cosine_hits / total:.3f} | - |")
        print(
            f"| alignment reuse + cosine | {pool} | {cosine_weight} | {reuse_hits / total:.3f} "
            f"| {ms:.1f} |"
        )
    short_table(articles, queries, cluster_of)
    return 0


# Short forms of each query: how many sentences follow the title (0: the headline alone).
SHORT_SENTENCES = (0, 1, 3)
# The other short forms crowd the top of a short query's list: look this far to find five full
# articles.
POOL = 80


def short_table(articles, queries, cluster_of: dict[str, str]) -> None:
    print()
    print("Short articles (title + first N sentences), P@5:")
    print("| sentences kept | queries | TF-IDF cosine only | related score |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        origin = {}
        for article in queries:
            for n in SHORT_SENTENCES:
                body = " ".join(article.text[s.start : s.end] for s in article.sentences[:n])
                name = f"short{n}_{article.path.stem}"
                (root / f"{name}.txt").write_text(
                    article.title + ("\n\n" + body if body else "") + "\n", encoding="utf-8"
                )
                origin[name] = article
        shorts = load_corpus([root], load_rules(*boilerplate_files())).articles
        index = RelatedIndex([*articles, *shorts])
        for n in SHORT_SENTENCES:
            mine = [a for a in shorts if a.path.stem.startswith(f"short{n}_")]
            cosine_hits = score_hits = 0
            for short in mine:
                full = origin[short.path.stem]
                cluster = cluster_of[full.path.stem]
                by_id = {a.id: a for a in articles}

                def good(article, cluster=cluster) -> bool:
                    return cluster_of.get(article.path.stem) == cluster

                cosine = [
                    by_id[i]
                    for i, _ in index.candidates(short, POOL)
                    if i in by_id and i != full.id
                ][:K]
                cosine_hits += sum(good(a) for a in cosine)
                ranked = [
                    r.article
                    for r in index.related(short, POOL)
                    if r.article.id in by_id and r.article.id != full.id
                ][:K]
                score_hits += sum(good(a) for a in ranked)
            total = K * len(mine)
            print(f"| {n} | {len(mine)} | {cosine_hits / total:.3f} | {score_hits / total:.3f} |")


if __name__ == "__main__":
    raise SystemExit(main())
