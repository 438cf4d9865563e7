"""trafilatura's XPath expressions in an equivalent form that calls Python less, and its main
pass run with them.

trafilatura selects elements with tests such as ``re:test(@class, 'footer|menu|...')``: lxml
calls a Python function for every element the test is reached on, with the empty string for an
element without the attribute (most of a page's). A pattern that cannot match the empty string
selects none of those, so ``(@class and re:test(@class, ...))`` selects the same elements and
calls Python only where the attribute is present: XPath's ``and`` does not evaluate its right
side when the left is false. On news pages this takes a third off the time of the main pass's
selections (the article container, the boilerplate sections).

The main pass (``extract_content`` and the functions it calls that read the expressions) runs
as trafilatura's own code, bound to a copy of its module's names in which the expressions are
the guarded ones, and its backup of the cleaned tree is made only when read (see
:mod:`tuiread.corpus.extractor_backup`): trafilatura itself, for any other caller, is left as it
is.
"""

from __future__ import annotations

import copy as copy_module
import re
import types
from functools import cache

from lxml import etree

from tuiread.corpus.extractor_backup import deferred_deepcopy, resolving

# The namespace trafilatura's expressions give the ``re:`` prefix (EXSLT regular expressions).
REGEXP_NS = "http://exslt.org/regular-expressions"
# ``re:test(ARGUMENT, 'PATTERN')`` or with flags, where ARGUMENT is an attribute or a union of
# attributes of the context element: the forms whose value is empty when no attribute is there.
_REGEXP_TEST = re.compile(
    r"re:test\((@[\w-]+(?:\s*\|\s*@[\w-]+)*),\s*'([^']*)'(?:,\s*'([a-z]*)')?\)"
)
# The main-pass functions that read the expressions or call one that does.
_MAIN_PASS = ("prune_unwanted_sections", "_extract", "recover_wild_text", "extract_content")


def _matches_nothing_empty(pattern: str, flags: str | None) -> bool:
    """Whether ``pattern`` (as lxml compiles it for ``re:test``) cannot match the empty string."""
    try:
        compiled = re.compile(pattern, re.IGNORECASE if flags and "i" in flags else 0)
    except re.error:
        return False
    return compiled.search("") is None


def guarded_path(path: str) -> str:
    """The expression's text with each regular-expression test on attributes behind a test
    that the attributes are present (only for patterns that never match an empty value)."""

    def guard(match: re.Match) -> str:
        argument, pattern, flags = match.groups()
        if not _matches_nothing_empty(pattern, flags):
            return match.group(0)
        return f"({argument} and {match.group(0)})"

    return _REGEXP_TEST.sub(guard, path)


def guarded(expression: etree.XPath) -> etree.XPath:
    """``expression`` with its regular-expression tests guarded (itself when none is)."""
    path = guarded_path(expression.path)
    if path == expression.path:
        return expression
    try:
        return etree.XPath(path, namespaces={"re": REGEXP_NS})
    except etree.XPathSyntaxError:  # a prefix other than re: the original, as it is
        return expression


def _guarded_value(value: object) -> object:
    if isinstance(value, etree.XPath):
        return guarded(value)
    if isinstance(value, list) and value and all(isinstance(v, etree.XPath) for v in value):
        return [guarded(v) for v in value]
    return value


@cache
def guarded_list(expressions: tuple[etree.XPath, ...]) -> tuple[etree.XPath, ...]:
    """The guarded forms of a list of trafilatura's expressions, made once."""
    return tuple(guarded(e) for e in expressions)


@cache
def main_pass():
    """trafilatura's ``extract_content`` bound to the guarded expressions, or None when its
    main pass does not have the functions named above."""
    from trafilatura import main_extractor

    module = vars(main_extractor)
    functions = [module.get(name) for name in _MAIN_PASS]
    if not all(isinstance(f, types.FunctionType) for f in functions):
        return None
    names = {name: _guarded_value(value) for name, value in module.items()}
    for name, function in zip(_MAIN_PASS, functions, strict=True):
        copy = types.FunctionType(
            function.__code__, names, function.__name__, function.__defaults__, function.__closure__
        )
        copy.__kwdefaults__ = function.__kwdefaults__
        names[name] = copy
    if names.get("deepcopy") is copy_module.deepcopy:
        names["deepcopy"] = deferred_deepcopy
        names["recover_wild_text"] = resolving(names["recover_wild_text"])
    return names["extract_content"]
