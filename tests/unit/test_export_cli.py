"""`tuiread export`: filters, formats, templates, and the safety of what it writes and prints."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from tuiread.cli import main

OPENING = (
    "Officials from seven countries met for eleven hours on Sunday in a hotel outside Geneva to "
    "settle the terms of a ceasefire that neither side had publicly accepted before the talks "
    "began, two people familiar with the matter said."
)
HOSTILE = (
    "RIS\x1bc DEC\x1b(0lqqk\x1b(B title\x1b]2;MDTITLE\x1b\\ osc52\x1b]52;c;SGVsbG8=\x07 \u202e"
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path, capsys) -> Path:
    target = tmp_path / "news"
    target.mkdir()
    (target / "geneva.txt").write_text(OPENING + "\n\nThe talks resume on Monday.\n", "utf-8")
    code, _, err = run(capsys, "annotate", "geneva", str(target), "--quote", "talks resume",
                       "--note", HOSTILE, "--tag", "claim")
    assert code == 0, err
    return target


def test_filters_that_match_nothing_say_so_in_one_line(capsys, folder):
    for args, words in [
        (["--article", "nosuch"], "--article nosuch"),
        (["--tag", "nosuch"], "--tag nosuch"),
        (["--label", "nosuch"], "--label nosuch"),
        (["--since", "2999-01-01"], "--since 2999-01-01"),
    ]:
        code, out, err = run(capsys, "export", str(folder), *args)
        assert code == 2 and out == ""
        assert err == f"tuiread: no annotation matches {words}\n"
    code, _, err = run(capsys, "export", str(folder), "--since", "last week")
    assert code == 2 and "expected a date" in err
    code, out, _ = run(capsys, "export", str(folder), "--since", "2000-01-01", "--tag", "claim")
    assert code == 0 and "> talks resume" in out


def test_machine_outputs_carry_full_titles(capsys, folder):
    listed = json.loads(run(capsys, "list", str(folder), "--json")[1])
    assert listed[0]["title"] == OPENING
    code, out, _ = run(capsys, "export", str(folder), "--format", "csl")
    assert code == 0 and json.loads(out)[0]["title"] == OPENING


def test_output_never_replaces_a_pipe_a_device_or_a_symlink(capsys, folder, tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "export", str(folder), "-o", str(fifo))
    assert code == 2 and "named pipe" in err and fifo.is_fifo()
    code, _, err = run(capsys, "export", str(folder), "-o", os.devnull)
    assert code == 2 and "device" in err and Path(os.devnull).is_char_device()
    code, _, err = run(capsys, "export", str(folder), "-o", str(tmp_path))
    assert code == 2 and "folder" in err
    code, _, err = run(capsys, "export", str(folder), "-o", str(tmp_path / "none" / "x.md"))
    assert code == 2 and "no such folder" in err and not (tmp_path / "none").exists()
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    code, _, err = run(capsys, "export", str(folder), "-o", str(link))
    assert code == 0 and link.is_symlink() and "talks resume" in real.read_text("utf-8")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonld", "csl", "bibtex"])
def test_exports_on_a_terminal_show_escapes_without_obeying_them(folder, monkeypatch, fmt):
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["export", str(folder), "--format", fmt]) == 0
    shown = screen.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    if fmt in ("md", "csv"):
        assert "MDTITLE" in shown  # shown, as visible characters


def test_piped_exports_stay_exact(capsys, folder):
    code, out, _ = run(capsys, "export", str(folder), "--format", "jsonld")
    assert code == 0
    assert json.loads(out)["first"]["items"][0]["body"][0]["value"] == HOSTILE


def test_templates_and_per_article_files(capsys, folder, tmp_path):
    template = tmp_path / "cite.txt.j2"
    template.write_text("{% for s in sources %}{{ s.title }} ({{ s.path }})\n{% endfor %}",
                        encoding="utf-8")
    code, out, _ = run(capsys, "export", str(folder), "--template", str(template))
    assert code == 0 and out == f"{OPENING} (geneva.txt)\n"
    broken = tmp_path / "broken.md.j2"
    broken.write_text("line one\n{{ sources[0].title | nosuchfilter }}\n", encoding="utf-8")
    code, out, err = run(capsys, "export", str(folder), "--template", str(broken))
    assert code == 2 and out == "" and err.startswith(f"tuiread: {broken}:2: ")
    target = tmp_path / "notes"
    code, _, err = run(capsys, "export", str(folder), "--per-article", "-o", str(target),
                       "--front-matter")
    assert code == 0 and "1 file(s)" in err
    (written,) = target.iterdir()
    assert written.suffix == ".md" and written.name.startswith("Officials-from-seven")
    assert written.read_text("utf-8").startswith("---\ntitle: Officials from seven")
    code, _, err = run(capsys, "export", str(folder), "--per-article")
    assert code == 2 and "-o" in err
