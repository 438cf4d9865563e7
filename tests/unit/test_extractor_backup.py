"""The main pass's backup of the cleaned tree is made only when read, and the main pass decides
the same with it as trafilatura's own ``extract_content`` with its deep copy."""

from __future__ import annotations

from copy import copy, deepcopy

import pytest
from lxml import etree

from tuiread.corpus.extractor_backup import (
    DeferredTree,
    backup_made_when_read,
    deferred_deepcopy,
)
from tuiread.corpus.extractor_paths import main_pass
from tuiread.corpus.html_parse import parse_page

trafilatura = pytest.importorskip("trafilatura")

# An article container the main pass takes: the backup is never read.
FOUND = """<html><body><nav><a href="/">Home</a></nav><article><h1>Headline</h1>
<p>The first paragraph of the article, long enough to be read as the article's own text by the
extractor, with a few more words to make sure of it.</p>
<p>The second paragraph carries on with the story, again with enough words to count as prose
that a reader wants to see on the page.</p></article></body></html>"""
# Paragraphs loose in the page, outside any container the main pass looks for, and too short for
# it: the recovery of wild text reads the backup.
WILD = """<html><body><div class="x"><span>Short.</span></div>
<table><tr><td><p>A paragraph in a layout table, which the recovery of wild text reads.</p>
</td></tr></table><p>Another loose paragraph of a few words.</p></body></html>"""


def _cleaned(markup: str):
    from trafilatura.core import convert_tags, tree_cleaning
    from trafilatura.settings import Extractor

    options = Extractor(fast=True, comments=False, tables=True)
    tree = parse_page(markup)

    def clean():
        return convert_tags(tree_cleaning(copy(tree), options), options, None)

    return clean, options


def _text(body) -> str:
    return etree.tostring(body, encoding="unicode")


@pytest.mark.parametrize(("markup", "reads_backup"), [(FOUND, False), (WILD, True)])
def test_main_pass_with_a_deferred_backup_decides_as_trafilatura(markup, reads_backup):
    from trafilatura import main_extractor

    clean, options = _cleaned(markup)
    expected_body, expected_text = main_extractor.extract_content(clean(), options)
    made = []

    def remake():
        made.append(True)
        return clean()

    cleaned = clean()
    with backup_made_when_read(cleaned, remake):
        body, text = main_pass()(cleaned, options)
    assert text == expected_text
    assert _text(body) == _text(expected_body)
    assert bool(made) is reads_backup
    assert text  # both pages have an article


def test_only_the_registered_tree_is_deferred_and_only_once():
    tree = parse_page(FOUND)
    other = parse_page(WILD)
    with backup_made_when_read(tree, lambda: deepcopy(tree)):
        assert not isinstance(deferred_deepcopy(other), DeferredTree)
        deferred = deferred_deepcopy(tree)
        assert isinstance(deferred, DeferredTree)
        again = deferred_deepcopy(tree)
        assert not isinstance(again, DeferredTree) and again is not tree
    assert deferred.resolve() is deferred.resolve()
    assert [e.tag for e in deferred.iter()] == [e.tag for e in tree.iter()]
    # outside the block every copy is a real one
    assert not isinstance(deferred_deepcopy(tree), DeferredTree)
