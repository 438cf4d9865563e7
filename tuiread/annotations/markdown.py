"""Literal text in Markdown, and the pieces of an excerpt in the shape note-taking tools expect.

Everything taken from articles or typed by the reader is escaped: a note holding ``*``, ``#``,
``|``, ``<b>`` or a line starting with ``>`` or ``1.`` reads literally and never changes the
structure around it. The built-in Markdown template and user templates use these as filters.
"""

from __future__ import annotations

import re

from tuiread.annotations.excerpts import Excerpt, Locator, Source

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


def quote_block(excerpt: Excerpt, context: bool = False) -> str:
    """The quote as a blockquote; ``context``: in bold between the text around it."""
    lines = [md_escape(line.strip()) for line in excerpt.exact.strip().splitlines()]
    if not context:
        return "\n".join(_blockquote(_hard_breaks(lines)))
    # Each line bolded on its own (emphasis cannot cross a line break); the context joins the
    # first and last lines as plain text.
    bold = [f"**{line}**" if line else "" for line in lines]
    before = " ".join(excerpt.prefix.split())
    after = " ".join(excerpt.suffix.split())
    if before:
        bold[0] = f"…{md_escape(before)} {bold[0]}"
    if after:
        bold[-1] = f"{bold[-1]} {md_escape(after)}…"
    return "\n".join(_blockquote(_hard_breaks(bold)))


def note_block(note: str) -> str:
    """A note as Markdown paragraphs, its line breaks kept."""
    return "\n".join(md_lines(note))


def plain_url(url: str) -> bool:
    return re.fullmatch(r"https?://[^\s<>`]+", url) is not None


def url_text(url: str) -> str:
    """A URL as an autolink, or as code when it is not a plain web address."""
    return f"<{url}>" if plain_url(url) else code_span(url)


def citation_line(source: Source) -> str:
    """Author · *Outlet* · date · URL (or the file's path), the parts the source has."""
    parts = [md_escape(" ".join(source.author.split()))] if source.author else []
    if source.source:
        parts.append(f"*{md_escape(' '.join(source.source.split()))}*")
    if source.date:
        parts.append(md_escape(source.date))
    parts.append(url_text(source.url) if source.url else code_span(source.path))
    return " · ".join(parts)


def tag_word(tag: str) -> str:
    """A tag as the ``#word`` note-taking tools link (spaces become hyphens)."""
    return "#" + md_escape("-".join(tag.split())).lstrip("\\")


def hashtags(tags: tuple[str, ...] | list[str]) -> str:
    return " ".join(tag_word(tag) for tag in tags)


def locator_text(locator: Locator, link: str | None = None) -> str:
    text = md_escape(str(locator))
    return f"[{text}](<{link}>)" if link and plain_url(link) else text
