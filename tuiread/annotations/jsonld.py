"""JSON-LD in the W3C Web Annotation Data Model: export, and import of such files.

An export is an AnnotationCollection whose first page holds every Annotation. Each one has the
note as a TextualBody (purpose "commenting"), each tag as a TextualBody with purpose "tagging",
a label the reader typed as one with purpose "classifying", and a target with the article's
source IRI (its URL, else its file) and both selectors. What the model has no term for (the
article's id, path, full title, outlet, author and date, the text's fingerprint, and the
highlight colour, which is presentation and not content) is kept under the key "tuiread";
JSON-LD processors ignore it, tuiread's import reads it back so that export then import gives
the same annotations.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from tuiread import __version__
from tuiread.annotations.colours import is_colour
from tuiread.annotations.excerpts import Excerpt, as_excerpts
from tuiread.annotations.model import (
    Annotation,
    ArticleRef,
    TextPositionSelector,
    TextQuoteSelector,
    clean_tags,
    now,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXTENSION = "tuiread"
# The largest position or count an import may hold: SQLite's integers are 64-bit, and no text
# is anywhere near 2**62 characters long.
MAX_NUMBER = 2**62


def _short(number: int) -> str:
    return str(number) if number < 10**30 else f"about 2**{number.bit_length()}"


def to_jsonld(item: Annotation | Excerpt) -> dict[str, Any]:
    excerpt = as_excerpts([item])[0]
    a = excerpt.annotation
    body: list[dict[str, Any]] = []
    if a.note:
        body.append(
            {
                "type": "TextualBody",
                "value": a.note,
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in a.tags)
    if excerpt.label:
        body.append({"type": "TextualBody", "value": excerpt.label, "purpose": "classifying"})
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": a.quote.exact,
            "prefix": a.quote.prefix,
            "suffix": a.quote.suffix,
        }
    ]
    if a.position.end > a.position.start:  # an empty position means "not known"
        selectors.append(
            {"type": "TextPositionSelector", "start": a.position.start, "end": a.position.end}
        )
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{a.id}",
        "type": "Annotation",
        "motivation": "commenting" if a.note else "highlighting",
        "created": a.created,
        "modified": a.modified,
        "body": body,
        "target": {"source": excerpt.url or source_iri(a.article), "selector": selectors},
        EXTENSION: {
            "article": {
                "id": a.article.id,
                "path": a.article.path,
                "title": excerpt.title,
                "source": excerpt.source,
                "url": excerpt.url,
                "author": excerpt.author,
                "date": excerpt.date,
                "root": a.article.root,
            },
            "textHash": a.text_hash,
            "textSketch": a.sketch,
            "repeats": a.repeats,
        },
    }
    if excerpt.colour:
        item[EXTENSION]["colour"] = excerpt.colour
    if not body:
        del item["body"]
    return item


def source_iri(article: ArticleRef) -> str:
    if article.url:
        return article.url
    path = Path(article.path)
    return path.as_uri() if path.is_absolute() else article.path


def export_jsonld(annotations: Iterable[Annotation | Excerpt]) -> str:
    items = [to_jsonld(a) for a in annotations]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "tuiread annotations",
        "generator": {"type": "Software", "name": f"tuiread {__version__}"},
        "generated": now(),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


class InvalidAnnotation(ValueError):
    pass


def parse_jsonld(text: str) -> tuple[list[Annotation], list[str]]:
    """Annotations in a JSON-LD document (a collection, a page, one annotation or a list), and
    one message per item that could not be read. Raises ValueError if it is not JSON at all.

    Nothing an import holds is trusted: positions are checked against the text when shown
    (tuiread.annotations.anchor_cache), numbers must fit the store, text must be Unicode text.
    """
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ValueError("nested too deeply to be an annotation file") from exc
    annotations, problems = [], []
    for index, item in enumerate(_items(data), start=1):
        try:
            annotations.append(from_jsonld(item))
        except InvalidAnnotation as exc:
            problems.append(f"item {index}: {exc}")
    return annotations, problems


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return [x for entry in data for x in _items(entry)] if _all_pages(data) else data
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object or array")
    kinds = _as_list(data.get("type"))
    if "AnnotationCollection" in kinds:
        return _items(data.get("first") or {"type": "AnnotationPage", "items": []})
    if "AnnotationPage" in kinds or ("items" in data and "Annotation" not in kinds):
        return list(data.get("items") or [])
    return [data]


def _all_pages(data: list) -> bool:
    return bool(data) and all(
        isinstance(x, dict) and "AnnotationPage" in _as_list(x.get("type")) for x in data
    )


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def from_jsonld(item: Any) -> Annotation:
    if not isinstance(item, dict):
        raise InvalidAnnotation("not a JSON object")
    if "Annotation" not in _as_list(item.get("type")):
        raise InvalidAnnotation(f"type is {item.get('type')!r}, not Annotation")
    target = _target(item)
    selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"].strip():
        raise InvalidAnnotation("no TextQuoteSelector with the quoted text")
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    note_parts, tags, label = [], [], ""
    if isinstance(item.get("bodyValue"), str):
        note_parts.append(item["bodyValue"])
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # a body that is a link or another resource carries no text to keep
        purposes = _as_list(body.get("purpose"))
        if "tagging" in purposes:
            tags.append(body["value"])
        elif "classifying" in purposes:
            label = body["value"]
        else:
            note_parts.append(body["value"])
    extension = item.get(EXTENSION) if isinstance(item.get(EXTENSION), dict) else {}
    if not label and is_colour(_text(extension.get("colour"))):
        label = extension["colour"].strip().casefold()
    stamp = now()
    created = _text(item.get("created")) or stamp
    repeats = extension.get("repeats")
    if not (isinstance(repeats, int) and 1 <= repeats <= MAX_NUMBER):
        repeats = None  # unknown: the quote is then re-anchored as if it might repeat
    annotation = Annotation(
        id=_uuid(item.get("id"), item),
        article=_article(extension.get("article"), _source(target)),
        quote=TextQuoteSelector(
            quote["exact"], _text(quote.get("prefix")), _text(quote.get("suffix"))
        ),
        position=_position(position),
        note="\n\n".join(note_parts),
        tags=clean_tags(tags),
        label=label.strip(),
        created=created,
        modified=_text(item.get("modified")) or created,
        text_hash=_text(extension.get("textHash")) or None,
        repeats=repeats,
        sketch=_text(extension.get("textSketch")) or None,
    )
    _check_text(annotation)
    return annotation


def _check_text(a: Annotation) -> None:
    """Refuse strings that are not Unicode text: JSON can spell a lone surrogate ("\\ud800"),
    which no file or database can hold."""
    ref = a.article
    fields = {
        "quote": a.quote.exact + a.quote.prefix + a.quote.suffix,
        "note": a.note,
        "tags": "".join(a.tags),
        "label": a.label,
        "article": "".join(filter(None, (ref.id, ref.path, ref.title, ref.source, ref.url))),
        "dates": a.created + a.modified,
    }
    for name, value in fields.items():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = value[exc.start : exc.end].encode("unicode_escape").decode("ascii")
            message = f"the {name} holds {bad}, a lone surrogate (not text)"
            raise InvalidAnnotation(message) from None


def _target(item: dict) -> dict:
    for target in _as_list(item.get("target")):
        if isinstance(target, dict) and target.get("selector") is not None:
            return target
    raise InvalidAnnotation("no target with selectors")


def _source(target: dict) -> str:
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    if not isinstance(source, str) or not source:
        raise InvalidAnnotation("the target has no source")
    return source


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _uuid(value: Any, item: dict) -> str:
    """Our UUID back from ``urn:uuid:``; another annotator's id made into a stable UUID, so a
    second import of the same file skips what the first added."""
    if isinstance(value, str) and value:
        raw = value[len("urn:uuid:") :] if value.startswith("urn:uuid:") else value
        try:
            return str(uuid.UUID(raw))
        except ValueError:
            return str(uuid.uuid5(uuid.NAMESPACE_URL, value))
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(uuid.NAMESPACE_OID, canonical))


def _position(selector: dict | None) -> TextPositionSelector:
    if selector is None:
        return TextPositionSelector(0, 0)
    start, end = selector.get("start"), selector.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
        raise InvalidAnnotation("the TextPositionSelector needs 0 <= start <= end")
    if end > MAX_NUMBER:
        raise InvalidAnnotation(
            f"the TextPositionSelector's end ({_short(end)}) is far past any text"
        )
    return TextPositionSelector(start, end)


def _article(info: Any, source: str) -> ArticleRef:
    if isinstance(info, dict) and isinstance(info.get("id"), str):
        return ArticleRef(
            id=info["id"],
            path=_text(info.get("path")) or _path_of(source),
            title=_text(info.get("title")) or info["id"],
            source=_text(info.get("source")) or None,
            url=_text(info.get("url")) or None,
            root=_text(info.get("root")) or None,
        )
    # Another annotator's file: the source IRI is all there is; a file IRI gives the path, which
    # finds the article when it is opened.
    path = _path_of(source)
    is_web = urlparse(source).scheme in ("http", "https")
    return ArticleRef(
        id=path, path=path, title=Path(path).name or source, url=source if is_web else None
    )


def _path_of(source: str) -> str:
    parsed = urlparse(source)
    return unquote(parsed.path) if parsed.scheme == "file" else source
