"""Scale: every command on N copies of a corpus as a fresh process: cold, warm, after an edit.

    python tests/bench/scale_bench.py BBC_DIR --copies 1 10 45 [--out TABLE.md] [--no-app]

For each N the corpus is copied N times into a temp dir (hard links where possible; an edited
file is written anew, so its copies are untouched) with its own TUIREAD_HOME, and the table gives
time and peak resident memory of each command run as a fresh process (process start included):

- cold: the first ``tuiread index`` (walk, read, clean, entity mentions and catalog, index);
- warm: nothing changed since the last run;
- edit: one article file edited just before the command (a different file for each command);
- app: the app headless at 120x36, from process start to the first article in the reader,
  with the worst UI-thread stall while loading (a 10 ms timer that ran late);
- fts5: a plain SQLite FTS5 table of the same files (read, insert, commit) in this process:
  the yardstick for the cold build.

Run by hand (not collected by pytest). The machine's load shows in every figure: compare columns
of one run, not runs made at different times.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICK = 0.01  # seconds between UI-thread probes in the app run
SEARCH = "prime minister"
ENTITY_QUERY = "blair"
ENTITY = "Tony Blair"


def copy_corpus(source: Path, target: Path, copies: int) -> None:
    for number in range(1, copies + 1):
        try:
            shutil.copytree(source, target / f"copy{number:02}", copy_function=os.link)
        except OSError:
            shutil.copytree(source, target / f"copy{number:02}", dirs_exist_ok=True)


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if p.name.upper() not in ("README.TXT",
                                                                            "SOURCE.TXT"))


# GNU time, when there is one, reports the command's own peak memory: a child's
# ``ru_maxrss`` starts at the memory of the process that forked it (this bench's, hundreds of MB
# at x45), so without it every figure has that floor.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def spawn(args: list[str], env: dict[str, str], capture: bool = False,
          ) -> tuple[float, float, int, str]:
    """Seconds, peak RSS in MB, exit status and (with ``capture``) the output of one fresh
    process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss.name, *args] if GNU_TIME else args
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, env=env, cwd=ROOT, text=True,
                                   stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        out = process.stdout.read() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        kilobytes = usage.ru_maxrss
        if GNU_TIME:
            lines = rss.read().split()
            if lines and lines[-1].isdigit():
                kilobytes = int(lines[-1])
    return seconds, kilobytes / 1024, os.waitstatus_to_exitcode(status), out


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB and exit status of one fresh process."""
    seconds, megabytes, status, _ = spawn(args, env)
    if status != 0:
        sys.stderr.write(f"  {' '.join(args[2:4])}: exit {status}\n")
    return seconds, megabytes, status


def edit(path: Path, number: int) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    path.unlink()  # a hard link: write a new file so the other copies stay as they were
    path.write_text(text + f"\nAn added sentence number {number} about the prime minister.\n",
                    encoding="utf-8")


def fts5_build(root: Path, folder: Path) -> float:
    start = time.perf_counter()
    (folder / "fts.sqlite3").unlink(missing_ok=True)
    db = sqlite3.connect(folder / "fts.sqlite3")
    db.execute("CREATE VIRTUAL TABLE articles USING fts5(path, title, body)")
    rows = []
    for path in corpus_files(root):
        text = path.read_bytes().decode("utf-8", "replace")
        title, _, body = text.partition("\n")
        rows.append((str(path), title, body))
    db.executemany("INSERT INTO articles VALUES (?, ?, ?)", rows)
    db.commit()
    db.close()
    return time.perf_counter() - start


def fts5_seconds(root: Path, folder: Path) -> float:
    """``fts5_build`` in a child process: the texts it reads would otherwise stay in this
    process, whose memory every command's peak RSS then starts from (fork before exec)."""
    out = subprocess.run([sys.executable, __file__, "--fts5", str(root), str(folder)],
                         capture_output=True, text=True, check=True).stdout
    return float(out)


def commands(root: Path, first: str, second: str) -> list[tuple[str, list[str]]]:
    corpus = str(root)
    return [
        ("list", ["list", corpus]),
        ("show ARTICLE", ["show", first, corpus]),
        ("search", ["search", SEARCH, corpus]),
        ("index", ["index", corpus]),
        ("entities QUERY", ["entities", ENTITY_QUERY, corpus]),
        ("mentions ENTITY", ["mentions", ENTITY, corpus]),
        ("related ARTICLE", ["related", first, corpus]),
        ("diff A B", ["diff", first, second, corpus]),
    ]


class Cells(dict):
    """The figures of one N; every new figure rewrites the table file (a long run that is
    stopped still leaves what it measured)."""

    def __init__(self, saved) -> None:
        super().__init__()
        self._saved = saved

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        self._saved()


def measure(source: Path, copies: int, with_app: bool, cells: dict[str, str],
            keep: Path | None = None) -> dict[str, str]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix=f"scale-x{copies}-") as temp:
            return _measure(source, Path(temp), copies, with_app, cells, reuse=False)
    folder = keep / f"x{copies}"
    reuse = (folder / "home").is_dir()
    return _measure(source, folder, copies, with_app, cells, reuse=reuse)


