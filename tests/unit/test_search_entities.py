"""The entity: field: canonical names from the entity catalog, kept current incrementally."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import tuiread.search.build as build
import tuiread.search.updater as updater
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules
from tuiread.entities import DecisionStore, EntityCatalog, build_catalog
from tuiread.search import SearchIndex
from tuiread.search.store import MANIFEST_FILE

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A copy of the seeds, so a test may change files."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def catalog_of(root: Path) -> EntityCatalog:
    return build_catalog(load_corpus([root], load_rules(*boilerplate_files())))


def open_index(root: Path, tmp_path: Path, catalog: EntityCatalog | None) -> SearchIndex:
    entities = catalog.index_field() if catalog is not None else None
    return SearchIndex.open([root], load_rules(*boilerplate_files()), entities=entities,
                            directory=tmp_path / "index")


def found(index: SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query).hits}


def mentioning(catalog: EntityCatalog, name: str) -> set[str]:
    entity = catalog.find(name)
    assert entity is not None, name
    return {m.article_id for m in entity.mentions}


def forbid_reading(monkeypatch) -> None:
    def refuse(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(build, "read_file", refuse)
    monkeypatch.setattr(updater, "read_file", refuse)


def test_entity_finds_every_spelling_of_a_person(corpus_dir, tmp_path):
    corpus = load_corpus([corpus_dir], load_rules(*boilerplate_files()))
    spelled = {a.id for a in corpus.articles if re.search(r"Zelensk(y|yy|iy)\b", a.text)}
    only_zelenskiy = {a.id for a in corpus.articles
                      if "Zelenskiy" in a.text and not re.search(r"Zelenskyy?\b", a.text)}
    assert only_zelenskiy, "the seeds spell him Zelenskiy in one article only"
    index = open_index(corpus_dir, tmp_path, build_catalog(corpus))
    index.update()
    assert found(index, "entity:zelensky") == spelled
    assert found(index, 'entity:"volodymyr zelensky"') == spelled
    # Any spelling finds them all, also the articles that never use it.
    assert found(index, "entity:zelenskiy") == spelled
    assert found(index, "entity:zelenskyy") == spelled
    # The words of the text miss the article that only says "Zelenskiy".
    assert not found(index, "zelensky") & only_zelenskiy
    assert found(index, "entity:zelensky putin") == spelled & mentioning(
        build_catalog(corpus), "Putin")


def test_a_rename_reindexes_only_the_articles_mentioning_the_entity(corpus_dir, tmp_path,
                                                                   monkeypatch):
    catalog = catalog_of(corpus_dir)
    affected = mentioning(catalog, "Steve Witkoff")
    index = open_index(corpus_dir, tmp_path, catalog)
    first = index.update()
    assert first.entities == 0 and first.added == 5
    generation = index.generation
    assert 0 < len(affected) < index.documents
    assert found(index, "entity:witkoff") == affected

    with DecisionStore() as store:
        catalog.decide(store, "rename", "Steve Witkoff", "Steven Witkoff")
    index.set_entities(catalog.index_field())
    assert index.needs_update and index.entity_changes() == len(affected)
    forbid_reading(monkeypatch)  # names are refreshed from the index, not from the files
    report = index.update()
    assert report.entities == len(affected)
    assert (report.added, report.updated, report.removed, report.rebuilt) == (0, 0, 0, None)
    assert index.generation == generation and index.documents == 5
    assert found(index, "entity:steven") == affected
    # The old name is still how those articles spell him, so it still finds them.
    assert found(index, "entity:steve") == affected
    # Every other field of a refreshed document is as it was.
    assert found(index, "witkoff") == affected
    assert not index.needs_update and index.update().entities == 0


def test_a_merge_reindexes_the_articles_of_the_merged_entity(corpus_dir, tmp_path):
    catalog = catalog_of(corpus_dir)
    merged = mentioning(catalog, "Moscow")
    kept = mentioning(catalog, "Kremlin")
    index = open_index(corpus_dir, tmp_path, catalog)
    index.update()
    with DecisionStore() as store:
        catalog.decide(store, "merge", "Kremlin", "Moscow")
    # A fresh catalog reads the decision from the user's store, as the CLI and the app do.
    index.set_entities(catalog_of(corpus_dir).index_field())
    report = index.update()
    # Both sides gain spellings: Moscow's articles the name Kremlin, Kremlin's the spelling Moscow.
    assert report.entities == len(merged | kept) < index.documents
    assert found(index, "entity:kremlin") == merged | kept
    assert found(index, "entity:moscow") == merged | kept


def test_opening_without_entity_names_keeps_the_index(corpus_dir, tmp_path):
    """``tuiread search`` without entity: opens the index without the catalog: no rebuild."""
    catalog = catalog_of(corpus_dir)
    open_index(corpus_dir, tmp_path, catalog).update()
    plain = open_index(corpus_dir, tmp_path, None)
    assert not plain.needs_update
    assert found(plain, "entity:witkoff") == mentioning(catalog, "Steve Witkoff")


def test_a_changed_file_indexed_without_names_gets_them_back(corpus_dir, tmp_path):
    catalog = catalog_of(corpus_dir)
    open_index(corpus_dir, tmp_path, catalog).update()
    (article_id,) = sorted(mentioning(catalog, "Steve Witkoff"))[:1]
    path = next(corpus_dir.glob(f"{article_id}.*"))
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    plain = open_index(corpus_dir, tmp_path, None)
    assert plain.update().updated == 1
    assert article_id not in found(plain, "entity:witkoff")
    named = open_index(corpus_dir, tmp_path, catalog_of(corpus_dir))
    assert named.entity_changes() == 1
    assert named.update().entities == 1
    assert article_id in found(named, "entity:witkoff")


def test_a_lost_manifest_keeps_the_name_digests(corpus_dir, tmp_path):
    catalog = catalog_of(corpus_dir)
    index = open_index(corpus_dir, tmp_path, catalog)
    index.update()
    (index.generation / MANIFEST_FILE).unlink()
    again = open_index(corpus_dir, tmp_path, catalog)
    assert again.entity_changes() == 0 and not again.needs_update


def cli(capsys, *args: str) -> tuple[int, str, str]:
    from tuiread.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_gives_entity_names_only_to_queries_that_ask(corpus_dir, capsys, monkeypatch):
    import tuiread.entities

    code, out, _ = cli(capsys, "search", "entity:zelensky", str(corpus_dir), "--json")
    assert code == 0 and len(json.loads(out)) == 5
    with DecisionStore() as store:
        catalog = catalog_of(corpus_dir)
        catalog.decide(store, "rename", "Steve Witkoff", "Steven Witkoff")
    code, out, _ = cli(capsys, "index", str(corpus_dir))
    assert code == 0
    affected = mentioning(catalog, "Steven Witkoff")
    assert f"{len(affected)} re-indexed for new entity names" in out
    assert "0 added, 0 updated" in out

    def refuse(*_args, **_kwargs):
        raise AssertionError("the catalog was built for a query without entity:")

    monkeypatch.setattr(tuiread.entities, "build_catalog", refuse)
    code, out, _ = cli(capsys, "search", "witkoff", str(corpus_dir), "--json")
    assert code == 0 and {row["id"] for row in json.loads(out)} == affected


def test_unchanged_names_are_known_by_their_version_without_reading_digests(
        corpus_dir, tmp_path, monkeypatch):
    import tuiread.search.manifest as manifest_module

    catalog = catalog_of(corpus_dir)
    open_index(corpus_dir, tmp_path, catalog).update()
    open_index(corpus_dir, tmp_path, catalog).update()  # (names found to match: recorded)
    real = manifest_module._read_entities
    monkeypatch.setattr(manifest_module, "_read_entities", None)  # would fail if called
    again = open_index(corpus_dir, tmp_path, catalog)
    assert again.entity_changes() == 0 and not again.needs_update
    report = again.update()
    assert (report.entities, report.added, report.updated, report.unchanged) == (0, 0, 0, 5)
    # A decision gives the names another version: the digests are compared again.
    monkeypatch.setattr(manifest_module, "_read_entities", real)
    with DecisionStore() as store:
        catalog.decide(store, "rename", "Steve Witkoff", "Steven Witkoff")
    renamed = open_index(corpus_dir, tmp_path, catalog)
    affected = mentioning(catalog, "Steven Witkoff")
    assert renamed.entity_changes() == len(affected) > 0
    assert renamed.update().entities == len(affected)
    assert found(renamed, "entity:steven") == affected


@pytest.mark.parametrize("edit_affected", [False, True])
def test_an_edit_and_new_names_are_one_commit(corpus_dir, tmp_path, edit_affected):
    """The documents whose names changed are re-indexed in the edited file's commit; an edited
    article among them gets its names from its file (not counted, not indexed twice)."""
    catalog = catalog_of(corpus_dir)
    affected = mentioning(catalog, "Steve Witkoff")
    index = open_index(corpus_dir, tmp_path, catalog)
    index.update()
    corpus = load_corpus([corpus_dir], load_rules(*boilerplate_files()))
    pool = sorted(a.id for a in corpus.articles if (a.id in affected) == edit_affected)
    edited = pool[0]
    path = next(corpus_dir.glob(f"{edited}.*"))
    parts = path.read_text(encoding="utf-8").split("\n\n")
    parts.insert(2, "Zanzibarian quokkas were seen there, officials said on Monday.")
    path.write_text("\n\n".join(parts), encoding="utf-8")
    with DecisionStore() as store:
        catalog.decide(store, "rename", "Steve Witkoff", "Steven Witkoff")
    renamed = catalog_of(corpus_dir)
    index.set_entities(renamed.index_field())
    commit = index.live_commit()
    index.reload()
    index.check()
    report = index.update()
    assert report.updated == 1
    assert report.entities == len(affected - {edited})
    assert index.live_commit() == commit + 1
    assert index.documents == len(corpus.articles)
    assert found(index, "entity:steven") == affected
    assert edited in found(index, "quokkas")
    again = index.update()
    assert not again.changed and again.entities == 0
