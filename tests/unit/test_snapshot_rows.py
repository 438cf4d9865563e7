"""The entity snapshot answers lookups from its rows as the catalog it kept answers them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.unit.test_entity_snapshot_state import catalog as workspace_catalog
from tuiread.entities import snapshot_rows
from tuiread.entities.catalog import EntityCatalog
from tuiread.entities.lookup import NameIndex
from tuiread.entities.model import ArticleMention, Entity, Kind
from tuiread.entities.snapshot import SnapshotCatalog, _spelling_keys
from tuiread.entities.snapshot_rows import EntityList, EntityRows, StoredNameIndex, write_rows

NAMES = [
    ("Zelensky", Kind.PERSON, {"Zelensky": 5, "Zelenskiy": 2}),
    ("Selenskyj", Kind.PERSON, {"Selenskyj": 1}),
    ("Ursula von der Leyen", Kind.PERSON, {"Ursula von der Leyen": 3, "von der Leyen": 4}),
    ("Tony Blair", Kind.PERSON, {"Tony Blair": 9, "Blair": 3}),
    ("Cherie Blair", Kind.PERSON, {"Cherie Blair": 2}),
    ("Blair Witch Project", Kind.ORG, {"Blair Witch Project": 2}),
    ("São Paulo", Kind.PLACE, {"São Paulo": 2, "Sao Paulo": 1}),
    ("Łódź", Kind.PLACE, {"Łódź": 1}),
    ("Zürich", Kind.PLACE, {"Zürich": 3, "Zurich": 3}),
    ("Ünal \ud800 Odd", Kind.OTHER, {"Ünal \ud800 Odd": 1}),  # a lone surrogate, kept as is
    ("北京", Kind.PLACE, {"北京": 2}),
    ("Kyiv", Kind.PLACE, {"Kyiv": 6, "Kiev": 2}),
]
QUERIES = ["b", "bl", "blair", "blaire", "tony", "zelenski", "selensky", "leyen", "von der leyn",
           "sao", "são paulo", "zurich", "zü", "ü", "łódź", "lodz", "北", "kiev", "chiev", "",
           "x", "ünal", "odd", "\ud800"]


def _entities() -> list[Entity]:
    made = []
    for number, (name, kind, variants) in enumerate(NAMES):
        uses = sum(variants.values())
        mentions = [ArticleMention(f"a{i}", i, i + 1, name, kind) for i in range(uses)]
        made.append(Entity(f"k{number}", name, kind, dict(variants), mentions))
    return made


def _kept(entities: list[Entity]) -> StoredNameIndex:
    index = NameIndex(entities)
    rows = [[e.key, e.name, str(e.kind), e.variants, e.mention_count, 0,
             [e.name.lower(), *((v.lower(), n) for v, n in e.variants.items())],
             len(e.article_ids)] for e in entities]
    db = sqlite3.connect(":memory:", check_same_thread=False)
    names, owners = index.parts()
    write_rows(db, rows, _spelling_keys(rows), names, owners)
    stored = EntityRows(db, set(), len(entities), 0)
    return StoredNameIndex(stored, EntityList(stored, 0, len(entities)), len(names))


def _answers(index: NameIndex, query: str, limit: int, kind: Kind | None):
    return [(m.entity.key, m.score, m.matched) for m in index.search(query, limit, kind)]


@pytest.mark.parametrize("limit", [1, 3, 20])
def test_the_kept_name_index_ranks_as_the_one_in_memory(limit: int):
    entities = _entities()
    memory, kept = NameIndex(entities), _kept(entities)
    assert len(kept) == len(memory)
    for query in QUERIES:
        for kind in (None, Kind.PERSON, Kind.PLACE):
            assert _answers(kept, query, limit, kind) == _answers(memory, query, limit, kind), (
                query, kind)
    assert kept.parts() == memory.parts()


def test_a_search_reads_only_the_entities_it_ranks():
    kept = _kept(_entities())
    found = kept.search("blair", limit=2)
    assert [m.entity.name for m in found] == ["Tony Blair", "Cherie Blair"]
    made = kept._rows._made
    assert 0 < len(made) < len(NAMES)
    # Each entity is made once: the same object whichever way it is reached.
    assert kept.search("tony", limit=1)[0].entity is found[0].entity
    assert kept.entities[3] is found[0].entity and found[0].entity in kept.entities


def test_an_entity_list_reads_items_and_slices_as_asked():
    entities = _entities()
    kept = _kept(entities)
    listed = kept.entities
    assert [e.name for e in listed[:3]] == [e.name for e in entities[:3]]
    assert listed[-1].name == entities[-1].name
    assert [e.name for e in listed[::5]] == [e.name for e in entities[::5]]
    assert listed[5:2] == []
    assert [e.name for e in listed] == [e.name for e in entities]
    with pytest.raises(IndexError):
        listed[len(entities)]
    assert entities[0] not in listed  # (an entity of another catalog)
    ignored = EntityList(kept._rows, 2, 0)
    assert len(ignored) == 0 and listed[2] not in ignored


def test_the_kept_catalog_answers_as_the_grouped_one(tmp_path: Path, seeds_dir: Path,
                                                      monkeypatch):
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    fresh = workspace_catalog(root)
    assert isinstance(fresh, EntityCatalog) and not isinstance(fresh, SnapshotCatalog)
    made: list[int] = []
    real = snapshot_rows.EntityRows._make
    monkeypatch.setattr(snapshot_rows.EntityRows, "_make",
                        lambda self, found: (made.extend(p for p, _ in found), real(self, found)))
    kept = workspace_catalog(root)
    assert isinstance(kept, SnapshotCatalog)
    assert made == []  # opened without reading a single entity
    for entity in fresh.entities[:40]:
        names = {entity.name, *entity.variants}
        for name in names:
            found = kept.find(name)
            assert found is not None and found.key == fresh.find(name).key
        assert kept.get(entity.key).name == entity.name
        query = entity.name[: max(3, len(entity.name) // 2)]
        assert ([(m.entity.key, m.score) for m in kept.search(query)]
                == [(m.entity.key, m.score) for m in fresh.search(query)])
        assert kept.resolve(entity.name.lower()).key == fresh.resolve(entity.name.lower()).key
    assert len(made) < len(fresh.entities)  # only the rows those lookups needed
    assert [e.key for e in kept.entities] == [e.key for e in fresh.entities]
    assert [(e.mention_count, e.article_count) for e in kept.entities] == [
        (e.mention_count, e.article_count) for e in fresh.entities]
    assert kept.get("no such key") is None and kept.find("no such name at all") is None


def test_mentions_made_from_rows_are_the_dataclass_own():
    import dataclasses

    from tuiread.entities.model import mentions_of_rows

    rows = [["a1", 0, 5, "Blair", "PERSON"], ["a2", 3, 9, "London", "PLACE"],
            ["a1", 7, 9, "UK", "PLACE"]]
    kinds = {kind.value: kind for kind in Kind}
    made = mentions_of_rows(rows, kinds)
    assert made == [ArticleMention(a, s, e, t, Kind(k)) for a, s, e, t, k in rows]
    assert {hash(m) for m in made} == {hash(ArticleMention(a, s, e, t, Kind(k)))
                                       for a, s, e, t, k in rows}
    assert [m.text for m in mentions_of_rows(rows, kinds, {"a1"})] == ["London"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].start = 1  # type: ignore[misc]


def test_a_snapshot_damaged_past_its_opening_is_said_and_set_aside(tmp_path: Path,
                                                                   seeds_dir: Path, capsys):
    from tuiread.cli import main
    from tuiread.entities.snapshot import snapshot_file

    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    fresh = workspace_catalog(root)
    expected = [(m.entity.key, m.score) for m in fresh.search("zelensky")]
    kept = workspace_catalog(root)
    assert isinstance(kept, SnapshotCatalog)
    path = snapshot_file(kept._corpus)
    # Everything past the pages its opening read is overwritten (a disk error, say).
    data = bytearray(path.read_bytes())
    data[8192:] = b"\x07" * (len(data) - 8192)
    path.write_bytes(bytes(data))
    with pytest.raises(snapshot_rows.SnapshotDamaged, match="damaged"):
        kept.search("zelensky")
    assert not path.exists()  # set aside: the next run groups again
    again = workspace_catalog(root)
    assert [(m.entity.key, m.score) for m in again.search("zelensky")] == expected
    assert path.exists()
    # From the command line, damaged before it is opened: grouped again, the same answer.
    assert main(["mentions", "Volodymyr Zelensky", str(root)]) == 0
    plain = capsys.readouterr().out
    data = bytearray(path.read_bytes())
    data[8192:] = b"\x07" * (len(data) - 8192)
    path.write_bytes(bytes(data))
    assert main(["mentions", "Volodymyr Zelensky", str(root)]) == 0
    assert capsys.readouterr().out == plain
