"""Hostile corpus files are each one warning, and the rest of the corpus loads."""

from __future__ import annotations

import codecs
import json
import random

import pytest

from tuiread.cli import main

GOOD = "A good article\n\nIt has a body of ordinary text about the news.\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    return folder


def _listed(capsys, folder) -> tuple[int, list[dict], str]:
    code = main(["list", str(folder)])
    out, err = capsys.readouterr()
    assert main(["list", "--json", str(folder)]) == 0
    return code, json.loads(capsys.readouterr().out), err


@pytest.mark.parametrize("name, content, reason", [
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("huge.json", '{"title": "x", "text": "Some text.", "n": ' + "7" * 5000 + "}", "digits"),
    ("noise.txt", bytes(random.Random(3).randbytes(4096)).replace(b"\0", b"\1"), "binary"),
], ids=["deep", "huge-int", "binary-without-nul"])
def test_one_hostile_file_is_one_warning(capsys, corpus, name, content, reason):
    path = corpus / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, rows, err = _listed(capsys, corpus)
    assert code == 0 and [r["id"] for r in rows] == ["good"]
    warnings = [line for line in err.splitlines() if name in line]
    assert len(warnings) == 1 and reason in warnings[0]
    assert "Traceback" not in err


def test_a_deep_line_in_json_lines_skips_only_that_line(capsys, corpus):
    lines = [json.dumps({"title": "One", "text": "First body text."}),
             "[" * 50_000 + "]" * 50_000,
             json.dumps({"title": "Two", "text": "Second body text."})]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n")
    code, rows, _ = _listed(capsys, corpus)
    assert code == 0 and len(rows) == 3


def test_a_utf16_file_with_a_bom_is_read(capsys, corpus):
    (corpus / "wide.txt").write_bytes(codecs.BOM_UTF16_LE + "Wide title\n\nWide body.\n"
                                      .encode("utf-16-le"))
    code, rows, err = _listed(capsys, corpus)
    assert code == 0 and "wide" in [r["id"] for r in rows] and "wide.txt" not in err
    assert main(["show", "wide", str(corpus)]) == 0
    assert capsys.readouterr().out.startswith("Wide title")


def test_an_endless_import_file_stops_at_a_limit(capsys, monkeypatch):
    from tuiread.commands import annotation_cmds

    monkeypatch.setattr(annotation_cmds, "MAX_IMPORT_BYTES", 100_000)  # keeps the test light
    assert main(["import", "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tuiread: cannot read /dev/zero: larger than") and len(err) < 200


def test_a_fifo_import_file_is_refused(capsys, tmp_path):
    import os

    os.mkfifo(tmp_path / "x.jsonld")
    assert main(["import", str(tmp_path / "x.jsonld")]) == 2
    assert "not a regular file" in capsys.readouterr().err
