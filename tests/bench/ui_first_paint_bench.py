"""Time to first article in the app, and how long the UI thread stalls while the corpus loads.

    python tests/bench/ui_first_paint_bench.py CORPUS [CORPUS ...] [--repeat N]

Each CORPUS (a file or folder) is opened on its own, headless at 120x36. Columns:
- import s: importing the app module in a fresh interpreter (what `tuiread` pays before drawing);
- first paint s: from app start to the screen's first frame (the loading view);
- first article s: from app start to the reader showing an article;
- worst stall ms: the longest the UI thread went without running a 10 ms timer during loading
  (what a keypress would wait at worst).
Run by hand (not collected by pytest); TUIREAD_HOME is pointed at a temp dir.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tuiread import config
from tuiread.config import Settings
from tuiread.corpus import load_rules

TICK = 0.01  # seconds between UI-thread probes


def import_seconds() -> float:
    code = ("import time; t = time.perf_counter(); import tuiread.ui.app; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


async def one_run(root: Path) -> tuple[float, float, float]:
    from tuiread.ui.app import create_app
    from tuiread.ui.main_screen import MainScreen

    rules = load_rules(*config.boilerplate_files())
    app = create_app(Settings(), [root], rules)
    start = time.perf_counter()
    opened: list[float] = []
    painted: list[float] = []

    def hook(message) -> None:
        if isinstance(message, MainScreen.ArticleOpened) and not opened:
            opened.append(time.perf_counter() - start)
        if isinstance(message, MainScreen.Ready) and not painted:
            painted.append(time.perf_counter() - start)

    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        last = time.perf_counter()
        worst = 0.0

        def probe() -> None:
            nonlocal last, worst
            now = time.perf_counter()
            worst = max(worst, now - last - TICK)
            last = now

        timer = app.set_interval(TICK, probe)
        while not opened and time.perf_counter() - start < 600:
            await pilot.pause(0.05)
        timer.stop()
        await app.workers.wait_for_complete()
    return painted[0] if painted else float("nan"), opened[0], worst * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of")
    args = parser.parse_args()
    os.environ["TUIREAD_HOME"] = tempfile.mkdtemp(prefix="tuiread-bench-")
    print(f"import s: {import_seconds():.3f}")
    print("| corpus | first paint s | first article s | worst stall ms |")
    print("|---|---:|---:|---:|")
    for root in args.corpus:
        if not root.exists():
            print(f"| {root} | not found | | |")
            continue
        runs = [asyncio.run(one_run(root)) for _ in range(args.repeat)]
        paint, article, stall = (statistics.median(values) for values in zip(*runs, strict=True))
        print(f"| {root.name} | {paint:.3f} | {article:.3f} | {stall:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
