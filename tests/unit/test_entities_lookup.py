"""Fuzzy lookup: misspelled names find their entity; exact and prefix matches rank first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiread.corpus import load_corpus, load_rules
from tuiread.entities.catalog import EntityCatalog, build_catalog
from tuiread.entities.lookup import NameIndex
from tuiread.entities.model import ArticleMention, Entity, Kind
from tuiread.locations import bundled_config_dir

EXTRA = """Former NATO chief Jens Stoltenberg and EU Commission President Ursula von der Leyen met.
Stoltenberg said envoy Steve Witkoff would travel. Witkoff agreed.
"""


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> EntityCatalog:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    extra = tmp_path_factory.mktemp("extra")
    (extra / "extra.txt").write_text(EXTRA, encoding="utf-8")
    corpus = load_corpus([seeds, extra], load_rules(bundled_config_dir() / "boilerplate.yaml"))
    return build_catalog(
        corpus, decisions=[], use_cache=False, gazetteer=_gazetteer(tmp_path_factory.mktemp("g"))
    )


def _gazetteer(folder: Path):
    from tuiread.entities.gazetteer import bundled_file, load_gazetteer

    return load_gazetteer(bundled_file(), folder / "none.yaml")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zelenski", "Volodymyr Zelensky"),
        ("zelensky", "Volodymyr Zelensky"),
        ("witkof", "Steve Witkoff"),
        ("stoltenburg", "Jens Stoltenberg"),
        ("von der leyn", "Ursula von der Leyen"),
        ("lavrof", "Sergei Lavrov"),
        ("Putin", "Vladimir Putin"),
        ("nato", "NATO"),
        ("united stats", "United States"),
    ],
)
def test_misspelled_queries_find_the_entity(
    catalog: EntityCatalog, query: str, expected: str
) -> None:
    matches = catalog.search(query, limit=5)
    assert matches and matches[0].entity.name == expected, [
        (m.entity.name, m.score) for m in matches
    ]


def test_unrelated_queries_find_nothing(catalog: EntityCatalog) -> None:
    assert catalog.search("qwxzy") == []
    assert catalog.search("") == []


def test_kind_filter(catalog: EntityCatalog) -> None:
    places = catalog.search("a", limit=50, kind=Kind.PLACE)
    assert places and all(m.entity.kind == Kind.PLACE for m in places)


def entity(name: str, mentions: int, *variants: str) -> Entity:
    found = [ArticleMention("a", i, i + 1, name, Kind.PERSON) for i in range(mentions)]
    return Entity(
        name.lower(), name, Kind.PERSON, {name: mentions, **{v: 1 for v in variants}}, found
    )


def test_exact_beats_prefix_beats_close_spelling() -> None:
    index = NameIndex(
        [
            entity("Marc", 50),  # close spelling of "mark", most mentioned
            entity("Markham", 20),  # "mark" is a prefix
            entity("Mark", 1),  # exact, least mentioned
        ]
    )
    ranked = [(m.entity.name, m.score) for m in index.search("mark")]
    assert [name for name, _ in ranked] == ["Mark", "Markham", "Marc"]
    assert ranked[0][1] == 100.0 and 90 <= ranked[1][1] < 100 and ranked[2][1] < 90


def test_ties_go_to_the_most_mentioned() -> None:
    index = NameIndex([entity("Mark Carney", 2), entity("Mark Rutte", 9)])
    assert [m.entity.name for m in index.search("mark")] == ["Mark Rutte", "Mark Carney"]


def test_any_spelling_or_word_suffix_matches() -> None:
    index = NameIndex(
        [entity("Volodymyr Zelensky", 5, "Zelenskyy"), entity("Ursula von der Leyen", 3)]
    )
    assert index.search("zelenskyy")[0].matched == "zelenskyy"
    assert index.search("der leyen")[0].entity.name == "Ursula von der Leyen"
    assert index.search("zel")[0].entity.name == "Volodymyr Zelensky"
