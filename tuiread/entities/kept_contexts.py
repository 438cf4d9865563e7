"""Mention contexts kept between runs: ``mentions ENTITY`` again reads only what changed.

Listing every mention of a person in a large corpus reads thousands of articles (their text and
spans) to make tens of thousands of contexts. A context is a function of the article's derived
content alone (its ``derived_key``: the file's bytes, the record, the parser and the cleaning
rules) and the mention's offsets, so the contexts of a listing are kept per entity, each
article's under the key of the content they were made from. The next listing of that entity
takes them for every article whose key and mention offsets are the same, and reads only the
others (an article edited since has another key); the entity's grouping does not enter into it.

A kept file is a line of JSON (the version, the entity, how many articles and mentions) and then,
zlib-compressed, the mentions' numbers as 32-bit integers (each article's count, then every
start, end and offset) and the article ids, content keys and contexts as UTF-8 joined by NUL
(which no path or key holds, nor any text but a JSON record's rare escaped NUL: such a file is
found damaged when read): read back with a split and an array, no parse of tens of thousands of
JSON strings.

A listing also keeps the *basis* it was made on (``SnapshotCatalog.listing_basis``: the entity
snapshot file, the changed articles, the corpus store's state): while a run finds the same
basis, the listing stands whole, in its order, and is printed without the entity's mentions
being read or any article made.

Only long listings are kept (KEEP_MIN_ARTICLES), the last KEPT_LISTINGS of them. Derived data:
a file that cannot be read, is damaged or of another version is ignored and replaced; failing to
write one only costs the next run the reading.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from functools import cache
from itertools import groupby, repeat
from operator import attrgetter
from pathlib import Path

from tuiread.corpus import Article
from tuiread.entities.contexts import MentionContext
from tuiread.entities.model import ArticleMention

# Bump when what a kept file holds changes (the contexts' own code is fingerprinted below).
KEPT_VERSION = 1
# Listings of fewer articles are not kept: they are read afresh in a few milliseconds, and
# keeping every small listing would push the long ones, the ones worth keeping, out of
# KEPT_LISTINGS.
KEEP_MIN_ARTICLES = 100
# Kept listings per corpus; the least recently used beyond this are removed (one of a few
# thousand articles is about a megabyte).
KEPT_LISTINGS = 64
# zlib level of a kept file: the fastest; contexts compress about 3x even so.
COMPRESSION = 1

_ARTICLE_ID = attrgetter("article_id")
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


# One article's kept contexts: its content key, then its mentions' starts, ends, context
# offsets and contexts (in text order).
Entry = tuple[str, Sequence[int], Sequence[int], Sequence[int], Sequence[str]]


class KeptListing:
    """The kept contexts of one entity's listing: ``take`` the contexts of an article's
    mentions, ``keep`` those made afresh, then ``save``."""

    def __init__(self, folder: Path, entity_key: str):
        name = hashlib.sha256(entity_key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        self.path = folder / f"{name}.kept"
        self.entity_key = entity_key
        self.basis: str | None = None  # what the kept listing was made on (see ``stands``)
        # The same, part by part (``SnapshotCatalog.listing_parts``): see ``kept_catchup``.
        self.parts: dict | None = None
        self.count = 0  # how many mentions the kept listing holds
        self._packed = b""  # the kept file's compressed part, as read (by ``_read``)
        self._kept: dict[str, Entry] = self._read()  # by article id, as read
        # This listing's, in listed order: None holds the place of an article to be read
        # (see ``take``), until ``keep`` is given its contexts.
        self._now: dict[str, Entry | None] = {}
        # Made by an earlier listing of this run (see ``begin``), to take by article.
        self._pool: dict[str, Entry] = {}
        self.taken = 0  # articles whose contexts were kept (none read for them)
        self.made = 0  # articles read for their contexts

    def _read(self) -> dict[str, Entry]:
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        try:
            kept, meta, self._packed = _unpack(data, self.entity_key)
        except (zlib.error, ValueError, KeyError, TypeError, IndexError):
            return {}  # damaged or foreign: replaced when this listing is saved
        self.basis, self.count = meta.get("basis"), meta["mentions"]
        self.parts = meta.get("parts") if isinstance(meta.get("parts"), dict) else None
        with suppress(OSError):  # (only its place among the kept listings)
            os.utime(self.path)  # recently used (see ``_trim``)
        return kept

    def stands(self, basis: str | None) -> bool:
        """Whether the kept listing is the listing of a catalog of ``basis``, whole."""
        return basis is not None and basis == self.basis and bool(self._kept)

    @property
    def holds(self) -> bool:
        """Whether any contexts were kept (a listing after an edit takes most of them)."""
        return bool(self._kept)

    @property
    def entries(self) -> Mapping[str, Entry]:
        """The kept contexts by article id, in the kept listing's order."""
        return self._kept

    def adopt(self, listing: dict[str, Entry | None]) -> None:
        """Make ``listing`` (article id -> its contexts, None for an article whose contexts
        are not kept, in listed order) this listing's, for ``save``."""
        self._now = listing

    def now_entries(self) -> Mapping[str, Entry | None]:
        """This listing's so far (see ``adopt``)."""
        return self._now

    def kept_lines(self) -> Iterator[tuple[str, int, int, str]]:
        """The kept listing (when it ``stands``): article id, start, end, context."""
        for article_id, (_, starts, ends, _, contexts) in self._kept.items():
            yield from zip(repeat(article_id), starts, ends, contexts)

    def take(self, article: Article, mentions: Sequence[ArticleMention],
             ) -> list[MentionContext] | None:
        """The kept contexts of ``mentions`` (one article's, in text order), or None when they
        are not kept for the article's present content (the article then holds its place in
        the listing for ``keep``: a listing takes the kept articles of a batch before it reads
        the others)."""
        key = _content_key(article)
        for found in (self._pool.get(article.id), self._kept.get(article.id)):
            if (found is not None and key is not None and found[0] == key
                    and same_offsets(mentions, found)):
                break
        else:
            self._now[article.id] = None
            return None
        new = object.__new__
        set_mention, set_article, set_context, set_offset = _CONTEXT_SLOTS
        made = []
        for mention, offset, context in zip(mentions, found[3], found[4], strict=True):
            item = new(MentionContext)
            set_mention(item, mention)
            set_article(item, article)
            set_context(item, context)
            set_offset(item, offset)
            made.append(item)
        self._now[article.id] = found
        self.taken += 1
        return made

    def lines(self, mentions: Sequence[ArticleMention], key_of: Callable[[str], str | None],
              make: Callable[[list[ArticleMention]], Iterable[MentionContext]],
              ) -> Iterator[tuple[str, int, int, str]]:
        """The listing of ``mentions`` (in listed order) as article id, start, end, context:
        an article whose contexts are kept for its content (its key by ``key_of``, the
        article itself never made) from them as they are, the others by ``make`` (contexts
        made as ``mention_contexts`` makes them with this listing: read and kept). What a
        listing after an edit prints, at the cost of the articles that changed."""
        pending: list[ArticleMention] = []
        pool, kept, now = self._pool, self._kept, self._now
        for article_id, run in groupby(mentions, key=_ARTICLE_ID):
            listed = list(run)
            key = key_of(article_id)
            for found in (pool.get(article_id), kept.get(article_id)):
                if (found is not None and key is not None and found[0] == key
                        and same_offsets(listed, found)):
                    break
            else:
                pending.extend(listed)
                continue
            if pending:
                yield from ((c.article.id, c.mention.start, c.mention.end, c.context)
                            for c in make(pending))
                pending = []
            now[article_id] = found
            self.taken += 1
            yield from zip(repeat(article_id), found[1], found[2], found[4])
        if pending:
            yield from ((c.article.id, c.mention.start, c.mention.end, c.context)
                        for c in make(pending))

    def begin(self) -> None:
        """Another listing starts (for another catalog of the corpus, files having changed
        while it was walked): what the last one made is taken where it still stands."""
        self._pool.update((a, entry) for a, entry in self._now.items() if entry is not None)
        self._now = {}

    def keep(self, article: Article, contexts: Sequence[MentionContext]) -> None:
        """Keep the contexts just made from ``article`` (whose text and spans are those of its
        content key: see ``mention_contexts``)."""
        key = _content_key(article)
        self.made += 1
        if key is not None:
            self._now[article.id] = (key, [c.mention.start for c in contexts],
                                     [c.mention.end for c in contexts],
                                     [c.offset for c in contexts], [c.context for c in contexts])

    def save(self, basis: str | None = None, parts: dict | None = None) -> None:
        """Keep this listing's contexts (the whole listing, made on ``basis``, of ``parts``)
        for the next one, when the listing is long enough to be worth it and is not the kept
        one (which has only its basis written anew when that changed)."""
        kept = self._kept
        now = {a: entry for a, entry in self._now.items() if entry is not None}
        if len(now) < KEEP_MIN_ARTICLES:
            return
        if len(now) < len(self._now) or basis is None:
            # (An article's contexts not kept: the listing cannot stand whole.)
            basis = parts = None
        try:
            if list(now) == list(kept) and all(kept[a] is entry for a, entry in now.items()):
                if basis is not None and (basis != self.basis or parts != self.parts):
                    _replace(self.path, _head(self.entity_key, basis, len(now), self.count,
                                              parts) + self._packed)
                return
            # Written whole even for one article changed: packing 25,000 mentions costs about
            # a tenth of a second, and the next run can then print the listing as kept.
            _replace(self.path, _pack(now, self.entity_key, basis, parts))
        except OSError:
            return  # only costs the next run the reading
        _trim(self.path.parent)


