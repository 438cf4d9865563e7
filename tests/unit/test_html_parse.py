"""The page tree tuiread parses is the tree trafilatura's own loader gives, repairs included."""

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from tuiread.corpus.html_parse import parse_page

PAGES = [
    # characters XML cannot hold, removed before parsing
    "<!DOCTYPE html>\n<html><body><p>a\x01b\x0bc\ufffe</p></body></html>",
    # a doctype with a slash, which libxml2 reads as the end of the document
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"/>\n<html><body><p>x</p></body></html>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd"/><html><body><p>y</p></body></html>',
    # a self-closing <html/>
    "<html/>\n<head><title>t</title></head><body><p>x</p></body>",
    # fragments: one element is not a page, several are wrapped
    "<p>only a fragment</p>",
    "<div><p>one</p></div><div><p>two</p></div>",
    "plain text, no markup at all",
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>é</p></body></html>',
    # a declared charset does not override the text already decoded
    '<html><head><meta charset="iso-8859-1"></head><body><p>café ü 東京</p></body></html>',
    "<html><body><!-- a comment --><p>x<?pi y?></p></body></html>",
    "<!DOCTYPE html>",
    "<html><body><form><input name=q><label>Find</label><select><option>a</select></form>"
    "</body></html>",
]


@pytest.mark.parametrize("markup", PAGES)
def test_same_tree_as_trafilatura(markup):
    ours, theirs = parse_page(markup), load_html(markup)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(
            theirs, encoding="unicode"
        )


def test_every_element_is_an_html_element():
    tree = parse_page(PAGES[-1])
    assert all(isinstance(e, HtmlElement) for e in tree.iter())
    assert tree.find(".//form").text_content() == "Finda"


def test_invalid_characters_are_removed_from_the_text():
    tree = parse_page(PAGES[0])
    assert tree.findtext(".//p") == "abc"


def test_only_noncharacters_and_control_characters_are_invalid():
    from tuiread.corpus.html_parse import _has_invalid_chars

    assert _has_invalid_chars("a\ufffeb".encode()) and _has_invalid_chars("\uffff".encode())
    assert _has_invalid_chars(b"a\x0bb") and _has_invalid_chars("\ufffd\ufffe".encode())
    assert not _has_invalid_chars("\ufffd\uffc0 \t\n\r caf\u00e9".encode())
    assert not _has_invalid_chars(b"\xef\xbf")  # a cut-off sequence at the end
