"""Turning a decoded file into one or more article records.

Plain text and Markdown are the text itself. For HTML the article text is the page's visible text
(scripts, styles, navigation and other chrome dropped; block elements become paragraphs), and for
JSON it is the ``text``/``body`` field: those derived texts are what offsets point into.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tuiread.corpus.decode import UnreadableFile

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_SUFFIXES = {".html": "html", ".htm": "html"}
JSON_SUFFIXES = {".json": "json", ".jsonl": "jsonl"}
FORMATS = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **JSON_SUFFIXES}


@dataclass(slots=True)
class Record:
    """One article as a format yields it, before cleaning."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    key: str | None = None  # distinguishes several articles of one file (JSON Lines, arrays)
    notes: list[str] = field(default_factory=list)


def records(fmt: str, text: str) -> list[Record]:
    if fmt in ("text", "markdown"):
        return [Record(text)]
    if fmt == "html":
        return [html_record(text)]
    return json_records(text, lines=fmt == "jsonl")


# -- HTML -----------------------------------------------------------------------------------------

_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "select",
    "figure",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "br",
    "hr",
    "dd",
    "dt",
    "figcaption",
}
_VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "track",
    "wbr",
}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def _flush(self) -> None:
        block = " ".join("".join(self.current).split())
        if block:
            self.blocks.append(block)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            name = (values.get("property") or values.get("name") or "").lower()
            if name and values.get("content"):
                self.meta[name] = values["content"] or ""
            return
        if tag in _VOID:
            if tag in _BLOCK:
                self._flush()
            return
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self.current.append(data)


def html_record(markup: str) -> Record:
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    parser._flush()
    title = " ".join("".join(parser.h1_parts).split()) or " ".join(
        "".join(parser.title_parts).split()
    )
    meta = parser.meta
    return Record(
        text="\n\n".join(parser.blocks) + "\n",
        title=meta.get("og:title") or title or None,
        source=meta.get("og:site_name") or None,
        url=meta.get("og:url") or None,
        date=meta.get("article:published_time") or None,
    )


# -- JSON -----------------------------------------------------------------------------------------

_TEXT_FIELDS = ("text", "body", "content")


def _record_from(obj: object, where: str) -> Record:
    if not isinstance(obj, dict):
        raise UnreadableFile(
            f"{where}: expected an object with 'title' and 'text', got {type(obj).__name__}"
        )
    body = next((obj[k] for k in _TEXT_FIELDS if isinstance(obj.get(k), str)), None)
    if body is None or not body.strip():
        raise UnreadableFile(f"{where}: no 'text' or 'body' string")

    def text_field(name: str) -> str | None:
        value = obj.get(name)
        return (
            str(value).strip()
            if isinstance(value, str | int | float) and str(value).strip()
            else None
        )

    return Record(
        text=body,
        title=text_field("title"),
        source=text_field("source") or text_field("outlet") or text_field("publisher"),
        url=text_field("url"),
        date=text_field("date") or text_field("published"),
        author=text_field("author") or text_field("byline") or _names(obj.get("author")),
    )


def _names(value: object) -> str | None:
    """A list of bylines (strings, or objects with a "name") as one: "A and B"."""
    if not isinstance(value, list):
        return None
    names = [v.get("name") if isinstance(v, dict) else v for v in value]
    names = [" ".join(n.split()) for n in names if isinstance(n, str) and n.strip()]
    return " and ".join(names) or None


def json_records(text: str, lines: bool) -> list[Record]:
    """Articles of a JSON file (an object, or an array of them) or of a JSON Lines file.

    A bad line or item is reported in the first article's notes and skipped; the rest load.
    """
    found: list[Record] = []
    problems: list[str] = []
    if lines or _looks_like_json_lines(text):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = _record_from(json.loads(line), f"line {number}")
            except json.JSONDecodeError as exc:
                problems.append(f"line {number}: not valid JSON ({exc.msg})")
                continue
            except UnreadableFile as exc:
                problems.append(str(exc))
                continue
            record.key = str(number)
            found.append(record)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UnreadableFile(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        items = data if isinstance(data, list) else [data]
        for index, item in enumerate(items):
            try:
                record = _record_from(item, f"item {index}")
            except UnreadableFile as exc:
                problems.append(str(exc))
                continue
            if isinstance(data, list):
                record.key = str(index)
            found.append(record)
    if not found:
        raise UnreadableFile("; ".join(problems[:3]) or "no articles in file")
    if problems:
        found[0].notes.append(f"{len(problems)} entries skipped: " + "; ".join(problems[:3]))
    return found


def _looks_like_json_lines(text: str) -> bool:
    first, _, rest = text.lstrip().partition("\n")
    if not rest.strip() or not first.rstrip().endswith("}"):
        return False
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return True
