"""The date search's narrowed scan finds the elements htmldate's own scan finds, in its order,
and the search gives htmldate's dates."""

from __future__ import annotations

from copy import deepcopy

import pytest

from tuiread.corpus.date_search import _bound_find_date, find_date, narrowed_candidates
from tuiread.corpus.html_parse import parse_page

htmldate = pytest.importorskip("htmldate")
core = pytest.importorskip("htmldate.core")

# Cues in every place the test reads: the first or the second of id and class (only the first
# counts for most words), itemprop, class-only words in an id, the two always-candidate tags,
# an element matched both by its tag and its attributes, and the root's own class.
PAGE = """<html class="meta"><body>
<div id="x" class="publish-date">a</div><div class="x" id="post-date">b</div>
<span itemprop="datePublished">c</span><span itemprop="name">d</span>
<p id="byline-box">e</p><p class="byline">f</p><p class="Datum">g</p><p class="DATE">h</p>
<footer class="footer-meta"><small>i</small></footer><small id="meta">j</small>
<div id="footer-info-lastmod">k</div><div class="timeline"><p class="info">l</p></div>
<ul><li class="author">m</li><li class="fa-calendar">n</li><li>o</li></ul>
</body></html>"""


def _same(markup: str) -> None:
    tree = parse_page(markup)
    expected = core.date_candidates(tree, True)
    assert narrowed_candidates(tree, core.is_date_candidate) == expected


def test_narrowed_scan_finds_htmldates_candidates_in_order():
    tree = parse_page(PAGE)
    expected = core.date_candidates(tree, True)
    assert len(expected) > 8  # the page exercises the test
    assert narrowed_candidates(tree, core.is_date_candidate) == expected


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>no attributes at all</p></body></html>",
        "<html><body><div class='a'><div class='b'><p class='c'>x</p></div></div></body></html>",
        "<html><body><footer><footer>nested</footer></footer></body></html>",
    ],
)
def test_narrowed_scan_on_pages_with_few_or_no_cues(markup):
    _same(markup)


def test_the_narrowed_search_is_htmldates_own_code_and_gives_its_dates():
    bound = _bound_find_date()
    assert bound is not None
    assert bound.__code__ is core.find_date.__code__
    markup = """<html><body><article><p>Text of the article.</p>
    <div class="post-meta"><span class="date">Published 14 March 2024</span></div>
    </article></body></html>"""
    tree = parse_page(markup)
    options = {"original_date": True, "extensive_search": True}
    assert find_date(tree, **options) == htmldate.find_date(deepcopy(tree), **options)
    assert find_date(tree, **options) == "2024-03-14"


# Elements the search removes before its scan (media, labels, a wayback toolbar), with tails,
# first in their parent and after a sibling, nested in one another, and no date in the markup
# before them: the search gets as far as removing them.
REMOVED = """<html><body><div><video>v<audio>a</audio>after audio</video>after video
<p>Text<svg><g/></svg> tail of svg <label>l</label></p><iframe></iframe>x<picture/>y</div>
<div id="wm-ipp">toolbar</div> after toolbar <span class="date">14 March 2024</span>
<math><mi>x</mi></math><p>Posted on 2 May 2023</p></body></html>"""


@pytest.mark.parametrize("extensive", [True, False])
def test_the_search_leaves_the_tree_as_it_came(extensive):
    from lxml import etree

    tree = parse_page(REMOVED)
    before = etree.tostring(tree)
    options = {"original_date": True, "extensive_search": extensive}
    expected = htmldate.find_date(deepcopy(tree), **options)
    assert find_date(tree, **options) == expected
    assert expected is not None
    assert etree.tostring(tree) == before
    # and a second search on the same tree decides the same
    assert find_date(tree, **options) == expected
    assert etree.tostring(tree) == before


def test_a_failing_search_leaves_the_tree_as_it_came(monkeypatch):
    from lxml import etree

    tree = parse_page(REMOVED)
    before = etree.tostring(tree)

    def fail(*_args, **_kwargs):
        raise ValueError("no date")

    import tuiread.corpus.date_search as date_search

    monkeypatch.setattr(date_search, "narrowed_candidates", fail)  # after the removals
    with pytest.raises(ValueError):
        find_date(tree, original_date=True, extensive_search=True)
    assert etree.tostring(tree) == before
