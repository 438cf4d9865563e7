"""Finding the article a user means by ARTICLE: an id, a file name, a path, or a prefix.

People type what they see: the file name the reader shows (``000_9a61a9004f7d98d1.txt``), a
corpus-relative path with its suffix (``tech/001.txt``), a bare name shared by several folders
(``001``), in any case. ``resolve_ref`` is a pure function over the articles' ids and paths; it
tries the ways of naming an article from the most to the least exact and stops at the first
that names anything, so an exact id never loses to a prefix.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath

# How alike (rapidfuzz ratio, 0-100) an id must be to a reference that matched nothing to be
# suggested: one or two typos in a short id score about 80, unrelated ids below 60.
SUGGEST_SCORE = 70


def _file_part(article_id: str) -> tuple[str, str]:
    """An id split into its file part and record part (``feed#3`` -> ``feed``, ``#3``)."""
    base, hash_, record = article_id.partition("#")
    return base, f"{hash_}{record}"


def _names(article_id: str, path: Path) -> set[str]:
    """Every exact way of naming one article, casefolded."""
    base, record = _file_part(article_id)
    with_suffix = base if base.endswith(path.suffix) else f"{base}{path.suffix}"
    names = {article_id, f"{with_suffix}{record}", f"{path.name}{record}",
             f"{PurePosixPath(base).name}{record}"}
    if not record:
        names.add(path.stem)
    return {name.casefold() for name in names}


def _prefixes(article_id: str, path: Path) -> tuple[str, ...]:
    base, record = _file_part(article_id)
    return (article_id.casefold(), f"{base}{path.suffix}{record}".casefold(),
            path.name.casefold(), str(path).casefold())


def _same_file(ref: str, cwd: str) -> Callable[[str, Path], bool]:
    target = os.path.normpath(os.path.join(cwd, os.path.expanduser(ref)))
    name = os.path.basename(target)

    def same(_aid: str, path: Path) -> bool:
        # The name first: it rules out nearly every article without building a path.
        return path.name == name and os.path.normpath(os.path.join(cwd, path)) == target

    return same


def _hint(folded: str) -> str:
    """What every article ``folded`` can name contains: its last part, suffix and record cut."""
    last = folded.rsplit("/", 1)[-1].split("#", 1)[0]
    stem, dot, _suffix = last.rpartition(".")
    return stem if dot and stem else last


def resolve_ref(ref: str, articles: Sequence[tuple[str, Path]], cwd: Path | None = None,
                ) -> list[int]:
    """The positions in ``articles`` (``(id, path)`` pairs) that ``ref`` names.

    One position: found. Several: ``ref`` is ambiguous between them. None: nothing matches.
    The stages, first match wins: the exact id; the same file path (relative to ``cwd``); an
    exact name in any case (id, file name, corpus-relative path with suffix, bare name); a
    prefix of any of those.
    """
    found = [i for i, (aid, _path) in enumerate(articles) if aid == ref]
    if found or not ref.strip():
        return found
    same = _same_file(ref, str(cwd or os.getcwd()))
    found = [i for i, (aid, path) in enumerate(articles) if same(aid, path)]
    if found:
        return found
    folded = ref.casefold().replace(os.sep, "/")
    hint = _hint(folded)
    # Only articles whose id or path holds the hint can match by name or prefix.
    near = [i for i, (aid, path) in enumerate(articles)
            if hint in aid.casefold() or hint in str(path).casefold()]
    stages: list[Callable[[str, Path], bool]] = [
        lambda aid, path: folded in _names(aid, path),
        lambda aid, path: any(p.startswith(folded) for p in _prefixes(aid, path)),
    ]
    for matches in stages:
        found = [i for i in near if matches(*articles[i])]
        if found:
            return found
    return []


def close_ids(ref: str, ids: Iterable[str], limit: int = 3) -> list[str]:
    """The ids most like ``ref`` (for "did you mean" after nothing matched), best first."""
    from rapidfuzz import fuzz, process  # (imported here: only a reference that failed needs it)

    folded = ref.casefold()
    choices = {aid.casefold(): aid for aid in ids}
    found = process.extract(folded, list(choices), scorer=fuzz.ratio, limit=limit,
                            score_cutoff=SUGGEST_SCORE)
    return [choices[match] for match, _score, _index in found]
