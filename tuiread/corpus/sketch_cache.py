"""Shingle sketches kept between runs, so finding copies costs what changed since the last run.

A sketch depends only on an article's visible text, so it is stored under a digest of the raw
text and its visible spans; an article whose text or cleaning changed gets a new digest and a
new sketch. Derived data: a damaged or foreign cache file is ignored (sketches are recomputed).
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tuiread import locations
from tuiread.corpus import kept_copies
from tuiread.corpus.copies import SHINGLE_WORDS, SKETCH, Copies, copy_groups, sketch
from tuiread.corpus.copies_update import UPDATE_MAX_CHANGED, Update, regrouped, updated_groups
from tuiread.corpus.model import Article
from tuiread.corpus.stored import StoredArticle

# Part of every digest: sketches made with other parameters are never reused.
_VERSION = f"sketch-v1-{SHINGLE_WORDS}-{SKETCH}".encode()


def cache_file() -> Path:
    return locations.cache_dir() / "copies.sqlite"


def article_digest(article: Article) -> str:
    if isinstance(article, StoredArticle):
        # The store knows what the text and spans came from: no file is read for the key.
        return key_digest(article.derived_key)
    digest = hashlib.blake2b(_VERSION, digest_size=16)
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    digest.update(array("q", [o for span in article.visible for o in span]).tobytes())
    return digest.hexdigest()


def _content_key(article: Article) -> str:
    """What an article's sketch depends on, cheaply for a stored article."""
    if isinstance(article, StoredArticle):
        return article.derived_key
    return article_digest(article)


class SketchCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_file()
        self._db: sqlite3.Connection | None = None
        try:
            locations.ensure_parent(self.path)
            self._db = sqlite3.connect(self.path, timeout=5)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS sketches (digest TEXT PRIMARY KEY, hashes BLOB)"
            )
            # The copies found last, with the articles they were found among: after a few
            # changes only the groups they touch are found again (see copies_update).
            for statement in kept_copies.SCHEMA:
                self._db.execute(statement)
            # The corpus digest of a corpus store's state (which fixes every article's id and
            # content key): an unchanged stored corpus is known without 100,000 keys made.
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS store_states (state TEXT PRIMARY KEY, corpus TEXT)"
            )
        except (sqlite3.DatabaseError, OSError):
            self._db = None  # derived data: work without the cache

    def sketches(self, articles: Iterable[Article]) -> dict[str, tuple[int, ...]]:
        articles = list(articles)
        digests = {a.id: article_digest(a) for a in articles}
        known: dict[str, tuple[int, ...]] = {}
        if self._db is not None:
            try:
                wanted = list(set(digests.values()))
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    rows = self._db.execute(
                        "SELECT digest, hashes FROM sketches WHERE digest IN "
                        f"({','.join('?' * len(chunk))})",
                        chunk,
                    )
                    for digest, blob in rows:
                        known[digest] = tuple(array("I", blob))
            except sqlite3.DatabaseError:
                known = {}
        result, fresh = {}, {}
        for article in articles:
            digest = digests[article.id]
            if digest not in known:
                known[digest] = fresh[digest] = sketch(article.clean_text())
            result[article.id] = known[digest]
        if fresh and self._db is not None:
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO sketches VALUES (?, ?)",
                        [(d, array("I", s).tobytes()) for d, s in fresh.items()],
                    )
            except sqlite3.DatabaseError:
                pass  # the cache only saves time; the sketches are in hand
        return result

    def keep_sketches(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Keep sketches made elsewhere: (digest, uint32 bytes) pairs, the digest being
        ``key_digest`` of the article's ``derived_key`` (the corpus store's derive step)."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO sketches VALUES (?, ?)", items)
        except sqlite3.DatabaseError:
            return  # the cache only saves time; a sketch missing is made when wanted

    def corpus_of_state(self, state: str) -> str | None:
        """The corpus digest kept for the corpus store state ``state``."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT corpus FROM store_states WHERE state = ?",
                                   (state,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def kept_state(self) -> str | None:
        """The (one) corpus store state kept (see ``keep_state``)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT state FROM store_states LIMIT 1").fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def keep_state(self, state: str, corpus: str) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("DELETE FROM store_states")  # the last state is worth it
                self._db.execute("INSERT INTO store_states VALUES (?, ?)", (state, corpus))
        except sqlite3.DatabaseError:
            return  # the cache only saves time

    def groups(self, corpus: str) -> Copies | None:
        """The copies kept for the corpus digest ``corpus`` (None: none kept)."""
        if self._db is None:
            return None
        try:
            return kept_copies.kept_groups(self._db, corpus)
        except (sqlite3.DatabaseError, ValueError, TypeError):
            return None  # derived data: found again

    def kept_corpus(self) -> str | None:
        """The corpus digest of the copies kept last."""
        if self._db is None:
            return None
        try:
            return kept_copies.kept_corpus(self._db)
        except sqlite3.DatabaseError:
            return None

    def keep_groups(self, corpus: str, copies: Copies,
                    members: Sequence[tuple[str, str, str]]) -> None:
        """Keep ``copies`` as those of ``corpus``, whose articles are ``members`` (id, content
        key, sketch digest)."""
        if self._db is None:
            return
        try:
            kept_copies.keep_all(self._db, corpus, copies, members)
        except sqlite3.DatabaseError:
            return  # the cache only saves time; the copies are in hand

    def keep_update(self, was: str, corpus: str, update: Update,
                    changed: Sequence[tuple[str, str, str]]) -> bool:
        """Move the copies kept for ``was`` to ``corpus`` by writing what ``update`` changed
        (``changed``: id, content key, sketch digest of each changed article)."""
        if self._db is None:
            return True
        try:
            return kept_copies.keep_changes(self._db, was, corpus, update.dropped,
                                            update.added, changed, sorted(update.removed))
        except sqlite3.DatabaseError:
            return True  # the cache only saves time; the copies are in hand

    def since(self, corpus: str) -> tuple[Copies, Callable[[set[str]], set[str]]] | None:
        """The copies kept for ``corpus`` and a function giving the ids of its articles whose
        kept sketch is one of a set of digests (see ``kept_copies.kept_since``)."""
        if self._db is None:
            return None
        try:
            return kept_copies.kept_since(self._db, corpus)
        except (sqlite3.DatabaseError, ValueError, TypeError, EOFError):
            return None  # derived data: found again

    def last_groups(self) -> tuple[str, Copies, dict[str, str], dict[str, str]] | None:
        """The corpus digest and groups kept last, and the (id -> content key) and (id ->
        sketch digest) of the articles they were found among."""
        if self._db is None:
            return None
        try:
            return kept_copies.kept_state(self._db)
        except (sqlite3.DatabaseError, ValueError, TypeError, EOFError):
            return None  # derived data: found again

    def sharing(self, hashes: set[int]) -> set[str]:
        """The digests of the kept sketches holding one of ``hashes``: one pass over them."""
        found: set[str] = set()
        if self._db is None:
            return found
        isdisjoint = hashes.isdisjoint
        try:
            for digest, blob in self._db.execute("SELECT digest, hashes FROM sketches"):
                if not isdisjoint(array("I", blob)):
                    found.add(digest)
        except sqlite3.DatabaseError:
            return found
        return found

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _keys(articles: Sequence[Article]) -> Iterable[tuple[str, str]]:
    """(id, content key) of each article; from the store's columns when it has them."""
    from tuiread.corpus.rows import ArticleRows

    if isinstance(articles, ArticleRows):
        return zip(articles.column("id"), articles.derived_keys(), strict=True)
    return ((a.id, _content_key(a)) for a in articles)


def _updated(cache: SketchCache, articles: Sequence[Article], pairs: list[tuple[str, str]],
             last: tuple[str, Copies, dict[str, str], dict[str, str]] | None) -> Update | None:
    """The kept groups updated for the few articles changed since (None: too many, or none
    kept)."""
    if last is None:
        return None
    _, old, members, old_digests = last
    get = _getter(articles)

    def sketches_of(ids: Iterable[str]) -> dict[str, tuple[int, ...]]:
        return cache.sketches([get(aid) for aid in ids])

    def sharing(hashes: set[int]) -> set[str]:
        digests = cache.sharing(hashes)
        return {aid for aid, digest in old_digests.items() if digest in digests}

    return updated_groups(old, members, pairs, sketches_of, sharing)


def _getter(articles: Sequence[Article]):
    from tuiread.corpus.rows import ArticleRows

    if isinstance(articles, ArticleRows):
        return lambda aid: articles[articles.position(aid)]
    by_id = {a.id: a for a in articles}
    return by_id.__getitem__


def key_digest(derived_key: str) -> str:
    """``article_digest`` of the stored article whose ``derived_key`` is ``derived_key``."""
    return hashlib.blake2b(_VERSION + derived_key.encode(), digest_size=16).hexdigest()


def _sketch_digest(key: str) -> str:
    """``article_digest`` from an article's content key (``_content_key``): a stored article's
    key is its ``derived_key`` (always holding a ':'), another article's is that digest."""
    return key_digest(key) if ":" in key else key


