"""Parsing a page into the lxml tree that both tuiread's page walk and trafilatura read.

The tree is what trafilatura's ``load_html`` gives (same libxml2 options, the same repairs, the
same document-or-fragment rule of ``lxml.html.fromstring``), made cheaper in three ways:

- elements are ``HtmlElement`` through a lookup that runs in C: lxml.html's default lookup is
  a Python function called each time Python touches an element (a million calls over a
  couple of hundred pages), only to give form controls their own classes, which nothing here
  uses;
- the text is handed to libxml2 as UTF-8 bytes, which it reads without converting;
- characters XML cannot hold are looked for in those bytes (a C scan) before a regular
  expression removes them, which it rarely has to.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

# trafilatura's parser settings (``trafilatura.utils.HTML_PARSER``).
_PARSER = lxml.html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=HtmlComment,
        pi=HtmlProcessingInstruction,
        entity=HtmlEntity,
    )
)

# The repairs of trafilatura's ``repair_faulty_html``: characters XML cannot hold; a doctype
# with a slash that makes libxml2 drop the page (lxml bug 1955915); a self-closing <html/>.
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_INVALID_XML_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
# U+FFFE and U+FFFF in UTF-8: their common start (that of U+FFC0 to U+FFFF) and last bytes.
_SPECIALS_START = b"\xef\xbf"
_INVALID_XML_LAST = (0xBE, 0xBF)
_DOCTYPE_TAG = re.compile("^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)
_FAULTY_HTML = re.compile(r"(<html.*?)\s*/>", re.IGNORECASE)
# Lines at the top of the page where a self-closing <html/> is looked for, and their reach.
_HTML_TAG_LINES = 4
_HTML_TAG_REACH = 4096
# The start of the page where "html" (a tag or a doctype) is looked for.
_BEGINNING = 50


def _has_invalid_chars(data: bytes) -> bool:
    if len(data.translate(None, _INVALID_XML_BYTES)) != len(data):
        return True
    # one scan for the start the two characters share (then rare: U+FFFD is the most common)
    at = data.find(_SPECIALS_START)
    while at >= 0:
        if at + 2 < len(data) and data[at + 2] in _INVALID_XML_LAST:
            return True
        at = data.find(_SPECIALS_START, at + 2)
    return False


def _repaired(markup: str, beginning: str) -> str:
    """``markup`` itself when nothing needs repairing."""
    if "doctype" in beginning:
        first, newline, rest = markup.partition("\n")
        fixed = _DOCTYPE_TAG.sub("", first, count=1)
        if fixed != first or not newline:
            markup = fixed + "\n" + rest
    for line in markup[:_HTML_TAG_REACH].splitlines()[:_HTML_TAG_LINES]:
        if "<html" in line and line.endswith("/>"):
            return _FAULTY_HTML.sub(r"\1>", markup, count=1)
    return markup


def parse_page(markup: str) -> HtmlElement | None:
    """The page's tree, or None when the text is not HTML (trafilatura's test: no "html" at the
    start and fewer than two top elements)."""
    beginning = markup[:_BEGINNING].lower()
    data = markup.encode("utf-8", "surrogatepass")
    invalid = _has_invalid_chars(data)
    if invalid:
        markup = _INVALID_XML_CHARS.sub("", markup)
    repaired = _repaired(markup, beginning)
    if invalid or repaired is not markup:
        data = repaired.encode("utf-8", "surrogatepass")
    try:
        tree = lxml.html.fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if not isinstance(tree, HtmlElement):
        return None
    if "html" not in beginning and len(tree) < 2:
        return None
    return tree
