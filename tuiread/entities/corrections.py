"""Applying the user's decisions to the machine's grouping, in the order they were made.

A decision names entities by their name or by any of their spellings, so it finds them again
after re-indexing. One that names nothing in this corpus is skipped (and kept: another corpus may
have the names).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tuiread.entities.decisions import Decision
from tuiread.entities.group import finish, make_entity
from tuiread.entities.model import Entity, Kind
from tuiread.entities.normalize import name_key


@dataclass(slots=True)
class Applied:
    entities: list[Entity]  # every entity, ignored ones included
    ignored: set[str] = field(default_factory=set)  # keys of ignored entities
    skipped: list[Decision] = field(default_factory=list)  # decisions naming nothing here


def find_entity(entities: list[Entity], name: str) -> Entity | None:
    """The entity called ``name``, else the one that uses that spelling most (case, accents and
    dots aside)."""
    key = name_key(name)
    if not key:
        return None
    for entity in entities:
        if name_key(entity.name) == key:
            return entity
    best, best_count = None, 0
    for entity in entities:
        count = sum(n for text, n in entity.variants.items() if name_key(text) == key)
        if count > best_count:
            best, best_count = entity, count
    return best


def apply_decisions(entities: list[Entity], decisions: list[Decision]) -> Applied:
    entities = list(entities)
    ignored_names: dict[int, bool] = {}
    skipped: list[Decision] = []
    for decision in decisions:
        if not _apply(entities, decision, ignored_names):
            skipped.append(decision)
    finish(entities)
    ignored = {e.key for e in entities if ignored_names.get(id(e))}
    return Applied(entities, ignored, skipped)


def _apply(entities: list[Entity], decision: Decision, ignored: dict[int, bool]) -> bool:
    target = find_entity(entities, decision.subject)
    if target is None:
        return False
    value = decision.value or ""
    if decision.action == "merge":
        other = find_entity(entities, value)
        if other is None or other is target:
            return False
        _merge(target, other)
        entities.remove(other)
        return True
    if decision.action == "split":
        return _split(entities, target, value)
    if decision.action == "rename":
        target.name = value
        return True
    if decision.action == "kind":
        target.kind = Kind(value)
        return True
    if decision.action in ("ignore", "unignore"):
        ignored[id(target)] = decision.action == "ignore"
        return True
    return False


def _merge(target: Entity, other: Entity) -> None:
    target.mentions = sorted(
        [*target.mentions, *other.mentions], key=lambda m: (m.article_id, m.start)
    )
    variants = Counter(target.variants)
    variants.update(other.variants)
    target.variants = dict(variants)


def _split(entities: list[Entity], target: Entity, variant: str) -> bool:
    key = name_key(variant)
    moved = [m for m in target.mentions if name_key(m.text) == key]
    kept = [m for m in target.mentions if name_key(m.text) != key]
    if not moved or not kept:
        return False
    target.mentions = kept
    target.variants = {t: n for t, n in target.variants.items() if name_key(t) != key}
    entities.append(make_entity(moved))
    return True
