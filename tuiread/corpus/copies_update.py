"""Syndicated copies after a few articles changed: only the groups the changes can touch are
found again.

A group is a connected part of the "is a copy of" graph (see ``copies.copy_groups``). When a few
articles changed, were added or removed, the groups that can differ are those of the changed and
removed articles (a removed link may split a group) and those of the articles a changed one now
resembles (found by a scan of the kept sketches for a shared hash): grouping the members of all
of these again, from their sketches, gives the groups a whole regrouping gives, and every other
group stays as it was. (One approximation: a hash shared by more than ``copies.MAX_BUCKET``
sketches of the whole corpus is skipped by a whole regrouping but may be used here; such a hash
is boilerplate, and a pair that shares only boilerplate is rarely half alike.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from tuiread.corpus.copies import Copies, copy_groups

# Up to this many changed, added and removed articles since the copies were found, they are
# updated; more, and every article is grouped again (a regrouping costs about what a hundred
# updates do: each update scans the kept sketches once).
UPDATE_MAX_CHANGED = 100


@dataclass
class Update:
    """The copies now, and what differs from the earlier state: the groups no longer found
    (``dropped``), those found again (``added``), the ids changed or added and those removed."""

    copies: Copies
    dropped: list[list[str]] = field(default_factory=list)
    added: list[list[str]] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


def updated_groups(old: Copies, old_members: dict[str, str], pairs: Sequence[tuple[str, str]],
                   sketches_of: Callable[[Iterable[str]], dict[str, tuple[int, ...]]],
                   sharing: Callable[[set[int]], set[str]]) -> Update | None:
    """The copies of the corpus ``pairs`` ((id, content key) of each article) from those of an
    earlier state ``old`` (whose articles had the content keys ``old_members``), or None when
    too much changed. ``sketches_of(ids)`` gives the sketches of articles of the corpus now;
    ``sharing(hashes)`` the ids of the earlier state whose kept sketch has one of ``hashes``."""
    now = dict(pairs)
    changed = {aid for aid, key in pairs if old_members.get(aid) != key}
    removed = old_members.keys() - now.keys()
    if not changed and not removed:
        return Update(old)
    if len(changed) + len(removed) > UPDATE_MAX_CHANGED:
        return None
    return regrouped(old, changed, removed, now.__contains__, sketches_of, sharing)


def regrouped(old: Copies, changed: set[str], removed: set[str],
              present: Callable[[str], bool],
              sketches_of: Callable[[Iterable[str]], dict[str, tuple[int, ...]]],
              sharing: Callable[[set[int]], set[str]]) -> Update:
    """The copies of ``old`` after the articles ``changed`` changed (or were added) and
    ``removed`` were removed (``present``: whether an id is in the corpus now); see
    ``updated_groups``."""
    if not changed and not removed:
        return Update(old)
    fresh = sketches_of(changed)
    hashes = {h for aid in changed for h in fresh.get(aid, ())}
    # Unchanged articles of the corpus now whose kept sketch shares a hash with a changed one.
    near = {aid for aid in sharing(hashes) if present(aid) and aid not in changed} if hashes \
        else set()
    touched = changed | removed | near
    regroup = set(changed) | near
    kept, dropped = [], []
    for group in old.groups:
        if touched.isdisjoint(group):
            kept.append(group)
        else:
            dropped.append(group)
            regroup.update(aid for aid in group if present(aid))
    added = copy_groups(sketches_of(regroup)).groups
    return Update(Copies([*kept, *added]), dropped, added, set(changed), set(removed))
