"""The query forms, their errors, "did you mean", and hits that point at the right raw text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tuiread.config import boilerplate_files
from tuiread.corpus import Article, load_corpus, load_rules
from tuiread.search import QueryError, SearchCancelled, SearchIndex, check_syntax
from tuiread.search.analysis import stem_word

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def zelensky_entities(article: Article) -> list[str]:
    return ["Volodymyr Zelensky"] if "Zelensk" in article.text else []


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory) -> SearchIndex:
    index = SearchIndex.open([SEEDS], load_rules(*boilerplate_files()),
                             entities=zelensky_entities,
                             directory=tmp_path_factory.mktemp("index"))
    index.update()
    return index


@pytest.fixture(scope="module")
def seeds_corpus():
    corpus = load_corpus([SEEDS], load_rules(*boilerplate_files()))
    return {a.id: a for a in corpus.articles}


def ids(index: SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in index.search(query).hits}


def articles_with(corpus: dict[str, Article], pattern: str) -> set[str]:
    """Ids of articles whose visible text matches ``pattern`` (case-insensitive)."""
    return {aid for aid, a in corpus.items()
            if re.search(pattern, a.visible_text(), re.IGNORECASE)}


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("   ", "empty", 0),
        ('"security guarantees', "quote", 0),
        ("(trump OR putin", "'(' is not closed", 0),
        ("trump)", "')' has no matching '('", 5),
        ("byline:smith", "unknown field 'byline:'", 0),
        ("file:a.txt", "unknown field 'file:'", 0),
        ("talks title:", "nothing to search for after 'title:'", 6),
        ("AND putin", "before it", 0),
        ("putin OR", "after it", 6),
        ("putin AND OR trump", "after it", 6),
        ("putin NOT", "'NOT' needs", 6),
        ('"security guarantees"~x', "~ takes a number of words", 21),
        ("ceasfire~x", "number of edits", 8),
    ],
)
def test_malformed_queries_say_what_and_where(query, message, position):
    with pytest.raises(QueryError) as caught:
        check_syntax(query)
    assert message in caught.value.message
    assert caught.value.position == position


@pytest.mark.parametrize("query", ['"a (b" c', 'title:"x y"', "10:30 talks", "url https://x.org",
                                   "Trump's talks", "NOT putin", "(a OR b) AND c"])
def test_sound_queries_pass_the_check(query):
    check_syntax(query)


def test_a_bad_query_raises_before_any_search(seeds_index):
    with pytest.raises(QueryError):
        seeds_index.search("source:")


def test_words_are_anded(seeds_index, seeds_corpus):
    both = articles_with(seeds_corpus, r"\bceasefire") & articles_with(seeds_corpus, r"\bwitkoff")
    assert 0 < len(both) < len(articles_with(seeds_corpus, r"\bceasefire"))
    assert ids(seeds_index, "ceasefire witkoff") == both
    assert ids(seeds_index, "ceasefire") == articles_with(seeds_corpus, r"\bceasefire")


def test_or_and_not(seeds_index, seeds_corpus):
    alaska = articles_with(seeds_corpus, r"\balaska")
    witkoff = articles_with(seeds_corpus, r"\bwitkoff")
    zelenskiy = articles_with(seeds_corpus, r"\bzelenskiy")
    assert zelenskiy - witkoff and witkoff - zelenskiy
    assert ids(seeds_index, "zelenskiy OR witkoff") == zelenskiy | witkoff
    assert ids(seeds_index, "ceasefire NOT alaska") == (
        articles_with(seeds_corpus, r"\bceasefire") - alaska)


def test_phrase_and_proximity(seeds_index, seeds_corpus):
    exact = articles_with(seeds_corpus, r"\bsecurity\s+guarantee")
    assert exact and exact != articles_with(seeds_corpus, r"\bsecurity")
    assert ids(seeds_index, '"security guarantees"') == exact
    near = ids(seeds_index, '"guarantees security"~3')
    assert near and near <= ids(seeds_index, "guarantees security")
    assert not ids(seeds_index, '"guarantees security"')


def test_wildcards_reach_stemmed_words(seeds_index, seeds_corpus):
    assert ids(seeds_index, "negotiat*") == articles_with(seeds_corpus, r"\bnegotiat")
    assert ids(seeds_index, "zelensk*") == articles_with(seeds_corpus, r"\bzelensk")


def test_fuzzy_terms_find_the_misspelled_word(seeds_index, seeds_corpus):
    assert ids(seeds_index, "ceasfire~") == articles_with(seeds_corpus, r"\bceasefire")
    assert not ids(seeds_index, "ceasfire")


def test_fields(seeds_index, seeds_corpus):
    titled = {aid for aid, a in seeds_corpus.items() if "summit" in a.title.lower()}
    assert ids(seeds_index, "title:summit") == titled
    assert ids(seeds_index, "source:bloomberg") == {
        aid for aid, a in seeds_corpus.items() if a.source == "Bloomberg"}
    assert ids(seeds_index, 'entity:"volodymyr zelensky"') == articles_with(seeds_corpus,
                                                                             "Zelensk")
    assert not ids(seeds_index, "entity:putin")
    assert ids(seeds_index, "Title:summit") == titled
    one = sorted(seeds_corpus)[2]
    assert ids(seeds_index, f"path:{one}.txt putin") == {one}
    assert ids(seeds_index, "path:00*") == set(seeds_corpus)


def test_did_you_mean_offers_the_written_word(seeds_index):
    results = seeds_index.search("negotations")
    assert results.total == 0
    assert results.suggestions and results.suggestions[0].query == "negotiations"
    assert results.suggestions[0].found == len(ids(seeds_index, "negotiations"))
    results = seeds_index.search('putin "ceasfire"')
    assert [s.query for s in results.suggestions][:1] == ['putin "ceasefire"']


def test_no_suggestion_when_plenty_is_found(seeds_index):
    assert seeds_index.search("putin").suggestions == []


def test_stop_words_only_match_nothing_with_a_notice(seeds_index):
    results = seeds_index.search("the of")
    assert results.hits == [] and "too common" in results.notices[0]


def test_hits_are_raw_offsets_of_the_matched_words(seeds_index, seeds_corpus):
    for query, stems in [("meetings ceasefire", {"meet", "ceasefir"}), ("negotiat*", {"negoti"}),
                         ("ceasfire~", {"ceasefir"})]:
        results = seeds_index.search(query)
        assert results.hits
        for hit in results.hits:
            article = seeds_corpus[hit.id]
            assert hit.hits, hit.id
            for start, end in hit.hits:
                assert stem_word(article.text[start:end].lower()) in stems
                assert any(s.start <= start and end <= s.end for s in article.visible)
            assert hit.hits == tuple(seeds_index.article_hits(article, query))


def test_phrase_hits_cover_the_whole_phrase(seeds_index, seeds_corpus):
    for hit in seeds_index.search('"security guarantees"').hits:
        text = seeds_corpus[hit.id].text
        for start, end in hit.hits:
            assert " ".join(text[start:end].lower().split()) in ("security guarantees",
                                                                "security guarantee")


def test_snippets_highlight_the_hits(seeds_index):
    [hit] = seeds_index.search("witkoff alaska ceasefire", limit=1).hits
    for snippet in hit.snippets:
        assert len(snippet.text) < 200
        for start, end in snippet.highlights:
            assert stem_word(snippet.text[start:end].lower()) in {"witkoff", "alaska", "ceasefir"}
    assert any(snippet.highlights for snippet in hit.snippets)


def test_results_are_ranked_and_limited(seeds_index):
    results = seeds_index.search("putin", limit=2)
    assert len(results.hits) == 2 and results.total == 5
    assert results.hits[0].score >= results.hits[1].score
    title_hit = seeds_index.search("summit").hits[0]
    assert "summit" in title_hit.title.lower()


def test_a_cancelled_search_stops(seeds_index):
    with pytest.raises(SearchCancelled):
        seeds_index.search("putin", cancelled=lambda: True)


def test_a_deeply_nested_query_is_a_clear_error():
    from tuiread.search.query import MAX_NESTING, QueryError, check_syntax

    check_syntax("(" * MAX_NESTING + "putin" + ")" * MAX_NESTING)
    with pytest.raises(QueryError, match="nested more than"):
        check_syntax("(" * 1000 + "putin" + ")" * 1000)


def test_the_cli_reports_a_deeply_nested_query_in_one_line(capsys, seeds_dir):
    from tuiread.cli import main

    assert main(["search", "(" * 1000 + "putin" + ")" * 1000, str(seeds_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tuiread: bad query: parentheses nested more than") and len(err) < 400
