"""The shipped synonym table speaks the keys' language: WordNet's hyphenated words under the
closed spelling that sentence keys give them."""

from __future__ import annotations

import importlib.util

from tuiread.compare.keys import text_keys
from tuiread.compare.scorer import synonym_overlap
from tuiread.compare.text import keys_of
from tuiread.compare.wordnet import DATA, background_weight, synonyms_of


def _build_module():
    spec = importlib.util.spec_from_file_location("build_synonyms", DATA / "build_synonyms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_hyphenated_word_is_built_in_its_closed_spelling():
    closed = _build_module().closed
    assert closed("cease-fire") == "ceasefire"
    assert closed("well-to-do") == "welltodo"
    assert closed("o'clock") == "o'clock"  # not a hyphenated word: left as it is
    assert closed("plain") == "plain"


def test_a_hyphenated_wordnet_word_meets_its_synonym_in_a_sentence():
    (key,) = keys_of("co-worker")
    assert key == "coworker"
    assert "colleague" in synonyms_of(key)
    x, y = text_keys("A co-worker spoke."), text_keys("A colleague spoke.")
    shared_only = synonym_overlap(
        text_keys("A co-worker spoke."), text_keys("A banker spoke."), background_weight
    )
    assert synonym_overlap(x, y, background_weight) > shared_only
