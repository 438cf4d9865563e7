"""Turning a decoded file into one or more article records.

Plain text and Markdown are the text itself. For HTML the article text is the page's visible text
(one line per block; what is not the article comes as hidden spans, see ``html.py``), and for
JSON it is the ``text``/``body`` field: those derived texts are what offsets point into.
"""

from __future__ import annotations

import hashlib
import json
import re
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

    record = Record(
        text=body,
        title=text_field("title"),
        source=text_field("source") or text_field("outlet") or text_field("publisher"),
        url=text_field("url"),
        date=iso_date(text_field("date") or text_field("published")),
        author=text_field("author") or text_field("byline") or _names(obj.get("author")),
    )
    record.key = record_key(record, obj)
    return record


class _BadJSON(ValueError):
    """JSON that cannot be read, with a message for the user."""


def _loads(text: str) -> object:
    """``json.loads``, with every way hostile JSON fails turned into one ``_BadJSON``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadJSON(f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except RecursionError as exc:
        raise _BadJSON("not readable JSON (nested too deeply)") from exc
    except ValueError as exc:  # an integer past Python's digit limit for int(str)
        raise _BadJSON(f"not readable JSON ({exc})") from exc


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
    keyed = True  # several articles per file; a lone JSON object is the file's one article
    if lines or _looks_like_json_lines(text):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = _record_from(_loads(line), f"line {number}")
            except _BadJSON as exc:
                problems.append(f"line {number}: {exc}")
                continue
            except UnreadableFile as exc:
                problems.append(str(exc))
                continue
            found.append(record)
    else:
        try:
            data = _loads(text)
        except _BadJSON as exc:
            raise UnreadableFile(str(exc)) from exc
        keyed = isinstance(data, list)
        items = data if keyed else [data]
        for index, item in enumerate(items):
            try:
                record = _record_from(item, f"item {index}")
            except UnreadableFile as exc:
                problems.append(str(exc))
                continue
            found.append(record)
    if not found:
        raise UnreadableFile("; ".join(problems[:3]) or "no articles in file")
    if keyed:
        assign_keys(found)
    else:
        found[0].key = None
    if problems:
        found[0].notes.append(f"{len(problems)} entries skipped: " + "; ".join(problems[:3]))
    return found


# A record's own id is its key when it is short and plain; a longer one (a URL) is hashed to
# this many hex digits (48 bits: no two records of one file collide by chance).
KEY_HASH_DIGITS = 12
_PLAIN_KEY = re.compile(r"[A-Za-z0-9._:-]{1,32}")


def record_key(record: Record, fields: dict) -> str:
    """A key that stays with the record when others are added, removed or reordered: its
    ``id`` field, else its URL, else a hash of its title and text (never its position)."""
    for name in ("id", "guid", "url", "link"):
        value = fields.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            value = str(value).strip()
            if _PLAIN_KEY.fullmatch(value):
                return value
            return _digest(f"{name}\0{value}")
    return _digest(f"{record.title or ''}\0{record.text}")


def _digest(text: str) -> str:
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=KEY_HASH_DIGITS // 2).hexdigest()


def assign_keys(found: list[Record]) -> None:
    """Give each record its key; a repeated key (two copies of one record) gets ``-2``, ``-3``
    in file order."""
    seen: dict[str, int] = {}
    for record in found:
        key = record.key or ""
        seen[key] = seen.get(key, 0) + 1
        record.key = key if seen[key] == 1 else f"{key}-{seen[key]}"


def _looks_like_json_lines(text: str) -> bool:
    first, _, rest = text.lstrip().partition("\n")
    if not rest.strip() or not first.rstrip().endswith("}"):
        return False
    try:
        _loads(first)
    except _BadJSON:
        return False
    return True
