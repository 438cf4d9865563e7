"""Re-anchoring after the edits real corrections make: right span, or an orphan, never wrong."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from tuiread.annotations import AnchorState, anchor, describe
from tuiread.annotations.anchoring import MAX_CONTEXT_CHARS

TEXT = (SEEDS / "001_8557ead743fed211.txt").read_text(encoding="utf-8")
QUOTE = "Trump had a phone call with Putin"  # occurs once, mid-sentence
SENTENCE = "They noted that such steps might reshape the security dynamics of the continent"


def span_of(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    return starts[nth], starts[nth] + len(quote)


def reanchor(new_text: str, quote: str = QUOTE, text: str = TEXT, nth: int = 0):
    described = describe(text, *span_of(text, quote, nth))
    return anchor(new_text, described.quote, described.position, described.repeats)


def test_unchanged_text_is_exact():
    found = reanchor(TEXT)
    assert found.state is AnchorState.EXACT
    assert (found.start, found.end) == span_of(TEXT, QUOTE)


def test_typo_fixed_inside_the_quote_is_fuzzy_on_the_corrected_span():
    edited = TEXT.replace("phone call with Putin", "phone cal with Putin")
    found = reanchor(edited)
    assert found.state is AnchorState.FUZZY and 0.8 < found.score < 1
    assert edited[found.start : found.end] == "Trump had a phone cal with Putin"


def test_typo_fixed_next_to_the_quote_keeps_it():
    edited = TEXT.replace("This announcement came after", "This anouncement came after")
    found = reanchor(edited)
    assert found.state is AnchorState.MOVED  # one character earlier
    assert (found.start, found.end) == span_of(edited, QUOTE)


@pytest.mark.parametrize("where", ["On Monday, U.S.", "This announcement came"])
def test_sentence_inserted_before(where):
    edited = TEXT.replace(where, "An added sentence about Putin and Trump. " + where, 1)
    found = reanchor(edited)
    assert found.state is AnchorState.MOVED
    assert (found.start, found.end) == span_of(edited, QUOTE)


def test_sentence_deleted_before():
    edited = TEXT.replace(
        "On Monday, U.S. President Donald Trump revealed that discussions are in progress for a "
        "meeting between Vladimir Putin of Russia and Ukraine’s Volodymyr Zelensky. ",
        "",
    )
    found = reanchor(edited)
    assert (found.state, (found.start, found.end)) == (AnchorState.MOVED, span_of(edited, QUOTE))


def test_paragraphs_swapped():
    paragraphs = TEXT.split("\n\n")
    index = next(i for i, p in enumerate(paragraphs) if QUOTE in p)
    paragraphs[index], paragraphs[index + 1] = paragraphs[index + 1], paragraphs[index]
    edited = "\n\n".join(paragraphs)
    found = reanchor(edited)
    assert found.state is AnchorState.MOVED
    assert (found.start, found.end) == span_of(edited, QUOTE)


def test_whole_paragraph_quote_follows_a_swap_although_both_neighbours_changed():
    paragraphs = TEXT.split("\n\n")
    quote = paragraphs[5]
    paragraphs[4], paragraphs[5] = paragraphs[5], paragraphs[4]
    edited = "\n\n".join(paragraphs)
    found = reanchor(edited, quote)
    assert edited[found.start : found.end] == quote


def test_whitespace_reflowed_paragraph():
    original = "In a statement, the ministry said the talks\nwere productive and would continue.\n"
    edited = "In a statement, the ministry said\nthe talks were  productive and would continue.\n"
    found = reanchor(edited, "said the talks\nwere productive", original)
    assert found.state is AnchorState.MOVED
    assert edited[found.start : found.end] == "said\nthe talks were  productive"


def test_quote_reworded_slightly():
    edited = TEXT.replace(SENTENCE, SENTENCE.replace("might reshape", "could reshape"))
    found = reanchor(edited, SENTENCE)
    assert found.state is AnchorState.FUZZY
    assert edited[found.start : found.end] == SENTENCE.replace("might", "could")


def test_deleted_passage_is_orphaned_even_when_a_similar_sentence_remains():
    similar = SENTENCE.replace("They noted", "Analysts noted")
    edited = TEXT.replace(SENTENCE + " and could press", "They could press").replace(
        "Earlier in the day,", similar + ". Earlier in the day,"
    )
    assert SENTENCE not in edited and similar in edited
    found = reanchor(edited, SENTENCE)
    assert found.state is AnchorState.ORPHANED and found.start is None


def test_short_repeated_quote_is_told_apart_by_its_context():
    # "Putin" occurs many times; the one annotated is the 3rd.
    start, end = span_of(TEXT, "Putin", 2)
    described = describe(TEXT, start, end)
    assert described.repeats > 3
    edited = TEXT[:start] + TEXT[start:].replace("Putin", "Vladimir Putin", 1)
    edited = "A new opening line about Putin.\n\n" + edited
    found = anchor(edited, described.quote, described.position, described.repeats)
    expected = start + len("A new opening line about Putin.\n\n") + len("Vladimir ")
    assert (found.start, found.end) == (expected, expected + len("Putin"))


def test_short_repeated_quote_whose_sentence_is_deleted_is_orphaned_not_moved():
    start, end = span_of(TEXT, "Putin", 2)
    described = describe(TEXT, start, end)
    sentence_start = TEXT.rfind(". ", 0, start) + 2
    sentence_end = TEXT.find(". ", end) + 2
    edited = TEXT[:sentence_start] + TEXT[sentence_end:]
    assert "Putin" in edited
    found = anchor(edited, described.quote, described.position, described.repeats)
    assert found.state is AnchorState.ORPHANED


def test_context_grows_when_the_quote_and_its_context_repeat():
    line = "- Critic {}: Film - The Aviator; actor - Jamie Foxx; actress - Hilary Swank.\n"
    text = "".join(line.format(name) for name in ["Ann Lee", "Bo Diaz", "Cy Moss", "Di Sato"])
    start, end = span_of(text, "Foxx; actress", 1)
    described = describe(text, start, end)
    assert 32 < len(described.quote.prefix) <= MAX_CONTEXT_CHARS
    assert "Bo Diaz" in described.quote.prefix
    # The annotated line is deleted: the identical lines around it are not taken for it.
    edited = text.replace(line.format("Bo Diaz"), "")
    found = anchor(edited, described.quote, described.position, described.repeats)
    assert found.state is AnchorState.ORPHANED


def test_describe_rejects_empty_and_out_of_range_spans():
    for start, end in [(5, 5), (-1, 3), (0, len(TEXT) + 1)]:
        with pytest.raises(ValueError):
            describe(TEXT, start, end)
    with pytest.raises(ValueError, match="whitespace"):
        describe("a \n\n b", 1, 5)


WORDS = list(re.finditer(r"\S+", TEXT))


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(0, len(WORDS) - 1),
    length=st.integers(1, 12),
    at=st.integers(0, len(TEXT)),
    cut=st.integers(0, 60),
    added=st.sampled_from(["", "Putin said. ", "the talks ", "Trump had a phone call. "]),
)
def test_an_edit_outside_the_quote_never_anchors_it_to_the_wrong_text(
    first, length, at, cut, added
):
    last = min(len(WORDS) - 1, first + length - 1)
    start, end = WORDS[first].start(), WORDS[last].end()
    described = describe(TEXT, start, end)
    # Replace TEXT[at:at+cut] with `added`, outside the quote.
    if at < end and at + cut > start:
        at, cut = end, min(cut, len(TEXT) - end)
    edited = TEXT[:at] + added + TEXT[at + cut :]
    shift = len(added) - cut if at + cut <= start else 0
    found = anchor(edited, described.quote, described.position, described.repeats)
    if found.attached:
        assert (found.start, found.end) == (start + shift, end + shift)
