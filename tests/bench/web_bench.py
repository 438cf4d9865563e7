"""HTML reading benchmark on a page set with must-keep / must-drop snippets; prints tables.

    python tests/bench/web_bench.py /work/shared/corpora/web-eval [--limit N] [--f1 BENCHMARK]
        [--readers 1,2]

The set holds pages (gzipped under pages/) and expectations.json: for each page, snippets that
belong to the article ("with") and snippets of chrome ("without"). Each reader is scored on the
text a reader would see (title and visible text): keep = share of "with" snippets found, drop =
share of "without" snippets absent, and their harmonic mean. ms/page is the median CPU time to
turn the page's bytes into what is scored (for tuiread: the whole article, cleaned and
segmented; "HTML reading only" is the page's reading without cleaning and segmenting). Run by
hand (not collected by pytest).
Targets: tuiread harmonic >= 0.93 with keep >= 0.95; <= 20 ms per page median.

``--f1 BENCHMARK`` also scores an article-extraction benchmark laid out as scrapinghub's
article-extraction-benchmark is (``html/<id>.html.gz`` pages and ``ground-truth.json`` with each
page's ``articleBody``) with that benchmark's shingle F1 (see ``shingle_f1.py``): for tuiread the
article text ``tuiread show`` prints under its title line, for trafilatura ``extract`` as the
benchmark runs it. Skipped when the folder is absent.
"""

from __future__ import annotations

import argparse
import gzip
import inspect
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from legacy_html import legacy_text  # noqa: E402
from shingle_f1 import f1_table  # noqa: E402

from tuiread.config import boilerplate_files  # noqa: E402
from tuiread.corpus import load_rules  # noqa: E402
from tuiread.corpus.dates import day_of  # noqa: E402
from tuiread.corpus.decode import decode_bytes  # noqa: E402
from tuiread.corpus.loader import SourceFile, build_articles  # noqa: E402


def load_pages(root: Path, limit: int | None) -> list[tuple[bytes, dict]]:
    expectations = json.loads((root / "expectations.json").read_text(encoding="utf-8"))
    pages = []
    for _url, expected in sorted(expectations.items()):
        path = root / "pages" / f"{expected['file']}.gz"
        if path.exists():
            pages.append((gzip.decompress(path.read_bytes()), expected))
    return pages[:limit] if limit else pages


def _tuiread(rules) -> Callable[[bytes], tuple[str, dict]]:
    source = SourceFile(Path("page.html"), "page.html", "html")

    def read(data: bytes) -> tuple[str, dict]:
        article = build_articles(source, data, rules, set())[0]
        meta = {"title": article.title, "author": article.author, "date": day_of(article.date)}
        return f"{article.title}\n{article.clean_text()}", meta

    return read


def _tuiread_body(rules) -> Callable[[bytes], str]:
    """The article text ``tuiread show`` prints below its title and outlet lines."""
    source = SourceFile(Path("page.html"), "page.html", "html")

    def read(data: bytes) -> str:
        return build_articles(source, data, rules, set())[0].clean_text()

    return read


def _html_only(data: bytes) -> tuple[str, dict]:
    """tuiread's HTML reading alone (decoding included; no boilerplate rules, no segmenting)."""
    return _visible(data, extractor=True)


def _own_only(data: bytes) -> tuple[str, dict]:
    return _visible(data, extractor=False)


def _visible(data: bytes, extractor: bool) -> tuple[str, dict]:
    from tuiread.corpus.html import read_html

    reading = read_html(decode_bytes(data).text, extractor=extractor)
    visible = reading.text
    for span in reversed(reading.hidden):
        visible = visible[: span.start] + visible[span.end :]
    return f"{reading.meta.title}\n{visible}", {}


def _legacy(data: bytes) -> tuple[str, dict]:
    title, text = legacy_text(decode_bytes(data).text)
    return f"{title}\n{text}", {}


def _trafilatura(data: bytes) -> tuple[str, dict]:
    import trafilatura

    document = trafilatura.bare_extraction(
        decode_bytes(data).text, include_comments=False, with_metadata=True
    )
    if document is None:
        return "", {}
    meta = {"title": document.title, "author": document.author, "date": document.date}
    return f"{document.title or ''}\n{document.text or ''}", meta


def _normal(text: str | list | None) -> str:
    if isinstance(text, list):
        text = "; ".join(text)
    return " ".join((text or "").split()).lower()


# A page whose date is only in its text: htmldate sends it to dateparser, whose first call in a
# process loads every language's data.
_DATE_IN_TEXT_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><p>Берлин, 15 августа 2016, 13:43"
    "</p><p>A paragraph of the article, long enough to be read as its text.</p></article>"
    "</body></html>"
).encode()
# Caches of per-process setup (a language's stop words), not of a page's text: kept.
_SETUP_CACHES = frozenset(("define_stoplist",))


def warm_up(readers: list[tuple[str, Callable]], pages: list[tuple[bytes, dict]]) -> None:
    """Imports and one-time setup out of every reader's figures."""
    for _name, read in readers:
        read(_DATE_IN_TEXT_PAGE)
        read(pages[0][0])


