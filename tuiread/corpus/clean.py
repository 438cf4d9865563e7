"""Cleaning: decide which spans of raw text the reader hides. The text itself is never changed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tuiread.corpus.lines import content_lines, normalise
from tuiread.corpus.model import HiddenSpan, Span
from tuiread.corpus.rules import Rule

# A first line longer than this is the article's opening paragraph, not a headline.
MAX_TITLE_CHARS = 200
# "Title | Section | example.com": the last part names the outlet when it looks like a domain.
_TITLE_SEPARATOR = re.compile(r"\s+[|]\s+")
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+$")


# Patterns whose meaning a combined alternation could change: back-references and conditionals
# count groups the other patterns would shift, and flags other than case-folding apply to the
# whole expression.
_UNSAFE_TO_COMBINE = re.compile(r"\(\?P=|\(\?\(|\\[1-9]|\\g<|\\\(\?P<")
_COMBINABLE_FLAGS = re.IGNORECASE | re.UNICODE


@lru_cache(maxsize=8)
def _any_line_rule(rules: tuple[Rule, ...]) -> re.Pattern[str] | None:
    """One pattern that matches a whole line exactly when one of ``rules`` does: most lines
    match none, and one test tells so instead of one per rule. None when the rules cannot be
    combined safely (then each rule is tried, as always)."""
    parts = []
    for rule in rules:
        source, flags = rule.pattern.pattern, rule.pattern.flags
        if flags & ~_COMBINABLE_FLAGS or _UNSAFE_TO_COMBINE.search(source):
            return None
        for name in rule.pattern.groupindex:  # group names may repeat across rules
            source = source.replace(f"(?P<{name}>", "(?:")
        parts.append(f"(?i:{source})" if flags & re.IGNORECASE else f"(?:{source})")
    try:
        return re.compile("|".join(parts))
    except re.error:  # a pattern with global inline flags, say
        return None


@dataclass(slots=True)
class Cleaned:
    hidden: list[HiddenSpan]
    visible: list[Span]
    title: str | None  # None when the text has no headline line
    source: str | None


def split_title(line: str) -> tuple[str, str | None]:
    """Strip a "| Section | domain" suffix from a headline, returning (title, source)."""
    parts = _TITLE_SEPARATOR.split(line.strip())
    if len(parts) >= 2 and _DOMAIN.match(parts[-1]):
        return parts[0].strip(), parts[-1].strip()
    return line.strip(), None


def clean(
    text: str,
    rules: list[Rule],
    title: str | None = None,
    known: Sequence[HiddenSpan] = (),
) -> Cleaned:
    """Hidden and visible spans of ``text``.

    ``title`` is the headline when the format gives one (HTML, JSON); for plain text the first
    non-empty line is the headline unless it is too long to be one. ``known`` are spans the
    format already hides (an HTML page's chrome): kept, and skipped when looking for the headline.
    """
    # Blank lines play no part: only the non-blank ones, trimmed, are looked at.
    lines, contents = content_lines(text)
    hidden: list[HiddenSpan] = list(known)
    known_starts = {span.start: span.end for span in known}
    source = None

    title_forms: set[str] = set()
    if title:
        title_forms.add(normalise(title))
    if lines:
        first_line = contents[0]
        if title is None and len(first_line) <= MAX_TITLE_CHARS:
            title, source = split_title(first_line)
            title_forms.update({normalise(first_line), normalise(title)})
    line_rules = [r for r in rules if r.scope in ("line", "tail")]
    any_rule = _any_line_rule(tuple(line_rules)) if line_rules else None
    # On a line the format already hides (most of an HTML page's), a rule that hides the line
    # changes nothing; only the first matching rule being a tail rule or one naming the source
    # does, and those are looked for first.
    telling = tuple(r for r in line_rules if r.scope == "tail" or r.names_source)
    any_telling = _any_line_rule(telling) if telling else None
    line_hits: dict[int, Rule] = {}
    for index, content in enumerate(contents):
        line = lines[index]
        hidden_already = known_starts and known_starts.get(line.start, -1) >= line.end
        if hidden_already and (
            not telling or (any_telling is not None and any_telling.fullmatch(content) is None)
        ):
            continue
        if any_rule is not None and any_rule.fullmatch(content) is None:
            continue
        for rule in line_rules:
            match = rule.pattern.fullmatch(content)
            if match is None:
                continue
            line_hits[index] = rule
            if rule.names_source and source is None and match.group("source"):
                source = match.group("source").strip()
            break

    # Headline and its repeats at the top, skipping boilerplate lines between them.
    headline = None
    for index, span in enumerate(lines):
        if index in line_hits and line_hits[index].scope == "line":
            continue
        if known_starts.get(span.start, -1) >= span.end:
            continue
        if normalise(contents[index]) not in title_forms:
            break
        headline = index if headline is None else headline
        reason = "title" if index == headline else "repeated title"
        hidden.append(HiddenSpan(span.start, span.end, reason))

    tail_start = None
    for index, rule in sorted(line_hits.items()):
        span = lines[index]
        if rule.scope == "line":
            hidden.append(HiddenSpan(span.start, span.end, rule.name))
        elif tail_start is None and len(text) - span.start < span.start:
            tail_start = span.start
            hidden.append(HiddenSpan(span.start, len(text), rule.name))

    for rule in rules:
        if rule.scope != "inline":
            continue
        for match in rule.pattern.finditer(text):
            if match.end() > match.start():
                hidden.append(HiddenSpan(match.start(), match.end(), rule.name))

    hidden = _merge(hidden)
    return Cleaned(
        hidden=hidden, visible=_complement(hidden, len(text)), title=title, source=source
    )


def _merge(spans: list[HiddenSpan]) -> list[HiddenSpan]:
    """Sort and merge overlapping hidden spans; the first rule's reason names a merged span."""
    merged: list[HiddenSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = HiddenSpan(last.start, span.end, last.reason)
            continue
        merged.append(span)
    return merged


def _complement(hidden: list[HiddenSpan], length: int) -> list[Span]:
    visible = []
    pos = 0
    for span in hidden:
        if span.start > pos:
            visible.append(Span(pos, span.start))
        pos = max(pos, span.end)
    if pos < length:
        visible.append(Span(pos, length))
    return visible
