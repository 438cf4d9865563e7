"""Reading the user's query: Whoosh's query language with AND between words, checked first.

Whoosh's parser never fails: a stray quote, an unknown ``field:`` or a dangling ``AND`` silently
become something else. ``check_syntax`` catches those first, so the user sees what is wrong and
where (``QueryError.position`` is the offset in the query text) instead of surprising results.
"""

from __future__ import annotations

import re

from whoosh import qparser, query
from whoosh.fields import Schema

from tuiread.errors import TuireadError
from tuiread.search.schema import DEFAULT_FIELDS, QUERY_FIELDS
from tuiread.search.vocabulary import tune_query

_BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE"}
_FIELD = re.compile(r"(?<![\w.:/'-])([^\W\d]\w*):(?!//)")
_TOKEN = re.compile(r"[()]|[^\s()]+")
_BAD_PHRASE_SLOP = re.compile(r"\"~(?!\d)")
_BAD_FUZZY = re.compile(r"(?<=\w)~(?=[^\s\d)])")
# Whoosh's parser recurses once per parenthesis and overflows Python's stack near 1000 levels;
# no query a person writes comes near this.
MAX_NESTING = 100


class QueryError(TuireadError):
    """A query that cannot be run, with where the problem is (an offset into the query)."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.position = position


def _mask_quotes(text: str) -> str:
    """``text`` with the inside of each quoted phrase blanked (same length), quotes kept."""
    out = []
    inside = False
    for char in text:
        if char == '"':
            inside = not inside
            out.append(char)
        else:
            out.append(" " if inside else char)
    return "".join(out)


def check_syntax(text: str) -> None:
    """Raise QueryError for what Whoosh would misread; return quietly if the query is sound."""
    if not text.strip():
        raise QueryError("the query is empty", 0)
    if text.count('"') % 2:
        raise QueryError('a quote (") is not closed', text.rfind('"'))
    masked = _mask_quotes(text)
    depth = 0
    opened: list[int] = []
    for index, char in enumerate(masked):
        if char == "(":
            depth += 1
            opened.append(index)
            if depth > MAX_NESTING:
                raise QueryError(f"parentheses nested more than {MAX_NESTING} deep", index)
        elif char == ")":
            if not depth:
                raise QueryError("a ')' has no matching '('", index)
            depth -= 1
            opened.pop()
    if opened:
        raise QueryError("a '(' is not closed", opened[-1])
    for match in _FIELD.finditer(masked):
        name = match.group(1)
        if name.lower() not in QUERY_FIELDS:
            known = ", ".join(f"{f}:" for f in QUERY_FIELDS)
            raise QueryError(f"unknown field '{name}:' (fields: {known})", match.start())
        after = masked[match.end() : match.end() + 1]
        if not after or after.isspace() or after == ")":
            raise QueryError(f"nothing to search for after '{name}:'", match.start())
    if match := _BAD_PHRASE_SLOP.search(masked):
        raise QueryError('after a phrase, ~ takes a number of words, e.g. "security guarantees"~3',
                         match.start() + 1)
    if match := _BAD_FUZZY.search(masked):
        raise QueryError("after a word, ~ takes an optional number of edits, e.g. ceasfire~ or "
                         "ceasfire~2", match.start())
    _check_operators(masked)


def named_fields(text: str) -> set[str]:
    """The fields a query names (``entity:x`` -> {"entity"}), lowercased, outside phrases."""
    return {m.group(1).lower() for m in _FIELD.finditer(_mask_quotes(text))}


def _check_operators(masked: str) -> None:
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(masked)]
    for index, (token, position) in enumerate(tokens):
        before = tokens[index - 1][0] if index else None
        after = tokens[index + 1][0] if index + 1 < len(tokens) else None
        if token in _BINARY:
            if before in (None, "(") or before in _BINARY or before == "NOT":
                raise QueryError(f"'{token}' needs something to search for before it", position)
            if after in (None, ")") or after in _BINARY:
                raise QueryError(f"'{token}' needs something to search for after it", position)
        elif token == "NOT" and (after in (None, ")") or after in _BINARY):
            raise QueryError("'NOT' needs something to search for after it", position)


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Words search title and body; AND between them; ``word~`` for fuzzy matching."""
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def parse_query(parser: qparser.QueryParser, text: str) -> query.Query:
    """The Whoosh query for ``text``; QueryError if it is malformed.

    A query whose every word is a stop word parses to ``query.NullQuery`` (it matches nothing).
    """
    check_syntax(text)
    try:
        parsed = parser.parse(_lowercase_fields(text))
    except RecursionError as exc:  # a query more deeply built than MAX_NESTING can catch
        raise QueryError("the query is too deeply nested to read") from exc
    for node in _walk(parsed):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(f"cannot read the query: {error}")
    return tune_query(parsed, DEFAULT_FIELDS)


def _lowercase_fields(text: str) -> str:
    """``Title:x`` as ``title:x``: Whoosh's field names are case-sensitive, people's are not."""
    masked = _mask_quotes(text)
    out = list(text)
    for match in _FIELD.finditer(masked):
        out[match.start(1) : match.end(1)] = match.group(1).lower()
    return "".join(out)


def _walk(node: query.Query):
    yield node
    for child in node.children():
        yield from _walk(child)
