"""trafilatura's fast cascade run from its own steps gives what ``bare_extraction`` gives."""

from __future__ import annotations

import pytest

from tuiread.corpus.article_text import EXTRACT_OPTIONS, extract_text
from tuiread.corpus.html_parse import parse_page

trafilatura = pytest.importorskip("trafilatura")

SENTENCE = (
    "The regional water authority said on Monday that reservoir levels had fallen to their "
    "lowest point in a decade, and asked households to cut their use by a fifth this summer."
)
COMMENTS = (
    "<div id='comments'><ul class='comment-list'><li>I disagree with every word of this, "
    "the authority has known about the leaks for years.</li><li>Another reader says the same"
    " and adds a long complaint about the bills that keep going up every single year.</li>"
    "</ul></div>"
)
RAIL = "".join(
    f"<div class='teaser'><h3><a href='/s/{i}'>Another story number {i} about something "
    f"else that happened in the region this week</a></h3><p>A teaser paragraph for story "
    f"{i} with a few words in it, as rails of related stories have.</p></div>"
    for i in range(12)
)


def _page(paragraphs: int, extra: str = "") -> str:
    body = "".join(f"<p>{SENTENCE} ({n})</p>" for n in range(paragraphs))
    return (
        "<html><head><title>Water</title></head><body><header><a href='/'>Home</a></header>"
        f"<article><h1>Reservoirs at a ten-year low</h1>{body}</article>{extra}"
        "<div class='footer-links'><a href='/about'>About us</a></div></body></html>"
    )


@pytest.mark.parametrize(
    "markup",
    [
        _page(12),  # a long article: the main extractor alone
        _page(12, COMMENTS),  # comments pruned from the raw tree
        _page(12, f"<div class='infinite-scroll'>{RAIL}</div>"),  # appended stories pruned
        _page(12, "<div class='elementor-share-buttons'><p>Share this story now</p></div>"),
        _page(2, RAIL),  # short text on a long page: the recall retry is considered
        _page(1),  # shorter than trafilatura's minimum: the baseline rescue
        "<html><body><div><span>Menu</span></div></body></html>",  # nothing to find
    ],
)
def test_fast_cascade_matches_bare_extraction(markup):
    tree = parse_page(markup)
    expected_document = trafilatura.bare_extraction(tree, fast=True, **EXTRACT_OPTIONS)
    expected = (expected_document.text or "") if expected_document is not None else ""
    assert extract_text(parse_page(markup), fast=True) == expected


def test_prunes_that_can_select_nothing_are_not_run():
    from trafilatura.xpaths import REMOVE_COMMENTS_AND_LISTS_XPATH

    from tuiread.corpus.article_text import _prunes_to_run
    from tuiread.corpus.extractor_paths import guarded

    assert _prunes_to_run(REMOVE_COMMENTS_AND_LISTS_XPATH, "story\nlead-paragraph") == []
    for values in ("story\ncomments-area", "comment", "x\npost-comments"):
        # the expressions run in their guarded form
        assert [e.path for e in _prunes_to_run(REMOVE_COMMENTS_AND_LISTS_XPATH, values)] == [
            guarded(e).path for e in REMOVE_COMMENTS_AND_LISTS_XPATH
        ]
    assert _prunes_to_run(REMOVE_COMMENTS_AND_LISTS_XPATH, "commentary") == []


def test_a_second_run_on_the_same_tree_decides_the_same():
    tree = parse_page(_page(12, COMMENTS))
    first = extract_text(tree, fast=True)
    assert SENTENCE in first and "I disagree" not in first
    assert extract_text(tree, fast=True) == first
    assert SENTENCE in extract_text(tree, fast=False)


def test_another_release_runs_trafilatura_whole(monkeypatch):
    from tuiread.corpus import article_text

    monkeypatch.setattr(article_text, "_steps", lambda: None)
    text = extract_text(parse_page(_page(12, COMMENTS)), fast=True)
    assert SENTENCE in text and "I disagree" not in text
