"""trafilatura's article text of a parsed page, in its fast mode, at less cost.

``trafilatura.bare_extraction`` on a tree copies the tree first (to leave the caller's
untouched), builds its options anew on each call, copies the cleaned tree once more for the
fallback extractors (which fast mode never runs), and measures the whole page's text through a
third copy to decide whether a short result deserves a retry in recall mode. For the release
range this was written against, the same cascade runs here from trafilatura's own steps on the
caller's tree (which it no longer needs: the page walk and the metadata have read it), with one
copy, options made once, and the page measured in C. The rules deciding the article are
trafilatura's; only the bookkeeping around them differs. Any other release, or a step renamed,
runs ``bare_extraction`` itself.
"""

from __future__ import annotations

import hashlib
import re
from copy import copy
from functools import cache

from lxml import etree
from lxml.html import HtmlElement

from tuiread.corpus.extractor_backup import backup_made_when_read
from tuiread.corpus.extractor_paths import guarded_list, main_pass

# trafilatura's options, except comments: a comment thread is page chrome to a reader.
EXTRACT_OPTIONS = {"include_comments": False, "include_tables": True}
# The releases whose fast cascade (``trafilatura.core.trafilatura_sequence``) the steps below
# follow: 2.3.x, with its recall escalation.
_CASCADE_RELEASE = "2.3."
# trafilatura's raw-tree prunes (infinite-scroll containers, share buttons, comment sections)
# select an element only when its id or class matches one of the expression's own patterns
# (``re:test`` or ``contains`` on ``@id``/``@class``), and their ``re:test`` calls Python for
# each element: a tenth of the extractor's time. The patterns are read from each expression's
# text and looked for in all the page's ids and classes at once; an expression none of them
# matches would find nothing and is not run. Only the expressions read and verified to have
# that form (by the digest of their text) are skipped this way; any other is always run.
_VERIFIED_PRUNES = frozenset(("01e7c660fd6406f2", "3c7afe92279543d5", "9cc18d34e6e2d258"))
_ATTRIBUTE_TESTS = re.compile(r"(re:test|contains)\(@(?:id|class),\s*'([^']*)'\)")
_ATTRIBUTE_VALUES = etree.XPath("//@id | //@class", smart_strings=False)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (``a|(?:b|c)`` gives ``a`` and
    ``(?:b|c)``); a pattern that is one non-capturing group is opened first."""
    parts, depth, start, index, in_class = [], 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), index):  # a "]" first in a class is literal
                index += 2 if pattern[index + 1] == "]" else 3
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    if len(parts) == 1 and pattern.startswith("(?:") and pattern.endswith(")"):
        inner = pattern[3:-1]
        if _alternatives_balanced(inner):
            return _alternatives(inner)
    return parts


def _alternatives_balanced(pattern: str) -> bool:
    """Whether the text inside an outer group is itself balanced (``(?:a)|(?:b)`` is two
    groups, not one)."""
    depth = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
        index += 1
    return depth == 0


def _line_start_search(alternative: str) -> re.Pattern:
    """One alternative, to be searched in the values with a new line before each: a leading
    ``^`` becomes that new line, a literal that the search looks for directly (a pattern
    starting with ``^`` or a choice is otherwise tried at every position)."""
    if alternative.startswith("^") and not alternative.startswith("^(?<"):
        alternative = "\n" + alternative[1:]
    return re.compile(alternative, re.MULTILINE)


@cache
def _selecting_patterns(expression: str) -> tuple[re.Pattern, ...] | None:
    """Patterns of which one matches, in the page's ids and classes each after a new line,
    wherever the expression's tests could select an element; None for an expression not
    verified. Each alternative of each test is its own pattern: a search for one literal is
    fast in C, a search for a choice of many is not (ten times slower on news pages)."""
    if hashlib.sha256(expression.encode()).hexdigest()[:16] not in _VERIFIED_PRUNES:
        return None
    tests = _ATTRIBUTE_TESTS.findall(expression)
    if not tests or len(tests) != expression.count("re:test(") + expression.count("contains("):
        return None
    alternatives: dict[str, None] = {}
    for kind, pattern in tests:
        if kind == "re:test":
            alternatives.update(dict.fromkeys(_alternatives(pattern)))
        else:
            alternatives[re.escape(pattern)] = None
    return tuple(_line_start_search(alternative) for alternative in alternatives)


def _prunes_to_run(expressions: list, values: str) -> list:
    """The expressions that may select an element, given the page's ids and classes joined by
    new lines, in their guarded form (see :mod:`tuiread.corpus.extractor_paths`)."""
    lines = "\n" + values
    return [
        run
        for expression, run in zip(expressions, guarded_list(tuple(expressions)), strict=True)
        if (patterns := _selecting_patterns(expression.path)) is None
        or any(pattern.search(lines) for pattern in patterns)
    ]


@cache
def _steps():
    """trafilatura's module steps and fast-mode options, or None for another release."""
    try:
        import trafilatura
        from trafilatura import core
        from trafilatura.settings import Extractor

        if not trafilatura.__version__.startswith(_CASCADE_RELEASE):
            return None
        options = Extractor(
            fast=True,
            comments=EXTRACT_OPTIONS["include_comments"],
            tables=EXTRACT_OPTIONS["include_tables"],
        )
        steps = (
            core._forum_thread_page,
            core.prune_unwanted_nodes,
            core.RAW_TREE_PRUNE_XPATH,
            core.REMOVE_COMMENTS_AND_LISTS_XPATH,
            core.tree_cleaning,
            core.convert_tags,
            main_pass() or core.extract_content,
            core.baseline,
            core._recall_retry,
            core.xmltotxt,
            core.ESCALATION_MAX_LENGTH,
            core.ESCALATION_PAGE_SHARE,
            core.ESCALATION_ACCEPT_RATIO,
        )
        # the options the steps below read
        for name in ("min_extracted_size", "min_output_size", "formatting", "focus"):
            getattr(options, name)
    except (ImportError, AttributeError):
        return None
    return options, steps