def clear_text_caches() -> None:
    """Empty the extraction libraries' caches keyed by a page's text (functools caches of
    functions that take an argument), so that a reader pays for a page as for a new one."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("htmldate", "trafilatura", "courlan", "justext"):
            continue
        for attribute, value in list(vars(module).items()):
            wrapped = getattr(value, "__wrapped__", None)
            if attribute in _SETUP_CACHES or wrapped is None or not hasattr(value, "cache_clear"):
                continue
            try:
                takes_arguments = bool(inspect.signature(wrapped).parameters)
            except (TypeError, ValueError):
                continue
            if takes_arguments:
                value.cache_clear()


def timed_pass(read, pages) -> tuple[list[float], list[tuple[str, dict]]]:
    """Each page's output and the CPU time of this process it took (the machine may be
    shared, and waiting for a core is not the reader's cost), from empty text caches."""
    clear_text_caches()
    times, outputs = [], []
    for data, _expected in pages:
        start = time.process_time()
        output = read(data)
        times.append(time.process_time() - start)
        outputs.append(output)
    return times, outputs


def score(outputs: list[tuple[str, dict]], pages, times: list[float]) -> dict[str, float]:
    kept = wanted = dropped = unwanted = 0
    meta_hits = {"title": 0, "author": 0, "date": 0}
    meta_total = dict.fromkeys(meta_hits, 0)
    for (text, meta), (_data, expected) in zip(outputs, pages, strict=True):
        seen = " ".join(text.split())
        for snippet in expected["with"]:
            wanted += 1
            kept += " ".join(snippet.split()) in seen
        for snippet in expected["without"]:
            unwanted += 1
            dropped += " ".join(snippet.split()) not in seen
        for name in meta_hits:
            if expected.get(name) and meta:
                meta_total[name] += 1
                meta_hits[name] += _normal(meta.get(name)) == _normal(expected[name])
    keep, drop = kept / max(wanted, 1), dropped / max(unwanted, 1)
    result = {
        "keep": keep,
        "drop": drop,
        "harmonic": 2 * keep * drop / (keep + drop) if keep + drop else 0.0,
        "ms": statistics.median(times) * 1000,
    }
    for name in meta_hits:
        result[name] = meta_hits[name] / meta_total[name] if meta_total[name] else float("nan")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, help="folder with expectations.json and pages/")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument(
        "--f1", type=Path, metavar="BENCHMARK", help="also score this article-body benchmark"
    )
    parser.add_argument(
        "--only-f1", action="store_true", help="score only the --f1 benchmark"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="time each reader N times (order rotated) and keep each page's least time",
    )
    parser.add_argument(
        "--readers",
        metavar="N,N",
        help="score only these readers, by their number in the table (1 = tuiread)",
    )
    args = parser.parse_args()
    rules = load_rules(*boilerplate_files())
    if args.only_f1:
        return f1_table(args.f1, _tuiread_body(rules), args.limit)
    if not (args.pages / "expectations.json").exists():
        print(f"skipped: no expectations.json under {args.pages}", file=sys.stderr)
        return 0
    pages = load_pages(args.pages, args.limit)
    readers = [
        ("tuiread", _tuiread(rules)),
        ("tuiread HTML reading only", _html_only),
        ("tuiread own parser only", _own_only),
        ("previous parser", _legacy),
        ("trafilatura", _trafilatura),
    ]
    if args.readers:
        wanted = {int(n) for n in args.readers.split(",")}
        readers = [r for number, r in enumerate(readers, 1) if number in wanted]
    warm_up(readers, pages)
    best: dict[str, list[float]] = {}
    outputs: dict[str, list[tuple[str, dict]]] = {}
    for round_number in range(max(args.rounds, 1)):
        shift = round_number % len(readers)
        for name, read in readers[shift:] + readers[:shift]:
            times, outputs[name] = timed_pass(read, pages)
            best[name] = [min(pair) for pair in zip(times, best.get(name, times), strict=True)]
    print(f"{len(pages)} pages, {max(args.rounds, 1)} round(s)")
    print(f"{'reader':<26}{'keep':>7}{'drop':>7}{'harmonic':>10}{'ms/page':>9}")
    results = []
    for name, _read in readers:
        result = score(outputs[name], pages, best[name])
        results.append((name, result))
        print(
            f"{name:<26}{result['keep']:>7.3f}{result['drop']:>7.3f}"
            f"{result['harmonic']:>10.3f}{result['ms']:>9.1f}"
        )
    print()
    print(f"{'metadata (exact match)':<26}{'title':>7}{'author':>7}{'date':>7}")
    for name, result in results:
        if result["title"] == result["title"]:  # not NaN: the reader gives metadata
            print(
                f"{name:<26}{result['title']:>7.3f}{result['author']:>7.3f}{result['date']:>7.3f}"
            )
    if args.f1:
        print()
        return f1_table(args.f1, _tuiread_body(rules), args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