def _store_state(articles) -> str | None:
    """The corpus store's state the articles are the rows of (with the sketch parameters),
    else None."""
    from tuiread.corpus.rows import ArticleRows

    if not isinstance(articles, ArticleRows):
        return None
    state = articles.store_state
    if state is None:
        return None
    return _state_key(state)


def _state_key(state: str) -> str:
    return hashlib.blake2b(_VERSION + state.encode(), digest_size=16).hexdigest()


def _earlier_kept(cache: SketchCache, articles) -> tuple[str, list[int]] | None:
    """The state kept in the cache (as kept) when it is an earlier state of the corpus store
    that the articles can be told from, and the positions of the articles changed since."""
    kept_state = cache.kept_state()
    if kept_state is None:
        return None
    earlier = next((s for s in articles.earlier_states() if _state_key(s) == kept_state), None)
    positions = articles.positions_since(earlier) if earlier is not None else None
    return (kept_state, positions) if positions is not None else None


def _since_last_refresh(cache: SketchCache, articles, state: str) -> Copies | None:
    """The copies kept for an earlier state of the corpus store, updated for the articles
    changed since, when only some articles' content changed (the record patched, by this
    process or another: no id made or compared for the others); None when that is not known
    or those copies are not kept."""
    found = _earlier_kept(cache, articles)
    if found is None:
        return None
    kept_state, positions = found
    if len(positions) > UPDATE_MAX_CHANGED:
        return None
    was = cache.corpus_of_state(kept_state)
    kept = cache.since(was) if was is not None else None
    if kept is None:
        return None
    old, having = kept
    ids = articles.column("id")
    # (A whole regrouping names the copies by a digest of every id and key; this one by the
    # store state, which fixes them as well.)
    corpus = _state_key("state:" + state)
    changed = {ids[position]: articles[position].derived_key for position in positions}
    get = _getter(articles)
    update = regrouped(old, set(changed), set(), lambda _: True,
                       lambda wanted: cache.sketches([get(aid) for aid in wanted]),
                       lambda hashes: having(cache.sharing(hashes)))
    if not cache.keep_update(was, corpus, update, [(aid, key, _sketch_digest(key))
                                                  for aid, key in changed.items()]):
        return None
    cache.keep_state(state, corpus)
    return update.copies


def cached_copies(articles: Iterable[Article], kept_only: bool = False) -> Copies | None:
    """Copies among ``articles`` (see ``copies.find_copies``), sketches from the cache; the
    whole answer too when no article changed since it was found (``kept_only``: that answer
    or None, nothing worked out or written: for work done ahead on a corpus not yet
    confirmed)."""
    from tuiread.corpus.rows import ArticleRows

    if not isinstance(articles, ArticleRows):
        articles = list(articles)
    cache = SketchCache()
    try:
        state = _store_state(articles)
        if state is not None:
            kept = cache.corpus_of_state(state)
            found = cache.groups(kept) if kept is not None else None
            if found is not None:
                return found
        if state is not None and not kept_only:
            found = _since_last_refresh(cache, articles, state)
            if found is not None:
                return found
        if state is not None and kept_only and _earlier_kept(cache, articles) is not None:
            # Copies of an earlier state are kept: they are updated (and kept) once the
            # corpus is confirmed, which the whole corpus's digest would not spare.
            return None
        corpus = hashlib.blake2b(_VERSION, digest_size=16)
        # One update for the whole corpus: per-article digests of 100,000 articles cost more
        # than the hash of their joined keys.
        pairs = list(_keys(articles))
        corpus.update("\0".join(f"{aid}\0{key}" for aid, key in pairs)
                      .encode("utf-8", "surrogatepass"))
        key = corpus.hexdigest()
        found = cache.groups(key)
        if found is None and kept_only:
            return None
        if state is not None:
            cache.keep_state(state, key)
        if found is None:
            last = cache.last_groups()
            update = _updated(cache, articles, pairs, last)
            if update is not None and last is not None:
                found = update.copies
                now = dict(pairs)
                changed = [(aid, now[aid], _sketch_digest(now[aid])) for aid in update.changed]
                if not cache.keep_update(last[0], key, update, changed):
                    update = None  # kept rows moved on, or many rows: keep it whole
            if update is None:
                if found is None:
                    found = copy_groups(cache.sketches(articles))
                members, kept = (last[2], last[3]) if last is not None else ({}, {})
                cache.keep_groups(key, found, [
                    (aid, content, kept[aid] if members.get(aid) == content and aid in kept
                     else _sketch_digest(content)) for aid, content in pairs])
        return found
    finally:
        cache.close()
