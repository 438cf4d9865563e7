"""Grouping mentions into entities: the seeds' spellings, people who share a name, gazetteer
aliases, and what the catalog answers (entity at an offset, contexts, the index field)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tuiread.corpus import Corpus, load_corpus, load_rules
from tuiread.entities.catalog import EntityCatalog, build_catalog
from tuiread.entities.gazetteer import bundled_file, load_gazetteer
from tuiread.entities.model import Kind
from tuiread.locations import bundled_config_dir


def load(paths: list[Path]) -> Corpus:
    return load_corpus(paths, load_rules(bundled_config_dir() / "boilerplate.yaml"))


@pytest.fixture(scope="module")
def seeds_catalog(tmp_path_factory: pytest.TempPathFactory) -> EntityCatalog:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    gazetteer = load_gazetteer(bundled_file(), tmp_path_factory.mktemp("g") / "none.yaml")
    return build_catalog(load([seeds]), gazetteer=gazetteer, decisions=[], use_cache=False)


def catalog_of(tmp_path: Path, texts: dict[str, str]) -> EntityCatalog:
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return build_catalog(load([tmp_path]), decisions=[], use_cache=False)


def spellings(catalog: EntityCatalog, name: str) -> set[str]:
    entity = catalog.find(name)
    assert entity is not None, name
    return set(entity.variant_names())


def test_zelensky_spellings_are_one_person(seeds_catalog: EntityCatalog) -> None:
    entity = seeds_catalog.find("Zelensky")
    assert entity is not None and entity.kind == Kind.PERSON
    assert {"Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelensky"} <= set(
        entity.variant_names()
    )
    assert entity.name == "Volodymyr Zelensky"
    for spelling in ("Zelenskyy", "Zelenskiy", "Volodymyr Zelensky"):
        assert seeds_catalog.find(spelling) is entity


def test_lavrov_transliterations_are_one_person(seeds_catalog: EntityCatalog) -> None:
    assert {"Sergei Lavrov", "Sergey Lavrov", "Lavrov"} <= spellings(seeds_catalog, "Lavrov")


def test_titles_and_surnames_join_the_full_name(seeds_catalog: EntityCatalog) -> None:
    putin = seeds_catalog.find("Putin")
    assert putin is not None and putin.name == "Vladimir Putin"
    assert "President Putin" not in putin.variant_names()
    article = next(a for a in seeds_catalog._articles.values() if a.id.startswith("000_"))
    offset = article.text.index("President Putin") + len("President ")
    assert seeds_catalog.entity_at(article.id, offset) is putin
    assert seeds_catalog.entity_at(article.id, offset - 2) is None
    rutte = seeds_catalog.find("Mark Rutte")
    chief = article_offset(seeds_catalog, "NATO chief Mark Rutte")
    assert seeds_catalog.entity_at(chief[0], chief[1] + len("NATO chief ")) is rutte
    assert seeds_catalog.entity_at(chief[0], chief[1]).name == "NATO"


def article_offset(catalog: EntityCatalog, text: str) -> tuple[str, int]:
    for article in catalog._articles.values():
        if text in article.text:
            return article.id, article.text.index(text)
    raise AssertionError(text)


def test_different_people_stay_apart(seeds_catalog: EntityCatalog) -> None:
    rutte = seeds_catalog.find("Mark Rutte")
    stoltenberg = seeds_catalog.find("Jens Stoltenberg")
    carney = seeds_catalog.find("Mark Carney")
    assert rutte is not None and stoltenberg is not None and carney is not None
    assert len({id(rutte), id(stoltenberg), id(carney)}) == 3
    assert [m.entity.name for m in seeds_catalog.search("Mark", limit=5)].count("Mark Rutte") == 1


def test_gazetteer_aliases_are_one_entity(seeds_catalog: EntityCatalog) -> None:
    us = seeds_catalog.find("U.S.")
    assert us is not None and us.name == "United States" and us.kind == Kind.PLACE
    assert {"US", "America"} & set(us.variant_names())


def test_shared_first_name_or_surname_never_merges(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        {
            "a.txt": "Mark Rutte met Mark Carney in Ottawa. Later Mark spoke to reporters.\n",
            "b.txt": "Donald Trump and Melania Trump arrived. Trump waved.\n",
            "c.txt": "Jens Stoltenberg left. Stoltenberg was tired. Rutte took over from him.\n",
        },
    )
    rutte, carney = catalog.find("Mark Rutte"), catalog.find("Mark Carney")
    assert rutte is not carney
    assert "Mark" not in rutte.variant_names() and "Mark" not in carney.variant_names()
    donald, melania = catalog.find("Donald Trump"), catalog.find("Melania Trump")
    assert donald is not melania and "Trump" not in donald.variant_names()
    assert "Rutte" in rutte.variant_names()  # linked across articles: one Rutte in the corpus
    assert "Stoltenberg" in catalog.find("Jens Stoltenberg").variant_names()


def test_surname_links_to_the_person_of_its_own_article(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        {
            "a.txt": "Boris Johnson spoke in London. Johnson said the talks went well.\n",
            "b.txt": "Lyndon Johnson was president. Historians say Johnson changed the party.\n",
        },
    )
    boris, lyndon = catalog.find("Boris Johnson"), catalog.find("Lyndon Johnson")
    assert boris is not lyndon
    assert {m.article_id for m in boris.mentions} == {"a"} or len(boris.article_ids) == 1
    assert boris.mention_count == 2 and lyndon.mention_count == 2


def test_close_spellings_of_a_person_merge_but_known_surnames_do_not(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        {
            "a.txt": "NATO chief Jens Stoltenberg spoke.\n",
            "b.txt": "Former NATO chief Jens Stoltenburg spoke again.\n",
            "c.txt": "Boris Johnson met Boris Johnston, his cousin.\n",
        },
    )
    assert {"Jens Stoltenberg", "Jens Stoltenburg"} <= spellings(catalog, "Jens Stoltenberg")
    assert catalog.find("Boris Johnson") is not catalog.find("Boris Johnston")


def test_contexts_and_index_field(seeds_catalog: EntityCatalog) -> None:
    lavrov = seeds_catalog.find("Lavrov")
    contexts = seeds_catalog.contexts(lavrov)
    assert len(contexts) == lavrov.mention_count >= 3
    for c in contexts:
        assert c.context[c.offset : c.offset + len(c.mention.text)] == c.mention.text
        assert c.article.text[c.mention.start : c.mention.end] == c.mention.text
    article = contexts[0].article
    names = seeds_catalog.entity_names(article)
    assert "Sergei Lavrov" in names and len(names) == len(set(names))
    # The entity: field holds each entity's canonical name, then every spelling of it.
    zelensky = names.index("Volodymyr Zelensky")
    assert "Zelenskiy" in names[zelensky:] and "Zelenskyy" in names[zelensky:]
    field = pickle.loads(pickle.dumps(seeds_catalog.index_field()))
    assert field(article) == names and len(field.version) == 16


def test_a_headline_mention_has_the_headline_as_context(seeds_catalog: EntityCatalog) -> None:
    contexts = seeds_catalog.contexts(seeds_catalog.find("Zelensky"))
    headline = next(c for c in contexts if c.article.id.startswith("000") and c.mention.start < 98)
    assert headline.context == headline.article.title
    assert headline.context[headline.offset :].startswith("Zelensky Meeting")


def test_user_gazetteer_extends_the_bundled_one(tmp_path: Path, isolated_home: Path) -> None:
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "entities.yaml").write_text(
        "entities:\n"
        "  - {name: Volodymyr Zelensky, kind: PERSON, aliases: [Zelenskyy, Zelensky, Selenskyj]}\n"
        "  - {name: United States, aliases: [Uncle Sam]}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("Selenskyj met Uncle Sam in Kyiv. Zelensky smiled.\n")
    catalog = build_catalog(load([tmp_path]), decisions=[], use_cache=False)
    assert {"Selenskyj", "Zelensky"} <= spellings(catalog, "Volodymyr Zelensky")
    us = catalog.find("Uncle Sam")
    assert us is not None and us.name == "United States" and us.kind == Kind.PLACE


def test_bad_user_gazetteer_names_file_and_line(isolated_home: Path) -> None:
    from tuiread.errors import ConfigError

    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    path = config / "entities.yaml"
    path.write_text("entities:\n  - {name: Foo, kind: ANIMAL}\n  - {nme: Bar}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_gazetteer()
    message = str(caught.value)
    assert f"{path}:2:" in message and "ANIMAL" in message
    assert f"{path}:3:" in message and "nme" in message


def test_cache_gives_the_same_mentions(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = load([seeds_dir])
    first = build_catalog(corpus, decisions=[])
    second = build_catalog(corpus, decisions=[])
    assert first.raw_mentions == second.raw_mentions
    assert [(e.name, e.mention_count) for e in first.entities] == [
        (e.name, e.mention_count) for e in second.entities
    ]


def _placed_names(catalog: EntityCatalog, article_id: str) -> list[str]:
    """The entity: names of an article as the placed mentions give them (text order)."""
    names: dict[str, None] = {}
    for entity in catalog.article_entities(article_id):
        for name in entity.variant_names():
            names.setdefault(name, None)
    return list(names)


@pytest.mark.parametrize("decided", [False, True])
def test_index_field_follows_the_placed_mentions(seeds_catalog: EntityCatalog,
                                                 decided: bool) -> None:
    """The index field is made without placing every mention; it lists each article's
    entities in the order the placed mentions do, after decisions too (a merge puts two
    entities' mentions in one list, out of text order)."""
    from tuiread.entities.decisions import Decision

    decisions = [Decision(1, "merge", "Zelensky", "Lavrov", ""),
                 Decision(2, "ignore", "Putin", None, "")] if decided else []
    catalog = seeds_catalog.with_decisions(decisions)  # (a grouping of its own)
    assert (catalog.find("Putin") in catalog.ignored) is decided
    field = catalog.index_field()
    assert catalog._state.at._placed is None  # (nothing placed to make it)
    orders = 0
    for article_id in catalog._order:
        names = _placed_names(catalog, article_id)
        assert list(field.names[article_id]) == names
        orders += len(catalog.article_entities(article_id)) > 1
    assert orders >= 3  # articles where the order of several entities is compared
    lavrov = catalog.find("Lavrov")
    mention = lavrov.mentions[-1]
    assert catalog.entity_at(mention.article_id, mention.start) is lavrov
    assert catalog.entity_at(mention.article_id, mention.end) is not lavrov


def test_raw_mentions_are_the_mentions_the_catalog_was_made_of(seeds_dir: Path) -> None:
    """The catalog lets its mentions go as it groups them (each is then held once, in its
    entity); ``raw_mentions`` makes them again, those that name nothing included."""
    from tuiread.entities.articles import corpus_mentions
    from tuiread.entities.extract import Extractor
    from tuiread.entities.model import Mention

    corpus = load([seeds_dir])
    gazetteer = load_gazetteer()
    found = corpus_mentions(corpus.articles, Extractor(gazetteer))
    first = corpus.articles[0].id
    dots = Mention(0, 3, "...", Kind.OTHER)  # no name_key: grouped into no entity
    given = {**found, first: sorted([dots, *found[first]])}
    expected = {article_id: list(listed) for article_id, listed in given.items()}
    catalog = EntityCatalog(corpus.articles, given, gazetteer, [])
    assert given == {}  # (the catalog's now)
    assert catalog.raw_mentions == expected
    assert sum(map(len, expected.values())) > 100
    assert not any(m.text == "..." for e in catalog.entities for m in e.mentions)
