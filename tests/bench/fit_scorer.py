"""Fit the sentence scorer's logistic weights on MSRP train and check them on a held-out part.

    python tests/bench/fit_scorer.py ../shared/corpora/msrp/msr_paraphrase_train.txt

Run by hand (not collected by pytest). MSRP train is split at random (fixed seed) into a fitting
part (80%) and a held-out part (20%); the weights are fitted by Newton's method on the fitting
part only, the paraphrase threshold is the one of best accuracy on the fitting part, and the
held-out accuracy at that threshold estimates the accuracy on unseen pairs. Paste the printed
constants into tuiread/compare/scorer.py. With --current the shipped constants are evaluated
instead of fitted.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

from tuiread.compare import scorer
from tuiread.compare.keys import text_keys

SEED = 13
HELD_OUT = 0.2
# A little ridge keeps weights of rare signals (quotations) from growing without bound.
RIDGE = 1.0
ITERATIONS = 25


def read_msrp(path: Path) -> list[tuple[int, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        quality, id1, id2, first, second = line.split("\t")
        if id1 == "-1" or id2 == "-1":  # invented additions to one copy of the file
            continue
        rows.append((int(quality), first, second))
    return rows


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[col][col]:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][n] / a[i][i] if a[i][i] else 0.0 for i in range(n)]


def fit(xs: list[tuple[float, ...]], ys: list[int]) -> list[float]:
    """Logistic regression weights (bias last) by Newton's method with a ridge."""
    rows = [(*x, 1.0) for x in xs]
    d = len(rows[0])
    w = [0.0] * d
    for _ in range(ITERATIONS):
        gradient = [0.0] * d
        hessian = [[0.0] * d for _ in range(d)]
        for row, y in zip(rows, ys, strict=True):
            z = sum(a * b for a, b in zip(w, row, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for i in range(d):
                gradient[i] += (p - y) * row[i]
                for j in range(d):
                    hessian[i][j] += p * (1 - p) * row[i] * row[j]
        for i in range(d - 1):
            gradient[i] += RIDGE * w[i]
            hessian[i][i] += RIDGE
        step = _solve(hessian, gradient)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def accuracy(ps: list[float], ys: list[int], threshold: float) -> float:
    return sum((p >= threshold) == bool(y) for p, y in zip(ps, ys, strict=True)) / len(ys)


def best_threshold(ps: list[float], ys: list[int]) -> tuple[float, float]:
    candidates = [t / 100 for t in range(5, 96)]
    return max(((t, accuracy(ps, ys, t)) for t in candidates), key=lambda item: item[1])


FOLDS = 5


def cross_validation(xs: list[tuple[float, ...]], ys: list[int]) -> float:
    """Mean accuracy over FOLDS folds, each fitted and thresholded on the other folds."""
    scores = []
    for fold in range(FOLDS):
        train = [n for n in range(len(xs)) if n % FOLDS != fold]
        test = [n for n in range(len(xs)) if n % FOLDS == fold]
        w = fit([xs[n] for n in train], [ys[n] for n in train])

        def prob(x: tuple[float, ...], w: list[float] = w) -> float:
            z = w[-1] + sum(a * b for a, b in zip(w, x, strict=False))
            return 1.0 / (1.0 + math.exp(-z))

        threshold, _ = best_threshold([prob(xs[n]) for n in train], [ys[n] for n in train])
        scores.append(accuracy([prob(xs[n]) for n in test], [ys[n] for n in test], threshold))
    return sum(scores) / len(scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("msrp_train", type=Path)
    parser.add_argument("--current", action="store_true", help="evaluate the shipped constants")
    args = parser.parse_args()
    if not args.msrp_train.exists():
        print(f"skipped: {args.msrp_train} not found", file=sys.stderr)
        return 0
    rows = read_msrp(args.msrp_train)
    random.Random(SEED).shuffle(rows)
    cut = int(len(rows) * (1 - HELD_OUT))
    data = [
        (scorer.features(text_keys(a), text_keys(b), scorer.background_weight), y)
        for y, a, b in rows
    ]
    fit_part, held = data[:cut], data[cut:]
    if args.current:
        weights, bias = list(scorer.WEIGHTS), scorer.BIAS
    else:
        found = fit([x for x, _ in fit_part], [y for _, y in fit_part])
        weights, bias = found[:-1], found[-1]

    def prob(x: tuple[float, ...]) -> float:
        z = bias + sum(w * v for w, v in zip(weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    fit_ps = [prob(x) for x, _ in fit_part]
    held_ps = [prob(x) for x, _ in held]
    fit_ys, held_ys = [y for _, y in fit_part], [y for _, y in held]
    threshold, fit_accuracy = best_threshold(fit_ps, fit_ys)
    if args.current:
        threshold = scorer.PARAPHRASE_MIN
        fit_accuracy = accuracy(fit_ps, fit_ys, threshold)
    folds = cross_validation([x for x, _ in data], [y for _, y in data])
    majority = max(sum(held_ys), len(held_ys) - sum(held_ys)) / len(held_ys)
    print("| part | pairs | accuracy at threshold |")
    print("| --- | --- | --- |")
    print(f"| fit (80% of train) | {len(fit_part)} | {fit_accuracy:.3f} |")
    print(
        f"| held out (20% of train) | {len(held)} | {accuracy(held_ps, held_ys, threshold):.3f} |"
    )
    print(f"| held out, majority class | {len(held)} | {majority:.3f} |")
    print(f"| {FOLDS}-fold cross-validation over train, mean | {len(data)} | {folds:.3f} |")
    print()
    print(f"threshold {threshold:.2f}")
    print("WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")
    print(f"BIAS = {bias:.3f}")
    print(f"PARAPHRASE_MIN = {threshold:.2f}")
    for name, w in zip(scorer.FEATURES, weights, strict=True):
        print(f"  {name:16} {w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
