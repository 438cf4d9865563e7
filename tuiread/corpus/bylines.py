"""A page's byline from its markup, in one pass over the elements that may carry a mark.

Where a page's meta tags and JSON-LD name no author, the byline is in the markup: an element
marked ``rel=author``, ``itemprop=author`` or a class such as ``byline`` / ``author-name``.
The marks are trafilatura's author expressions (most specific first, then generic, then any
element), followed by tuiread's own byline marks; they are checked here in a single pass over
the candidates, because as XPath expressions with regular-expression tests they cost a quarter
of a page's reading time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from lxml.html import HtmlElement

# trafilatura's limit on an author expression's text (its ``len_limit``).
MAX_MARKED_CHARS = 120
# A byline is a few names; longer text under tuiread's own marks is a bio or a whole box.
MAX_BYLINE_CHARS = 80
_BY = re.compile(r"^(?:by|von|par|por|di|door)\s+", re.IGNORECASE)

_SPECIFIC_TAGS = frozenset("a address div link p span strong".split())
_SPECIFIC_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_GENERIC_TAGS = frozenset("a div h3 h4 p span".split())
_GENERIC_CLASSES = frozenset(("byline", "username", "byl", "BBL"))
_GENERIC_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ANY_ID = re.compile(r"[Aa]uthor")
_ANY_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")


def _specific(tag: str, get: Callable[[str], str]) -> bool:
    if tag == "author":
        return True
    if tag not in _SPECIFIC_TAGS:
        return False
    cls = get("class")
    return (
        get("rel") == "author"
        or get("id") == "author"
        or cls == "author"
        or get("itemprop") == "author name"
        or get("data-testid") in ("AuthorCard", "AuthorURL")
        or bool(_SPECIFIC_CLASS.search(cls))
    )


def _generic(tag: str, get: Callable[[str], str]) -> bool:
    if tag not in _GENERIC_TAGS:
        return False
    cls = get("class")
    return (
        cls in _GENERIC_CLASSES
        or "author" in get("itemprop")
        or bool(_GENERIC_ID.search(get("id")))
        or bool(_GENERIC_CLASS.search(cls))
    )


def _any(tag: str, get: Callable[[str], str]) -> bool:
    return (
        "Byline" in get("data-component")
        or "author" in get("itemprop")
        or bool(_ANY_ID.search(get("id")))
        or bool(_ANY_CLASS.search(get("class")))
    )


def _own(tag: str, get: Callable[[str], str]) -> bool:
    if tag in ("meta", "link"):
        return False
    cls = get("class")
    return (
        get("rel") == "author"
        or get("itemprop") == "author"
        or "byline" in cls
        or "author-name" in cls
        or "author__name" in cls
    )


_TIERS = (_specific, _generic, _any)

# What every accepting test above needs of an element, checked first: most of a page's elements
# fail here and the tests are not run on them. "uthor" stands for author, Author,
# authorName..., "byl"/"Byl" for byline, Byline, byl; an element with ``rel``, ``itemprop``,
# ``data-testid`` or ``data-component`` is always tested.
_ID_MARK = re.compile("uthor|zuozhe|bianji|xiaobian")
_CLASS_MARK = re.compile(
    "uthor|byl|Byl|username|BBL|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by"
    "|journalist-name|screenname|writer"
)
_MARKS = {"class": _CLASS_MARK, "id": _ID_MARK}
# The attributes the check reads, and ``author`` elements, in document order, from one query
# in C: half the time of visiting every element from Python to read its attributes.
_MARK_SOURCES = etree.XPath(
    "//@class | //@id | //@rel | //@itemprop | //@data-testid | //@data-component | //author"
)


def _candidates(tree: HtmlElement) -> list[HtmlElement]:
    """The elements that may carry a byline mark, in document order, each once."""
    found: list[HtmlElement] = []
    for item in _MARK_SOURCES(tree):
        if isinstance(item, str):  # an attribute's value (lxml's string with its element)
            mark = _MARKS.get(item.attrname)
            if mark is not None and not mark.search(item):
                continue
            item = item.getparent()
        if not found or found[-1] is not item:
            found.append(item)
    return found


def marked_byline(tree: HtmlElement) -> tuple[str | None, str | None]:
    """(the first marked author text by trafilatura's marks, the first by tuiread's own marks).

    The first is the text of the first element of the most specific tier that has text of 3 to
    119 characters, as trafilatura's expressions give it; the second a short text with letters
    under a byline mark, with a leading "By" removed.
    """
    tiers: list[str | None] = [None] * len(_TIERS)
    own: str | None = None
    for element in _candidates(tree):
        tag = element.tag
        attrib = element.attrib

        def get(name: str, attrib=attrib) -> str:
            return attrib.get(name) or ""

        for rank, test in enumerate(_TIERS):
            if tiers[rank] is None and test(tag, get):
                text = " ".join(" ".join(element.itertext()).split())
                if 2 < len(text) < MAX_MARKED_CHARS:
                    tiers[rank] = text
        if own is None and _own(tag, get):
            text = " ".join(element.text_content().split())
            if text and len(text) <= MAX_BYLINE_CHARS and any(c.isalpha() for c in text):
                own = _BY.sub("", text)
        if tiers[0] is not None and own is not None:
            break
    marked = next((text for text in tiers if text is not None), None)
    return marked, own
