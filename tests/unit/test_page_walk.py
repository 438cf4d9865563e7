"""The page walk's blocks: inline elements without children (links, emphasis, images) and
skipped elements are read where their parent meets them, with their link text counted."""

from __future__ import annotations

import pytest

from tuiread.corpus.html_parse import parse_page
from tuiread.corpus.page_walk import page_blocks


def _blocks(body: str) -> list[tuple[str, float, bool]]:
    tree = parse_page(f"<html><body>{body}</body></html>")
    return [(b.text, round(b.links, 3), b.shown) for b in page_blocks(tree)]


def test_link_text_inside_and_around_inline_elements_is_counted_once():
    body = (
        '<p>Read <a href="#">the <b>full</b> story</a> now<script>x()</script> later'
        "<img src=i.png> <em>end</em></p>"
    )
    text = "Read the full story now later end"
    assert _blocks(body) == [(text, round(len("thefullstory") / len(text), 3), True)]


def test_links_without_children_and_their_tails():
    assert _blocks('<ul><li><a href="/">Home</a> | <a href="/n">News</a></li></ul>') == [
        ("Home | News", round(8 / 11, 3), True)
    ]


def test_a_tail_inside_a_link_is_link_text():
    assert _blocks('<p>x <a href="#"><i>one</i> two <span>three</span> four</a> y</p>') == [
        ("x one two three four y", round(len("onetwothreefour") / 22, 3), True)
    ]


@pytest.mark.parametrize(
    "inline", ['<span hidden="">secret</span>', '<span style="display:none">secret</span>']
)
def test_a_hidden_inline_element_stays_part_of_its_paragraph(inline):
    assert _blocks(f"<p>Before {inline} after</p>") == [("Before secret after", 0.0, True)]


def test_a_hidden_block_without_children_is_marked_not_shown():
    assert _blocks('<div>shown</div><p style="display: none">not shown</p><p>last</p>') == [
        ("shown", 0.0, True),
        ("not shown", 0.0, False),
        ("last", 0.0, True),
    ]


def test_skipped_elements_keep_only_their_tails():
    body = "<p>a<button>Click</button> b<select><option>o</option></select> c<br>d</p>"
    assert _blocks(body) == [("a b c", 0.0, True), ("d", 0.0, True)]
