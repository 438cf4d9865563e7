"""Similarity keys: lemmas, names, gazetteer entities, amounts, synonyms; the fitted scorer."""

from __future__ import annotations

from tuiread.compare import PARAPHRASE_MIN, paraphrase_score
from tuiread.compare.assignment import best_assignment
from tuiread.compare.keys import text_keys
from tuiread.compare.scorer import overlap as scorer_overlap
from tuiread.compare.scorer import synonym_overlap
from tuiread.compare.wordnet import background_weight, synonym_sets


def keys(text: str) -> frozenset[str]:
    return text_keys(text).keys


def test_inflections_meet_on_their_lemma():
    assert keys("They agreed") == keys("she agrees") == keys("agreeing")
    assert keys("the talks") == keys("a talk")
    assert keys("children") == keys("child")


def test_words_no_longer_collide_on_a_shared_prefix():
    # Five-letter prefixes made "statement" and "states" one key.
    assert not keys("statement") & keys("states")
    assert keys("State of the Union") != keys("States")


def test_every_spelling_of_one_entity_is_one_key():
    us = keys("the U.S. said")
    assert us == keys("the United States said") == keys("America said") == keys("the USA said")
    # "us" the pronoun is not the country.
    assert not keys("he told us") & us


def test_transliterations_of_one_name_meet():
    assert keys("Zelenskiy") == keys("Zelensky") == keys("Zelenskyy")
    assert text_keys("Zelenskiy spoke").names == text_keys("Zelensky spoke").names


def test_a_capitalised_common_word_has_one_key_wherever_it_stands():
    assert keys("Meeting in Paris") & keys("a meeting") == keys("meeting")
    assert keys("Trump-Putin summit") >= keys("Putin")


def test_a_peoples_adjective_meets_its_place():
    assert keys("Russian President") >= keys("Russia") == keys("Russians")
    assert keys("European leaders") >= keys("Europe")
    assert keys("Ukrainian drones") >= keys("Ukraine")
    assert keys("Chinese firms") >= keys("China") and keys("German") == keys("Germany")
    assert keys("Americans") == keys("the United States")
    # Only places the gazetteer knows: a first name stays a name of its own.
    assert not keys("Brian") & (keys("Britain") | keys("Brazil"))
    assert text_keys("Russian officials").names == text_keys("Russia").names


def test_a_hyphenated_compound_meets_its_closed_spelling():
    assert keys("a cease-fire") == keys("the ceasefire")
    assert keys("co-operation") == keys("cooperation")


def test_amounts_normalised():
    hundred = keys("$100 billion")
    assert hundred == keys("$100bn") == keys("100 billion dollars") == keys("$100,000,000,000")
    assert hundred != keys("$90 billion") and hundred != keys("€100 billion")
    assert keys("ten days") == keys("10 days")
    assert keys("5%") == keys("5 percent") == keys("5 per cent")
    assert text_keys("$1.5m deal").numbers == text_keys("1.5 million dollars").numbers


def test_quoted_words_are_known():
    found = text_keys('He said the deal was "very successful" on Monday.')
    assert found.quoted == keys("very successful")


def test_synonym_sets_from_the_shipped_table():
    assert synonym_sets("agree") & synonym_sets("concur")
    assert synonym_sets("cut") & synonym_sets("reduce")
    assert not synonym_sets("agree") & synonym_sets("reduce")
    assert not synonym_sets("zelensky")


def test_synonyms_listed_in_the_plural_meet_under_the_sentence_key():
    # WordNet lists "talks" (negotiation) and "arms" (weapons) as words of their own; a
    # sentence's key for them is the lemma, "talk" and "arm".
    assert keys("The talks resumed.") & {"talk"} and keys("Arms were seized.") & {"arm"}
    assert synonym_sets("talk") & synonym_sets("negotiation")
    assert synonym_sets("arm") & synonym_sets("munition")


def test_a_word_meets_its_derivationally_related_form():
    # One outlet writes the verb where another writes the noun.
    assert synonym_sets("announce") & synonym_sets("announcement")
    assert synonym_sets("meet") & synonym_sets("meeting")
    assert synonym_sets("decide") & synonym_sets("decision")
    assert not synonym_sets("announce") & synonym_sets("decision")
    verb = text_keys("The minister announced the closure on Monday.")
    noun = text_keys("The minister's announcement of the closure came on Monday.")
    assert "announce" in verb.keys and "announcement" in noun.keys
    shared = synonym_overlap(verb, noun, background_weight)
    assert shared > scorer_overlap(verb.keys, noun.keys, background_weight)


def test_background_weight_falls_with_frequency():
    assert background_weight("say") < background_weight("merger") < background_weight("@putin")
    assert background_weight("@putin") == 1.0


def test_paraphrase_score_on_lone_sentences():
    same = paraphrase_score(
        "The U.S. agreed to pay $100bn.", "America concurred, paying 100 billion dollars."
    )
    same_figure = paraphrase_score(
        "The U.S. agreed to pay $100bn.", "The U.S. agreed to pay $100 billion."
    )
    other_figure = paraphrase_score(
        "The U.S. agreed to pay $100bn.", "The U.S. agreed to pay $90bn."
    )
    unrelated = paraphrase_score("The cat sat on the mat.", "Stocks fell sharply on Monday.")
    assert same >= PARAPHRASE_MIN > unrelated
    # Another figure counts against a pair that is otherwise word for word the same.
    assert other_figure < same_figure
    assert 0.0 <= unrelated <= 1.0 and paraphrase_score("", "") == 0.0


def test_paraphrase_score_is_symmetric():
    a = "Shares of Acme rose 5% after the merger was announced on Tuesday."
    b = "Acme's stock climbed five percent when the merger was revealed."
    assert paraphrase_score(a, b) == paraphrase_score(b, a)


def test_global_assignment_beats_greedy():
    # Greedy would take (0, 0) at 0.9 and leave 1 alone; the best total pairs 0-1 and 1-0.
    edges = {(0, 0): 0.9, (0, 1): 0.8, (1, 0): 0.8}
    assert best_assignment(edges) == [(0, 1), (1, 0)]
    assert best_assignment({(0, 0): 0.5}) == [(0, 0)]
    assert best_assignment({}) == []
    # More rows than columns.
    edges = {(0, 0): 0.4, (1, 0): 0.6, (2, 0): 0.5}
    assert best_assignment(edges) == [(1, 0)]