def _measure(source: Path, folder: Path, copies: int, with_app: bool, cells: dict[str, str],
             reuse: bool) -> dict[str, str]:
    root = folder / "corpus"
    if not root.is_dir():
        copy_corpus(source, root, copies)
    files = corpus_files(root)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    env = {**os.environ, "TUIREAD_HOME": str(folder / "home")}
    env.pop("TUIREAD_CONFIG", None)
    python = [sys.executable, "-m", "tuiread"]
    first = files[0].relative_to(root).with_suffix("").as_posix()
    second = files[1].relative_to(root).with_suffix("").as_posix()
    cells["articles"] = f"{len(files):,}"
    cells["MB"] = f"{megabytes:.1f}"
    cells["fts5 build (yardstick)"] = f"{fts5_build(root, folder):.2f} s"
    if reuse:  # the kept home of an earlier run: its edits taken in, nothing else changed
        run(python + ["index", str(root)], env)
        cells["cold: first index"] = "(kept from an earlier run)"
    else:
        seconds, rss, _ = run(python + ["index", str(root)], env)
        cells["cold: first index"] = f"{seconds:.1f} s, {rss:.0f} MB"
        fts = float(cells["fts5 build (yardstick)"].split()[0])
        cells["cold index / fts5"] = f"{seconds / fts:.0f}x"
    if with_app and not reuse:
        cells["app cold (other home): first article"] = app_cell(root, folder / "cold-home")
    for name, args in commands(root, first, second):
        seconds, rss, status = run(python + args, env)
        cells[f"warm: {name}"] = f"{seconds:.2f} s, {rss:.0f} MB" + ("" if not status
                                                                      else " (failed)")
    if with_app:
        cells["app warm: first article"] = app_cell(root, folder / "home")
    # Edit files away from the first two (the ones shown and compared).
    targets = files[len(files) // 2 :]
    for number, (name, args) in enumerate(commands(root, first, second)):
        edit(targets[number * 7 % len(targets)], number)
        seconds, rss, status = run(python + args, env)
        cells[f"edit: {name}"] = f"{seconds:.2f} s, {rss:.0f} MB" + ("" if not status
                                                                      else " (failed)")
    run(python + ["index", str(root)], env)  # a kept home starts the next run up to date
    return cells


def app_cell(root: Path, home: Path) -> str:
    env = {**os.environ, "TUIREAD_HOME": str(home)}
    seconds, megabytes, status, out = spawn(
        [sys.executable, __file__, "--app-probe", str(root)], env, capture=True)
    if status != 0 or not out.strip():
        return f"failed after {seconds:.1f} s"
    opened, stall = (float(x) for x in out.split())
    return f"{opened:.2f} s, {megabytes:.0f} MB, worst stall {stall * 1000:.0f} ms"


def app_probe(root: Path) -> None:
    """In a fresh process: seconds from start to the first article, and the worst stall."""
    started = time.perf_counter() - _since_process_start()
    from tuiread import config
    from tuiread.corpus import load_rules
    from tuiread.processes import lower_workers, prepare_worker_processes
    from tuiread.ui.app import create_app
    from tuiread.ui.main_screen import MainScreen

    prepare_worker_processes()  # (as `tuiread` does before the app takes the screen)
    lower_workers()
    app = create_app(config.load_settings(), [root], load_rules(*config.boilerplate_files()))
    from tuiread.ui import collector

    collector.start()  # (as `tuiread` does)
    opened: list[float] = []

    def hook(message) -> None:
        if isinstance(message, MainScreen.ArticleOpened) and not opened:
            opened.append(time.perf_counter() - started)

    async def drive() -> float:
        async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
            last = time.perf_counter()
            worst = 0.0

            def probe() -> None:
                nonlocal last, worst
                now = time.perf_counter()
                worst = max(worst, now - last - TICK)
                last = now

            timer = app.set_interval(TICK, probe)
            deadline = time.perf_counter() + 3600
            while not opened and time.perf_counter() < deadline:
                await pilot.pause(TICK)
            timer.stop()
            return worst

    worst = asyncio.run(drive())
    print(f"{opened[0] if opened else float('nan')} {max(worst, 0.0)}")


def _since_process_start() -> float:
    """Seconds since this process started (imports included), from /proc where there is one."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().split()[21])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--no-app", action="store_true", help="leave the app runs out")
    parser.add_argument("--keep", type=Path, help="build each copy under this folder and keep "
                        "it (with its TUIREAD_HOME); an existing one is reused: warm figures "
                        "without a new cold build")
    parser.add_argument("--app-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fts5", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fts5 is not None:
        print(fts5_build(args.corpus, args.fts5))
        return
    if args.app_probe:
        app_probe(args.corpus)
        return
    # Compiled as an installed package is: a checkout run with PYTHONDONTWRITEBYTECODE would
    # otherwise compile every module in every process and count it as start-up.
    compileall.compile_dir(ROOT / "tuiread", quiet=1)
    columns: list[tuple[int, dict[str, str]]] = []
    for copies in args.copies:
        sys.stderr.write(f"x{copies}…\n")
        cells = Cells(lambda: write_table(columns, args.out))
        columns.append((copies, cells))
        measure(args.corpus, copies, not args.no_app, cells, args.keep)
    print(render(columns))


def render(columns: list[tuple[int, dict[str, str]]]) -> str:
    rows = list(dict.fromkeys(key for _, cells in columns for key in cells))
    lines = ["| what (fresh process each) | " + " | ".join(f"x{n}" for n, _ in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for row in rows:
        lines.append(f"| {row} | " + " | ".join(cells.get(row, "") for _, cells in columns) + " |")
    return "\n".join(lines)


def write_table(columns: list[tuple[int, dict[str, str]]], out: Path | None) -> None:
    if out is not None:
        out.write_text(render(columns) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
