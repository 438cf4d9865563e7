"""Where the app's UI thread stalls: the app headless over a corpus, a 10 ms timer on its event
loop, and a watcher thread that, whenever the timer is late, samples what every thread runs.

    python tests/bench/app_stalls.py CORPUS [--after SECONDS] [--quit-at SECONDS] [--edit]

Prints the seconds to the first article, the worst stall, and for every stall over
``--report`` ms (default 100) its length and the code the UI thread and the other threads were
in while it lasted (most frequent frames first). ``--after`` keeps watching that long after the
first article (the index and the entity catalog follow the load); ``--quit-at`` presses ``q``
that many seconds after start and prints how long the app took to exit; ``--edit`` rewrites one
article file once the first article is shown, then asks the app to read the corpus again.
Set ``TUIREAD_HOME`` for the data (an empty one: a cold start). Run by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

TICK = 0.01  # seconds between UI-thread probes
SAMPLE = 0.003  # seconds between the watcher's looks
LATE = 0.03  # a timer this late (seconds) is a stall worth sampling
FRAMES = 8  # innermost frames kept per sample


def _where(frame, depth: int) -> tuple[str, ...]:
    out = []
    while frame is not None and len(out) < depth:
        code = frame.f_code
        name = Path(code.co_filename)
        out.append(f"{name.parent.name}/{name.name}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return tuple(out)


class Watcher(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True, name="stall-watcher")
        self.last = time.perf_counter()
        self.stop = False
        # start, length, the UI thread's and the process's CPU seconds in it, the UI thread's
        # frames, the other threads' frames
        self.stalls: list[tuple[float, float, float, float, Counter, Counter]] = []
        self.ui_thread = threading.get_ident()
        self.cpu = time.thread_time()
        self.process_cpu = time.process_time()

    def tick(self) -> None:
        """On the UI thread, from the timer: a late one closes a stall."""
        now, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        if self.current is not None:
            start, ui, rest = self.current
            self.stalls.append((start, now - start, cpu - self.cpu, process - self.process_cpu,
                                ui, rest))
            self.current = None
        elif now - self.last > TICK + LATE:
            self.stalls.append((self.last, now - self.last, cpu - self.cpu,
                                process - self.process_cpu, Counter(), Counter()))
        self.last, self.cpu, self.process_cpu = now, cpu, process

    current: tuple[float, Counter, Counter] | None = None

    def run(self) -> None:
        while not self.stop:
            time.sleep(SAMPLE)
            now = time.perf_counter()
            last = self.last
            if now - last < TICK + LATE:
                continue
            if self.current is None:
                self.current = (last, Counter(), Counter())
                if self.last != last:  # the timer ran meanwhile
                    self.current = None
                    continue
            _, ui, rest = self.current
            for ident, frame in sys._current_frames().items():
                if ident == self.ui_thread:
                    ui[_where(frame, FRAMES)] += 1
                elif ident != threading.get_ident():
                    rest[_where(frame, 3)] += 1


class Collections:
    """The cycle collector's passes over ``LATE`` seconds (any thread's): start, length,
    generation. Each holds the interpreter lock from start to end."""

    def __init__(self) -> None:
        self.long: list[tuple[float, float, int]] = []
        self._began = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._began = now
        elif now - self._began >= LATE:
            self.long.append((self._began, now - self._began, info["generation"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--after", type=float, default=0.0)
    parser.add_argument("--quit-at", type=float)
    parser.add_argument("--edit", action="store_true")
    parser.add_argument("--report", type=float, default=100.0)
    args = parser.parse_args()
    started = time.perf_counter()
    from tuiread import config
    from tuiread.corpus import load_rules
    from tuiread.processes import lower_workers, prepare_worker_processes
    from tuiread.ui.app import create_app
    from tuiread.ui.main_screen import MainScreen

    prepare_worker_processes()
    lower_workers()  # (as `tuiread` does)
    app = create_app(config.load_settings(), [args.corpus],
                     load_rules(*config.boilerplate_files()))
    try:
        from tuiread.ui import collector
    except ImportError:  # a tree from before it (for an A/B run with PYTHONPATH)
        pass
    else:
        collector.start()  # (as `tuiread` does)
    opened: list[float] = []
    opened_cpu: list[float] = []  # this process's CPU seconds then (its threads, not children)

    def hook(message) -> None:
        if isinstance(message, MainScreen.ArticleOpened) and not opened:
            opened.append(time.perf_counter() - started)
            opened_cpu.append(time.process_time())

    watcher = Watcher()
    collections = Collections()
    gc.callbacks.append(collections)
    quit_took: list[float] = []

    async def drive() -> None:
        async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
            watcher.last, watcher.cpu = time.perf_counter(), time.thread_time()
            watcher.start()
            app.set_interval(TICK, watcher.tick)
            deadline = time.perf_counter() + 3600
            while time.perf_counter() < deadline:
                if args.quit_at is not None and time.perf_counter() - started >= args.quit_at:
                    pressed = time.perf_counter()
                    await pilot.press("q")
                    while app.is_running and time.perf_counter() - pressed < 60:
                        await asyncio.sleep(0.01)
                    quit_took.append(time.perf_counter() - pressed)
                    return
                if opened and args.quit_at is None:
                    break
                await pilot.pause(TICK)
            if args.edit:
                edited = await asyncio.to_thread(_edit, args.corpus)  # (not on the UI thread)
                print(f"edited {edited} at {time.perf_counter() - started:.2f} s")
                app.reload_corpus()
            until = time.perf_counter() + args.after
            while time.perf_counter() < until:
                await pilot.pause(TICK)

    asyncio.run(drive())
    watcher.stop = True
    exited = time.perf_counter()
    worst = max((length for _, length, *_ in watcher.stalls), default=0.0)
    busy = max((cpu for _, _, cpu, *_ in watcher.stalls), default=0.0)
    # On a loaded machine a stall's length is mostly other processes' turns; the process's own
    # CPU in it (its threads take turns holding the interpreter lock) is what it would last on
    # a quiet one, near enough (less what ran outside the lock: reads, SQLite, compression).
    own = max((process for _, _, _, process, *_ in watcher.stalls), default=0.0)
    print(f"first article {opened[0] if opened else float('nan'):.2f} s "
          f"({opened_cpu[0] if opened_cpu else float('nan'):.2f} s CPU), "
          f"worst stall {worst * 1000:.0f} ms, {len(watcher.stalls)} stalls over "
          f"{(TICK + LATE) * 1000:.0f} ms; most CPU in one stall: UI thread "
          f"{busy * 1000:.0f} ms, process {own * 1000:.0f} ms")
    if quit_took:
        print(f"quit: {quit_took[0]:.2f} s to leave the app (process exits "
              f"{time.perf_counter() - exited:.2f} s later)")
    for start, length, generation in collections.long:
        print(f"collection of generation {generation}: {length * 1000:.0f} ms at "
              f"{start - started:.2f} s")
    for start, length, cpu, process, ui, rest in watcher.stalls:
        if length * 1000 < args.report:
            continue
        print(f"\n== {length * 1000:.0f} ms at {start - started:.2f} s "
              f"(CPU: UI thread {cpu * 1000:.0f} ms, process {process * 1000:.0f} ms)")
        for stack, count in ui.most_common(3):
            print(f"  ui x{count}:")
            for line in stack:
                print(f"      {line}")
        for stack, count in rest.most_common(4):
            print(f"  other x{count}: {' <- '.join(stack)}")


def _edit(root: Path) -> Path:
    """Rewrite one article file as a new file (the corpus files may be hard links)."""
    folder = root
    while True:  # the middle entry of each level (a walk of every file would be the stall)
        entries = sorted(folder.iterdir())
        folders = [e for e in entries if e.is_dir()]
        if not folders:
            break
        folder = folders[len(folders) // 2]
    files = [e for e in entries if e.suffix == ".txt"]
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8", errors="replace")
    os.unlink(target)
    target.write_text(text + f"\nEdited at {time.time()}.\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    main()
