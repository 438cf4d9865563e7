"""Saving a page into the corpus: the original HTML plus a sidecar of provenance, atomically.

A page goes to ``FOLDER/<outlet>/<date>-<slug>.html``; its provenance (final URL, fetch time,
HTTP status, content hashes, extracted metadata) to the hidden sidecar ``.<date>-<slug>.json``
next to it, which corpus loading skips like every hidden file. Files are written to a temporary
name and renamed, so the corpus never holds half a page.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tuiread.corpus.dates import day_of
from tuiread.corpus.decode import UnreadableFile, decode_bytes
from tuiread.corpus.html import read_html
from tuiread.corpus.provenance import sidecar_path
from tuiread.fileio import atomic_write_bytes
from tuiread.web.ledger import Ledger

SIDECAR_VERSION = 1
# Longest slug kept from a headline: file names stay readable in a terminal listing.
SLUG_CHARS = 60


class NotAnArticle(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a page came from."""

    url: str | None  # the URL asked for (None for a local file)
    final_url: str | None  # after redirects
    status: int | None
    fetched_at: str
    source_file: str | None = None  # a page saved by a browser
    feed: str | None = None


@dataclass(frozen=True, slots=True)
class Saved:
    path: Path
    title: str
    duplicate: bool  # already in the folder: nothing written


def slug(text: str, limit: int = SLUG_CHARS) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > limit:
            break
        result = candidate
    return result or (words[0][:limit] if words else "")


def _free_name(folder: Path, stem: str) -> str:
    candidate, number = stem, 1
    while (folder / f"{candidate}.html").exists() or (folder / f".{candidate}.json").exists():
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def save_page(data: bytes, origin: Origin, folder: Path, ledger: Ledger) -> Saved:
    """Save ``data`` (a page's bytes) under ``folder`` unless the folder already has it."""
    try:
        decoded = decode_bytes(data)
    except UnreadableFile as exc:
        raise NotAnArticle(str(exc)) from exc
    reading = read_html(decoded.text)
    hidden = sorted(reading.hidden, key=lambda h: h.start)
    visible, position = [], 0
    for span in hidden:
        visible.append(reading.text[position : span.start])
        position = span.end
    visible.append(reading.text[position:])
    article_text = " ".join("".join(visible).split())
    if not article_text:
        raise NotAnArticle("no article text in the page")
    meta = reading.meta
    text_hash = hashlib.sha256(article_text.encode("utf-8")).hexdigest()
    urls = [u for u in (meta.url, origin.final_url, origin.url) if u]
    title = meta.title or article_text[:80]
    found = ledger.existing(folder, urls, text_hash)
    if found is not None:
        return Saved(found, title, duplicate=True)
    host = urlsplit(meta.url or origin.final_url or "").hostname or ""
    outlet = slug(meta.source or host.removeprefix("www.")) or "unknown-outlet"
    stem_slug = slug(title) or slug(urlsplit(origin.final_url or "").path) or "page"
    target = folder / outlet
    stem = _free_name(target, f"{day_of(meta.date) or 'undated'}-{stem_slug}")
    page = target / f"{stem}.html"
    sidecar = {
        "version": SIDECAR_VERSION,
        "origin": asdict(origin),
        "content_sha256": hashlib.sha256(data).hexdigest(),
        "article_text_sha256": text_hash,
        "metadata": {
            "title": meta.title,
            "source": meta.source,
            "author": meta.author,
            "date": meta.date,
            "url": meta.url,
        },
    }
    # The page goes last: a corpus never holds a page without its provenance, and a failed
    # write leaves neither file behind.
    provenance = sidecar_path(page)
    try:
        atomic_write_bytes(
            provenance, (json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n").encode()
        )
        atomic_write_bytes(page, data)
    except BaseException:
        provenance.unlink(missing_ok=True)
        raise
    ledger.record(folder, urls, text_hash, page)
    return Saved(page, title, duplicate=False)
