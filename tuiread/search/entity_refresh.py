"""Keeping the ``entity:`` field current without re-reading the corpus.

Every document records the digest of the entity names it was indexed with (stored with the
document and kept in the manifest by file and article). Given the current names by article id,
``stale_documents`` lists the documents whose digest differs, and ``refresh`` re-indexes exactly
those from their stored fields: no corpus file is read, and a decision that renames one person
touches only the articles that mention them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass

from whoosh import index as whoosh_index

from tuiread.search.build import WRITER_LIMIT_MB, index_codec
from tuiread.search.documents import names_digest, set_entity_names
from tuiread.search.manifest import Manifest
from tuiread.search.merging import merge_tiny

# Documents re-indexed per commit: each commit saves the manifest and reports progress, so a
# large change (a new gazetteer) can be stopped and continued like a build.
REFRESH_CHUNK = 500


@dataclass(frozen=True, slots=True)
class StaleDocument:
    rel: str  # the file the article came from
    id: str
    names: tuple[str, ...]  # the names it should have now
    digest: str


def stale_documents(indexed_names: Mapping[str, Mapping[str, str]],
                    names: Mapping[str, Sequence[str]]) -> list[StaleDocument]:
    """The indexed articles whose entity names differ from ``names`` (article id -> names), of
    ``indexed_names`` (file -> {article id: digest of the names it was indexed with}: a
    manifest's ``entities``, or ``names_of`` the articles that may differ)."""
    stale: list[StaleDocument] = []
    for rel, indexed in indexed_names.items():
        for article_id, old in indexed.items():
            given = names.get(article_id, ())
            digest = names_digest(given)  # (blank names left out)
            if digest != old:
                current = tuple(n for n in given if n.strip())
                stale.append(StaleDocument(rel, article_id, current, digest))
    return stale


def names_changed_since(entities: object, version: str | None) -> Set[str] | None:
    """The articles whose names in ``entities`` may differ from those of names ``version``,
    when the names can tell (a catalog's field keeps its recent versions); else None."""
    changed_since = getattr(entities, "changed_since", None)
    return changed_since(version) if callable(changed_since) else None


def refresh(ix: whoosh_index.Index, manifest: Manifest, stale: list[StaleDocument],
            progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool],
            save: Callable[[], None]) -> tuple[int, bool]:
    """Re-index the ``stale`` documents with their new names, a chunk per commit.

    Runs under the writer lock. Returns how many were re-indexed and whether it was stopped.
    """
    done = 0
    total = len(stale)
    if progress is not None:
        progress(0, total)
    for first in range(0, total, REFRESH_CHUNK):
        if cancelled():
            return done, True
        chunk = stale[first : first + REFRESH_CHUNK]
        writer = ix.writer(limitmb=WRITER_LIMIT_MB, codec=index_codec())
        try:
            gone = rewrite(writer, chunk)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_tiny)
        done += note_rewritten(manifest, chunk, gone)
        save()
        if progress is not None:
            progress(first + len(chunk), total)
    return done, False


def rewrite(writer, stale: Sequence[StaleDocument]) -> set[str]:
    """Re-add each ``stale`` document in ``writer`` (a Whoosh writer, not committed) from its
    stored fields with its new names; the ids no longer in the index (removed since the
    manifest named them) are returned. The documents of files ``writer`` deletes are not to be
    among them (their stored fields are those of the old content)."""
    gone: set[str] = set()
    if not stale:
        return gone
    searcher = writer.searcher()
    for item in stale:
        docnum = searcher.document_number(id=item.id)
        if docnum is None:
            gone.add(item.id)
            continue
        document = dict(searcher.stored_fields(docnum))
        set_entity_names(document, item.names)
        writer.delete_document(docnum)
        writer.add_document(**document)
    return gone


def note_rewritten(manifest: Manifest, stale: Sequence[StaleDocument], gone: set[str]) -> int:
    """Record in ``manifest`` the names of the ``stale`` documents committed by ``rewrite``
    (the ``gone`` ones dropped); how many were re-indexed."""
    for item in stale:
        indexed = manifest.file_names(item.rel)  # (one file's: not every file's names)
        if indexed is None:
            continue
        if item.id in gone:
            indexed.pop(item.id, None)
        else:
            indexed[item.id] = item.digest
        manifest.set_names(item.rel, indexed)  # marks the file's names to be saved
    return len(stale) - len(gone)
