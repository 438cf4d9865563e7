"""Article metadata you can browse: list --json fields, date:/source:/author: search fields,
and syndicated copies marked in the list."""

from __future__ import annotations

import json
from pathlib import Path

from tuiread.cli import main
from tuiread.corpus.copies import COPY_MIN_RESEMBLANCE, copy_groups, resemblance, sketch

WIRE = (
    "Heavy rain flooded large parts of the northern province overnight, forcing thousands of "
    "residents to leave their homes as rivers burst their banks. Emergency services said more "
    "than forty villages were cut off by the water and that helicopters had been sent to reach "
    "families stranded on rooftops. The regional governor declared a state of emergency on "
    "Friday morning and asked the national government for additional help. Forecasters warned "
    "that more rain was expected over the weekend and that water levels could rise further in "
    "the low-lying districts near the coast. Schools in the affected area will remain closed "
    "until at least Wednesday, officials said, while the main railway line to the capital was "
    "suspended after a section of track was washed away near the river crossing."
)
OTHER = (
    "The central bank kept its main interest rate unchanged on Thursday, saying that inflation "
    "was slowing but remained above its target. The governor told reporters that the board "
    "would watch wage growth closely in the coming months before deciding on any cut. Markets "
    "had expected the decision, and the currency barely moved after the announcement. Several "
    "economists said they now expected the first reduction in rates early next year, once the "
    "effect of higher energy prices had faded from the figures published each month."
)


def write(folder: Path, name: str, **record) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(record), encoding="utf-8")


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(
        root,
        "a.json",
        title="Floods cut off villages",
        text=WIRE,
        source="Wire Daily",
        date="2025-08-18",
        author="Jo Park",
        url="https://wire.example/a",
    )
    edited = "By our correspondent. " + WIRE.rsplit(" Schools", 1)[0]
    write(
        root,
        "b.json",
        title="Province under water",
        text=edited,
        source="Coast Times",
        date="Aug 19, 2025",
    )
    write(
        root,
        "c.json",
        title="Rates on hold",
        text=OTHER,
        source="Money Post",
        date="21/08/2025",
        author="Sam Lee",
    )
    return root


def test_list_json_carries_date_url_author_source_and_copies(tmp_path, capsys):
    root = corpus(tmp_path)
    assert main(["list", str(root), "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for row in rows.values():
        assert {"date", "url", "author", "source", "copies"} <= set(row)
    assert rows["a"]["date"] == "2025-08-18" and rows["a"]["author"] == "Jo Park"
    assert rows["b"]["date"] == "2025-08-19" and rows["b"]["author"] is None
    assert rows["c"]["date"] == "2025-08-21" and rows["b"]["url"] is None
    assert rows["a"]["copies"] == ["b"] and rows["b"]["copies"] == ["a"]
    assert rows["c"]["copies"] == []


def test_list_copies_of_shows_the_copies(tmp_path, capsys):
    root = corpus(tmp_path)
    assert main(["list", str(root), "--copies-of", "a"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("b")
    assert lines[0].split("\t")[5:] == ["2025-08-19", "1 copy"]


def search_ids(capsys, root: Path, query: str) -> list[str]:
    assert main(["search", query, str(root), "--json"]) == 0, capsys.readouterr().err
    return sorted(r["id"] for r in json.loads(capsys.readouterr().out))


def test_search_date_ranges_source_and_author(tmp_path, capsys):
    root = corpus(tmp_path)
    assert search_ids(capsys, root, "date:[2025-08-18 TO 2025-08-19]") == ["a", "b"]
    assert search_ids(capsys, root, "date:[2025-08-20 TO]") == ["c"]
    assert search_ids(capsys, root, "date:2025-08-21") == ["c"]
    assert search_ids(capsys, root, "source:coast") == ["b"]
    assert search_ids(capsys, root, "author:lee") == ["c"]
    assert search_ids(capsys, root, "rain date:[2025-08-19 TO 2025-08-31]") == ["b"]


def test_sketch_resemblance_separates_copies_from_other_stories():
    wire, edited, other = sketch(WIRE), sketch("Reuters - " + WIRE[:-80]), sketch(OTHER)
    assert resemblance(wire, edited) >= COPY_MIN_RESEMBLANCE
    assert resemblance(wire, other) < 0.1
    assert sketch("too short to tell") == ()
    groups = copy_groups({"w": wire, "e": edited, "o": other, "s": ()})
    assert groups == {"w": ["e"], "e": ["w"]}


def test_copy_groups_join_chains_into_one_group():
    base = WIRE.split()
    first = sketch(" ".join(base))
    second = sketch(" ".join(base[10:]))
    third = sketch(" ".join(base[20:]))
    groups = copy_groups({"1": first, "2": second, "3": third})
    assert groups["1"] == ["2", "3"] and groups["3"] == ["1", "2"]


def test_sketches_are_cached_between_runs(tmp_path, monkeypatch):
    import tuiread.corpus.sketch_cache as cache_module
    from tuiread.config import boilerplate_files
    from tuiread.corpus import load_corpus, load_rules

    root = corpus(tmp_path)
    articles = load_corpus([root], load_rules(*boilerplate_files())).articles
    first = cache_module.cached_copies(articles)
    calls = []
    real = cache_module.sketch
    monkeypatch.setattr(cache_module, "sketch", lambda text: calls.append(text) or real(text))
    assert cache_module.cached_copies(articles) == first and calls == []
    (root / "c.json").write_text(
        json.dumps({"title": "New", "text": WIRE + " Roads reopen."}), encoding="utf-8"
    )
    articles = load_corpus([root], load_rules(*boilerplate_files())).articles
    again = cache_module.cached_copies(articles)
    assert len(calls) == 1  # only the changed article is sketched again
    assert again["c"] == ["a", "b"]