def _page_chars(tree: HtmlElement) -> int:
    """The page's text length as trafilatura's escalation gate measures it (``html2txt``: the
    body's words joined by single spaces, scripts left out), from one C string of the body."""
    body = tree.find("body")
    root = body if body is not None else tree
    scripts = sum(len(" ".join(s.text.split())) + 1 for s in root.iter("script") if s.text)
    return max(len(" ".join(root.xpath("string()").split())) - scripts, 0)


def _cascade(tree: HtmlElement) -> str:
    """trafilatura's fast cascade (``trafilatura_sequence`` with comments off) on ``tree``."""
    options, steps = _steps()
    (
        is_forum,
        prune,
        raw_prune,
        comment_prune,
        tree_cleaning,
        convert_tags,
        extract_content,
        baseline,
        recall_retry,
        xmltotxt,
        max_length,
        page_share,
        accept_ratio,
    ) = steps
    forum = is_forum(tree)
    values = "\n".join(_ATTRIBUTE_VALUES(tree))
    tree = prune(tree, _prunes_to_run(raw_prune, values))
    if not forum:
        tree = prune(tree, _prunes_to_run(comment_prune, values))
    pruned = tree

    def clean() -> HtmlElement:
        return convert_tags(tree_cleaning(copy(pruned), options), options, None)

    cleaned = clean()
    # the main pass's backup of the cleaned tree, if it reads one, is the same recipe run again
    with backup_made_when_read(cleaned, clean):
        body, text = extract_content(cleaned, options)
    if len(text) < options.min_extracted_size:
        # the rescue on the uncleaned tree, taken only if it adds text
        rescued, rescued_text, rescued_length = baseline(tree)
        if rescued_length > len(text):
            body, text = rescued, rescued_text
    if 0 < len(text) < max_length and len(text) < page_share * _page_chars(tree):
        retry_options = copy(options)
        retry_options.focus = "recall"
        try:
            retried, retried_text = recall_retry(tree, retry_options, None)
        except (ValueError, TypeError, etree.LxmlError):
            retried, retried_text = body, ""  # trafilatura keeps the first result too
        if len(retried_text) >= options.min_extracted_size and len(retried_text) > (
            accept_ratio * len(text)
        ):
            body, text = retried, retried_text
    if len(text) < options.min_output_size:
        return ""
    return xmltotxt(body, options.formatting) or ""


def extract_text(tree: HtmlElement, fast: bool) -> str:
    """trafilatura's article text of the page ('' when it finds none).

    ``fast`` runs without the fallback extractors; it may prune ``tree`` in place (elements
    trafilatura deletes in every pass), so a second run on the same tree decides the same."""
    import trafilatura

    try:
        if fast and _steps() is not None:
            return _cascade(tree)
        document = trafilatura.bare_extraction(tree, fast=fast, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, etree.LxmlError):
        return ""
    return (document.text or "") if document is not None else ""
