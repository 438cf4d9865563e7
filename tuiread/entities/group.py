"""Grouping mentions into entities across a corpus.

A *form* is one spelling up to case, accents, dots and possessives (``name_key``). Forms join
when the gazetteer lists them under one name, when they differ only in a transliteration ending
or doubled letter (``variant_key``: Zelensky, Zelenskyy, Zelenskiy), or when they are close
spellings of a person's name (rapidfuzz, below). A lone surname or first name is then linked to
the one person of that name: in its own article first, else in the whole corpus; where two people
share it (Mark Rutte, Mark Carney) it stays apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tuiread.entities.gazetteer import Gazetteer
from tuiread.entities.lexicon import FIRST_NAME, LOWER_WORD, SURNAME, word_flags
from tuiread.entities.model import ArticleMention, Entity, Kind, Mention
from tuiread.entities.normalize import name_key, variant_key

# Two full names of people are one person's when their variant keys score at least this with
# rapidfuzz's ratio (one letter off in a 16-letter name scores 94; "Stoltenberg"/"Stoltenburg"
# 91; "Mark Rutte"/"Mark Carney" 62) ...
FULL_NAME_MIN_RATIO = 88
# ... and each pair of words that differ scores at least this ("Stoltenberg"/"Stoltenburg" 91,
# "Johnson"/"Johnston" 93 but both are known surnames, see below) ...
WORD_MIN_RATIO = 85
# ... and is at least this long: short names differ in one letter and are other people
# ("Smith"/"Smyth", "Mark"/"Marc").
FUZZY_MIN_LETTERS = 6
# Kinds a person's mention may have been given by extraction before grouping settles it.
_PERSONISH = (Kind.PERSON, Kind.OTHER)


@dataclass(slots=True)
class _Form:
    key: str
    texts: Counter[str] = field(default_factory=Counter)
    kinds: Counter[Kind] = field(default_factory=Counter)
    count: int = 0
    gazetteer_name: str | None = None
    # Settled once every mention is counted (see ``settle``).
    kind: Kind = Kind.OTHER
    text: str = ""
    words: list[str] = field(default_factory=list)

    def settle(self) -> None:
        self.kind = _majority_kind(self.kinds)
        self.text = _display_text(self.texts)
        self.words = self.key.split()


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Gazetteer nodes stay roots so a cluster's canonical name is easy to find.
            if rb.startswith("gaz:") and not ra.startswith("gaz:"):
                ra, rb = rb, ra
            self.parent[rb] = ra


def group_mentions(mentions: dict[str, list[Mention]], gazetteer: Gazetteer,
                   unkeyed: dict[str, list[Mention]] | None = None) -> list[Entity]:
    """Entities from mentions by article id, most mentioned first.

    Given ``unkeyed`` (a dict to fill), ``mentions`` is emptied as it is grouped, each article's
    list let go once its entities hold its mentions (a large corpus's mentions are then never
    held twice over), and ``unkeyed`` gets the mentions that name nothing (no ``name_key``)."""
    forms: dict[str, _Form] = {}
    for article_id, article_mentions in mentions.items():
        for m in article_mentions:
            key = name_key(m.text)
            if not key:
                if unkeyed is not None:
                    unkeyed.setdefault(article_id, []).append(m)
                continue
            form = forms.get(key)
            if form is None:
                form = forms[key] = _Form(key)
            form.texts[m.text] += 1
            form.kinds[m.kind] += 1
            form.count += 1
    uf = _UnionFind()
    for form in forms.values():
        form.settle()
        entry = gazetteer.lookup(form.text)
        if entry is not None:
            form.gazetteer_name = entry.name
            uf.union(f"gaz:{entry.name}", form.key)
        uf.find(form.key)
    _join_variants(forms, uf)
    _join_close_people(forms, uf)
    assignment = _link_short_names(mentions, forms, uf)
    return _build(mentions, forms, uf, assignment, gazetteer, consume=unkeyed is not None)


def _join_variants(forms: dict[str, _Form], uf: _UnionFind) -> None:
    by_variant: dict[str, list[_Form]] = defaultdict(list)
    for form in forms.values():
        by_variant[variant_key(form.key)].append(form)
    for group in by_variant.values():
        for other in group[1:]:
            if _compatible(group[0].kind, other.kind):
                uf.union(group[0].key, other.key)


def _compatible(a: Kind, b: Kind) -> bool:
    return a == b or Kind.OTHER in (a, b)


def _known_name(word: str) -> bool:
    return bool(word_flags().get(word, 0) & (FIRST_NAME | SURNAME))


def _join_close_people(forms: dict[str, _Form], uf: _UnionFind) -> None:
    """Close spellings of one person's name: "Jens Stoltenburg" and "Jens Stoltenberg"."""
    buckets: dict[tuple[int, str], list[_Form]] = defaultdict(list)
    for form in forms.values():
        if (
            form.gazetteer_name is None
            and form.kind in _PERSONISH
            and len(form.key) >= FUZZY_MIN_LETTERS
        ):
            buckets[(len(form.words), form.key[:1])].append(form)
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        keys = [variant_key(f.key) for f in bucket]
        for i, key in enumerate(keys[:-1]):
            for _other, _score, j in process.extract(
                key,
                keys[i + 1 :],
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FULL_NAME_MIN_RATIO,
                limit=None,
            ):
                if _same_person(bucket[i], bucket[i + 1 + j]):
                    uf.union(bucket[i].key, bucket[i + 1 + j].key)


