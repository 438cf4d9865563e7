"""Fuzzy lookup of entities by a rough name, fast enough to run on every keystroke.

Every entity is indexed under each of its spellings, and under each spelling's word-suffixes
("ursula von der leyen", "von der leyen", "der leyen", "leyen"), folded by ``name_key``. A query
then ranks exact matches first, then prefixes (binary search in the sorted names), then close
spellings (rapidfuzz ``ratio`` over the names of the same first sound, in C). Suffixes let a
surname or a partial name match a full one without the slower partial scorers.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tuiread.entities.model import Entity, Kind
from tuiread.entities.normalize import name_key

# Scores: an exact name is 100; a prefix of a name 90-99 (more of the name typed, higher);
# a close spelling is rapidfuzz's ratio scaled into 0-89, so exact and prefix matches come first.
EXACT_SCORE = 100.0
PREFIX_BASE, PREFIX_SPAN = 90.0, 9.0
FUZZY_SCALE = 0.89
# Close spellings must score at least this ratio: "zelenski"/"zelensky" scores 87.5,
# "witkof"/"witkoff" 92, "stoltenburg"/"stoltenberg" 91, "von der leyn"/"von der leyen" 96;
# unrelated names of similar length stay under 70.
FUZZY_MIN_RATIO = 75.0
# A query shorter than this only matches exactly or as a prefix: two letters are close to
# everything.
FUZZY_MIN_LETTERS = 3
# At most this many names are scored by prefix per query: a one-letter query has thousands, and
# the shortest of them (listed first by the prefix score) are all a list can show.
PREFIX_MAX_NAMES = 400
# Spellings shorter than this get no suffix entries ("de", "al" would match everything).
SUFFIX_MIN_LETTERS = 3


# First letters that often spell the same sound in names from other alphabets ("Zelensky",
# "Selenskyj"; "Kyiv", "Chiev"; "Yuri", "Iouri", "Juri"; "Wagner", "Vagner").
_SOUND_CLASSES = {"z": "s", "x": "s", "c": "k", "q": "k", "y": "i", "j": "i", "w": "v", "f": "p"}


def _initial_class(name: str) -> str:
    first = name[:1]
    return _SOUND_CLASSES.get(first, first)


@dataclass(frozen=True, slots=True)
class Match:
    entity: Entity
    score: float
    matched: str  # the spelling (or part of one) that matched


class NameIndex:
    def __init__(self, entities: list[Entity]):
        self.entities = entities
        owners: dict[str, dict[int, bool]] = {}  # folded name -> entity index -> is whole name
        for index, entity in enumerate(entities):
            for spelling in {entity.name, *entity.variants}:
                key = name_key(spelling)
                if not key:
                    continue
                owners.setdefault(key, {})[index] = True
                words = key.split()
                for i in range(1, len(words)):
                    suffix = " ".join(words[i:])
                    if len(suffix) >= SUFFIX_MIN_LETTERS:
                        owners.setdefault(suffix, {}).setdefault(index, False)
        self._set(sorted(owners), [list(owners[name].items()) for name in sorted(owners)])

    @classmethod
    def from_parts(cls, entities: list[Entity], names: list[str],
                   owners: list[list[tuple[int, bool]]]) -> NameIndex:
        """An index rebuilt from ``parts()`` of one over the same entities (kept on disk)."""
        index = cls.__new__(cls)
        index.entities = entities
        index._set(names, owners)
        return index

    def parts(self) -> tuple[list[str], list[list[tuple[int, bool]]]]:
        return self._names, self._owners

    def _set(self, names: list[str], owners: list[list[tuple[int, bool]]]) -> None:
        self._names = names
        self._owners = owners
        self._position = {name: i for i, name in enumerate(self._names)}
        # Close spellings are looked for among names that start with a letter of the same sound
        # class as the query's: a misspelling seldom changes the first sound, and scanning one
        # class instead of every name keeps a keystroke under 10 ms at 50,000 names.
        self._by_initial: dict[str, tuple[list[str], list[int]]] = {}
        for position, name in enumerate(self._names):
            bucket, positions = self._by_initial.setdefault(_initial_class(name), ([], []))
            bucket.append(name)
            positions.append(position)

    def __len__(self) -> int:
        return len(self._names)

    def search(self, query: str, limit: int = 20, kind: Kind | None = None) -> list[Match]:
        """Entities ranked for ``query``; ties go to the most mentioned."""
        q = name_key(query)
        if not q:
            return []
        best: dict[int, tuple[float, str]] = {}

        def offer(name: str, owners: list[tuple[int, bool]], score: float) -> None:
            for index, whole in owners:
                # A whole spelling beats the same score reached through a suffix of one.
                value = score if whole else score - 0.5
                if value > best.get(index, (-1.0, ""))[0]:
                    best[index] = (value, name)

        exact = self._owners_of(q)
        if exact is not None:
            offer(q, exact, EXACT_SCORE)
        for name, owners in self._from(q, PREFIX_MAX_NAMES):
            if not name.startswith(q):
                break
            if name != q:
                offer(name, owners, PREFIX_BASE + PREFIX_SPAN * len(q) / len(name))
        if len(q) >= FUZZY_MIN_LETTERS:
            wanted = max(limit * 4, 50)
            names = self._sounding(_initial_class(q))
            close = process.extract(q, names, scorer=fuzz.ratio, processor=None, limit=wanted,
                                    score_cutoff=FUZZY_MIN_RATIO)
            owners_of = self._bucket_owners(_initial_class(q), [i for _, _, i in close])
            for name, ratio, i in close:
                offer(name, owners_of[i], ratio * FUZZY_SCALE)

        entities = self._entities_at(list(best))

        def rank(item: tuple[int, tuple[float, str]]) -> tuple[float, int, str]:
            entity = entities[item[0]]
            return -item[1][0], -entity.mention_count, entity.name

        wanted_ranked = len(best) if kind is not None else limit
        matches = []
        for index, (score, name) in heapq.nsmallest(wanted_ranked, best.items(), key=rank):
            entity = entities[index]
            if kind is not None and entity.kind != kind:
                continue
            matches.append(Match(entity, round(max(score, 0.0), 1), name))
            if len(matches) >= limit:
                break
        return matches

    # -- what ``search`` reads (a kept index reads the same from disk, see ``stored_lookup``)

    def _owners_of(self, name: str) -> list[tuple[int, bool]] | None:
        """The entities indexed under exactly ``name`` (by index, and whether it is a whole
        spelling of theirs), else None."""
        position = self._position.get(name)
        return None if position is None else self._owners[position]

    def _from(self, name: str, count: int) -> Iterator[tuple[str, list[tuple[int, bool]]]]:
        """At most ``count`` of the names from ``name`` on, in order, with their owners."""
        start = bisect.bisect_left(self._names, name)
        for position in range(start, min(len(self._names), start + count)):
            yield self._names[position], self._owners[position]

    def _sounding(self, sound: str) -> list[str]:
        """The names whose first letter is of the sound class ``sound``, in order."""
        return self._by_initial.get(sound, ([], []))[0]

    def _bucket_owners(self, sound: str, picked: list[int]) -> dict[int, list[tuple[int, bool]]]:
        """The owners of the ``picked`` names of ``_sounding(sound)`` (by their place in it)."""
        positions = self._by_initial.get(sound, ([], []))[1]
        return {i: self._owners[positions[i]] for i in picked}

    def _entities_at(self, indexes: list[int]) -> Mapping[int, Entity] | list[Entity]:
        """The entities of these indexes (a kept index reads them all at once)."""
        return self.entities
