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

from tuiread.corpus.copies import Copies, copy_groups

# Up to this many changed, added and removed articles since the copies were found, they are
# updated; more, and every article is grouped again (a regrouping costs about what a hundred
# updates do: each update scans the kept sketches once).
UPDATE_MAX_CHANGED = 100


def updated_groups(old: Copies, old_members: dict[str, str], pairs: Sequence[tuple[str, str]],
                   sketches_of: Callable[[Iterable[str]], dict[str, tuple[int, ...]]],
                   sharing: Callable[[set[int], set[str]], set[str]]) -> Copies | None:
    """The copies of the corpus ``pairs`` ((id, content key) of each article) from those of an
    earlier state ``old`` (whose articles had the content keys ``old_members``), or None when
    too much changed. ``sketches_of(ids)`` gives the sketches of articles of the corpus now;
    ``sharing(hashes, ids)`` the ids among ``ids`` whose kept sketch has one of ``hashes``."""
    now = dict(pairs)
    changed = {aid for aid, key in pairs if old_members.get(aid) != key}
    removed = {aid for aid in old_members if aid not in now}
    if not changed and not removed:
        return old
    if len(changed) + len(removed) > UPDATE_MAX_CHANGED:
        return None
    fresh = sketches_of(changed)
    hashes = {h for aid in changed for h in fresh.get(aid, ())}
    unchanged = {aid for aid in now if aid not in changed}
    near = sharing(hashes, unchanged) if hashes else set()
    touched = changed | removed | near
    regroup = set(changed) | near
    kept = []
    for group in old.groups:
        if touched.isdisjoint(group):
            kept.append(group)
        else:
            regroup.update(aid for aid in group if aid in now)
    sketches = sketches_of(regroup)
    return Copies([*kept, *copy_groups(sketches).groups])
