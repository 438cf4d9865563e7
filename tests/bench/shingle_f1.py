"""Shingle F1 of extracted article bodies, as scrapinghub's article-extraction-benchmark scores.

Each page: word 4-gram shingles (``\\w+`` tokens, counted) of the ground-truth body and of the
prediction give true/false positives and negatives, normalised so that every page weighs the
same; precision and recall are means over the pages, F1 their harmonic mean. Used by
``web_bench.py --f1 BENCHMARK`` (the benchmark's folder: ``html/<id>.html.gz`` and
``ground-truth.json``); never collected by pytest.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

# The benchmark's own parameters: 4-word shingles over ``\w+`` tokens.
SHINGLE = 4
_TOKEN = re.compile(r"\w+")


def _shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    # a text shorter than a shingle is one shingle of all its words
    return Counter(
        tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))
    )


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page's shingles."""
    want, got = _shingles(true), _shingles(pred)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else tp / (tp + fp) if tp + fp else 0.0

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else tp / (tp + fn) if tp + fn else 0.0

    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def load_benchmark(root: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = root / "html" / f"{key}.html.gz"
        if path.exists():
            pages.append((key, gzip.decompress(path.read_bytes()), truth[key]["articleBody"]))
    return pages[:limit] if limit else pages


def _trafilatura(data: bytes) -> str:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return trafilatura.extract(data.decode("utf-8"), include_comments=False) or ""


def f1_table(root: Path | None, tuiread: Callable[[bytes], str], limit: int | None) -> int:
    """Print F1 / precision / recall / ms per page for tuiread and plain trafilatura."""
    if root is None or not (root / "ground-truth.json").exists():
        print(f"skipped: no ground-truth.json under {root}", file=sys.stderr)
        return 0
    pages = load_benchmark(root, limit)
    print(f"{len(pages)} pages of {root.name}, shingle F1 of the article body")
    print(f"{'reader':<26}{'F1':>7}{'prec':>7}{'recall':>8}{'ms/page':>9}")
    for name, read in (("tuiread", tuiread), ("trafilatura", _trafilatura)):
        counts, times = [], []
        for _key, data, truth in pages:
            start = time.process_time()
            text = read(data)
            times.append(time.process_time() - start)
            counts.append(page_counts(truth, text))
        result = scores(counts)
        print(
            f"{name:<26}{result['f1']:>7.3f}{result['precision']:>7.3f}"
            f"{result['recall']:>8.3f}{statistics.median(times) * 1000:>9.1f}"
        )
    return 0
