"""``tuiread list --json`` written without a dict per article.

``json.dumps`` with ``indent`` encodes in Python, a call per value: 100,000 articles with their
copies are millions of calls and a gigabyte of small strings. The array here is written from
the columns, each string encoded by the C encoder ``json.dumps`` itself uses, each group's ids
encoded once: the very text ``json.dumps(summaries, ensure_ascii=False, indent=2)`` gives (a
test compares the two), made in a few calls per article.
"""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring

from tuiread.corpus.copies import Copies
from tuiread.corpus.walk import display_path

# The fields of a summary in order (see ``corpus_cmds.article_summary``), and how each row of
# the array starts and ends at the indent json.dumps gives an object inside a list.
FIELDS = ("id", "path", "title", "source", "words", "encoding", "format", "url", "date",
          "author")
_OPEN = "  {\n"
_FIELD = "    {}: "
_COPY_INDENT = "\n      "


class NotPlain(Exception):
    """A value that is not a string, an int or None: written by ``json.dumps`` instead."""


def _encoder(value) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    raise NotPlain(repr(value))


def json_listing(columns: Sequence[Sequence], copies: Copies, end: str = "") -> str:
    """The JSON array of the summaries whose fields are ``columns`` (in ``FIELDS`` order, the
    paths as locations), each with its ``copies``, then ``end``. Raises NotPlain for a value
    of another type."""
    ids = columns[0]
    if not ids:
        return "[]" + end
    names = [_FIELD.format(encode_basestring(name)) for name in FIELDS]
    # Each group's ids encoded once; an article's copies are its group without itself (made
    # when its row is: kept for every article, they would be as long as the whole output).
    where: dict[str, tuple[list[str], int]] = {}
    for group in copies.groups:
        encoded = [encode_basestring(member) for member in group]
        where.update((member, (encoded, number)) for number, member in enumerate(group))
    copies_name = _FIELD.format(encode_basestring("copies"))
    paths = [display_path(p) for p in columns[1]]
    encoded_columns = [list(map(_encoder, column)) for column in (ids, paths, *columns[2:])]
    pieces = []
    append = pieces.append
    get = where.get
    separator = "," + _COPY_INDENT
    for aid, values in zip(ids, zip(*encoded_columns, strict=True), strict=True):
        found = get(aid)
        if found is None or len(found[0]) < 2:
            others = "[]"
        else:
            encoded, number = found
            others = ("[" + _COPY_INDENT + separator.join(encoded[:number] + encoded[number + 1:])
                      + "\n    ]")
        append(_OPEN + ",\n".join(map(str.__add__, names, values)) + ",\n" + copies_name
               + others + "\n  }")
    pieces[-1] += "\n]" + end
    return "[\n" + ",\n".join(pieces)
