"""Exporting annotations as Markdown (to paste into one's own notes) and CSV (one row each).

Everything taken from articles or typed by the reader is escaped: in Markdown a note holding
``*``, ``#``, ``|``, ``<b>`` or a line starting with ``>`` or ``1.`` reads literally and never
changes the structure around it; CSV fields are quoted by the csv module (RFC 4180).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from tuiread.annotations.model import Annotation

# Characters with meaning anywhere in a Markdown line (CommonMark allows a backslash before any
# ASCII punctuation, so escaping is always safe).
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Constructs that only mean something at the start of a line: headings, quotes, list items,
# thematic breaks, setext underlines, fences, tables.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_escape(text: str) -> str:
    """One line of literal text for Markdown."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":  # "1." -> "1\." keeps the number, loses the list
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def md_lines(text: str) -> list[str]:
    """Literal text as Markdown lines: each line escaped, line breaks kept as hard breaks."""
    return _hard_breaks([md_escape(line.strip()) for line in text.strip().splitlines()])


def _hard_breaks(lines: list[str]) -> list[str]:
    """A backslash ends each line followed by another in the same paragraph (a hard break)."""
    return [
        line + "\\" if line and i + 1 < len(lines) and lines[i + 1] else line
        for i, line in enumerate(lines)
    ]


def code_span(text: str) -> str:
    """``text`` as inline code, fenced with more backticks than it contains in a row."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _blockquote(lines: list[str]) -> list[str]:
    return [f"> {line}" if line else ">" for line in lines]


def _excerpt(a: Annotation, context: bool) -> list[str]:
    lines = [md_escape(line.strip()) for line in a.exact.strip().splitlines()]
    if not context:
        return _blockquote(_hard_breaks(lines))
    # The quote in bold between its context, each line bolded on its own (emphasis cannot
    # cross a line break); the context joins the first and last lines as plain text.
    bold = [f"**{line}**" if line else "" for line in lines]
    before = " ".join(a.quote.prefix.split())
    after = " ".join(a.quote.suffix.split())
    if before:
        bold[0] = f"…{md_escape(before)} {bold[0]}"
    if after:
        bold[-1] = f"{bold[-1]} {md_escape(after)}…"
    return _blockquote(_hard_breaks(bold))


def export_markdown(annotations: Iterable[Annotation], context: bool = False) -> str:
    """Per article a heading (title, source, path), then each excerpt as a blockquote followed
    by its note, tags and label. ``context``: show the stored text around each quote."""
    out: list[str] = []
    current: tuple[str, str] | None = None
    for a in annotations:
        key = (a.article.id, a.article.path)
        if key != current:
            current = key
            if out:
                out.append("")
            out.append(f"## {md_escape(' '.join(a.article.title.split())) or 'Untitled'}")
            out.append("")
            details = []
            if a.article.source:
                details.append(f"Source: {md_escape(' '.join(a.article.source.split()))}")
            if a.article.url:
                details.append(
                    f"<{a.article.url}>" if _plain_url(a.article.url) else code_span(a.article.url)
                )
            details.append(f"Path: {code_span(a.article.path)}")
            out.append(" · ".join(details))
        out.append("")
        out.extend(_excerpt(a, context))
        if a.note.strip():
            out.append("")
            out.extend(md_lines(a.note))
        meta = []
        if a.tags:
            meta.append("Tags: " + ", ".join(md_escape(t) for t in a.tags))
        if a.label:
            meta.append(f"Label: {md_escape(a.label)}")
        if meta:
            out.append("")
            out.append(" · ".join(meta))
    return "\n".join(out) + "\n" if out else ""


def _plain_url(url: str) -> bool:
    return re.fullmatch(r"https?://[^\s<>`]+", url) is not None


CSV_COLUMNS = [
    "id",
    "article",
    "title",
    "source",
    "path",
    "url",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "note",
    "tags",
    "label",
    "created",
    "modified",
]


def export_csv(annotations: Iterable[Annotation]) -> str:
    """One row per annotation; tags joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for a in annotations:
        writer.writerow(
            [
                a.id,
                a.article.id,
                a.article.title,
                a.article.source or "",
                a.article.path,
                a.article.url or "",
                a.exact,
                a.quote.prefix,
                a.quote.suffix,
                a.position.start,
                a.position.end,
                a.note,
                "; ".join(a.tags),
                a.label,
                a.created,
                a.modified,
            ]
        )
    return buffer.getvalue()
