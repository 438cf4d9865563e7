"""trafilatura's expressions in their guarded form select the same elements, calling Python for
elements that have the tested attribute only."""

from __future__ import annotations

import pytest
from lxml import etree

from tuiread.corpus.extractor_paths import REGEXP_NS, guarded, guarded_path, main_pass
from tuiread.corpus.html_parse import parse_page

trafilatura = pytest.importorskip("trafilatura")

PAGE = """<html><body>
<div id="main"><article class="post-content"><p class="lead">The lead paragraph.</p>
<p>A paragraph without any attribute.</p><div class="share-buttons">Share</div>
<span style="display:none" id="x-hidden">hidden</span><div class="">empty class</div>
<p class="FullText">case</p></article></div>
<footer id="footer"><ul class="menu nav"><li>Home</li></ul></footer>
<div id="a" class="b"><div class="sidebar related">rail</div></div>
</body></html>"""


def _ids(elements) -> list[str]:
    return [etree.tostring(e)[:60] for e in elements]


def test_guard_put_before_each_attribute_test():
    path = ".//*[re:test(@class, 'foo|bar') or re:test(@id|@class, '^x') or @role='y']"
    assert guarded_path(path) == (
        ".//*[(@class and re:test(@class, 'foo|bar')) or "
        "(@id|@class and re:test(@id|@class, '^x')) or @role='y']"
    )


def test_pattern_matching_empty_text_left_unguarded():
    # on an element without the attribute this test is true: a guard would change the result
    path = ".//*[re:test(@class, 'x?')]"
    assert guarded_path(path) == path
    tree = parse_page("<html><body><p>a</p><p class='z'>b</p></body></html>")
    expression = etree.XPath(path, namespaces={"re": REGEXP_NS})
    assert len(guarded(expression)(tree)) == len(expression(tree)) > 1


def test_guarded_expressions_select_the_same_elements():
    from trafilatura import xpaths

    tree = parse_page(PAGE)
    lists = [
        xpaths.BODY_XPATH,
        xpaths.OVERALL_DISCARD_XPATH,
        xpaths.PRECISION_DISCARD_XPATH,
        xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH,
        xpaths.AUTHOR_XPATHS,
    ]
    changed = 0
    for expressions in lists:
        for expression in expressions:
            rewritten = guarded(expression)
            changed += rewritten is not expression
            assert _ids(rewritten(tree)) == _ids(expression(tree)), expression.path
    assert changed >= 5


def test_guarded_expressions_call_python_less():
    calls = []

    def counting_test(_context, value, pattern, flags=""):
        calls.append(value)
        return False

    namespace = etree.FunctionNamespace("urn:test-counting")
    namespace["test"] = counting_test
    try:
        path = ".//*[re:test(@class, 'nothing-here')]"
        tree = parse_page(PAGE)
        for text in (path, guarded_path(path)):
            etree.XPath(text.replace("re:", "c:"), namespaces={"c": "urn:test-counting"})(tree)
        elements = len(list(tree.iter()))
        with_class = len(tree.xpath("//*[@class]"))
        assert calls[: elements - 1].count([]) > 0  # the plain test is called without a class
        assert len(calls) == elements - 1 + with_class
    finally:
        del namespace["test"]


def test_main_pass_is_trafilaturas_code_with_guarded_expressions():
    from trafilatura import main_extractor

    extract_content = main_pass()
    assert extract_content is not None
    assert extract_content.__code__ is main_extractor.extract_content.__code__
    names = extract_content.__globals__
    assert names is not vars(main_extractor)
    assert names["OVERALL_DISCARD_XPATH"][0].path != main_extractor.OVERALL_DISCARD_XPATH[0].path
    # trafilatura itself is left as it is
    assert "(@class and" not in main_extractor.OVERALL_DISCARD_XPATH[0].path
