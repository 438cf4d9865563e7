"""Full-text search: tuiread's Whoosh index side by side with SQLite FTS5 on the same documents.

    python tests/bench/search_bench.py ../shared/corpora/bbc [--repeat 10] [--runs 5]

Run by hand (not collected by pytest). The corpus is copied to a temporary folder (``--repeat N``
also measures N copies of it side by side, ~22k articles for BBC x10, and adds a growth column).
Both engines index the same documents (the articles' visible text, title and source, read and
cleaned by tuiread.corpus) and answer the same fixed queries:

- full build: from the files to a committed index, in a fresh process (FTS5: load_corpus, then
  inserts into an fts5 table with the porter tokenizer; one process, as SQLite writes serially);
- reopen: open the index and check every file's stat against what was indexed (no file read);
- update: one file edited, then open + freshness check + re-index that file + commit;
- queries: top 10 with snippets (tuiread: up to 3 snippets, every hit's raw offsets, the total
  and "did you mean"; FTS5: bm25 with the title weighted 2x and one snippet());
- peak memory: maximum resident set of the build process plus that of its largest worker.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules
from tuiread.corpus.loader import SourceFile, build_articles
from tuiread.search import SearchIndex
from tuiread.search.analysis import stem_word
from tuiread.search.documents import body_and_spans
from tuiread.search.plan import scan_corpus

# (kind, tuiread query, FTS5 query; None = the same text, ("fuzzy", word, ...) = the word's stem
# expanded from the FTS5 vocabulary within one edit, first letter kept, as tuiread's word~ does).
QUERIES = [
    ("term", "economy", None),
    ("term", "music", None),
    ("term", "broadband", None),
    ("term", "chelsea", None),
    ("term", "referendum", None),
    ("and", "interest rates rise", None),
    ("and", "blair brown election", None),
    ("and", "mobile phone games", None),
    ("and", "oil prices opec", None),
    ("and", "film award nomination", None),
    ("phrase", '"prime minister"', None),
    ("phrase", '"world cup"', None),
    ("phrase", '"interest rates"', None),
    ("phrase", '"general election"', None),
    ("near", '"tony blair"~3', 'NEAR("tony blair", 2)'),
    ("or/not", "blair OR brown", None),
    ("or/not", "film NOT award", None),
    ("wildcard", "govern* spending", None),
    ("wildcard", "econom*", None),
    ("fuzzy", "elecion~", ("fuzzy", "elecion")),
    ("fuzzy", "goverment~", ("fuzzy", "goverment")),
    ("fuzzy", "telecoms~ operators", ("fuzzy", "telecoms", "operators")),
    ("field", "title:election", None),
    ("field", "title:oil prices", "title:oil prices"),
    ("typo", "negotations", None),
]
TARGETS = {
    "full build (s)": "<= 6",
    "reopen unchanged (s)": "<= 0.3",
    "update after one file (s)": "<= 0.5",
    "query p95 (ms)": "<= 15, <= 2x FTS5",
}


# -- children (each build in a fresh process, so peak memory is its own) ---------------------

def child_build_tuiread(root: Path, directory: Path) -> dict:
    began = time.perf_counter()
    index = SearchIndex.open([root], load_rules(*boilerplate_files()), directory=directory)
    report = index.update()
    return {"seconds": time.perf_counter() - began, "articles": report.articles,
            "workers": report.workers}


def child_build_fts(root: Path, database: Path) -> dict:
    began = time.perf_counter()
    rules = load_rules(*boilerplate_files())
    corpus = load_corpus([root], rules)
    loaded = time.perf_counter() - began
    files, _ = scan_corpus([root])
    db = sqlite3.connect(database)
    _fts_schema(db)
    with db:
        for article in corpus.articles:
            _fts_insert(db, article)
        db.executemany("INSERT INTO files VALUES (?, ?, ?)",
                       [(str(f.path), f.size, f.mtime_ns) for f in files])
    db.close()
    return {"seconds": time.perf_counter() - began, "loading": loaded,
            "articles": len(corpus.articles)}


def _fts_schema(db: sqlite3.Connection) -> None:
    db.executescript("""
        CREATE VIRTUAL TABLE docs USING fts5(title, body, source, tokenize='porter unicode61');
        CREATE TABLE docmap (rowid INTEGER PRIMARY KEY, path TEXT);
        CREATE INDEX docmap_path ON docmap(path);
        CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER);
        CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, row);
    """)


def _fts_insert(db: sqlite3.Connection, article) -> None:
    body, _ = body_and_spans(article)
    cursor = db.execute("INSERT INTO docs (title, body, source) VALUES (?, ?, ?)",
                        (article.title, body, article.source or ""))
    db.execute("INSERT INTO docmap VALUES (?, ?)", (cursor.lastrowid, str(article.path)))


def run_child(kind: str, root: Path, target: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", kind, str(root), str(target)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def child_main(kind: str, root: str, target: str) -> None:
    work = child_build_tuiread if kind == "tuiread" else child_build_fts
    result = work(Path(root), Path(target))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = (own + workers) / 1024  # Linux reports KiB
    print(json.dumps(result))


# -- FTS5 reopen, update and queries --------------------------------------------------------

def fts_check(db: sqlite3.Connection, root: Path) -> list:
    """Files whose stat differs from what was indexed (the same check tuiread makes)."""
    known = {p: (s, m) for p, s, m in db.execute("SELECT path, size, mtime_ns FROM files")}
    files, _ = scan_corpus([root])
    return [f for f in files if known.get(str(f.path)) != (f.size, f.mtime_ns)]


def fts_update(database: Path, root: Path, rules) -> None:
    db = sqlite3.connect(database)
    changed = fts_check(db, root)
    with db:
        for item in changed:
            rows = [r for (r,) in db.execute("SELECT rowid FROM docmap WHERE path = ?",
                                             (str(item.path),))]
            db.executemany("DELETE FROM docs WHERE rowid = ?", [(r,) for r in rows])
            db.execute("DELETE FROM docmap WHERE path = ?", (str(item.path),))
            source = SourceFile(item.path, item.rel, item.format)
            for article in build_articles(source, item.path.read_bytes(), rules, set()):
                _fts_insert(db, article)
            db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                       (str(item.path), item.size, item.mtime_ns))
    db.close()


class FtsSearcher:
    def __init__(self, database: Path):
        self.db = sqlite3.connect(database)
        self._vocabulary: list[str] | None = None

    def _fuzzy(self, word: str) -> str:
        if self._vocabulary is None:
            self._vocabulary = [t for (t,) in self.db.execute("SELECT term FROM vocab")]
        stem = stem_word(word.lower()) or word
        same_start = [t for t in self._vocabulary if t[:1] == stem[:1]]  # as tuiread's word~
        near = process.extract(stem, same_start, scorer=OSA.distance, score_cutoff=1, limit=None)
        return "(" + " OR ".join(f'"{t}"' for t, _d, _i in near) + ")" if near else f'"{word}"'

    def query_text(self, tuiread_query: str, fts) -> str:
        if fts is None:
            return tuiread_query
        if isinstance(fts, tuple):
            return " AND ".join([self._fuzzy(fts[1]), *fts[2:]])
        return fts

    def search(self, text: str) -> list:
        return self.db.execute(
            "SELECT rowid, title, bm25(docs, 2.0, 1.0, 0.0) AS score, "
            "snippet(docs, 1, '[', ']', '…', 24) FROM docs WHERE docs MATCH ? "
            "ORDER BY score LIMIT 10", (text,)).fetchall()


# -- measuring ------------------------------------------------------------------------------

def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median_time(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def measure(root: Path, work: Path, runs: int) -> dict:
    rules = load_rules(*boilerplate_files())
    directory, database = work / "index", work / "fts.sqlite3"
    figures: dict[str, tuple[float, float]] = {}
    ours = run_child("tuiread", root, directory)
    theirs = run_child("fts", root, database)
    figures["full build (s)"] = (ours["seconds"], theirs["seconds"])
    figures["peak build memory (MB)"] = (ours["peak_mb"], theirs["peak_mb"])

    def reopen_fts() -> None:
        db = sqlite3.connect(database)
        assert not fts_check(db, root)
        db.close()

    figures["reopen unchanged (s)"] = (
        median_time(lambda: SearchIndex.open([root], rules, directory=directory), runs),
        median_time(reopen_fts, runs))

    index = SearchIndex.open([root], rules, directory=directory)
    fts = FtsSearcher(database)
    ours_ms, theirs_ms = [], []
    for _kind, text, fts_form in QUERIES:
        fts_text = fts.query_text(text, fts_form)
        index.search(text, limit=10)  # warm: the vocabulary for fuzzy words, the page cache
        fts.search(fts_text)
        for _ in range(runs):
            began = time.perf_counter()
            index.search(text, limit=10)
            ours_ms.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            fts.search(fts.query_text(text, fts_form))
            theirs_ms.append((time.perf_counter() - began) * 1000)
    figures["query p50 (ms)"] = (percentile(ours_ms, 0.5), percentile(theirs_ms, 0.5))
    figures["query p95 (ms)"] = (percentile(ours_ms, 0.95), percentile(theirs_ms, 0.95))
    index.close()

    files, _ = scan_corpus([root])
    ours_update, theirs_update = [], []
    for number, item in enumerate(files[:: max(1, len(files) // runs)][:runs]):
        with item.path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nAn added sentence about zebra number {number}.\n")
        began = time.perf_counter()
        report = SearchIndex.open([root], rules, directory=directory).update(rescan=False)
        ours_update.append(time.perf_counter() - began)
        assert report.updated == 1, report.summary()
        began = time.perf_counter()
        fts_update(database, root, rules)
        theirs_update.append(time.perf_counter() - began)
    figures["update after one file (s)"] = (statistics.median(ours_update),
                                            statistics.median(theirs_update))
    figures["articles"] = (ours["articles"], theirs["articles"])
    figures["workers / FTS5 loading (s)"] = (ours["workers"], theirs["loading"])
    return figures


def copy_corpus(corpus: Path, target: Path, copies: int) -> Path:
    if copies == 1:
        shutil.copytree(corpus, target)
    else:
        for number in range(copies):
            shutil.copytree(corpus, target / f"copy{number}")
    return target


ROWS = ["articles", "full build (s)", "workers / FTS5 loading (s)", "reopen unchanged (s)",
        "update after one file (s)", "query p50 (ms)", "query p95 (ms)", "peak build memory (MB)"]


def print_table(corpus: Path, scales: dict[int, dict], runs: int) -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"search benchmark: {corpus}, {cpus} CPUs, {len(QUERIES)} queries x {runs} runs")
    header = f"{'':28}{'tuiread':>10}{'FTS5':>10}{'ratio':>8}  {'target':<18}"
    extra = [s for s in scales if s != 1]
    for scale in extra:
        header += f"{f'x{scale} tuiread':>14}{'FTS5':>10}{'growth':>8}"
    print(header)
    for row in ROWS:
        ours, theirs = scales[1][row]
        ratio = "" if row.startswith(("articles", "workers")) else f"{ours / theirs:.2f}"
        line = f"{row:28}{_fmt(ours):>10}{_fmt(theirs):>10}{ratio:>8}  {TARGETS.get(row, ''):<18}"
        for scale in extra:
            big_ours, big_theirs = scales[scale][row]
            growth = "" if row.startswith("workers") else f"{big_ours / ours:.1f}x"
            line += f"{_fmt(big_ours):>14}{_fmt(big_theirs):>10}{growth:>8}"
        print(line)


def _fmt(value: float) -> str:
    if isinstance(value, int) or value >= 100:
        return f"{value:.0f}"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(*sys.argv[2:5])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=1,
                        help="also measure N copies of the corpus (adds a growth column)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as temp:
        os.environ["TUIREAD_HOME"] = str(Path(temp) / "home")
        scales = {}
        for copies in sorted({1, args.repeat}):
            work = Path(temp) / f"x{copies}"
            root = copy_corpus(args.corpus, work / "corpus", copies)
            scales[copies] = measure(root, work, args.runs)
    print_table(args.corpus, scales, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
