"""Articles by exact id from the corpus store: the answer a full open gives, or none at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tuiread.cli import main
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.corpus import open_corpus
from tuiread.corpus.quick import quick_lookup

FIELDS = ("id", "title", "source", "words", "text", "visible", "hidden", "paragraphs",
          "sentences", "location")


def rules():
    return load_rules(*boilerplate_files())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def body(title: str, words: str) -> str:
    return f"{title}\n\n" + " ".join([words] * 12) + ".\n\nRead more:\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "politics" / "001.txt", body("Vote tonight", "The minister said the vote"))
    write(root / "politics" / "002.txt", body("Budget due", "The budget is due on Friday"))
    write(root / "sport" / "001.txt", body("Cup final", "The final was played in rain"))
    write(root / "feed.jsonl", json.dumps({"id": "k1", "title": "Feed one", "text": "One two."})
          + "\n" + json.dumps({"id": "k2", "title": "Feed two", "text": "Three four."}) + "\n")
    open_corpus([root], rules())  # the store, as any earlier command leaves it
    return root


def same(quick, full) -> None:
    assert [getattr(quick, f) for f in FIELDS] == [getattr(full, f) for f in FIELDS]


def test_an_exact_id_is_what_a_full_open_gives(corpus: Path):
    lookup = quick_lookup([corpus], rules())
    full = open_corpus([corpus], rules())
    for article in full.articles:
        found = lookup.get(article.id)
        assert found is not None, article.id
        same(found, full.get(article.id))
    assert lookup.article_count() == len(full.articles)


def test_anything_but_an_exact_id_is_left_to_the_full_open(corpus: Path):
    lookup = quick_lookup([corpus], rules())
    for ref in ("politics/001.txt", "001", "politics/00", "POLITICS/001", "nothing", "",
                "../corpus/politics/001", "/politics/001"):
        assert lookup.get(ref) is None, ref


def test_an_edited_file_is_left_to_the_full_open_which_derives_it_again(corpus: Path):
    path = corpus / "politics" / "001.txt"
    write(path, body("Vote postponed", "The vote was postponed again"))
    os.utime(path, ns=(1, 1))  # whatever the clock, the stat differs from the stored one
    assert quick_lookup([corpus], rules()).get("politics/001") is None
    assert main(["show", "politics/001", str(corpus)]) == 0


def test_an_edit_keeping_the_stat_is_still_caught_by_the_digest(corpus: Path):
    """The text is checked against the stored digest when read: never old spans on new text."""
    path = corpus / "politics" / "002.txt"
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace("Friday", "Monday")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    found = quick_lookup([corpus], rules()).get("politics/002")
    assert found is not None and "Monday" in found.text
    assert all(0 <= s.start <= s.end <= len(found.text) for s in found.sentences)
    assert any("changed" in note for note in found.notes)


def test_a_new_sibling_that_could_take_the_id_is_left_to_the_full_open(corpus: Path):
    write(corpus / "politics" / "001.md", body("Other", "Another file with the same name"))
    assert quick_lookup([corpus], rules()).get("politics/001") is None
    full = open_corpus([corpus], rules())
    # The new file sorts first and takes the id: the stored answer would have been wrong.
    assert full.get("politics/001").title == "Other"
    assert full.get("politics/001.txt").title == "Vote tonight"


def test_a_removed_file_is_not_found(corpus: Path):
    (corpus / "sport" / "001.txt").unlink()
    assert quick_lookup([corpus], rules()).get("sport/001") is None
    assert main(["show", "sport/001", str(corpus)]) != 0  # "no article matches"


def test_hidden_excluded_and_linked_files_are_left_to_the_full_open(corpus: Path, tmp_path):
    assert quick_lookup([corpus], rules(), exclude=["sport"]).get("sport/001") is None
    (corpus / "politics" / "002.txt").rename(corpus / "politics" / "real.txt")
    os.symlink(corpus / "politics" / "real.txt", corpus / "politics" / "002.txt")
    assert quick_lookup([corpus], rules()).get("politics/002") is None


def test_no_store_or_several_roots_means_no_lookup(tmp_path: Path, corpus: Path):
    fresh = write(tmp_path / "other" / "a.txt", body("A", "Nothing stored for it"))
    assert quick_lookup([fresh.parent], rules()) is None
    assert quick_lookup([corpus, fresh.parent], rules()) is None


def test_records_of_one_file_are_found_by_their_keys(corpus: Path):
    lookup = quick_lookup([corpus], rules())
    assert lookup.get("feed#k2").title == "Feed two"
    assert lookup.get("feed#k3") is None


def test_show_diff_and_related_answer_by_exact_id(corpus: Path, capsys):
    assert main(["show", "politics/001", str(corpus)]) == 0
    assert "Vote tonight" in capsys.readouterr().out
    assert main(["diff", "politics/001", "politics/002", str(corpus)]) == 0
    assert "Budget due" in capsys.readouterr().out
    assert main(["related", "politics/001", str(corpus), "--json"]) == 0
    related = json.loads(capsys.readouterr().out)
    assert related["article"]["id"] == "politics/001"
    assert "politics/001" not in [r["id"] for r in related["related"]]


def test_the_workspace_answers_an_exact_id_without_opening_the_corpus(corpus: Path):
    from tuiread import config
    from tuiread.workspace import open_workspace

    workspace = open_workspace(config.Settings(), [corpus])
    found = workspace.quick_article("politics/001")
    assert found is not None and found.title == "Vote tonight"
    assert workspace.article_count() == 5
    assert not workspace.corpus_loaded
    assert workspace.quick_article("politics/0") is None  # a prefix: the full open's job
    workspace.close()


def test_related_ranks_from_the_store_and_the_index(corpus: Path, monkeypatch):
    from tuiread import config
    from tuiread import workspace as workspace_module
    from tuiread.workspace import open_workspace

    assert main(["index", str(corpus)]) == 0
    monkeypatch.setattr(workspace_module, "INDEX_CANDIDATES_MIN", 1)
    workspace = open_workspace(config.Settings(), [corpus])
    article = workspace.quick_article("politics/001")
    ranked = workspace.related.related(article, 3)
    assert not workspace.corpus_loaded
    assert ranked and all(r.article.id != "politics/001" for r in ranked)
    full = open_workspace(config.Settings(), [corpus])
    expected = full.related.related(full.corpus.get("politics/001"), 3)
    assert [r.article.id for r in ranked] == [r.article.id for r in expected]
    workspace.close()