def _same_person(a: _Form, b: _Form) -> bool:
    if a.kind == Kind.OTHER and b.kind == Kind.OTHER:
        return False  # two unknown names of no kind: too little to go on
    for x, y in zip(a.words, b.words, strict=True):
        vx, vy = variant_key(x), variant_key(y)
        if vx == vy:
            continue
        if min(len(vx), len(vy)) < FUZZY_MIN_LETTERS or fuzz.ratio(vx, vy) < WORD_MIN_RATIO:
            return False
        if _known_name(x) and _known_name(y):
            return False  # two real names ("Johnson", "Johnston"), not two spellings of one
    return True


def _link_short_names(
    mentions: dict[str, list[Mention]], forms: dict[str, _Form], uf: _UnionFind
) -> dict[tuple[str, str], str]:
    """Where each lone surname or first name goes: (article id, form key) -> cluster root."""
    surname_roots: dict[str, set[str]] = defaultdict(set)
    first_roots: dict[str, set[str]] = defaultdict(set)
    full_forms = [f for f in forms.values() if f.kind == Kind.PERSON and len(f.words) >= 2]
    for form in full_forms:
        root = uf.find(form.key)
        surname_roots[variant_key(form.words[-1])].add(root)
        first_roots[variant_key(form.words[0])].add(root)
    assignment: dict[tuple[str, str], str] = {}
    for article_id, article_mentions in mentions.items():
        keys = {name_key(m.text) for m in article_mentions}
        here = {
            uf.find(k)
            for k in keys
            if k in forms and forms[k].kind == Kind.PERSON and len(forms[k].words) >= 2
        }
        for key in keys:
            form = forms.get(key)
            if (
                form is None
                or len(form.words) != 1
                or form.gazetteer_name
                or form.kind not in _PERSONISH
            ):
                continue
            if word_flags().get(key, 0) & LOWER_WORD and form.kind != Kind.PERSON:
                continue  # a common word alone ("Nations") is a surname only if read as one
            word = variant_key(key)
            target = (
                _only(surname_roots[word] & here)
                or _only(first_roots[word] & here)
                or _only(surname_roots[word])
            )
            if target is not None:
                assignment[(article_id, key)] = target
    return assignment


def _only(roots: set[str]) -> str | None:
    return next(iter(roots)) if len(roots) == 1 else None


def _build(
    mentions: dict[str, list[Mention]],
    forms: dict[str, _Form],
    uf: _UnionFind,
    assignment: dict[tuple[str, str], str],
    gazetteer: Gazetteer,
    consume: bool,
) -> list[Entity]:
    members: dict[str, list[ArticleMention]] = defaultdict(list)
    # Each form's cluster root, found once: the clusters are settled, and a corpus has a few
    # thousand forms for hundreds of thousands of mentions.
    roots: dict[str, str] = {}
    for article_id in list(mentions):
        article_mentions = mentions.pop(article_id) if consume else mentions[article_id]
        for m in article_mentions:
            key = name_key(m.text)
            if not key:
                continue
            root = assignment.get((article_id, key))
            if not root:
                root = roots.get(key)
                if root is None:
                    root = roots[key] = uf.find(key)
            members[root].append(ArticleMention(article_id, m.start, m.end, m.text, m.kind))
    entities = []
    for root in list(members):
        found = members.pop(root)  # (let go once its entity holds them, sorted)
        gazetteer_name = root[4:] if root.startswith("gaz:") else None
        entry = gazetteer.lookup(gazetteer_name) if gazetteer_name else None
        entities.append(
            make_entity(found, entry.name if entry else None, entry.kind if entry else None)
        )
    return finish(entities)


def make_entity(
    found: list[ArticleMention], name: str | None = None, kind: Kind | None = None
) -> Entity:
    """An entity of these mentions: its name is the fullest common spelling unless given."""
    by_form: dict[str, Counter[str]] = defaultdict(Counter)
    for m in found:
        by_form[name_key(m.text)][m.text] += 1
    variants = {_display_text(texts): sum(texts.values()) for texts in by_form.values()}
    if kind is None:
        kind = _majority_kind(Counter(m.kind for m in found))
    if name is None:
        name = _canonical(variants, kind)
    return Entity(
        key="", name=name, kind=kind, variants=variants, mentions=sorted(found, key=_order)
    )


def finish(entities: list[Entity]) -> list[Entity]:
    """Entities sorted by mention count with unique keys (a name, numbered when repeated)."""
    entities.sort(key=lambda e: (-e.mention_count, e.name))
    seen: Counter[str] = Counter()
    for entity in entities:
        base = name_key(entity.name) or entity.name
        seen[base] += 1
        entity.key = base if seen[base] == 1 else f"{base}#{seen[base]}"
    return entities


def _order(m: ArticleMention) -> tuple[str, int]:
    return m.article_id, m.start


def _canonical(variants: dict[str, int], kind: Kind) -> str:
    """The fullest spelling: for a person the most used name of two words or more; else the most
    used spelling; ties go to the longer one."""

    def rank(text: str) -> tuple[int, int, int]:
        full = kind == Kind.PERSON and len(text.split()) >= 2
        return (full, variants[text], len(text))

    return max(variants, key=rank)


def _majority_kind(kinds: Counter[Kind]) -> Kind:
    named = Counter({k: n for k, n in kinds.items() if k != Kind.OTHER})
    if not named:
        return Kind.OTHER
    return max(named, key=lambda k: (named[k], k == Kind.PERSON))


def _display_text(texts: Counter[str]) -> str:
    """The most used spelling, preferring one that is not in ALL CAPS (headlines)."""

    def rank(text: str) -> tuple[bool, int, str]:
        return (not (text.isupper() and len(text) > 3), texts[text], text)

    return max(texts, key=rank)
