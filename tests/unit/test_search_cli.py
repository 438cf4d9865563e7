"""``tuiread search`` and ``tuiread index`` in the forms scripts rely on."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tuiread.cli import main
from tuiread.commands.search_cmds import progress_bar

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_is_a_ranked_array_with_raw_offsets(capsys):
    code, out, err = run(capsys, "search", "ceasefire", str(SEEDS), "--json")
    rows = json.loads(out)
    assert code == 0 and rows and "indexing [" not in err
    assert list(rows[0]) == ["id", "path", "title", "source", "score", "snippets", "hits"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    for row in rows:
        text = Path(row["path"]).read_text(encoding="utf-8")
        assert row["hits"] and all(text[h["start"] : h["end"]].lower() == "ceasefire"
                                   for h in row["hits"])
        assert any("ceasefire" in s.lower() for s in row["snippets"])


def test_search_finding_nothing_prints_an_empty_array(capsys):
    code, out, _ = run(capsys, "search", "zzyzxqq", str(SEEDS), "--json")
    assert (code, json.loads(out)) == (0, [])


def test_a_bad_query_exits_2_with_a_message(capsys):
    code, out, err = run(capsys, "search", "byline:smith", str(SEEDS), "--json")
    assert code == 2 and out == ""
    assert "bad query: unknown field 'byline:'" in err and len(err.strip().splitlines()) == 1


def test_plain_results_list_titles_and_snippets_without_escape_codes(capsys):
    code, out, _ = run(capsys, "search", "witkoff", str(SEEDS), "--limit", "1")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("1. ")
    assert any("Witkoff" in line for line in lines[2:]) and "\x1b" not in out
    assert lines[-1].endswith("showing the first 1")


def test_plain_search_suggests_a_spelling(capsys):
    code, out, _ = run(capsys, "search", "negotations", str(SEEDS))
    assert code == 0 and "no articles match" in out
    assert "did you mean: negotiations" in out


def test_index_builds_then_reports_nothing_changed(capsys):
    code, out, _ = run(capsys, "index", str(SEEDS))
    assert code == 0 and "5 added, 0 updated, 0 removed, 0 unchanged (5 articles)" in out
    code, out, _ = run(capsys, "index", str(SEEDS))
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in out
    code, out, _ = run(capsys, "index", str(SEEDS), "--rebuild")
    assert "rebuilt from scratch (requested)" in out and "5 added" in out


def test_search_rejects_a_limit_below_one_and_missing_paths(capsys, tmp_path):
    assert run(capsys, "search", "putin", str(SEEDS), "--limit", "0")[0] == 2
    code, _, err = run(capsys, "search", "putin", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file or folder" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_only_on_a_terminal():
    show, clear = progress_bar(io.StringIO())
    assert show is None
    terminal = _Terminal()
    show, clear = progress_bar(terminal)
    assert show is not None
    show(5, 10)
    show(10, 10)
    clear()
    assert "[###############---------------] 5/10 files" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_index_reads_no_entity_catalog_ahead_of_the_walk(capsys, monkeypatch, tmp_path):
    """The index's names are read by article: the corpus load of ``tuiread index`` does not
    read the whole entity catalog while the walk runs (a command that wants it does)."""
    import shutil

    import tuiread.entities.snapshot as snapshot
    from tuiread import config
    from tuiread.workspace import Workspace, open_workspace

    root = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    assert run(capsys, "index", str(root))[0] == 0
    assert run(capsys, "index", str(root))[0] == 0  # (the entity snapshot is written)
    read: list[object] = []
    real = snapshot.snapshot_catalog

    def reading(*args, **kwargs):
        read.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshot, "snapshot_catalog", reading)
    monkeypatch.setattr(Workspace, "walk_running", lambda self: True)  # as with a walk ahead
    code, out, _ = run(capsys, "index", str(root))
    assert code == 0 and "0 added, 0 updated, 0 removed, 5 unchanged" in out
    assert read == []
    wanting = open_workspace(config.Settings(), [root])  # as `tuiread entities` opens it
    wanting.derive_mentions = True
    wanting.load_corpus(partial=lambda corpus: None)
    assert len(read) == 1
