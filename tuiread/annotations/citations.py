"""Citations for reference managers: CSL-JSON (Zotero, Pandoc ``--citeproc``) and BibTeX.

One entry per source article, never per excerpt: the excerpts themselves stay in the Markdown and
JSON-LD exports. Highlight colours are presentation and appear in neither.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from tuiread.annotations.citedates import date_parts
from tuiread.annotations.excerpts import Excerpt, Source, sources

# A byline naming a desk or an agency rather than people stays one "literal" name.
_ORGANISATION_WORDS = frozenset(
    "news staff reporter reporters agency press desk team editorial bureau correspondent "
    "correspondents service wire newsroom editors".split()
)
_BY = re.compile(r"^\s*by\s+", re.I)
_NAME_SEPARATORS = re.compile(r"\s*(?:;|&|\band\b|\bund\b|\bet\b)\s*", re.I)
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def person_names(author: str | None) -> list[dict[str, str]]:
    """CSL name objects for a byline: "By Jane Doe and John Roe", "Doe, Jane", "Reuters"."""
    if not author or not author.strip():
        return []
    text = _BY.sub("", " ".join(author.split()))
    names: list[dict[str, str]] = []
    for piece in filter(None, _NAME_SEPARATORS.split(text)):
        parts = [p.strip() for p in piece.split(",") if p.strip()]
        if len(parts) == 2 and len(parts[0].split()) == 1 and not _organisation(piece):
            names.append({"family": parts[0], "given": parts[1]})  # "Doe, Jane"
            continue
        names.extend(_name(part) for part in parts)
    return names


def _organisation(name: str) -> bool:
    return any(word.casefold().strip(".") in _ORGANISATION_WORDS for word in name.split())


def _name(text: str) -> dict[str, str]:
    words = text.split()
    if len(words) == 1 or _organisation(text):
        return {"literal": text}
    # Lower-case particles before the last word belong to the family name ("van der Berg").
    split = len(words) - 1
    while split > 1 and words[split - 1].islower():
        split -= 1
    return {"family": " ".join(words[split:]), "given": " ".join(words[:split])}


def citation_keys(found: Iterable[Source]) -> dict[str, str]:
    """A key per source article, "doe2025rutte" style: author or outlet, year, a title word;
    made unique with a letter."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for source in found:
        base = _key_base(source)
        key, suffix = base, 0
        while key in taken:
            key = f"{base}{chr(ord('a') + suffix % 26)}{suffix // 26 or ''}"
            suffix += 1
        taken.add(key)
        keys[source.article] = key
    return keys


def _ascii_word(text: str) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", flat.casefold())


def _key_base(source: Source) -> str:
    names = person_names(source.author)
    who = names[0].get("family") or names[0].get("literal", "") if names else ""
    who = _ascii_word(who.split()[-1] if who.split() else "") or _ascii_word(
        (source.source or "").split()[0] if source.source else ""
    )
    parts = date_parts(source.date)
    year = str(parts[0]) if parts else ""
    words = [_ascii_word(w) for w in source.title.split()]
    word = next((w for w in words if len(w) > 3), next((w for w in words if w), ""))
    return (who + year + word) or "article"


def _csl_date(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    parts = date_parts(text)
    return {"date-parts": [list(parts)]} if parts else {"raw": text}


def csl_item(source: Source, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": "article-newspaper", "title": source.title}
    if source.source:
        item["container-title"] = source.source
    names = person_names(source.author)
    if names:
        item["author"] = names
    issued = _csl_date(source.date)
    if issued:
        item["issued"] = issued
    if source.url:
        item["URL"] = source.url
    else:
        item["archive_location"] = source.path  # a local file: where it is in the corpus
    accessed = _csl_date(source.accessed)
    if accessed:
        item["accessed"] = accessed
    return item


def export_csl(excerpts: Iterable[Excerpt]) -> str:
    found = sources(excerpts)
    keys = citation_keys(found)
    items = [csl_item(source, keys[source.article]) for source in found]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# -- BibTeX ---------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def bibtex_escape(text: str) -> str:
    """Literal text inside a braced BibTeX value: specials escaped, line breaks and control
    characters made spaces (they would end or corrupt the entry)."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in flat)


def _bibtex_url(url: str) -> str:
    # URL fields are verbatim: percent-encode what would unbalance the braces or end the value.
    return quote(_CONTROL.sub("", url.strip()), safe=":/?#[]@!$&'()*+,;=%~-._")


def _bibtex_names(author: str | None) -> str:
    names = []
    for name in person_names(author):
        if "literal" in name:
            names.append("{" + bibtex_escape(name["literal"]) + "}")
        else:
            names.append(f"{bibtex_escape(name['family'])}, {bibtex_escape(name['given'])}")
    return " and ".join(names)


def bibtex_entry(source: Source, key: str) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(source.title) + "}")]
    if source.source:
        fields.append(("journal", bibtex_escape(source.source)))
    author = _bibtex_names(source.author)
    if author:
        fields.append(("author", author))
    parts = date_parts(source.date)
    if parts:
        fields.append(("date", "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])))
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[parts[1] - 1]))
    if source.url:
        fields.append(("url", _bibtex_url(source.url)))
    else:
        fields.append(("note", "File: " + bibtex_escape(source.path)))
    accessed = date_parts(source.accessed)
    if accessed:
        fields.append(("urldate", "-".join(f"{p:02d}" for p in accessed)))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@article{{{key},\n{body}\n}}\n"


def export_bibtex(excerpts: Iterable[Excerpt]) -> str:
    found = sources(excerpts)
    keys = citation_keys(found)
    return "\n".join(bibtex_entry(source, keys[source.article]) for source in found)
