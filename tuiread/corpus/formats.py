"""Turning a decoded file into one or more article records.

Plain text and Markdown are the text itself. For HTML the article text is the page's visible text
(one line per block; what is not the article comes as hidden spans, see ``html.py``), and for
JSON it is the ``text``/``body`` field: those derived texts are what offsets point into.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from tuiread.corpus.dates import iso_date
from tuiread.corpus.decode import UnreadableFile
from tuiread.corpus.model import HiddenSpan

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
    date: str | None = None  # ISO 8601
    author: str | None = None
    key: str | None = None  # distinguishes several articles of one file (JSON Lines, arrays)
    notes: list[str] = field(default_factory=list)
    # Spans the format already knows are not the article (an HTML page's chrome).
    hidden: list[HiddenSpan] = field(default_factory=list)


def html_record(markup: str) -> Record:
    from tuiread.corpus.html import read_html

    reading = read_html(markup)
    meta = reading.meta
    return Record(
        text=reading.text,
        title=meta.title,
        source=meta.source,
        url=meta.url,
        date=meta.date,
        author=meta.author,
        notes=reading.notes,
        hidden=reading.hidden,
    )


def records(fmt: str, text: str) -> list[Record]:
    if fmt in ("text", "markdown"):
        return [Record(text)]
    if fmt == "html":
        return [html_record(text)]
    return json_records(text, lines=fmt == "jsonl")


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
        date=iso_date(text_field("date") or text_field("published")),
        author=text_field("author") or text_field("byline"),
    )


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
