"""Cleaning's and segmenting's line handling: line and whitespace spans, the trimmed non-blank
lines, the visible pieces of each line, and the one-pattern test for line rules giving the same
spans as trying each rule."""

import re

from hypothesis import given
from hypothesis import strategies as st

from tuiread.corpus import clean as clean_module
from tuiread.corpus.clean import clean
from tuiread.corpus.lines import content_lines, line_spans, strip_span
from tuiread.corpus.model import HiddenSpan, Span
from tuiread.corpus.rules import Rule
from tuiread.corpus.segment import visible_lines

_TEXT = st.text(alphabet="ab .\n\r\t\u00a0\u2028\u3000", max_size=30)


@given(_TEXT)
def test_line_spans_cover_each_line_without_its_ending(text):
    spans = line_spans(text)
    assert len(spans) == text.count("\n") + 1
    for span, line in zip(spans, text.split("\n"), strict=True):
        assert text[span.start : span.end] == line.removesuffix("\r")


@given(_TEXT, st.integers(0, 30), st.integers(0, 30))
def test_strip_span_trims_what_isspace_calls_space(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    span = strip_span(text, start, end)
    piece = text[span.start : span.end]
    assert start <= span.start <= span.end <= end
    assert piece == text[start:end].strip()
    if not piece:
        assert span.start == span.end == end


def _rules() -> list[Rule]:
    return [
        Rule("credit", "line", re.compile(r"Photo credit\s*:.*", re.IGNORECASE)),
        Rule("most read", "line", re.compile(r"Most Read from (?P<source>\S.*?)")),
        Rule("discover", "line", re.compile(r"Discover more from (?P<source>\S.*?)")),
        Rule("related", "tail", re.compile(r"Related (?:posts|stories)\s*:?")),
        Rule("ad", "inline", re.compile(r"ADVERTISEMENT")),
    ]


LINES = [
    "Headline of the day",
    "PHOTO CREDIT: Jane Roe",
    "Most Read from Example News",
    "Discover more from Other Outlet",
    "A paragraph of prose. ADVERTISEMENT It goes on.",
    "Related stories:",
    "Tail text after the related list.",
    "",
    "   ",
]


@given(st.lists(st.sampled_from(LINES), max_size=12))
def test_one_pattern_hides_what_each_rule_hides(lines):
    text = "\n".join(lines)
    rules = _rules()
    combined = clean(text, rules)
    clean_module._any_line_rule.cache_clear()
    original = clean_module._any_line_rule
    try:
        clean_module._any_line_rule = lambda rules: None  # each rule tried on each line
        each = clean(text, rules)
    finally:
        clean_module._any_line_rule = original
    assert combined == each


@given(st.lists(st.tuples(st.sampled_from(LINES), st.booleans()), max_size=12))
def test_lines_the_format_hides_give_what_every_rule_tried_gives(lines):
    """An HTML page's chrome lines are hidden already: only a tail rule or one naming the
    source is looked for on them, and the spans, reasons, title and source are the same."""
    text = "\n".join(line for line, _ in lines)
    known, pos = [], 0
    for line, hide in lines:
        if hide and line.strip():
            known.append(HiddenSpan(pos, pos + len(line), "page chrome"))
        pos += len(line) + 1
    rules = _rules()
    shortcut = clean(text, rules, title="Headline of the day", known=known)
    clean_module._any_line_rule.cache_clear()
    original = clean_module._any_line_rule
    try:
        clean_module._any_line_rule = lambda rules: None  # each rule tried on each line
        each = clean(text, rules, title="Headline of the day", known=known)
    finally:
        clean_module._any_line_rule = original
    assert shortcut == each


def test_a_hidden_line_still_names_the_source_and_starts_a_tail():
    lines = ["Menu", "Headline of the day", "Prose one.", "Most Read from Example News",
             "Prose two.", "Related stories:", "Tail text after the related list."]
    text = "\n".join(lines)
    known = []
    for line in ("Menu", "Most Read from Example News", "Related stories:"):
        start = text.index(line)
        known.append(HiddenSpan(start, start + len(line), "page chrome"))
    cleaned = clean(text, _rules(), title="Headline of the day", known=known)
    assert cleaned.source == "Example News"
    tail = text.index("Related stories:")
    assert HiddenSpan(tail, len(text), "related") in cleaned.hidden
    assert "Tail text" not in "".join(text[v.start : v.end] for v in cleaned.visible)


def test_rules_that_cannot_be_combined_are_tried_one_by_one():
    backref = Rule("doubled", "line", re.compile(r"(\w+) \1"))
    verbose = Rule("spaced", "line", re.compile(r"a b", re.VERBOSE))
    global_flag = Rule("global", "line", re.compile(r"(?i)shout"))
    assert clean_module._any_line_rule((backref,)) is None
    assert clean_module._any_line_rule((verbose,)) is None
    assert clean_module._any_line_rule((global_flag,)) is None
    text = "Intro line here\nword word\nab\nSHOUT"
    hidden = clean(text, [backref, verbose, global_flag]).hidden
    assert [(text[h.start : h.end], h.reason) for h in hidden] == [
        ("Intro line here", "title"),
        ("word word", "doubled"),
        ("ab", "spaced"),
        ("SHOUT", "global"),
    ]
    assert clean_module._any_line_rule(tuple(_rules()[:4])) is not None


_SPACES = "ab .\n\r\t\u00a0\u2028\u3000\x85\x0c"


@given(st.text(alphabet=_SPACES, max_size=40))
def test_content_lines_are_the_trimmed_non_blank_lines(text):
    trimmed = [strip_span(text, s.start, s.end) for s in line_spans(text)]
    expected = [s for s in trimmed if s.end > s.start]
    spans, contents = content_lines(text)
    assert spans == expected
    assert contents == [text[s.start : s.end] for s in expected]


def _visible_lines_line_by_line(text, visible):
    """The definition: each line cut by each visible span, trimmed, empty pieces left out."""
    result = []
    for line in line_spans(text):
        pieces = []
        for span in visible:
            start, end = max(span.start, line.start), min(span.end, line.end)
            if start < end:
                piece = strip_span(text, start, end)
                if piece.end > piece.start:
                    pieces.append(piece)
        result.append(pieces)
    return result


@given(
    st.text(alphabet=_SPACES + "\n\n", max_size=40),
    st.lists(st.integers(0, 40), max_size=8, unique=True),
)
def test_visible_lines_match_the_line_by_line_definition(text, cuts):
    bounds = sorted(min(c, len(text)) for c in cuts)
    visible = [Span(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False) if a < b]
    assert visible_lines(text, visible) == _visible_lines_line_by_line(text, visible)
