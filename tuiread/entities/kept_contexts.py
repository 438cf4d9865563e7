"""Mention contexts kept between runs: ``mentions ENTITY`` again reads only what changed.

Listing every mention of a person in a large corpus reads thousands of articles (their text and
spans) to make tens of thousands of contexts. A context is a function of the article's derived
content alone (its ``derived_key``: the file's bytes, the record, the parser and the cleaning
rules) and the mention's offsets, so the contexts of a listing are kept per entity, each
article's under the key of the content they were made from. The next listing of that entity
takes them for every article whose key and mention offsets are the same, and reads only the
others (an article edited since has another key); the entity's grouping does not enter into it.

Only long listings are kept (KEEP_MIN_ARTICLES), the last KEPT_LISTINGS of them. Derived data:
a file that cannot be read, is damaged or of another version is ignored and replaced; failing to
write one only costs the next run the reading.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Sequence
from contextlib import suppress
from functools import cache
from pathlib import Path

from tuiread.corpus import Article
from tuiread.entities.contexts import MentionContext
from tuiread.entities.model import ArticleMention

# Bump when what a kept file holds changes (the contexts' own code is fingerprinted below).
KEPT_VERSION = 1
# Listings of fewer articles are not kept: reading that many articles costs about what
# reading and writing the kept file does (tens of milliseconds), and keeping every small
# listing would push the long ones, the ones worth keeping, out of KEPT_LISTINGS.
KEEP_MIN_ARTICLES = 100
# Kept listings per corpus; the least recently used beyond this are removed (one of a few
# thousand articles is about a megabyte).
KEPT_LISTINGS = 32
# zlib level of a kept file: the fastest; contexts compress about 3x even so.
COMPRESSION = 1
# A kept file is written whole, so it is rewritten only when at least this share of the
# listing's articles was read afresh (or is no longer listed): after an edit or two the next
# run reads those few articles again, which costs far less than rewriting a long listing.
REWRITE_SHARE = 0.05

_CONTEXT_SLOTS = tuple(MentionContext.__dict__[name].__set__
                       for name in ("mention", "article", "context", "offset"))


@cache
def _code_fingerprint() -> str:
    """The version of the contexts' making: kept contexts never outlive a change to it."""
    from tuiread.entities import contexts

    digest = hashlib.sha256(f"{KEPT_VERSION}\0".encode())
    digest.update(Path(contexts.__file__).read_bytes())
    return digest.hexdigest()[:16]


def kept_folder(store_path: Path) -> Path:
    """Where the contexts of the corpus whose store is ``store_path`` are kept (beside it)."""
    return store_path.with_name(store_path.stem + ".contexts")


def _content_key(article: Article) -> str | None:
    """What the article's text and spans were derived from, when the store knows it."""
    return getattr(article, "derived_key", None)


class KeptListing:
    """The kept contexts of one entity's listing: ``take`` the contexts of an article's
    mentions, ``keep`` those made afresh, then ``save``."""

    def __init__(self, folder: Path, entity_key: str):
        name = hashlib.sha256(entity_key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        self.path = folder / f"{name}.json.z"
        self.entity_key = entity_key
        # article id -> (content key, [[start, end, offset, context], ...]) as read
        self._kept: dict[str, tuple[str, list[list]]] = self._read()
        self._now: dict[str, tuple[str, list[list]]] = {}  # this listing's, in listed order
        self.taken = 0  # articles whose contexts were kept (none read for them)
        self.made = 0  # articles read for their contexts

    def _read(self) -> dict[str, tuple[str, list[list]]]:
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        try:
            found = json.loads(zlib.decompress(data))
            if (found["version"] != _code_fingerprint() or found["entity"] != self.entity_key):
                return {}
            kept = {article_id: (key, rows) for article_id, key, rows in found["articles"]}
        except (zlib.error, ValueError, KeyError, TypeError):
            return {}  # damaged or foreign: replaced when this listing is saved
        with suppress(OSError):  # (only its place among the kept listings)
            os.utime(self.path)  # recently used (see ``_trim``)
        return kept

    def take(self, article: Article, mentions: Sequence[ArticleMention],
             ) -> list[MentionContext] | None:
        """The kept contexts of ``mentions`` (one article's, in text order), or None when they
        are not kept for the article's present content."""
        key = _content_key(article)
        if key is None:
            return None
        # (Those made earlier in this run first: a listing made again for another catalog of
        # the corpus, files having changed while it was walked, takes what it has in common.)
        for found in (self._now.get(article.id), self._kept.get(article.id)):
            if found is not None and found[0] == key and _same_offsets(mentions, found[1]):
                break
        else:
            return None
        new = object.__new__
        set_mention, set_article, set_context, set_offset = _CONTEXT_SLOTS
        made = []
        for mention, (_, _, offset, context) in zip(mentions, found[1], strict=True):
            item = new(MentionContext)
            set_mention(item, mention)
            set_article(item, article)
            set_context(item, context)
            set_offset(item, offset)
            made.append(item)
        self._now[article.id] = found
        self.taken += 1
        return made

    def keep(self, article: Article, contexts: Sequence[MentionContext]) -> None:
        """Keep the contexts just made from ``article`` (whose text and spans are those of its
        content key: see ``mention_contexts``)."""
        key = _content_key(article)
        self.made += 1
        if key is not None:
            self._now[article.id] = (key, [[c.mention.start, c.mention.end, c.offset, c.context]
                                           for c in contexts])

    def save(self) -> None:
        """Keep this run's contexts for the next listing, when the listing is long enough to be
        worth it and enough of it changed (see REWRITE_SHARE)."""
        now, kept = self._now, self._kept
        if len(now) < KEEP_MIN_ARTICLES:
            return
        fresh = sum(1 for article_id, entry in now.items() if kept.get(article_id) is not entry)
        dropped = sum(1 for article_id in kept if article_id not in now)
        if not kept or fresh + dropped >= max(1, REWRITE_SHARE * len(now)):
            self._write()

    def _write(self) -> None:
        data = zlib.compress(json.dumps({
            "version": _code_fingerprint(), "entity": self.entity_key,
            "articles": [[a, key, rows] for a, (key, rows) in self._now.items()]},
            ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"),
            COMPRESSION)
        try:
            _replace(self.path, data)
        except OSError:
            return  # only costs the next run the reading
        _trim(self.path.parent)


def _same_offsets(mentions: Sequence[ArticleMention], rows: list[list]) -> bool:
    if len(mentions) != len(rows):
        return False
    for mention, row in zip(mentions, rows, strict=True):
        if mention.start != row[0] or mention.end != row[1]:
            return False
    return True


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and move it over: a reader sees the old file or the new
    one. Not synced to disk: a file cut short by a crash is found damaged and ignored."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def _trim(folder: Path) -> None:
    """Remove the least recently used kept listings beyond KEPT_LISTINGS."""
    try:
        entries = [(entry.stat().st_mtime_ns, entry.path) for entry in os.scandir(folder)
                   if entry.name.endswith(".json.z")]
    except OSError:
        return
    for _, path in sorted(entries, reverse=True)[KEPT_LISTINGS:]:
        with suppress(OSError):  # (removed by another process meanwhile: nothing to do)
            os.unlink(path)
