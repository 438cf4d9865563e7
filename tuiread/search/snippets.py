"""Snippets: the few short passages of an article that show best why it matched.

Passages are cut from the visible text (the indexed body) around clusters of hits, on word
boundaries, with runs of whitespace squeezed to one space so a snippet fits on a line or two.
Each snippet keeps its raw span in ``Article.text`` so the reader can jump to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuiread.corpus import Span
from tuiread.search.documents import BodyMap

# About two lines of a terminal: enough context to judge a hit at a glance.
SNIPPET_CHARS = 160
# Three passages show whether an article is about the query or only mentions it.
MAX_SNIPPETS = 3
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str  # one line: whitespace squeezed, "…" where the passage is cut
    highlights: tuple[Span, ...]  # offsets into ``text`` of the matched words
    start: int  # raw span of the passage in Article.text
    end: int


def make_snippets(body_map: BodyMap, hits: list[Span], limit: int = MAX_SNIPPETS,
                  width: int = SNIPPET_CHARS) -> list[Snippet]:
    """Up to ``limit`` snippets of about ``width`` characters, in text order.

    ``hits`` are sorted body offsets. With no hits (a title-only match) the opening is shown.
    """
    body = body_map.body
    if not body.strip() or limit <= 0:
        return []
    if not hits:
        start = len(body) - len(body.lstrip())
        return [_snippet(body_map, start, min(len(body), start + width), [])]
    windows = _choose_windows(body, hits, limit, width)
    return [_snippet(body_map, a, b, [h for h in hits if h.start >= a and h.end <= b])
            for a, b in windows]


def _choose_windows(body: str, hits: list[Span], limit: int, width: int) -> list[tuple[int, int]]:
    """The best non-overlapping passages: most distinct matched words first, then most hits."""
    candidates = []
    for first in range(len(hits)):
        last = first
        while last + 1 < len(hits) and hits[last + 1].end - hits[first].start <= width:
            last += 1
        group = hits[first : last + 1]
        distinct = len({body[h.start : h.end].lower() for h in group})
        candidates.append((distinct, len(group), -first, group[0].start, group[-1].end))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for _distinct, _count, _first, start, end in candidates:
        a, b = _expand(body, start, end, width)
        if all(b <= s or a >= e for s, e in chosen):
            chosen.append((a, b))
            if len(chosen) == limit:
                break
    return sorted(chosen)


def _expand(body: str, start: int, end: int, width: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to about ``width`` characters of context, cut between words."""
    spare = max(width - (end - start), 0)
    a = max(0, start - spare // 2)
    b = min(len(body), end + (spare - (start - a)))
    a = max(0, min(a, b - width))
    if a > 0 and not body[a - 1].isspace():
        space = body.find(" ", a, start)
        newline = body.find("\n", a, start)
        cuts = [c for c in (space, newline) if c >= 0]
        a = min(cuts) + 1 if cuts else a
    if b < len(body) and not body[b].isspace():
        cut = max(body.rfind(" ", end, b), body.rfind("\n", end, b))
        b = cut if cut >= 0 else b
    while a < start and body[a].isspace():
        a += 1
    while b > end and body[b - 1].isspace():
        b -= 1
    return a, b


def _snippet(body_map: BodyMap, a: int, b: int, hits: list[Span]) -> Snippet:
    body = body_map.body
    text, marks = squeeze(body[a:b], [Span(h.start - a, h.end - a) for h in hits])
    if body[:a].strip():
        text = ELLIPSIS + text
        marks = [Span(s + len(ELLIPSIS), e + len(ELLIPSIS)) for s, e in marks]
    if body[b:].strip():
        text += ELLIPSIS
    return Snippet(text, tuple(marks), body_map.to_raw(a), body_map.to_raw(b))


def squeeze(text: str, marks: list[Span]) -> tuple[str, list[Span]]:
    """``text`` with each run of whitespace made one space, and ``marks`` moved to match.

    Marks start and end on a word, so no run of whitespace crosses a mark's edge.
    """
    out: list[str] = []
    moved: list[Span] = []
    length = 0
    position = 0
    for start, end in marks:
        before = _SPACES.sub(" ", text[position:start])
        inside = _SPACES.sub(" ", text[start:end])
        out += [before, inside]
        moved.append(Span(length + len(before), length + len(before) + len(inside)))
        length += len(before) + len(inside)
        position = end
    out.append(_SPACES.sub(" ", text[position:]))
    return "".join(out), moved


_SPACES = re.compile(r"\s+")
