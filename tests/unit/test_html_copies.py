"""Reading HTML pages that carry text twice or hide it: a copy is kept as often as the article
has it, where the article is; text the page does not display is not the article; the headline
above the body anchors a standfirst the extractor skipped; bylines found in one pass."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import fromstring

from tuiread.corpus.bylines import marked_byline
from tuiread.corpus.html import Block, fill_gaps, kept_blocks, page_blocks, read_html

from .test_html_reading import PROSE, page, visible

NAV = "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/s'>Sport</a></nav>"
BODY = "".join(f"<p>{p}</p>" for p in PROSE)


def test_a_hidden_microdata_copy_of_the_article_is_not_shown_twice():
    copy = " ".join(PROSE)
    markup = page(
        f"{NAV}<article><h1>Council approves transit plan</h1>{BODY}</article>"
        f"<div style='display: none'><div itemprop='articleBody'>{copy}</div></div>"
    )
    reading = read_html(markup)
    shown = visible(reading)
    assert all(shown.count(p) == 1 for p in PROSE)
    # still in the text the offsets point into, hidden
    assert reading.text.count(PROSE[0]) == 2


def test_a_paragraph_repeated_in_a_teaser_rail_is_kept_in_the_article_only():
    blocks = [
        Block("Latest stories", True),
        Block(PROSE[1], False),  # a teaser elsewhere on the page, far from the article
        *(Block(f"Unrelated headline number {i} about other news", False) for i in range(8)),
        Block(PROSE[0], False),
        Block(PROSE[1], False),
        Block(PROSE[2], False),
    ]
    kept = kept_blocks(blocks, "\n".join(PROSE[:3]))
    assert kept == [False, False, *[False] * 8, True, True, True]


def test_a_paragraph_the_article_has_twice_is_kept_twice():
    blocks = [Block(PROSE[0], False), Block(PROSE[1], False), Block(PROSE[0], False)]
    assert kept_blocks(blocks, "\n".join([PROSE[0], PROSE[1], PROSE[0]])) == [True] * 3


def test_blocks_the_page_does_not_display_are_marked():
    tree = fromstring(
        "<html><body><p>Shown text here.</p><div hidden><p>Hidden one.</p></div>"
        "<section style='visibility:hidden'>Hidden two.</section>"
        "<p>A paragraph with <span style='display:none'>an inline</span> hidden span.</p>"
        "</body></html>"
    )
    shown = {b.text: b.shown for b in page_blocks(tree)}
    assert shown == {
        "Shown text here.": True,
        "Hidden one.": False,
        "Hidden two.": False,
        "A paragraph with an inline hidden span.": True,
    }


def test_text_the_page_does_not_display_is_hidden_in_the_reading_without_extractor():
    markup = page("<div>Opening hours: 9 to 5.</div><div style='display:none'>Secret menu</div>")
    shown = visible(read_html(markup, extractor=False))
    assert "Opening hours" in shown and "Secret menu" not in shown


def test_a_standfirst_between_the_headline_and_the_body_is_kept():
    standfirst = (
        "In a late vote the council backed the plan that will reshape how the region travels, "
        "after months of debate over its cost and its route through the old town."
    )
    head = "<meta property='og:title' content='Council approves transit plan'>"
    markup = page(
        f"{NAV}<h1>Council approves transit plan</h1><div class='dek'><span>{standfirst}</span>"
        f"</div><article>{BODY}</article><footer>Copyright 2025 The Daily Example.</footer>",
        head,
    )
    reading = read_html(markup)
    shown = visible(reading)
    assert standfirst in shown and all(p in shown for p in PROSE)
    assert "Council approves" not in shown  # the headline is shown above the text
    assert "Copyright" not in shown


def test_bylines_by_trafilaturas_marks_and_by_tuireads_own():
    tree = fromstring(
        "<html><body><div class='story-meta'><span class='byline'>By Jane Doe</span></div>"
        "<a rel='author' href='/jd'>Jane Doe</a><p>text</p></body></html>"
    )
    assert marked_byline(tree) == ("Jane Doe", "Jane Doe")
    tree = fromstring(
        "<html><body><div class='x-byline'>By Ana Ruiz</div><p>text</p></body></html>"
    )
    # only the last-resort mark ("byline" anywhere in a class) and tuiread's own
    assert marked_byline(tree) == ("By Ana Ruiz", "Ana Ruiz")
    assert marked_byline(fromstring("<html><body><p>No byline.</p></body></html>")) == (
        None,
        None,
    )


def test_a_caption_between_kept_paragraphs_is_not_brought_back_as_prose():
    caption = (
        "The new tram line will run from the station to the hospital, passing the old market "
        "square and the university campus on the way, as this map of the route shows."
    )
    blocks = page_blocks(
        fromstring(
            f"<html><body><p>{PROSE[0]}</p><figure><img src='m.png'><figcaption>{caption}"
            f"</figcaption></figure><p>{PROSE[1]}</p></body></html>"
        )
    )
    assert [b.caption for b in blocks] == [False, True, False]
    assert fill_gaps(blocks, [True, False, True]) == [True, False, True]
    # prose outside a figure in the same place is
    blocks[1].caption = False
    assert fill_gaps(blocks, [True, False, True]) == [True, True, True]


def test_a_standfirst_after_a_byline_and_a_kicker_is_kept():
    standfirst = (
        "In a late vote the council backed the plan that will reshape how the region travels, "
        "after months of debate over its cost and its route through the old town."
    )
    head = "<meta property='og:title' content='Council approves transit plan'>"
    markup = page(
        f"{NAV}<h1>Council approves transit plan</h1><div>By Jane Doe</div>"
        f"<div>Vote after a long night</div><div><span>{standfirst}</span></div>"
        f"<div>5 November 2025</div><article>{BODY}</article>",
        head,
    )
    shown = visible(read_html(markup))
    assert standfirst in shown and all(p in shown for p in PROSE)


@pytest.mark.parametrize(
    ("element", "marked"),
    [
        ("<author>Lee Kim</author>", "Lee Kim"),
        ("<span rel='author'>Lee Kim</span>", "Lee Kim"),
        ("<span itemprop='author name'>Lee Kim</span>", "Lee Kim"),
        ("<a data-testid='AuthorURL'>Lee Kim</a>", "Lee Kim"),
        ("<div data-component='Byline'>Lee Kim</div>", "Lee Kim"),
        ("<p id='author'>Lee Kim</p>", "Lee Kim"),
        ("<span id='zuozhe'>Lee Kim</span>", "Lee Kim"),
        ("<span class='AuthorName'>Lee Kim</span>", "Lee Kim"),
        ("<span class='BBL'>Lee Kim</span>", "Lee Kim"),
        ("<span class='posted-by'>Lee Kim</span>", "Lee Kim"),
        ("<span class='journalist-name'>Lee Kim</span>", "Lee Kim"),
        ("<em class='screenname'>Lee Kim</em>", "Lee Kim"),
        ("<em class='writer'>Lee Kim</em>", "Lee Kim"),
        ("<em class='Byline'>Lee Kim</em>", "Lee Kim"),
        ("<span class='byl'>Lee Kim</span>", "Lee Kim"),
        ("<em class='byl'>Lee Kim</em>", None),  # this class is a mark on a few tags only
        ("<span class='credit' title='author'>Lee Kim</span>", None),
    ],
)
def test_every_kind_of_byline_mark_is_found(element, marked):
    tree = fromstring(f"<html><body><div class='page'>{element}<p>text</p></div></body></html>")
    assert marked_byline(tree)[0] == marked


def test_copies_are_chosen_one_block_beyond_the_gap_fillings_reach():
    from tuiread.corpus import html, kept_text

    assert kept_text.CONTEXT_REACH == html.GAP_REACH + 1


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40))
def test_ascii_words_are_the_words_of_the_unicode_definition(text):
    """ASCII text takes the ASCII pattern; its words are those of the Unicode one."""
    import re
    import unicodedata

    from tuiread.corpus.kept_text import text_words

    unicode_words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).lower())
    assert text_words(text) == unicode_words
    assert text_words("Ｃafé ﬁx") == ["café", "fix"]  # not ASCII: NFKC folds the wide C and ﬁ
