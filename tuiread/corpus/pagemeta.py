"""A page's metadata: title, outlet, author, date (ISO 8601) and canonical URL.

trafilatura's metadata extractor is the first choice; the page's own ``og:``/JSON-LD/``<link
rel=canonical>`` fill what it leaves out. Every value is stripped of surrounding space.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from tuiread.corpus import date_search
from tuiread.corpus.bylines import marked_byline
from tuiread.corpus.dates import iso_date

# JSON-LD blocks bigger than this are product catalogues, not article metadata.
MAX_JSONLD_CHARS = 200_000
# Objects read from a page's JSON-LD at most (a page's own article is among the first).
MAX_JSONLD_OBJECTS = 50
# The scripts trafilatura's metadata step reads; tuiread's own reading takes ld+json only.
_JSON_SCRIPT_TYPES = ("application/ld+json", "application/settings+json")
# JSON-LD properties holding a page's text rather than its metadata.
_TEXT_PROPERTIES = frozenset(("articleBody", "text", "description", "reviewBody"))
# Markup inside a JSON-LD string (trafilatura's ``HTML_STRIP_TAGS``).
_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>)")
# htmldate's extensive search reads date-like text with dateparser when the markup has no date:
# slow on the few pages that need it (a second on the first), but without it the development
# set's dates matched 0.80 instead of 0.84.
DATE_SEARCH_TEXT = True


@dataclass(slots=True)
class PageMeta:
    title: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        name = (element.get("property") or element.get("name") or "").strip().lower()
        if not name or name in found:  # the first tag of a name wins; its content is all read
            continue
        content = _clean(element.get("content"))
        if content:
            found[name] = content
    return found


def _canonical(tree: HtmlElement) -> str | None:
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        href = _clean(element.get("href"))
        if "canonical" in rel and href and href.startswith(("http://", "https://")):
            return href
    return None


@dataclass(slots=True)
class _JsonLd:
    """A page's JSON-LD, each script parsed once for trafilatura's metadata steps and ours."""

    documents: list[object] = field(default_factory=list)  # each script's value, as parsed
    unparsed: list[str] = field(default_factory=list)  # scripts that are not valid JSON
    objects: list[dict] = field(default_factory=list)  # ld+json objects, lists and @graph flat


def _read_jsonld(tree: HtmlElement) -> _JsonLd:
    found = _JsonLd()
    for element in tree.iter("script"):
        kind = (element.get("type") or "").strip().lower()
        if kind not in _JSON_SCRIPT_TYPES:
            continue
        raw = element.text or ""
        if not raw.strip() or len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            # strict=False: control characters inside strings, as trafilatura reads them
            data = json.loads(raw, strict=False)
        except (json.JSONDecodeError, RecursionError):
            found.unparsed.append(raw)
            continue
        found.documents.append(data)
        if kind != "application/ld+json":
            continue
        stack = [data]
        while stack and len(found.objects) < MAX_JSONLD_OBJECTS:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return found


def _for_metadata(value: object) -> object:
    """A JSON-LD value as trafilatura's metadata step reads it: strings without markup or
    character references, and without the article's text (which it does not read, and whose
    normalizing was most of its time)."""
    if isinstance(value, dict):
        return {k: _for_metadata(v) for k, v in value.items() if k not in _TEXT_PROPERTIES}
    if isinstance(value, list):
        return [_for_metadata(v) for v in value]
    if isinstance(value, str):
        return _ld_text(value) or ""
    return value


def _ld_text(value: object) -> str | None:
    """A JSON-LD string as text: pages write character references and markup in them."""
    if not isinstance(value, str):
        return None
    return _clean(_MARKUP.sub("", unescape(value)))


def _name(value: object) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return "; ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    return _ld_text(value)


def _article_ld(objects: list[dict]) -> dict:
    for item in objects:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds):
            return item
    return {}


def _article_body(ld: dict) -> str | None:
    """The JSON-LD ``articleBody``: the text of pages whose scripts render the article."""
    body = ld.get("articleBody")
    return body if isinstance(body, str) and body.strip() else None


def _first_h1(tree: HtmlElement) -> str | None:
    for element in tree.iter("h1"):
        text = _clean(element.text_content())
        if text:
            return text
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    return host or None


def extracted_meta(
    tree: HtmlElement, ld: _JsonLd, find_date_too: bool = True
) -> object | None:
    """trafilatura's metadata of a page, without the parts a reader has no use for.

    ``trafilatura.extract_metadata`` also collects categories, tags and a licence, a quarter of
    its time; this runs its own steps for title, author, URL, date and site name. The steps are
    trafilatura's module functions (pinned range): if a release renames one, the whole
    extractor runs instead. ``find_date_too=False`` skips the search for a date in the page's
    text (the page's metadata gives one).
    """
    try:
        from trafilatura import metadata as tm
    except ImportError:
        return None
    try:
        found = tm.examine_meta(tree)
        if found.author and " " not in found.author:
            found.author = None  # a one-word "author" is a site handle, not a byline
        # trafilatura's JSON-LD step on the scripts as parsed once here
        for document in ld.documents:
            parents = document if isinstance(document, list) else [document]
            dicts = [p for p in map(_for_metadata, parents) if isinstance(p, dict)]
            found = tm.extract_json(dicts, found)
        for raw in ld.unparsed:
            found = tm.extract_json_parse_error(
                tm.normalize_json(tm.JSON_MINIFY.sub(r"\1", raw)), found
            )
        found.title = found.title or tm.extract_title(tree)
        if not found.author:
            marked, own = marked_byline(tree)
            found.author = (tm.normalize_authors(None, marked) if marked else None) or own
        found.url = found.url or tm.extract_url(tree)
        if find_date_too:
            # The original publication date, not the last update: what a citation gives.
            found.date = date_search.find_date(
                tree, original_date=True, extensive_search=DATE_SEARCH_TEXT, url=found.url
            )
        found.sitename = found.sitename or tm.extract_sitename(tree)
        if found.sitename:
            # a Twitter handle ("@timesofisrael") names the outlet in lower case
            found.sitename = found.sitename.lstrip("@")
            if "." not in found.sitename and found.sitename.islower():
                found.sitename = found.sitename.title()
        return found
    except AttributeError:
        from trafilatura import extract_metadata

        return extract_metadata(tree, extensive=False)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def page_meta(tree: HtmlElement, extractor: bool = True) -> PageMeta:
    """Metadata of a parsed page, from trafilatura's steps (``extractor``) and the page's own."""
    return page_meta_and_body(tree, extractor)[0]


def page_meta_and_body(
    tree: HtmlElement, extractor: bool = True
) -> tuple[PageMeta, str | None]:
    """The page's metadata and its JSON-LD ``articleBody`` (None without one), from one read of
    its meta tags and JSON-LD."""
    meta = _meta_tags(tree)
    jsonld = _read_jsonld(tree)
    ld = _article_ld(jsonld.objects)
    own_date = iso_date(ld.get("datePublished")) or iso_date(meta.get("article:published_time"))
    document = extracted_meta(tree, jsonld, find_date_too=not own_date) if extractor else None
    publisher = ld.get("publisher") if isinstance(ld.get("publisher"), dict | list) else None

    def from_doc(name: str) -> str | None:
        return _clean(getattr(document, name, None)) if document is not None else None

    url = _canonical(tree) or meta.get("og:url") or from_doc("url") or _clean(ld.get("url"))
    if url and not url.startswith(("http://", "https://")):
        url = None
    title = (
        from_doc("title")
        or meta.get("og:title")
        or _ld_text(ld.get("headline"))
        or _first_h1(tree)
        or _clean(tree.findtext(".//title"))
    )
    source = (
        meta.get("og:site_name")
        or _name(publisher)
        or from_doc("sitename")
        or meta.get("application-name")
        or _host(url)
    )
    author = from_doc("author") or _name(ld.get("author")) or meta.get("author")
    date = (
        own_date
        or iso_date(from_doc("date"))
        or iso_date(meta.get("date"))
    )
    found = PageMeta(title=title, source=source, author=author, date=date, url=url)
    return found, _article_body(ld)
