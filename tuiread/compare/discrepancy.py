"""Where two articles disagree on a fact: in an aligned pair, or on who holds a role."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from tuiread.compare.facts import WEEKDAYS, Fact, facts_in
from tuiread.compare.keys import STOPWORDS
from tuiread.compare.roles import TITLES, roles_in, same_person
from tuiread.compare.text import Word, stem
from tuiread.compare.worddiff import WordOp
from tuiread.corpus import Article

# A replaced run of capitalised words is a different name when the two runs are this unlike
# (rapidfuzz token_set_ratio): "Zelensky"/"Zelenskiy" score above, "Stoltenberg"/"Rutte" below.
NAME_DIFFERENT_MAX = 70
# Longer replaced runs are rewritten phrases, not a name put in place of another.
NAME_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class Found:
    """A discrepancy before it is dressed with text: kind, raw spans, a short note."""

    kind: str
    left: tuple[int, int]
    right: tuple[int, int]
    note: str


def _by_unit(facts: list[Fact]) -> dict[tuple[str, str], list[Fact]]:
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[(fact.kind, fact.unit)].append(fact)
    return groups


def fact_discrepancies(left: list[Fact], right: list[Fact]) -> list[Found]:
    """Facts of one kind and unit that both sides state with different values.

    A value stated on both sides is agreed, whatever else is said; what remains on each side is
    paired in reading order. A fact only one side states is an omission, not a disagreement.
    """
    found = []
    right_groups = _by_unit(right)
    for key, left_facts in _by_unit(left).items():
        right_facts = right_groups.get(key, [])
        right_values = {f.value for f in right_facts}
        left_values = {f.value for f in left_facts}
        left_only = [f for f in left_facts if f.value not in right_values]
        right_only = [f for f in right_facts if f.value not in left_values]
        for a, b in zip(left_only, right_only, strict=False):
            found.append(Found(a.kind, (a.start, a.end), (b.start, b.end), f"{a.text} / {b.text}"))
    return found


_TITLE_WORDS = frozenset(w.casefold() for title in TITLES for w in title.split())


def _is_name_run(words: list[Word], text: str) -> bool:
    """A short run of capitalised words that are not titles, weekdays or function words."""
    if not 0 < len(words) <= NAME_MAX_WORDS:
        return False
    for word in words:
        raw = text[word.start : word.end]
        if not raw[0].isupper() or word.norm in STOPWORDS or word.norm in WEEKDAYS:
            return False
        if word.norm in _TITLE_WORDS:
            return False
    return True


def _capitalised(word: Word | None, text: str) -> bool:
    return word is not None and text[word.start].isupper() and word.norm not in STOPWORDS


def name_discrepancies(
    ops: list[WordOp],
    left: Article,
    left_words: list[Word],
    right: Article,
    right_words: list[Word],
) -> list[Found]:
    """Names put in one another's place: replaced runs of capitalised words that sit in the
    same capitalised phrase on both sides ("Secretary General [Jens Stoltenberg]" against
    "Secretary General [Mark Rutte]") and are not one name spelled two ways."""
    found = []
    for op in ops:
        if op.kind != "replace":
            continue
        a, b = left_words[op.i1 : op.i2], right_words[op.j1 : op.j2]
        if not (_is_name_run(a, left.text) and _is_name_run(b, right.text)):
            continue
        before = left_words[op.i1 - 1] if op.i1 else None
        after = left_words[op.i2] if op.i2 < len(left_words) else None
        # The shared word next to the run is capitalised too: a title or a first name.
        if not (_capitalised(before, left.text) or _capitalised(after, left.text)):
            continue
        # One stem in common ("Ukraine's", "Ukrainian") is one name in two forms.
        if {stem(w.norm) for w in a} & {stem(w.norm) for w in b}:
            continue
        a_name = left.text[a[0].start : a[-1].end]
        b_name = right.text[b[0].start : b[-1].end]
        if fuzz.token_set_ratio(a_name.casefold(), b_name.casefold()) <= NAME_DIFFERENT_MAX:
            found.append(
                Found(
                    "name", (a[0].start, a[-1].end), (b[0].start, b[-1].end), f"{a_name} / {b_name}"
                )
            )
    return found


def pair_discrepancies(
    ops: list[WordOp],
    left: Article,
    left_span: tuple[int, int],
    left_words: list[Word],
    right: Article,
    right_span: tuple[int, int],
    right_words: list[Word],
) -> list[Found]:
    """Every disagreement inside one aligned pair of sentence groups."""
    found = fact_discrepancies(facts_in(left, *left_span), facts_in(right, *right_span))
    taken = [f.left for f in found]
    for name in name_discrepancies(ops, left, left_words, right, right_words):
        # A weekday or amount already reported is not reported again as a name.
        if not any(s < name.left[1] and name.left[0] < e for s, e in taken):
            found.append(name)
    found.sort(key=lambda f: f.left)
    return found


def role_discrepancies(left: Article, right: Article) -> list[Found]:
    """Roles both articles fill, with no person in common between them."""
    left_roles, right_roles = defaultdict(list), defaultdict(list)
    for mention in roles_in(left):
        left_roles[mention.role].append(mention)
    for mention in roles_in(right):
        right_roles[mention.role].append(mention)
    found = []
    for role, mentions in left_roles.items():
        others = right_roles.get(role)
        if not others:
            continue
        if any(same_person(m.name, o.name) for m in mentions for o in others):
            continue
        a, b = mentions[0], others[0]
        found.append(
            Found("role", (a.start, a.end), (b.start, b.end), f"{role}: {a.name} / {b.name}")
        )
    return found
