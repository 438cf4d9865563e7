"""A page's metadata: title, outlet, author, date (ISO 8601) and canonical URL.

trafilatura's metadata extractor is the first choice; the page's own ``og:``/JSON-LD/``<link
rel=canonical>`` fill what it leaves out. Every value is stripped of surrounding space.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from tuiread.corpus.bylines import marked_byline
from tuiread.corpus.dates import iso_date

# JSON-LD blocks bigger than this are product catalogues, not article metadata.
MAX_JSONLD_CHARS = 200_000
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
        content = _clean(element.get("content"))
        if name and content and name not in found:
            found[name] = content
    return found


def _canonical(tree: HtmlElement) -> str | None:
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        href = _clean(element.get("href"))
        if "canonical" in rel and href and href.startswith(("http://", "https://")):
            return href
    return None


def _jsonld_objects(tree: HtmlElement) -> list[dict]:
    objects: list[dict] = []
    for element in tree.iter("script"):
        if (element.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = element.text or ""
        if len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [data]
        while stack and len(objects) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return objects


def _name(value: object) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return "; ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value)


def _article_ld(objects: list[dict]) -> dict:
    for item in objects:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.endswith(("Article", "Posting", "Report")) for k in kinds):
            return item
    return {}


def article_body(tree: HtmlElement) -> str | None:
    """The JSON-LD ``articleBody``: the text of pages whose scripts render the article."""
    body = _article_ld(_jsonld_objects(tree)).get("articleBody")
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


def extracted_meta(tree: HtmlElement, find_date_too: bool = True) -> object | None:
    """trafilatura's metadata of a page, without the parts a reader has no use for.

    ``trafilatura.extract_metadata`` also collects categories, tags and a licence, a quarter of
    its time; this runs its own steps for title, author, URL, date and site name. The steps are
    trafilatura's module functions (pinned range): if a release renames one, the whole
    extractor runs instead. ``find_date_too=False`` skips the search for a date in the page's
    text (the page's metadata gives one).
    """
    try:
        from htmldate import find_date
        from trafilatura import metadata as tm
    except ImportError:
        return None
    try:
        found = tm.examine_meta(tree)
        if found.author and " " not in found.author:
            found.author = None  # a one-word "author" is a site handle, not a byline
        found = tm.extract_meta_json(tree, found)
        found.title = found.title or tm.extract_title(tree)
        if not found.author:
            marked, own = marked_byline(tree)
            found.author = (tm.normalize_authors(None, marked) if marked else None) or own
        found.url = found.url or tm.extract_url(tree)
        if find_date_too:
            # The original publication date, not the last update: what a citation gives.
            found.date = find_date(
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
    except (ValueError, TypeError, KeyError):
        return None


def page_meta(tree: HtmlElement, extractor: bool = True) -> PageMeta:
    """Metadata of a parsed page, from trafilatura's steps (``extractor``) and the page's own."""
    meta = _meta_tags(tree)
    ld = _article_ld(_jsonld_objects(tree))
    own_date = iso_date(ld.get("datePublished")) or iso_date(meta.get("article:published_time"))
    document = extracted_meta(tree, find_date_too=not own_date) if extractor else None
    publisher = ld.get("publisher") if isinstance(ld.get("publisher"), dict | list) else None

    def from_doc(name: str) -> str | None:
        return _clean(getattr(document, name, None)) if document is not None else None

    url = _canonical(tree) or meta.get("og:url") or from_doc("url") or _clean(ld.get("url"))
    if url and not url.startswith(("http://", "https://")):
        url = None
    title = (
        from_doc("title")
        or meta.get("og:title")
        or _clean(ld.get("headline"))
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
    return PageMeta(title=title, source=source, author=author, date=date, url=url)
