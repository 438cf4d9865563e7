"""`tuiread annotate`, `notes`, `export` and `import`, in the forms scripts rely on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tuiread.cli import main

ARTICLE = "001_8557ead743fed211.txt"
NOTE_KEYS = {
    "id",
    "article",
    "path",
    "exact",
    "start",
    "end",
    "state",
    "score",
    "note",
    "tags",
    "label",
}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path, seeds_dir: Path) -> Path:
    target = tmp_path / "news"
    target.mkdir()
    shutil.copy(seeds_dir / ARTICLE, target / ARTICLE)
    return target


def annotate(capsys, folder: Path, *args: str) -> dict:
    code, out, err = run(capsys, "annotate", "001", str(folder), *args)
    assert code == 0, err
    return json.loads(out)


def test_annotate_prints_the_annotation(capsys, folder):
    made = annotate(
        capsys,
        folder,
        "--quote",
        "a phone call with Putin",
        "--note",
        "n",
        "--tag",
        "claim",
        "--tag",
        "call",
        "--label",
        "key",
    )
    text = (folder / ARTICLE).read_text(encoding="utf-8")
    assert set(made) >= NOTE_KEYS
    assert text[made["start"] : made["end"]] == "a phone call with Putin"
    assert (made["state"], made["tags"], made["label"]) == ("exact", ["claim", "call"], "key")


def test_annotate_occurrence_and_spacing(capsys, folder):
    text = (folder / ARTICLE).read_text(encoding="utf-8")
    second = annotate(capsys, folder, "--quote", "Putin", "--occurrence", "2")
    assert second["start"] == text.index("Putin", text.index("Putin") + 1)
    # A quote typed on one line finds text broken across lines in the file.
    spaced = annotate(capsys, folder, "--quote", "Stakes White House Talks On Monday,")
    assert text[spaced["start"] : spaced["end"]] == "Stakes White House Talks\n\nOn Monday,"


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--quote", "words that are not there"], "quote not found"),
        (["--quote", "Putin", "--occurrence", "99"], "occurs"),
    ],
)
def test_annotate_bad_quote_exits_2(capsys, folder, extra, message):
    code, out, err = run(capsys, "annotate", "001", str(folder), *extra)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_notes_lists_current_state_after_the_file_changes(capsys, folder):
    kept = annotate(capsys, folder, "--quote", "a phone call with Putin")
    gone = annotate(capsys, folder, "--quote", "multi-nation talks")
    path = folder / ARTICLE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "Correction appended at the top.\n\n" + text.replace("multi-nation ", ""), encoding="utf-8"
    )
    code, out, _ = run(capsys, "notes", str(folder), "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert code == 0 and all(set(row) >= NOTE_KEYS for row in rows.values())
    assert rows[kept["id"]]["state"] == "moved"
    assert rows[kept["id"]]["start"] == kept["start"] + len("Correction appended at the top.\n\n")
    assert (rows[gone["id"]]["state"], rows[gone["id"]]["start"]) == ("orphaned", None)
    code, out, _ = run(capsys, "notes", str(folder))
    lines = out.strip().splitlines()
    assert len(lines) == 2 and lines[0].split("\t")[1] == "moved"


def test_notes_of_another_corpus_are_counted_not_listed(capsys, folder, seeds_dir):
    annotate(capsys, folder, "--quote", "a phone call with Putin")
    code, out, err = run(capsys, "notes", str(seeds_dir / "000_9a61a9004f7d98d1.txt"), "--json")
    assert json.loads(out) == [] and "1 annotation(s) belong to articles not in this corpus" in err
    _, out, _ = run(capsys, "notes", str(seeds_dir / "000_9a61a9004f7d98d1.txt"), "--all", "--json")
    assert [row["state"] for row in json.loads(out)] == ["missing"]


def test_notes_rm_and_restore(capsys, folder):
    made = annotate(capsys, folder, "--quote", "a phone call with Putin")
    code, out, _ = run(capsys, "notes", "rm", made["id"][:8])
    assert code == 0 and made["id"] in out
    assert json.loads(run(capsys, "notes", str(folder), "--json")[1]) == []
    code, _, err = run(capsys, "notes", "rm", made["id"])
    assert code == 2 and "no annotation" in err
    assert run(capsys, "notes", "restore", made["id"][:8])[0] == 0
    assert len(json.loads(run(capsys, "notes", str(folder), "--json")[1])) == 1


def test_export_filters_and_writes_a_file_that_imports_back(capsys, folder, tmp_path, monkeypatch):
    annotate(capsys, folder, "--quote", "a phone call with Putin", "--tag", "claim")
    annotate(capsys, folder, "--quote", "multi-nation talks", "--label", "context")
    _, out, _ = run(capsys, "export", "--tag", "claim", "--format", "csv")
    assert len(out.strip().splitlines()) == 2  # header and one row
    _, out, _ = run(capsys, "export", "--label", "context")
    assert "> multi-nation talks" in out and "phone call" not in out
    target = tmp_path / "out.jsonld"
    code, _, err = run(capsys, "export", "--format", "jsonld", "-o", str(target))
    assert code == 0 and "wrote 2 annotation(s)" in err
    monkeypatch.setenv("TUIREAD_HOME", str(tmp_path / "other-home"))
    code, out, _ = run(capsys, "import", str(target))
    assert code == 0 and out.strip() == "imported 2, skipped 0 already present"
    assert run(capsys, "import", str(target))[1].strip() == "imported 0, skipped 2 already present"


def test_import_bad_files_exit_2(capsys, tmp_path):
    missing = run(capsys, "import", str(tmp_path / "none.jsonld"))
    assert missing[0] == 2 and "cannot read" in missing[2]
    bad = tmp_path / "bad.jsonld"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "import", str(bad))
    assert code == 2 and "not a JSON-LD annotation file" in err
