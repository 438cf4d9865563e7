"""Syndicated copies: articles whose text is the same story (wire copy carried by many outlets).

Each article gets a bottom-k sketch of its word shingles (the ``SKETCH`` smallest shingle
hashes, a MinHash variant needing one hash per shingle). Articles are only compared when their
sketches share a hash, found through a hash -> articles bucket table, so the cost grows with the
corpus, not with the number of pairs. Two articles are copies when the sketch estimate of the
Jaccard resemblance of their shingle sets reaches ``COPY_MIN_RESEMBLANCE``.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from tuiread.corpus.model import Article

# 5-word shingles: long enough that two independent reports of one event rarely share many,
# short enough that a wire story lightly edited by each outlet still shares most of them.
SHINGLE_WORDS = 5
SKETCH = 64
# Wire copies with a different headline, a cut last paragraph or an added byline stay above
# one half; reports written separately from the same press release fall well below it.
COPY_MIN_RESEMBLANCE = 0.5
# An article with fewer shingles than this is too short to call a copy (a caption, a brief).
MIN_SHINGLES = 30
# A hash in more sketches than this is shared boilerplate, not a story: its bucket is skipped.
MAX_BUCKET = 1000
_WORD = re.compile(r"[^\W_]+")


def sketch(text: str) -> tuple[int, ...]:
    """The bottom-k sketch of ``text``'s word shingles (empty when too short)."""
    words = _WORD.findall(text.casefold())
    if len(words) - SHINGLE_WORDS + 1 < MIN_SHINGLES:
        return ()
    # The shingles made by zip and map, no Python call per shingle (a third of the cost of a
    # loop over them; the shortest slice ends the zip at the last shingle); sorting the few
    # hundred hashes in C beats a heap.
    starting = [words[k:] for k in range(SHINGLE_WORDS)]
    shingles = map(" ".join, zip(*starting, strict=False))
    return tuple(sorted(set(map(zlib.crc32, map(str.encode, shingles))))[:SKETCH])


def resemblance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard resemblance of the shingle sets behind two sketches."""
    if not a or not b:
        return 0.0
    both = set(a) & set(b)
    union = sorted(set(a) | set(b))[:SKETCH]  # the bottom-k of the union
    return sum(1 for h in union if h in both) / len(union)


def copy_groups(sketches: dict[str, tuple[int, ...]]) -> Copies:
    """For each article id that has copies, the ids of its copies (sorted, itself left out)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    # Articles with the very same sketch are copies at once; one of them stands for the rest.
    same: dict[tuple[int, ...], str] = {}
    for article_id, hashes in sketches.items():
        if not hashes:
            continue
        first = same.setdefault(hashes, article_id)
        if first != article_id:
            join(first, article_id)
    buckets: dict[int, list[str]] = defaultdict(list)
    for hashes, article_id in same.items():
        for value in hashes:
            buckets[value].append(article_id)
    checked: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                pair = (first, second) if first < second else (second, first)
                if pair in checked:
                    continue
                checked.add(pair)
                if root(first) == root(second):
                    continue  # already one group
                if resemblance(sketches[first], sketches[second]) >= COPY_MIN_RESEMBLANCE:
                    join(first, second)
    groups: dict[str, list[str]] = defaultdict(list)
    for article_id in parent:
        groups[root(article_id)].append(article_id)
    for top in list(groups):
        if top not in groups[top]:
            groups[top].append(top)
    return Copies(sorted(members) for members in groups.values() if len(members) >= 2)


class Copies(Mapping[str, list[str]]):
    """Article id -> the ids of its copies (sorted, itself left out), kept as the groups.

    A corpus of N copies of each story has N - 1 copies per article: a dict of lists would
    hold N times as many ids as there are articles, so the lists are made when asked for.
    """

    def __init__(self, groups: Iterable[list[str]] = ()):
        self.groups = [list(g) for g in groups]
        self._by_member: dict[str, int] | None = None

    @property
    def _group_of(self) -> dict[str, int]:
        # Made when first asked for: a listing that labels rows by group never needs it.
        if self._by_member is None:
            self._by_member = {member: number for number, group in enumerate(self.groups)
                               for member in group}
        return self._by_member

    def index(self) -> None:
        """Make the index by member now (it is otherwise made when first asked for)."""
        _ = self._group_of

    def __getitem__(self, article_id: str) -> list[str]:
        group = self.groups[self._group_of[article_id]]
        return [m for m in group if m != article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._group_of)

    def __len__(self) -> int:
        return len(self._group_of)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._group_of

    def count(self, article_id: str) -> int:
        """How many copies ``article_id`` has (0 when none), without making the list."""
        number = self._group_of.get(article_id)
        return 0 if number is None else len(self.groups[number]) - 1

    def counts(self) -> dict[str, int]:
        return {member: len(self.groups[number]) - 1
                for member, number in self._group_of.items()}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Copies):
            return sorted(self.groups) == sorted(other.groups)
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]


def find_copies(articles: Iterable[Article]) -> Copies:
    """Copies among ``articles`` by id, from their visible text."""
    return copy_groups({a.id: sketch(a.clean_text()) for a in articles})