def _head(entity_key: str, basis: str | None, articles: int, mentions: int,
          parts: dict | None = None) -> bytes:
    return json.dumps({"version": _code_fingerprint(), "entity": entity_key, "basis": basis,
                       "parts": parts, "articles": articles,
                       "mentions": mentions}).encode() + b"\n"


def _pack(entries: dict[str, Entry], entity_key: str, basis: str | None = None,
          parts: dict | None = None) -> bytes:
    counts, starts, ends, offsets = array("I"), array("I"), array("I"), array("I")
    texts: list[str] = [*entries, *(entry[0] for entry in entries.values())]
    for _, entry_starts, entry_ends, entry_offsets, contexts in entries.values():
        counts.append(len(contexts))
        starts.extend(entry_starts)
        ends.extend(entry_ends)
        offsets.extend(entry_offsets)
        texts.extend(contexts)
    numbers = counts.tobytes() + starts.tobytes() + ends.tobytes() + offsets.tobytes()
    body = numbers + "\0".join(texts).encode("utf-8", "surrogatepass")
    return (_head(entity_key, basis, len(entries), len(starts), parts)
            + zlib.compress(body, COMPRESSION))


def _unpack(data: bytes, entity_key: str) -> tuple[dict[str, Entry], dict, bytes]:
    """``_pack``'s entries, its JSON line and its compressed part; raises ValueError (or
    zlib.error) for anything else."""
    head, _, packed = data.partition(b"\n")
    meta = json.loads(head)
    if meta["version"] != _code_fingerprint() or meta["entity"] != entity_key:
        raise ValueError("another version or entity")
    articles, mentions = int(meta["articles"]), int(meta["mentions"])
    body = zlib.decompress(packed)
    numbers = array("I")
    numbers.frombytes(body[: numbers.itemsize * (articles + 3 * mentions)])
    texts = body[numbers.itemsize * (articles + 3 * mentions) :].decode(
        "utf-8", "surrogatepass").split("\0")
    if len(numbers) != articles + 3 * mentions or len(texts) != 2 * articles + mentions:
        raise ValueError("cut short")
    counts = numbers[:articles]
    if sum(counts) != mentions:
        raise ValueError("counts do not add up")
    starts = numbers[articles : articles + mentions]
    ends = numbers[articles + mentions : articles + 2 * mentions]
    offsets = numbers[articles + 2 * mentions :]
    contexts = texts[2 * articles :]
    entries: dict[str, Entry] = {}
    at = 0
    for article_id, key, count in zip(texts[:articles], texts[articles : 2 * articles], counts,
                                      strict=True):
        stop = at + count
        entries[article_id] = (key, starts[at:stop], ends[at:stop], offsets[at:stop],
                               contexts[at:stop])
        at = stop
    return entries, meta, packed


def same_offsets(mentions: Sequence[ArticleMention], entry: Entry) -> bool:
    starts, ends = entry[1], entry[2]
    if len(mentions) != len(starts):
        return False
    for mention, start, end in zip(mentions, starts, ends, strict=True):
        if mention.start != start or mention.end != end:
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
                   if entry.name.endswith(".kept")]
    except OSError:
        return
    for _, path in sorted(entries, reverse=True)[KEPT_LISTINGS:]:
        with suppress(OSError):  # (removed by another process meanwhile: nothing to do)
            os.unlink(path)
