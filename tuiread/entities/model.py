"""What extraction and grouping produce: kinds, mentions and entities."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    PERSON = "PERSON"
    PLACE = "PLACE"
    ORG = "ORG"
    # A name whose kind is not clear: events, nationalities, products, unknown single names.
    OTHER = "OTHER"


KINDS = tuple(Kind)


def parse_kind(value: str) -> Kind:
    """A kind from user input, case-insensitive; ValueError names the choices."""
    try:
        return Kind(value.strip().upper())
    except ValueError:
        raise ValueError(f"unknown kind {value!r} (choose {', '.join(KINDS)})") from None


class Mention(NamedTuple):
    """One name in an article: raw-text offsets ``[start, end)``, the text there, its kind."""

    start: int
    end: int
    text: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class ArticleMention:
    """A mention located in the corpus, with the entity it was grouped into."""

    article_id: str
    start: int
    end: int
    text: str
    kind: Kind


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple:
    return tuple(cls.__dict__[name].__set__ for name in names)


_MENTION_SLOTS = _slot_setters(ArticleMention, ("article_id", "start", "end", "text", "kind"))


def mentions_of_rows(rows: Iterable[Sequence], kinds: Mapping[str, Kind],
                     leave_out: Container[str] = ()) -> list[ArticleMention]:
    """The ArticleMentions of ``(article id, start, end, text, kind name)`` rows, but those of
    the articles in ``leave_out``: equal to those ``ArticleMention`` makes. A frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``; setting its slots directly
    costs a third of that, and a mention listing makes tens of thousands."""
    new = object.__new__
    set_id, set_start, set_end, set_text, set_kind = _MENTION_SLOTS
    made = []
    append = made.append
    for article_id, start, end, text, kind in rows:
        if leave_out and article_id in leave_out:
            continue
        mention = new(ArticleMention)
        set_id(mention, article_id)
        set_start(mention, start)
        set_end(mention, end)
        set_text(mention, text)
        set_kind(mention, kinds[kind])
        append(mention)
    return made


@dataclass(slots=True, eq=False)
class Entity:
    """One real-world thing behind many spellings.

    ``key`` is stable across reloads for the same canonical name (decisions refer to names, not
    keys). ``variants`` maps each distinct surface form to its mention count.
    """

    key: str
    name: str
    kind: Kind
    variants: dict[str, int] = field(default_factory=dict)
    mentions: list[ArticleMention] = field(default_factory=list)

    @property
    def mention_count(self) -> int:
        return len(self.mentions)

    @property
    def article_count(self) -> int:
        """How many articles mention it."""
        return len(self.article_ids)

    @property
    def article_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.article_id, None)
        return list(seen)

    def variant_names(self) -> list[str]:
        """Surface forms, most frequent first (the canonical name always first)."""
        ordered = sorted(self.variants, key=lambda v: (-self.variants[v], v))
        return [self.name, *(v for v in ordered if v != self.name)]


@dataclass(slots=True)
class MentionCount:
    """How many articles building a catalog extracted afresh, and how many had mentions kept."""

    extracted: int = 0
    kept: int = 0
