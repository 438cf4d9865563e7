"""The fused analysis matches Whoosh's, hits land on the right words, snippets keep offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tuiread.corpus import Span
from tuiread.search.analysis import index_terms, query_analyzer, stem_word, words
from tuiread.search.documents import PIECE_SEPARATOR, BodyMap
from tuiread.search.hits import Phrase, QueryTerms, find_hits
from tuiread.search.snippets import make_snippets, squeeze

VOCABULARY = ["the", "of", "a", "I", "talks", "talked", "talking", "Ceasefire", "ceasefires",
              "security", "guarantees", "Zelensky's", "U.S.", "3.5", "f*ck", "négociations",
              "İstanbul", "ΟΔΟΣ", "running", "runner", "hoping", "happy", "x"]
SEPARATORS = [" ", "  ", "\n", ", ", ". ", " - ", "—", "(", ") ", "\t", "…", "'", '"', "*"]

text_strategy = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), max_size=40,
).map(lambda pairs: "".join(w + s for w, s in pairs))
free_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]),
                    max_size=80)


def whoosh_terms(text: str) -> dict[str, list[int]]:
    terms: dict[str, list[int]] = {}
    for token in query_analyzer()(text, positions=True):
        terms.setdefault(token.text, []).append(token.pos)
    return terms


@settings(max_examples=200, deadline=None)
@given(st.one_of(text_strategy, free_text))
def test_index_terms_equal_whooshs_stemming_analyzer(text):
    assert index_terms(text) == whoosh_terms(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(text_strategy, free_text), st.data())
def test_find_hits_marks_exactly_the_words_with_a_wanted_term(text, data):
    every = [w for w in words(text)]
    wanted = set(data.draw(st.lists(st.sampled_from([w.term for w in every] or ["talk"]),
                                    max_size=3)))
    expected = [Span(w.start, w.end) for w in every if w.term in wanted]
    assert find_hits(text, QueryTerms(terms=wanted)) == expected


def test_hits_are_stem_aware_and_case_insensitive():
    text = "Talks stalled. They talked; TALKING again, but no talkie-walkie."
    spans = find_hits(text, QueryTerms(terms={stem_word("talks")}))
    assert [text[s:e] for s, e in spans] == ["Talks", "talked", "TALKING"]


def test_phrase_hits_respect_order_and_slop():
    text = "security guarantees, guarantees of security. Then security and firm guarantees"
    phrase = find_hits(text, QueryTerms(phrases={Phrase(("secur", "guarante"), 1)}))
    assert [text[s:e] for s, e in phrase] == ["security guarantees"]
    near = find_hits(text, QueryTerms(phrases={Phrase(("secur", "guarante"), 3)}))
    # "and" is a stop word: it takes no position, so "firm" is the only word in between.
    assert [text[s:e] for s, e in near] == ["security guarantees", "security and firm guarantees"]


def phrase_reference(text: str, phrase: Phrase) -> list[Span]:
    """Phrase occurrences from the index positions: each next term at most ``slop`` after."""
    every = list(words(text))
    found = []
    for index, first in enumerate(every):
        if first.term != phrase.terms[0]:
            continue
        current, last = first.position, first
        for term in phrase.terms[1:]:
            nxt = next((w for w in every[index:] if current < w.position <= current + phrase.slop
                        and w.term == term), None)
            if nxt is None:
                break
            current, last = nxt.position, nxt
        else:
            found.append(Span(first.start, last.end))
    return found


@settings(max_examples=200, deadline=None)
@given(text_strategy, st.lists(st.sampled_from(["talk", "secur", "guarante", "ceasefir", "run"]),
                               min_size=2, max_size=3), st.integers(1, 3))
def test_phrase_hits_agree_with_index_positions(text, terms, slop):
    phrase = Phrase(tuple(terms), slop)
    expected = phrase_reference(text, phrase)
    merged = []
    for span in expected:  # find_hits merges overlapping occurrences
        if merged and span.start < merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    assert find_hits(text, QueryTerms(phrases={phrase})) == merged


def test_body_map_maps_body_offsets_to_raw_offsets_across_hidden_spans():
    raw = "HEADLINE\nKeep this. HIDDEN AD and keep that."
    visible = [(9, 20), (30, 44)]
    body = PIECE_SEPARATOR.join(raw[s:e] for s, e in visible)
    body_map = BodyMap.from_spans(body, [x for span in visible for x in span])
    for start, end in [(0, 4), (12, 15), (body.index("keep that"), len(body))]:
        pieces = body_map.raw_spans(start, end)
        assert "".join(raw[s:e] for s, e in pieces) == body[start:end]
    crossing = body_map.raw_spans(body.index("this"), body.index("keep that") + 4)
    assert [raw[s:e] for s, e in crossing] == ["this. ", "and keep"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab \n\t", max_size=60), st.data())
def test_squeeze_keeps_marks_on_the_same_words(text, data):
    runs = [Span(w.start, w.end) for w in _runs(text)]
    marks = sorted(set(data.draw(st.lists(st.sampled_from(runs), max_size=4)))) if runs else []
    squeezed, moved = squeeze(text, marks)
    assert "  " not in squeezed and "\n" not in squeezed
    assert [squeezed[s:e] for s, e in moved] == [text[s:e] for s, e in marks]


def _runs(text: str) -> list[Span]:
    import re

    return [Span(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def test_snippets_surround_the_densest_hits_and_point_at_raw_text():
    filler = "Filler words without meaning keep going here. " * 6
    body = filler + "The ceasefire talks resumed; ceasefire monitors arrived. " + filler
    body_map = BodyMap.from_spans(body, [0, len(body)])
    hits = find_hits(body, QueryTerms(terms={"ceasefir", "talk"}))
    [snippet] = make_snippets(body_map, hits, limit=1)
    marked = [snippet.text[s:e] for s, e in snippet.highlights]
    assert marked == ["ceasefire", "talks", "ceasefire"]
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert body[snippet.start : snippet.end].replace("  ", " ") in snippet.text.replace("…", "")


def test_a_match_only_in_the_title_shows_the_opening():
    body = "\nFirst words of the article. " + "More text follows. " * 20
    [snippet] = make_snippets(BodyMap.from_spans(body, [0, len(body)]), [])
    assert snippet.text.startswith("First words of the article.")
    assert snippet.highlights == ()
