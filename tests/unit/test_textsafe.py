"""Nothing untrusted printed to a terminal is obeyed: text, JSON, exports and error lines."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from tuiread.cli import main
from tuiread.textsafe import displayable, json_for_terminal

# Everything a terminal obeys: C0 (but newline), DEL, C1, bidi controls.
OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "a\x1b]0;TITLE\x07b\x1b[2Jc\x9b31md\u202ee\x1bcf\x1b(0gh"
# A lone surrogate is what a non-UTF-8 file name becomes; it cannot be written to a file.
WITH_SURROGATE = HOSTILE + "\ud8ff"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_displayable_keeps_one_character_for_one():
    shown = displayable(WITH_SURROGATE)
    assert len(shown) == len(WITH_SURROGATE) and not OBEYED.search(shown)
    assert "\ud8ff" not in shown  # a lone surrogate cannot be written out


@pytest.mark.parametrize("value", [WITH_SURROGATE, {"k\u202e": [HOSTILE, 1]}, "plain é ü ß 中文"])
def test_json_for_terminal_means_the_same_value(value):
    text = json_for_terminal(json.dumps(value, ensure_ascii=False))
    assert not OBEYED.search(text) and "\ud8ff" not in text
    assert json.loads(text) == value


@pytest.fixture
def hostile_corpus(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a\x1b]0;AMB\x07x.txt").write_text("First\n\nSome text about things.\n")
    (folder / "a\x1b[2Jy.txt").write_text(f"Second {HOSTILE}\n\nMore text {HOSTILE}.\n")
    return folder


def _on_terminal(monkeypatch, *args: str) -> tuple[int, str, str]:
    out, err = FakeTerminal(), FakeTerminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_an_error_line_quoting_file_names_is_safe(monkeypatch, hostile_corpus):
    code, _, err = _on_terminal(monkeypatch, "show", "a", str(hostile_corpus))
    assert code == 2 and "ambiguous" in err
    assert not OBEYED.search(err.replace("\n", ""))


@pytest.mark.parametrize("args", [
    ["list", "--json"], ["show", "a\x1b[2Jy", "--json"], ["search", "text", "--json"],
])
def test_json_to_a_terminal_escapes_c1_and_bidi(monkeypatch, hostile_corpus, args):
    code, out, _ = _on_terminal(monkeypatch, *args[:2], str(hostile_corpus), *args[2:])
    assert code == 0 and not OBEYED.search(out.replace("\n", ""))
    json.loads(out)


def test_json_to_a_pipe_stays_exact(capsys, hostile_corpus):
    assert main(["show", "a\x1b[2Jy", str(hostile_corpus), "--json"]) == 0
    assert HOSTILE in json.loads(capsys.readouterr().out)["text"]


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonld"])
def test_an_export_to_a_terminal_is_safe(monkeypatch, hostile_corpus, fmt):
    assert main(["annotate", "a\x1b[2Jy", str(hostile_corpus), "--quote", "More text",
                 "--note", HOSTILE, "--tag", "t\x1b]52;c;SGVsbG8=\x07"]) == 0
    code, out, _ = _on_terminal(monkeypatch, "export", "--format", fmt)
    assert code == 0 and "More text" in out
    assert not OBEYED.search(out.replace("\n", "").replace("\r", ""))
