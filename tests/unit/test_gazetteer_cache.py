"""The gazetteer kept in the cache dir is the gazetteer the files give, and never outlives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiread.entities import gazetteer as gazetteer_module
from tuiread.entities import gazetteer_cache
from tuiread.entities.gazetteer import Gazetteer, bundled_file, load_gazetteer
from tuiread.errors import ConfigError

# Spellings that exercise each lookup table: plain names, aliases, exact-case aliases that are
# also English words ("US", "WHO" but not "us", "who"), several-word names, and misses.
PROBES = ["Tony Blair", "tony blair", "US", "us", "U.S.", "WHO", "who", "United Nations",
          "Gordon Brown", "Downing Street", "nobody in particular", "Acme Widgets"]


def _same(a: Gazetteer, b: Gazetteer) -> None:
    assert a.entries == b.entries
    assert a.files == b.files
    assert a.fingerprint == b.fingerprint
    assert a.max_words == b.max_words
    assert [a.lookup(p) for p in PROBES] == [b.lookup(p) for p in PROBES]
    assert a._by_key == b._by_key and a._exact_case == b._exact_case


def test_a_second_load_comes_from_the_cache_and_is_the_same(tmp_path: Path, monkeypatch):
    user = tmp_path / "entities.yaml"
    user.write_text("entities:\n  - name: Acme Widgets\n    kind: ORG\n    aliases: [AW]\n",
                    encoding="utf-8")
    fresh = load_gazetteer(bundled_file(), user)
    assert gazetteer_cache.cache_file().exists()
    kept = load_gazetteer(bundled_file(), user)
    _same(fresh, kept)
    assert kept.lookup("Acme Widgets") is not None

    def no_parse(*args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(gazetteer_module, "_parse", no_parse)  # made from the kept tables
    _same(fresh, load_gazetteer(bundled_file(), user))


def test_a_changed_user_file_is_read_again(tmp_path: Path):
    user = tmp_path / "entities.yaml"
    user.write_text("entities:\n  - name: Acme Widgets\n    kind: ORG\n", encoding="utf-8")
    load_gazetteer(bundled_file(), user)
    user.write_text("entities:\n  - name: Zenith Gadgets\n    kind: ORG\n", encoding="utf-8")
    changed = load_gazetteer(bundled_file(), user)
    assert changed.lookup("Zenith Gadgets") is not None
    assert changed.lookup("Acme Widgets") is None
    user.unlink()
    without = load_gazetteer(bundled_file(), user)
    assert without.lookup("Zenith Gadgets") is None
    assert without.files == (bundled_file(),)


def test_a_damaged_cache_file_costs_only_a_parse(tmp_path: Path):
    user = tmp_path / "none.yaml"
    fresh = load_gazetteer(bundled_file(), user)
    for damage in ("{not json", '{"key": 3}', "[]", ""):
        gazetteer_cache.cache_file().write_text(damage, encoding="utf-8")
        _same(fresh, load_gazetteer(bundled_file(), user))


def test_a_file_with_problems_is_reported_every_time_and_never_kept(tmp_path: Path):
    user = tmp_path / "entities.yaml"
    user.write_text("entities:\n  - name: Acme\n    kind: SPACESHIP\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError, match="kind"):
            load_gazetteer(bundled_file(), user)
    assert not gazetteer_cache.cache_file().exists()
