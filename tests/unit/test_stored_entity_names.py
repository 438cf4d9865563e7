"""The index's entity names come from the entity snapshot, read only for the articles that need
them: nothing with nothing to index, the edited article's after one edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tuiread import config
from tuiread.entities import build_catalog, snapshot
from tuiread.entities.model import Kind
from tuiread.entities.snapshot import SnapshotCatalog
from tuiread.entities.stored_names import StoredNames
from tuiread.workspace import Workspace, open_workspace


def index_run(root: Path) -> tuple[Workspace, object]:
    """What ``tuiread index`` does: open the corpus, give the index its names, update it."""
    workspace = open_workspace(config.Settings(), [root])
    workspace.derive_mentions = True
    workspace.load_corpus()
    workspace.give_index_entity_names()
    return workspace, workspace.search_index.update()


def names_of(workspace: Workspace) -> StoredNames:
    names = workspace.search_index.entities.names
    assert isinstance(names, StoredNames)
    return names


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path, monkeypatch) -> Path:
    monkeypatch.setattr(snapshot, "STALE_CORPUS_MIN", 1)  # the snapshot kept after an edit
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    index_run(root)  # built, and the entity snapshot written
    index_run(root)
    return root


def test_nothing_to_index_reads_no_names(corpus: Path):
    workspace, report = index_run(corpus)
    assert (report.added, report.updated, report.removed, report.entities) == (0, 0, 0, 0)
    names = names_of(workspace)
    assert names.rows_read == 0 and names.spelled_now == 0
    assert workspace._catalog is None  # no catalog was made for it
    assert not workspace.search_index.needs_update


def test_one_edit_reads_that_articles_names_only(corpus: Path):
    before = open_workspace(config.Settings(), [corpus])
    before.load_corpus()
    before.give_index_entity_names()
    known = before.search_index.entities.version
    # Append a sentence naming a person of the corpus to an article without them.
    catalog = build_catalog(before.corpus, use_cache=False)
    entity, target = next((e, a) for e in catalog.entities for a in before.corpus.articles
                          if e.kind == Kind.PERSON and " " in e.name
                          and a.id not in set(e.article_ids))
    path = Path(target.path)
    path.write_text(path.read_text(encoding="utf-8")
                    + f"\nOn Monday, {entity.name} spoke to reporters.\n", encoding="utf-8")

    workspace, report = index_run(corpus)
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    names = names_of(workspace)
    assert names.spelled == {target.id} and names.spelled_now == 1
    assert names.rows_read == 0  # every other article's names were not needed
    field = workspace.search_index.entities
    assert field.changed_since(known) == {target.id}
    # The names the whole catalog gives it by spelling, and the index has them.
    whole = workspace.entities
    assert isinstance(whole, SnapshotCatalog)
    spelled = whole._names_by_spelling([whole.article(target.id)])[target.id]
    assert names[target.id] == spelled and spelled
    hits = workspace.search_index.search(f'entity:"{spelled[0]}"', limit=1000)
    assert target.id in {hit.id for hit in hits.hits}

    again, report = index_run(corpus)
    assert (report.added, report.updated, report.removed, report.entities) == (0, 0, 0, 0)
    kept = names_of(again)
    # The names by spelling kept from the run before: no entity or article read for them.
    assert kept.spelled == {target.id} and kept.spelled_now == 0 and kept.rows_read == 0
    assert not again.search_index.needs_update


def test_the_stored_names_are_the_catalogs(corpus: Path):
    grouped = open_workspace(config.Settings(), [corpus])
    expected = dict(build_catalog(grouped.corpus, use_cache=False).index_field().names)
    sorted(corpus.glob("*.txt"))[0].unlink()  # a removed article
    workspace = open_workspace(config.Settings(), [corpus])
    workspace.derive_mentions = True
    kept = workspace.entities
    assert isinstance(kept, SnapshotCatalog) and kept.changed
    stored = kept.index_field().names
    for article_id in expected:
        if article_id not in kept.changed:  # (changed ones are named by spelling)
            assert stored[article_id] == expected[article_id]
    now = {a.id for a in workspace.corpus.articles}
    removed = next(a for a in kept.changed if a not in now)
    assert stored.get(removed) is None and removed not in stored
    assert set(stored) == now and len(stored) == len(expected) - 1


def test_counts_leave_out_the_changed_articles_without_reading_mentions(corpus: Path):
    edited = sorted(corpus.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe end.\n", encoding="utf-8")
    workspace = open_workspace(config.Settings(), [corpus])
    workspace.derive_mentions = True
    kept = workspace.entities
    assert isinstance(kept, SnapshotCatalog) and kept.changed == {edited.stem}
    counted = [(e.mention_count, e.article_count) for e in kept.entities]
    assert not any(e._mentions_read() for e in kept.entities)
    # The same counts from the mentions themselves (the changed article's left out).
    assert counted == [(len(e.mentions), len(e.article_ids)) for e in kept.entities]
    assert any(edited.stem in (m.article_id for m in e.mentions)
               for e in build_catalog(workspace.corpus, use_cache=False).entities)


def test_a_second_edit_spells_only_its_own_article(corpus: Path):
    workspace = open_workspace(config.Settings(), [corpus])
    catalog = build_catalog(workspace.corpus, use_cache=False)
    people = [e for e in catalog.entities if e.kind == Kind.PERSON and " " in e.name]
    files = sorted(corpus.glob("*.txt"))
    first, second = files[0], files[1]
    for path, person in ((first, people[0]), (second, people[-1])):
        path.write_text(path.read_text(encoding="utf-8")
                        + f"\nOn Monday, {person.name} spoke to reporters.\n", encoding="utf-8")
        edited, report = index_run(corpus)
        assert report.updated == 1
    names = names_of(edited)
    assert names.spelled == {first.stem, second.stem}
    assert names.spelled_now == 1  # the first edit's names kept from the run before
    # The same names as spelling both articles afresh, and the version a fresh spelling gives.
    whole = edited.entities
    assert isinstance(whole, SnapshotCatalog)
    afresh = whole._names_by_spelling([whole.article(first.stem), whole.article(second.stem)])
    assert {a: names[a] for a in afresh} == afresh
    assert afresh[first.stem] and afresh[second.stem]
    version = edited.search_index.entities.version
    db = snapshot.sqlite3.connect(snapshot.snapshot_file(edited.corpus))
    try:
        db.execute("DELETE FROM meta WHERE key = 'fresh_names'")
        db.commit()
    finally:
        db.close()
    spelled_again, _ = index_run(corpus)
    assert names_of(spelled_again).spelled_now == 2
    assert spelled_again.search_index.entities.version == version


def test_an_edit_a_search_indexed_without_names_costs_its_own_article(corpus: Path,
                                                                       monkeypatch):
    """``tuiread search`` re-indexes an edited file without entity names; the next ``tuiread
    index`` gives that article its names back comparing it alone, not every article, and
    reads neither every file's stamps nor every file's names."""
    import tuiread.search.manifest as manifest_module
    import tuiread.search.manifest_open as manifest_open

    before = open_workspace(config.Settings(), [corpus])
    catalog = build_catalog(before.corpus, use_cache=False)
    target = next(a for a in before.corpus.articles if catalog.article_entities(a.id))
    path = Path(target.path)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")

    searching = open_workspace(config.Settings(), [corpus])  # what `tuiread search` does
    assert searching.search_index.update().updated == 1
    version, written = searching.search_index.names_record()
    assert written == {target.id}

    real_load = manifest_open.load_manifest
    loaded: list = []

    def load(path, folders=None):
        loaded.append(folders)
        return real_load(path, folders)

    monkeypatch.setattr(manifest_open, "load_manifest", load)
    monkeypatch.setattr(manifest_module, "_read_entities", None)  # would fail if called
    workspace, report = index_run(corpus)
    assert loaded and None not in loaded  # (read, but not every file's stamps)
    assert (report.added, report.updated, report.removed, report.entities) == (0, 0, 0, 1)
    assert names_of(workspace).rows_read == 0  # no other article's names were compared
    index = workspace.search_index
    assert index.names_record() == (index.entities.version, frozenset())
    name = index.entities.names[target.id][0]
    assert target.id in {hit.id for hit in index.search(f'entity:"{name}"', limit=1000).hits}
