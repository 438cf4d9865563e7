"""Terminal and command-line manners: colour, the app's terminal guard, mistyped words, usage
errors, closed pipes, options between positionals."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from tuiread.cli import main


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_a_mistyped_subcommand_is_one_line_with_a_suggestion(capsys):
    code, out, err = run(capsys, "serach", "putin")
    assert code == 2 and out == ""
    assert err == "tuiread: unknown subcommand 'serach' (did you mean `tuiread search`?)\n"


def test_a_missing_path_suggests_its_neighbour(capsys, tmp_path):
    (tmp_path / "articles").mkdir()
    code, _, err = run(capsys, str(tmp_path / "articls"))
    assert code == 2 and len(err.splitlines()) == 1
    assert "no such file or folder" in err and str(tmp_path / "articles") in err


def test_an_unknown_word_lists_the_subcommands(capsys):
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and len(err.splitlines()) == 1
    assert "no subcommand" in err and "search" in err


def test_the_app_never_starts_without_a_terminal(capsys, seeds_dir):
    # Under pytest stdin and stdout are not terminals.
    code, out, err = run(capsys, str(seeds_dir))
    assert code == 2 and out == ""
    assert err.startswith("tuiread: the app needs a terminal") and len(err.splitlines()) == 1


def test_the_app_guard_in_a_real_process(seeds_dir):
    done = subprocess.run([sys.executable, "-m", "tuiread", str(seeds_dir)], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2 and "needs a terminal" in done.stderr


@pytest.mark.parametrize("args, where", [
    (["show"], "tuiread show"),
    (["diff", "000"], "tuiread diff"),
    (["show", "000", "--bogus"], "tuiread show"),
])
def test_usage_errors_are_one_line_pointing_at_the_subcommand_help(capsys, args, where):
    code, _, err = run(capsys, *args)
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith(f"{where}: error:") and err.rstrip().endswith(f"(see {where} --help)")
    assert "PATH" not in err


def test_a_query_that_starts_with_a_dash_says_how(capsys):
    code, _, err = run(capsys, "search", "-putin")
    assert code == 2 and "PATH" not in err and "tuiread search -- -putin" in err


def test_options_may_stand_between_positionals(capsys, seeds_dir):
    code, out, _ = run(capsys, "show", "003_ecf", "--raw", str(seeds_dir))
    assert code == 0
    assert out == (seeds_dir / "003_ecf7c83a1a878012.txt").read_text(encoding="utf-8") + "\n"


def test_no_colour_when_no_color_is_set(monkeypatch, capsys, seeds_dir):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["diff", "001", "002", str(seeds_dir), "--width", "100"]) == 0
    assert "\x1b[" in terminal.getvalue()  # coloured on a terminal by default
    monkeypatch.setenv("NO_COLOR", "1")
    for args in (["diff", "001", "002", str(seeds_dir), "--width", "100"],
                 ["search", "putin", str(seeds_dir)]):
        terminal = FakeTerminal()
        monkeypatch.setattr(sys, "stdout", terminal)
        assert main(args) == 0
        assert "\x1b" not in terminal.getvalue()


@pytest.mark.parametrize("args", [
    ["keys"], ["locate"], ["list"], ["list", "--json"], ["show", "001", "--json"],
    ["search", "putin"], ["diff", "000", "001"], ["related", "000"], ["entities"],
    ["mentions", "Putin"], ["notes"], ["index"],
])
def test_a_closed_pipe_ends_quietly(args):
    """The reader goes away before the command writes: no message, status 0."""
    proc = subprocess.Popen([sys.executable, "-m", "tuiread", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Broken pipe" not in err and "Traceback" not in err and "Exception" not in err


def test_a_non_utf8_file_name_is_listed_as_valid_text_and_opens(tmp_path):
    # Ids hold the undecodable bytes as \xNN escapes (valid text for the index and the
    # stores); that id opens the file, even on a strict UTF-8 output.
    folder = tmp_path / "c"
    folder.mkdir()
    with open(bytes(folder) + b"/bad\xff\xfename.txt", "w") as handle:
        handle.write("Bad bytes name\n\nA file whose name is not UTF-8.\n")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    plain = subprocess.run([sys.executable, "-m", "tuiread", "list", str(folder)],
                           capture_output=True, env=env, timeout=60)
    assert plain.returncode == 0 and b"bad\\xff\\xfename" in plain.stdout
    as_json = subprocess.run([sys.executable, "-m", "tuiread", "list", "--json", str(folder)],
                             capture_output=True, env=env, timeout=60)
    assert as_json.returncode == 0
    article_id = json.loads(as_json.stdout.decode("utf-8"))[0]["id"]
    assert article_id == "bad\\xff\\xfename"
    shown = subprocess.run([sys.executable, "-m", "tuiread", "show", article_id, str(folder)],
                           capture_output=True, env=env, timeout=60)
    assert shown.returncode == 0 and b"A file whose name is not UTF-8." in shown.stdout
