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

Before its element scan, ``find_date`` deep-copies the caller's tree to remove media and form
elements from the copy (about half of news pages get that far; the copy costs a quarter of a
parse). Those removals are its only changes to the tree, so here they are made on the tree
itself and recorded, and undone in reverse order when the search ends: the tree is handed back
element for element as it came, text and tails included.
"""

from __future__ import annotations

import re
import threading
import types
from copy import deepcopy
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


class _Removals:
    """The elements the search removed from the caller's tree, with what each removal changed,
    so that they can be put back."""

    def __init__(self) -> None:
        # ("text" | "tail", element, old value) or ("child", parent, index, element)
        self.steps: list[tuple] = []

    def remove(self, element) -> None:
        """``parent.remove(element)``, recorded (the element's tail leaves with it)."""
        parent = element.getparent()
        if parent is None:
            return
        self.steps.append(("child", parent, parent.index(element), element))
        parent.remove(element)

    def drop_tree(self, element) -> None:
        """lxml.html's ``drop_tree``, recorded: the tail stays, joined to what is before."""
        parent = element.getparent()
        assert parent is not None  # as drop_tree itself
        tail = element.tail
        if tail:
            previous = element.getprevious()
            if previous is None:
                self.steps.append(("text", parent, parent.text))
                parent.text = (parent.text or "") + tail
            else:
                self.steps.append(("tail", previous, previous.tail))
                previous.tail = (previous.tail or "") + tail
        self.remove(element)

    def undo(self) -> None:
        for step in reversed(self.steps):
            if step[0] == "child":
                _, parent, index, element = step
                parent.insert(index, element)
            elif step[0] == "text":
                step[1].text = step[2]
            else:
                step[1].tail = step[2]
        self.steps.clear()


# The running search's removals, per thread (the app reads pages in workers).
_running = threading.local()


def _removals() -> _Removals:
    return _running.removals


def _clean_html(tree, elemlist):
    """htmldate's ``clean_html`` (``drop_tree`` of each listed element), recorded."""
    removals = _removals()
    for element in tree.iter(elemlist):
        removals.drop_tree(element)
    return tree


def _discard_unwanted(tree, expression):
    """htmldate's ``discard_unwanted`` (``remove_if_attached`` of each match), recorded."""
    removals = _removals()
    for element in expression(tree):
        removals.remove(element)
    return tree


def _same_tree(tree):
    """The search's copy of the caller's tree: the tree itself, its removals recorded."""
    return tree


@cache
def _bound_find_date():
    """htmldate's ``find_date`` with the narrowed scan, or None for another release."""
    try:
        import htmldate
        from htmldate import core, extractors, utils
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
        and names.get("deepcopy") is deepcopy
        and names.get("clean_html") is utils.clean_html
        and names.get("discard_unwanted") is extractors.discard_unwanted
        and isinstance(getattr(extractors, "DISCARD_EXPRESSIONS", None), etree.XPath)
    ):
        return None
    original = names["date_candidates"]

    def date_candidates(tree, extensive_search):
        if not extensive_search:
            return original(tree, extensive_search)
        return narrowed_candidates(tree, test)

    bound = dict(names)
    bound["date_candidates"] = date_candidates
    discard = extractors.DISCARD_EXPRESSIONS
    bound["deepcopy"] = _same_tree
    bound["clean_html"] = _clean_html
    bound["discard_unwanted"] = lambda tree: _discard_unwanted(tree, discard)
    copy = types.FunctionType(
        function.__code__, bound, function.__name__, function.__defaults__, function.__closure__
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy


def find_date(tree, **options) -> str | None:
    """htmldate's ``find_date(tree, **options)``, with the narrowed scan where it applies;
    ``tree`` is as it was when the search ends."""
    bound = _bound_find_date()
    if bound is None:
        from htmldate import find_date as original

        return original(tree, **options)
    outer = getattr(_running, "removals", None)
    removals = _running.removals = _Removals()
    try:
        return bound(tree, **options)
    finally:
        _running.removals = outer
        removals.undo()
