"""Lemmas read from the kept table are simplemma's own, and a bad table costs only time."""

from __future__ import annotations

import simplemma

from tuiread import locations
from tuiread.compare.lemmas import LANGUAGE, KeptDictionaries, kept_file
from tuiread.compare.words import WORD

WORDS = sorted(set(WORD.findall(
    "Ministers agreed on Tuesday that the talks went better than feared; mice, studies, "
    "children and the U.S. were mentioned. Zelenskiy's aides said they'd been concurring "
    "with Europe's leaders, who were running out of time. Arms shipments rose.")))


def lemmas_of(dictionaries: KeptDictionaries) -> list[str]:
    table = dictionaries.get_dictionary(LANGUAGE)
    lemmatizer = simplemma.Lemmatizer(
        lemmatization_strategy=simplemma.strategies.DefaultStrategy(
            dictionary_factory=_Fixed(table)))
    return [lemmatizer.lemmatize(w, lang=LANGUAGE) for w in WORDS]


class _Fixed:
    def __init__(self, table):
        self.table = table

    def get_dictionary(self, lang):
        return self.table


EXPECTED = [simplemma.lemmatize(w, lang=LANGUAGE) for w in WORDS]


def test_the_table_is_made_once_then_kept_and_gives_simplemmas_lemmas():
    first = KeptDictionaries()
    assert lemmas_of(first) == EXPECTED and first.last_load == "made"
    assert kept_file(LANGUAGE).is_file()
    again = KeptDictionaries()
    assert lemmas_of(again) == EXPECTED and again.last_load == "kept"


def test_a_file_that_is_not_a_table_is_made_again():
    path = locations.ensure_parent(kept_file(LANGUAGE))
    path.write_bytes(b"not a database at all" * 100)
    dictionaries = KeptDictionaries()
    assert lemmas_of(dictionaries) == EXPECTED and dictionaries.last_load == "made"


def test_damage_found_while_reading_falls_back_to_the_shipped_dictionary():
    KeptDictionaries().get_dictionary(LANGUAGE)  # make it
    dictionaries = KeptDictionaries()
    table = dictionaries.get_dictionary(LANGUAGE)
    assert dictionaries.last_load == "kept"
    path = kept_file(LANGUAGE)
    data = bytearray(path.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)  # every page past the first two
    path.write_bytes(bytes(data))
    assert lemmas_of(dictionaries) == EXPECTED
    assert table.get("went") == "go"
    assert not path.exists()  # the next process makes it again


def test_no_place_to_keep_it_uses_the_dictionary_in_memory():
    folder = kept_file(LANGUAGE).parent
    locations.ensure_parent(folder)
    folder.write_text("a file where the folder should be", encoding="utf-8")
    dictionaries = KeptDictionaries()
    assert lemmas_of(dictionaries) == EXPECTED
    assert dictionaries.last_load.startswith("in memory")
