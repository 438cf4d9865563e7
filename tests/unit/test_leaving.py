"""A command's process ends as the interpreter would end it, without freeing what it built."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_leaving_waits_for_threads_runs_exit_handlers_and_flushes(tmp_path):
    script = textwrap.dedent(f"""
        import atexit, sys, threading, time
        from pathlib import Path
        from tuiread.leaving import leave

        folder = Path({str(tmp_path)!r})
        atexit.register(lambda: (folder / "handler").write_text("ran"))

        def late():
            time.sleep(0.2)
            (folder / "thread").write_text("done")

        threading.Thread(target=late).start()
        kept = [[n] for n in range(100_000)]  # (left for the interpreter to free, were it to)
        sys.stdout.write("no newline, not flushed")
        sys.stderr.write("said")
        leave(3)
        (folder / "after").write_text("never")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 3
    assert done.stdout == "no newline, not flushed" and done.stderr == "said"
    assert (tmp_path / "handler").read_text() == "ran"
    assert (tmp_path / "thread").read_text() == "done"
    assert not (tmp_path / "after").exists()


def test_a_command_process_ends_with_its_code_and_all_its_output(tmp_path, seeds_dir):
    env = {**os.environ, "TUIREAD_HOME": str(tmp_path / "home")}
    listed = subprocess.run([sys.executable, "-m", "tuiread", "list", str(seeds_dir)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert listed.returncode == 0 and len(listed.stdout.strip().splitlines()) >= 5
    missing = subprocess.run([sys.executable, "-m", "tuiread", "show", "no-such-article",
                              str(seeds_dir)], capture_output=True, text=True, env=env,
                             timeout=120)
    assert missing.returncode != 0 and "no-such-article" in missing.stderr
