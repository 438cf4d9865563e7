"""Same output before and after a speed change: every comparison's rows, markers, discrepancies,
quotations, reuse figures and the CLI's side-by-side lines, and every prepared sentence's words,
keys and clauses, written to a file once and compared with it afterwards.

    python tests/bench/compare_check.py --bbc ../shared/corpora/bbc --record before.json
    (change the code)
    python tests/bench/compare_check.py --bbc ../shared/corpora/bbc --check before.json

The comparisons: the five seeds against one another (25, both directions), the hand-aligned BBC
near-duplicate pairs of tests/bench/align_bench.py both ways, BBC articles of one category
against their neighbours in it (a fixed random sample), and compare_bench.py's long pair. Scores
are kept to twelve significant digits, so any real change shows. Run by hand (not
collected by pytest); a change that is meant to alter the alignment records a new file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

from compare_bench import long_pair

from tuiread.compare import compare, prepare
from tuiread.compare.rows import row_infos
from tuiread.compare.sidebyside import render
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

ROOT = Path(__file__).resolve().parents[2]
BBC_PAIRS = (
    ("business/010.txt", "business/291.txt"),
    ("business/138.txt", "business/152.txt"),
    ("politics/175.txt", "politics/349.txt"),
    ("entertainment/143.txt", "entertainment/159.txt"),
)
SAMPLED = 24  # BBC articles compared with the next article of their category
RENDER_WIDTH = 100
HASH_SEED = "13"


def _prepared(prepared) -> list:
    return [
        [
            s.index,
            s.start,
            s.end,
            [[w.start, w.end, w.norm] for w in s.words],
            _keys(s.analysis),
            [sorted(part) for part in s.clauses],
        ]
        for s in prepared.sentences
    ]


def _keys(analysis) -> dict:
    """A sentence's keys with every set sorted (a set's order changes from process to process)."""
    return {
        name: sorted(value) if isinstance(value, frozenset) else value
        for name in analysis.__slots__
        for value in [getattr(analysis, name)]
    }


def _figure(value: float) -> str:
    # Sums over sets run in an order that changes from process to process (hash randomisation),
    # so the last digits of a score do too: twelve significant digits are stable.
    return f"{value:.12g}"


def _comparison(a, b) -> dict:
    comparison = compare(a, b)
    found = comparison.to_dict()
    for key in ("left", "right"):
        found[key].pop("path")
    found["scores"] = [_figure(r.score) for r in comparison.rows]
    found["reuse_exact"] = [_figure(comparison.reuse.left), _figure(comparison.reuse.right)]
    found["markers"] = "".join(info.marker for info in row_infos(comparison))
    found["lines"] = render(comparison, RENDER_WIDTH)
    return found


def outputs(bbc: Path | None) -> dict[str, dict]:
    """Every checked comparison and preparation, by a name for the pair."""
    rules = load_rules(*boilerplate_files())
    articles = {a.id[:3]: a for a in load_corpus([ROOT / "seeds"], rules).articles}
    pairs = [(x, y) for x in sorted(articles) for y in sorted(articles)]
    if bbc is not None and (bbc / "business").exists():
        wanted = {name for pair in BBC_PAIRS for name in pair}
        rng = random.Random(13)
        folders = sorted(p for p in bbc.iterdir() if p.is_dir())
        files = sorted(f for folder in folders for f in folder.glob("*.txt"))
        for path in rng.sample(files, SAMPLED):
            neighbour = path.with_name(f"{int(path.stem) % 400 + 1:03d}.txt")
            if neighbour.exists():
                left, right = (str(p.relative_to(bbc)) for p in (path, neighbour))
                wanted |= {left, right}
                pairs.append((left, right))
        for name in sorted(wanted):
            (articles[name],) = load_corpus([bbc / name], rules).articles
        pairs += [p for left, right in BBC_PAIRS for p in ((left, right), (right, left))]
        articles["long"], articles["long rewritten"] = long_pair(bbc, rules)
        pairs += [("long", "long rewritten"), ("long rewritten", "long")]
    prepared = {name: prepare(article) for name, article in articles.items()}
    found = {f"prepare {name}": {"sentences": _prepared(p)} for name, p in prepared.items()}
    for left, right in pairs:
        found[f"{left} | {right}"] = _comparison(prepared[left], prepared[right])
    return found


def _first_difference(before, after, where: str = "") -> str:
    if type(before) is not type(after):
        return f"{where}: {before!r} / {after!r}"
    if isinstance(before, dict):
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                return _first_difference(before.get(key), after.get(key), f"{where}/{key}")
    if isinstance(before, list):
        for n, (x, y) in enumerate(zip(before, after, strict=False)):
            if x != y:
                return _first_difference(x, y, f"{where}[{n}]")
        if len(before) != len(after):
            return f"{where}: {len(before)} items / {len(after)}"
    return f"{where}: {before!r} / {after!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, help="the BBC corpus (skipped when absent)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--record", type=Path, help="write the outputs to this file")
    action.add_argument("--check", type=Path, help="compare the outputs with this file")
    args = parser.parse_args()
    if os.environ.get("PYTHONHASHSEED") != HASH_SEED:
        # One string hash seed for every run, so sets iterate alike and ties break alike.
        os.environ["PYTHONHASHSEED"] = HASH_SEED
        os.execv(sys.executable, [sys.executable, *sys.argv])
    found = outputs(args.bbc)
    comparisons = sum(1 for name in found if not name.startswith("prepare "))
    if args.record:
        args.record.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {comparisons} comparisons, {len(found) - comparisons} preparations")
        return 0
    before = json.loads(args.check.read_text(encoding="utf-8"))
    after = json.loads(json.dumps(found, ensure_ascii=False))
    differing = [name for name in sorted(set(before) | set(after))
                 if before.get(name) != after.get(name)]
    for name in differing:
        print(f"differs: {name} {_first_difference(before.get(name), after.get(name))}")
    print(f"{len(before)} outputs recorded, {len(after)} now, {len(differing)} differ "
          f"({comparisons} comparisons)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
