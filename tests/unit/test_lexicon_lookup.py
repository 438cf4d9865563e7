"""Word flags looked up one word at a time give exactly what the whole lexicon table gives."""

from __future__ import annotations

import pytest

from tuiread.entities import lexicon as lexicon_module
from tuiread.entities.lexicon import PLACE, WordFlags, lexicon


@pytest.fixture(scope="module")
def table() -> dict[str, int]:
    return lexicon()


def test_the_table_text_is_sorted_by_word():
    # The binary search relies on it (``build_lexicon.py`` writes the words sorted).
    words = [line.partition("\t")[0] for line in lexicon_module._table_text().splitlines()]
    assert words == sorted(words)
    assert len(words) == len(set(words))


def test_single_lookups_match_the_table(table, monkeypatch):
    monkeypatch.setattr(lexicon_module, "LOOKUPS_BEFORE_TABLE", 10**6)  # every one searched
    words = list(table)
    # Every 40th word and its neighbours, the first and last words, and near misses around them.
    sample = {w for i in range(0, len(words), 40) for w in words[max(0, i - 1) : i + 2]}
    sample.update([words[0], words[-1]])
    misses = {"", " ", "\uffff", words[0][:-1], words[-1] + "z", "zzzzqx", "new  york"}
    misses.update(w + " " for w in list(sample)[:200])
    misses.update(w[:-1] for w in list(sample)[:200] if w[:-1] not in table)
    flags = WordFlags()
    for word in sorted(sample | misses):
        assert flags.get(word, 0) == table.get(word, 0), word
        assert flags.get(word) == table.get(word), word  # the default is given back on a miss
    assert flags.get("london", 0) & PLACE
    assert flags.get != table.get  # (never switched to the table)


def test_many_lookups_switch_to_the_table(table, monkeypatch):
    monkeypatch.setattr(lexicon_module, "LOOKUPS_BEFORE_TABLE", 10)
    flags = WordFlags()
    words = list(table)[1000:1030]
    answers = [flags.get(w, 0) for w in [*words, "no such word at all"]]
    assert answers == [table.get(w, 0) for w in [*words, "no such word at all"]]
    assert flags.get == table.get  # now the dict's own lookup
    assert flags.get("paris", 0) == table["paris"]
