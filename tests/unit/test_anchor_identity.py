"""Never on the wrong text: the review's adversarial edits, on real files through the store.

Each case edits a corpus the way the reliability review did (a sentence deleted and its name
reused, a file replaced, files swapped, JSON Lines records inserted, a second corpus with the
same ids, the edited original against an unedited copy) and checks that every annotation is on
its own text or orphaned (or missing from a corpus it does not belong to), never elsewhere.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tuiread import locations
from tuiread.annotations import AnchorState, ArticleIndex, anchor, describe, open_store, text_hash
from tuiread.annotations.jsonld import export_jsonld, parse_jsonld
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(n: int) -> str:
    return sorted(SEEDS.glob("*.txt"))[n].read_text(encoding="utf-8")


def load(*roots: Path):
    return load_corpus(list(roots), load_rules(*boilerplate_files()))


def where(store, root: Path, *more: Path) -> dict[str, tuple]:
    """note -> (state, found text or None, article id) for every annotation, in ``root``."""
    corpus = load(root, *more)
    items = store.anchor_many(store.list(), ArticleIndex(corpus))
    found = {}
    for item in items:
        a = item.anchor
        article = corpus.get(item.summary()["article"])
        text = article.text[a.start : a.end] if a.attached and article else None
        found[item.annotation.note] = (a.state, text, item.summary()["article"])
    return found


def annotate(store, root: Path, article_id: str, quote: str, note: str, occurrence: int = 0):
    article = load(root).get(article_id)
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(quote, start + 1)
    return store.create(article, start, start + len(quote), note=note)


def test_a_deleted_sentence_whose_name_reappears_elsewhere_is_orphaned(tmp_path):
    text = seed(1)
    quote = "Jens Stoltenberg"
    assert text.count(quote) == 1
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    with open_store() as store:
        annotate(store, tmp_path, "a", quote, "n1")
        i = text.index(quote)
        start, end = text.rfind("\n", 0, i) + 1, text.index("\n", i)
        edited = text[:start] + text[end + 1 :]
        edited += "\nSeparately, a biography of Jens Stoltenberg is due out in the spring.\n"
        (tmp_path / "a.txt").write_text(edited, encoding="utf-8")
        assert where(store, tmp_path)["n1"][0] is AnchorState.ORPHANED


@pytest.mark.parametrize("quote", ["Zelensky", "White House", "the meeting"])
def test_a_file_replaced_by_another_article_orphans_its_annotations(tmp_path, quote):
    (tmp_path / "b.txt").write_text(seed(0), encoding="utf-8")
    with open_store() as store:
        annotate(store, tmp_path, "b", quote, "n")
        other = seed(2)
        assert quote in other  # the same story from another outlet: the words are there too
        (tmp_path / "b.txt").write_text(other, encoding="utf-8")
        assert where(store, tmp_path)["n"][0] is AnchorState.ORPHANED


def test_the_same_relative_id_in_another_corpus_is_another_article(tmp_path):
    for name, n in (("cA", 0), ("cB", 2)):
        (tmp_path / name / "news").mkdir(parents=True)
        (tmp_path / name / "news" / "001.txt").write_text(seed(n), encoding="utf-8")
    with open_store() as store:
        made = annotate(store, tmp_path / "cA", "news/001", "Zelensky", "n")
        assert made.article.root == str((tmp_path / "cA").resolve())
        assert where(store, tmp_path / "cB")["n"][0] is AnchorState.MISSING
        # The same files copied to another folder are still the same article.
        shutil.copytree(tmp_path / "cA", tmp_path / "copy")
        shutil.rmtree(tmp_path / "cA")
        assert where(store, tmp_path / "copy")["n"][0] is AnchorState.EXACT


def test_two_files_swapping_names_keep_each_annotation_on_its_own_text(tmp_path):
    (tmp_path / "r_a.txt").write_text(seed(0), encoding="utf-8")
    (tmp_path / "r_b.txt").write_text(seed(3), encoding="utf-8")
    with open_store() as store:
        annotate(store, tmp_path, "r_a", "Putin", "on a", occurrence=2)
        annotate(store, tmp_path, "r_b", "Putin", "on b", occurrence=1)
        (tmp_path / "r_a.txt").rename(tmp_path / "tmp.txt")
        (tmp_path / "r_b.txt").rename(tmp_path / "r_a.txt")
        (tmp_path / "tmp.txt").rename(tmp_path / "r_b.txt")
        found = where(store, tmp_path)
    assert found["on a"] == (AnchorState.EXACT, "Putin", "r_b")
    assert found["on b"] == (AnchorState.EXACT, "Putin", "r_a")


def write_jsonl(path: Path, texts: list[str], blank_first: bool = False) -> None:
    lines = [json.dumps({"title": t.splitlines()[0], "text": t}) for t in texts]
    path.write_text(("\n" if blank_first else "") + "\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("change", ["record inserted at the top", "blank line at the top"])
def test_json_lines_records_keep_their_annotations_when_others_are_added(tmp_path, change):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [seed(0), seed(1)])
    second = next(a for a in load(tmp_path).articles if a.text == seed(1))
    with open_store() as store:
        annotate(store, tmp_path, second.id, "Zelensky", "short")
        annotate(store, tmp_path, second.id, "Trump Initiates Plans for Putin-Zelensky", "long")
        if change == "record inserted at the top":
            write_jsonl(feed, [seed(2), seed(0), seed(1)])
        else:
            write_jsonl(feed, [seed(0), seed(1)], blank_first=True)
        found = where(store, tmp_path)
    assert found["short"] == (AnchorState.EXACT, "Zelensky", second.id)
    assert found["long"][:2] == (AnchorState.EXACT, "Trump Initiates Plans for Putin-Zelensky")


def test_json_array_records_are_keyed_by_their_id_field(tmp_path):
    items = [{"id": "x-1", "title": "A", "text": seed(0)}, {"id": "x-2", "title": "B", "text": "B"}]
    (tmp_path / "feed.json").write_text(json.dumps(items), encoding="utf-8")
    assert sorted(a.id for a in load(tmp_path).articles) == ["feed#x-1", "feed#x-2"]
    (tmp_path / "feed.json").write_text(json.dumps(items[::-1]), encoding="utf-8")
    assert load(tmp_path).get("feed#x-1").text == seed(0)


def test_an_annotation_with_an_old_positional_record_key_still_finds_its_record(tmp_path):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [seed(0), seed(1)])
    article = next(a for a in load(tmp_path).articles if a.text == seed(1))
    with open_store() as store:
        made = store.create(article, 0, 20, note="old")
    conn = sqlite3.connect(locations.annotations_db(), isolation_level=None)
    conn.execute(
        "UPDATE annotations SET article_id = 'feed#2', corpus_root = NULL, text_sketch = NULL"
    )
    conn.close()
    with open_store() as store:
        found = where(store, tmp_path)
        assert found["old"][0] is AnchorState.EXACT and found["old"][2] == article.id
        assert store.get(made.id).article.id == "feed#2"


def test_the_edited_original_wins_over_an_unedited_copy_elsewhere():
    text = seed(1)
    quote = "discussions are in progress for a meeting"
    assert text.count(quote) == 1
    desc = describe(text, text.index(quote), text.index(quote) + len(quote))
    edited = text.replace(quote, "discussions are underway for a meeting")
    edited += "\nAn editor's note: discussions are in progress for a meeting, it said.\n"
    found = anchor(edited, desc.quote, desc.position, desc.repeats)
    assert found.state is AnchorState.FUZZY
    assert edited[found.start : found.end] == "discussions are underway for a meeting"


def test_a_moved_anchor_says_how_sure_it_is():
    text = seed(1)
    quote = "Everyone is very optimistic"
    start = text.index(quote)
    desc = describe(text, start, start + len(quote))
    inserted = text[:start] + "An aside. " + text[start:]
    both_sides = anchor("Preamble.\n" + text, desc.quote, desc.position, desc.repeats)
    one_side = anchor(inserted, desc.quote, desc.position, desc.repeats)
    assert both_sides.state is one_side.state is AnchorState.MOVED
    assert both_sides.score == 1.0 and 0.5 < one_side.score < 1.0


@pytest.mark.parametrize(
    ("start", "end", "exact"),
    [
        (0, 39, "began setting up a face-to-face meeting"),  # over the headline
        (292, 331, "This text is not in the article at all!"),
        (5000, 5039, "began setting up a face-to-face meeting"),
        (1_000_000, 1_000_039, "began setting up a face-to-face meeting"),
    ],
)
def test_imported_positions_are_checked_against_the_text(tmp_path, start, end, exact):
    text = seed(0)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    article = load(tmp_path).get("a")
    with open_store() as store:
        made = store.create(article, 10, 40, note="made")
    item = json.loads(export_jsonld([made]))["first"]["items"][0]
    item["id"] = "urn:uuid:00000000-0000-4000-8000-00000000000a"
    item["body"][0]["value"] = "crafted"
    item["target"]["selector"] = [
        {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""},
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]
    assert item["tuiread"]["textHash"] == text_hash(text)
    (crafted,), _ = parse_jsonld(json.dumps(item))
    with open_store() as store:
        store.add([crafted])
        state, found, _ = where(store, tmp_path)["crafted"]
    assert state is AnchorState.ORPHANED or found == exact
    assert not (state is AnchorState.EXACT and text[start:end] != exact)
