"""Where an HTML page's reading time goes, stage by stage; prints a table.

    python tests/bench/web_stages.py /work/shared/corpora/web-eval [--limit N] [--repeat N]

Each page goes through the article path ``web_bench.py`` times (decode, read, clean, segment);
the stages are timed by wrapping the functions that do them (CPU time of this process). Per
stage: median and total over the pages, the share of the total, and the whole article's median
without the stage (what the median would be if it cost nothing); "other" is the whole
article's time less the stages named. ``--repeat N`` reads each page N times and keeps each
stage's least time, which a busy machine inflates less; the caches the extractor and the date
search keep, keyed by a page's text, are emptied before each read (as ``web_bench.py`` does),
so that a read costs what a user's new page does. The wrappers add a little time of their own.
Run by hand (not collected by pytest).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trafilatura import core, main_extractor  # noqa: E402
from web_bench import clear_text_caches, load_pages, warm_up  # noqa: E402

from tuiread.config import boilerplate_files  # noqa: E402
from tuiread.corpus import (  # noqa: E402
    article_text,
    date_search,
    extractor_paths,
    html,
    load_rules,
    loader,
    pagemeta,
)
from tuiread.corpus.loader import SourceFile, build_articles  # noqa: E402

# (stage, module, function name). Times are exclusive: a stage called inside another (the date
# search inside the metadata) is counted in its own row only.
STAGES = [
    ("decode", loader, "decode_bytes"),
    ("parse", html, "_parse"),
    ("page walk", html, "page_blocks"),
    ("metadata (rest)", html, "page_meta_and_body"),
    ("meta: trafilatura", pagemeta, "extracted_meta"),
    ("meta: byline marks", pagemeta, "marked_byline"),
    ("meta: date", date_search, "find_date"),
    ("prune for extractor", html, "_prune_for_extractor"),
    ("extraction (rest)", html, "extract_text"),
    ("extr: tree cleaning", core, "tree_cleaning"),
    ("extr: convert tags", core, "convert_tags"),
    ("extr: main pass", core, "extract_content"),
    ("extr: discard xpaths", main_extractor, "prune_unwanted_nodes"),
    ("extr: link density", main_extractor, "delete_by_link_density"),
    ("extr: raw prunes", core, "prune_unwanted_nodes"),
    ("extr: text output", core, "xmltotxt"),
    ("match kept text", html, "kept_blocks"),
    ("block shingles", html, "BlockShingles"),
    ("output shingles", html, "Extracted"),
    ("clean", loader, "clean"),
    ("segment", loader, "segment"),
]


def _wrap(times: dict[str, float], calls: dict[str, int], stage: str, function: Callable):
    def timed(*args, **kwargs):
        _inner.append(0.0)
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.process_time() - start
            times[stage] += spent - _inner.pop()
            if _inner:
                _inner[-1] += spent
            calls[stage] += 1

    return timed


# time spent in wrapped stages inside the running one, innermost last
_inner: list[float] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, help="folder with expectations.json and pages/")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="read each page N times and keep each stage's least time (steadier on a busy machine)",
    )
    args = parser.parse_args()
    if not (args.pages / "expectations.json").exists():
        print(f"skipped: no expectations.json under {args.pages}", file=sys.stderr)
        return 0
    pages = load_pages(args.pages, args.limit)
    rules = load_rules(*boilerplate_files())
    source = SourceFile(Path("page.html"), "page.html", "html")
    times: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    names = []
    for stage, module, name in STAGES:
        found = getattr(module, name, None)
        if isinstance(found, type):  # a class: its construction is the stage
            found.__init__ = _wrap(times, calls, stage, found.__init__)
        elif found is not None:
            setattr(module, name, _wrap(times, calls, stage, found))
        else:
            continue
        names.append(stage)
    # The fast cascade's main pass is trafilatura's code bound to the guarded expressions: bound
    # after the wrapping above (so that it calls the wrapped steps), and timed as the main pass.
    bound = extractor_paths.main_pass()
    if bound is not None:
        wrapped = _wrap(times, calls, "extr: main pass", bound)
        article_text.main_pass = lambda: wrapped
    # after the wrapping: the extraction takes trafilatura's steps once, on its first page
    warm_up([("tuiread", lambda data: build_articles(source, data, rules, set()))], pages)
    per_page: dict[str, list[float]] = defaultdict(list)
    extractions = 0
    for data, _expected in pages:
        best: dict[str, float] = {}
        for _ in range(max(args.repeat, 1)):
            clear_text_caches()
            times.clear()
            calls.clear()
            start = time.process_time()
            build_articles(source, data, rules, set())
            whole = time.process_time() - start
            spent = {stage: times.get(stage, 0.0) for stage in names}
            spent["other"] = whole - sum(times.values())
            spent["whole article"] = whole
            best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
        for stage, value in best.items():
            per_page[stage].append(value)
        extractions += calls.get("extraction (rest)", 0)
    total = sum(per_page["whole article"])
    print(f"{len(pages)} pages, {extractions} extractor runs")
    print(f"{'stage':<20}{'median ms':>10}{'total s':>9}{'share':>7}{'without':>10}")
    whole = per_page["whole article"]
    for stage in [*names, "other", "whole article"]:
        values = per_page[stage]
        without = statistics.median(w - v for w, v in zip(whole, values, strict=True))
        print(
            f"{stage:<20}{statistics.median(values) * 1000:>10.2f}{sum(values):>9.2f}"
            f"{sum(values) / total:>7.1%}{without * 1000:>10.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
