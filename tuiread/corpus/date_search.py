"""htmldate's date search, with its scan for date-bearing elements made on attributes.

When a page's metadata gives no date, htmldate's ``find_date`` looks for one in the page's
elements: in its extensive mode, every element is passed to a Python test (``is_date_candidate``)
of its id, class and itemprop against a few cue words, a third of the search's time on news
pages. Every cue is a literal word (or two spellings of one), so an element can only pass the
test when one of those attributes contains one of the words, or when it is a ``footer`` or a
``small`` (always candidates): the attribute values, listed in C in document order, are searched
for the words, and htmldate's own test decides among the (few) elements they belong to. The
cues are those of the release this was written against; any other release, or cues that
differ, runs ``find_date`` itself. htmldate, for any other caller, is left as it is.
"""

from __future__ import annotations

import re
import types
from functools import cache

from lxml import etree

# htmldate's cues (``htmldate.core``), as the patterns read, and the literal words each matches.
_ID_CLASS_CUES = "[Mm]eta|time|publish|footer"
_CLASS_CUES = (
    "info|post_detail|block-content|byline|subline|posted|submitted|created-post|"
    "publication|author|autor|field-content|fa-clock-o|fa-calendar|fecha|parution"
)
_ALWAYS_TAGS = frozenset({"footer", "small"})
# "date" or "datum" in the first of id and class, or in itemprop, once "D" is read as "d".
_DATE_WORDS = ("date", "Date", "datum", "Datum")
_ID_CLASS_WORDS = ("Meta", "meta", "time", "publish", "footer")
_CLASS_WORDS = tuple(_CLASS_CUES.split("|"))
# The id the test also looks for ("footer-info-lastmod") contains "footer", one of the words.
# Any word in any of the three attributes: a superset (the first of id and class is not told
# apart from the second, nor class-only words from the others), which the test then narrows.
_CUE = re.compile("|".join(map(re.escape, _DATE_WORDS + _ID_CLASS_WORDS + _CLASS_WORDS)))
# The always-candidate elements and the attributes tested, in document order (an element
# before its attributes); the context's own attributes are among them and are left out.
_ELEMENTS_AND_CUES = etree.XPath(".//footer | .//small | .//@id | .//@class | .//@itemprop")


def narrowed_candidates(tree, test) -> list:
    """The descendants of ``tree`` that htmldate's ``date_candidates`` in extensive mode gives,
    in the same order, with ``test`` (its ``is_date_candidate``) called on few of them."""
    found = []
    last = None
    search = _CUE.search
    for item in _ELEMENTS_AND_CUES(tree):
        if isinstance(item, str):  # an attribute's value (lxml's string knows its element)
            if search(item) is None:
                continue
            element = item.getparent()
            if element is tree:
                continue
        else:
            element = item
        if element is last:  # one element's attributes are listed together
            continue
        last = element
        if element.tag in _ALWAYS_TAGS or test(element):
            found.append(element)
    return found


@cache
def _bound_find_date():
    """htmldate's ``find_date`` with the narrowed scan, or None for another release."""
    try:
        import htmldate
        from htmldate import core
    except ImportError:
        return None
    names = vars(core)
    function = names.get("find_date")
    test = names.get("is_date_candidate")
    if not (
        htmldate.__version__.startswith("1.11.")
        and isinstance(function, types.FunctionType)
        and isinstance(test, types.FunctionType)
        and getattr(names.get("ID_CLASS_CUES"), "pattern", None) == _ID_CLASS_CUES
        and getattr(names.get("CLASS_CUES"), "pattern", None) == _CLASS_CUES
        and names.get("ALWAYS_TAGS") == _ALWAYS_TAGS
        and isinstance(names.get("date_candidates"), types.FunctionType)
    ):
        return None
    original = names["date_candidates"]

    def date_candidates(tree, extensive_search):
        if not extensive_search:
            return original(tree, extensive_search)
        return narrowed_candidates(tree, test)

    bound = dict(names)
    bound["date_candidates"] = date_candidates
    copy = types.FunctionType(
        function.__code__, bound, function.__name__, function.__defaults__, function.__closure__
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy


def find_date(tree, **options) -> str | None:
    """htmldate's ``find_date(tree, **options)``, with the narrowed scan where it applies."""
    bound = _bound_find_date()
    if bound is None:
        from htmldate import find_date as original

        return original(tree, **options)
    return bound(tree, **options)
