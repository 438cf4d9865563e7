"""The entities of a corpus and everything a front end asks of them.

``build_catalog(corpus)`` extracts (or reads cached) mentions, groups them and applies the user's
decisions. The catalog then answers: the entities, a fuzzy lookup per keystroke, the mentions of
an entity with their context, the entity at a raw offset of an article, the canonical names for
the search index's ``entity:`` field, and a new grouping after a decision.

A front end that reads the catalog on one thread while regrouping on another uses
``with_decisions`` / ``decided``, which leave the catalog as it is and return a regrouped copy to
swap in; ``apply`` / ``decide`` regroup in place (for the command line).
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tuiread.corpus import Article, Corpus
from tuiread.entities.articles import MentionCount, corpus_mentions, quick_version
from tuiread.entities.cache import MentionCache
from tuiread.entities.contexts import MentionContext, mention_context, mention_contexts
from tuiread.entities.corrections import apply_decisions, find_entity
from tuiread.entities.decisions import Decision, DecisionStore
from tuiread.entities.extract import Extractor
from tuiread.entities.gazetteer import Gazetteer, load_gazetteer
from tuiread.entities.group import group_mentions
from tuiread.entities.lookup import Match, NameIndex
from tuiread.entities.model import ArticleMention, Entity, Kind, Mention

if TYPE_CHECKING:
    from tuiread.entities.kept_contexts import KeptListing


@dataclass(frozen=True, slots=True)
class EntityField:
    """The search index's ``entity:`` field: canonical names by article id. A plain mapping, so
    it pickles cheaply to index worker processes; ``version`` changes whenever a name does."""

    names: Mapping[str, tuple[str, ...]]
    version: str
    # For earlier versions of these names: the articles whose names may differ from theirs (an
    # index that had one of them re-checks only those articles; see ``changed_since``).
    lineage: Mapping[str, frozenset[str]] | None = None

    def changed_since(self, version: str | None) -> frozenset[str] | None:
        """The articles whose names may differ from those of names ``version`` (nothing for
        this very version), or None when that is not known (compare every article)."""
        if version is None:
            return None
        if version == self.version:
            return frozenset()
        return self.lineage.get(version) if self.lineage is not None else None

    def __call__(self, article: Article) -> list[str]:
        return list(self.names.get(article.id, ()))


@dataclass(frozen=True, slots=True)
class _Grouping:
    """Everything that changes with the decisions, replaced as one."""

    entities: list[Entity]  # not ignored, most mentioned first
    ignored: list[Entity]
    skipped: list[Decision]  # decisions that name nothing in this corpus
    by_key: dict[str, Entity]
    index: NameIndex
    # article id -> (mention starts, mentions, their entities), in text order: made on first
    # use (only the reader asks; a command building the catalog never does)
    at: Mapping[str, tuple[list[int], list[ArticleMention], list[Entity]]]


class EntityCatalog:
    def __init__(
        self,
        articles: list[Article],
        mentions: dict[str, list[Mention]],
        gazetteer: Gazetteer,
        decisions: list[Decision] | None = None,
    ):
        """``mentions`` (by article id) are the catalog's from then on: it is emptied as they
        are grouped (``raw_mentions`` gives them again)."""
        self._articles = {a.id: a for a in articles}
        self._order = [a.id for a in articles]
        self._mentioned = list(mentions)  # the ids ``mentions`` had, in its order
        self._unkeyed: dict[str, list[Mention]] = {}
        self.gazetteer = gazetteer
        # The machine's grouping: never changed after this (decisions work on copies of it).
        self._grouped = group_mentions(mentions, gazetteer, self._unkeyed)
        self._state = self._regroup(decisions or [])

    @property
    def raw_mentions(self) -> dict[str, list[Mention]]:
        """The mentions the catalog was made of, by article id, in text order: made again from
        the machine's grouping (a catalog holds each mention once, in its entity)."""
        found = {article_id: list(self._unkeyed.get(article_id, ()))
                 for article_id in self._mentioned}
        for entity in self._grouped:
            for m in entity.mentions:
                found[m.article_id].append(Mention(m.start, m.end, m.text, m.kind))
        for listed in found.values():
            listed.sort()
        return found

    @property
    def entities(self) -> list[Entity]:
        return self._state.entities

    @property
    def ignored(self) -> list[Entity]:
        return self._state.ignored

    @property
    def skipped(self) -> list[Decision]:
        return self._state.skipped

    # -- decisions
    def apply(self, decisions: list[Decision]) -> None:
        """Regroup with these decisions (all of them, in order) on top of the machine's grouping."""
        self._state = self._regroup(decisions)

    def with_decisions(self, decisions: list[Decision]) -> EntityCatalog:
        """A copy regrouped with these decisions; this catalog is left as it is, so another
        thread may go on reading it. The copy shares the articles and mentions."""
        twin = copy.copy(self)
        twin._state = self._regroup(decisions)
        return twin

    def _regroup(self, decisions: list[Decision]) -> _Grouping:
        copies = [
            Entity(e.key, e.name, e.kind, dict(e.variants), list(e.mentions)) for e in self._grouped
        ]
        applied = apply_decisions(copies, decisions)
        entities = [e for e in applied.entities if e.key not in applied.ignored]
        return _Grouping(
            entities=entities,
            ignored=[e for e in applied.entities if e.key in applied.ignored],
            skipped=applied.skipped,
            by_key={e.key: e for e in applied.entities},
            index=NameIndex(entities),
            at=Placements(entities),
        )

    def decide(
        self, store: DecisionStore, action: str, subject: str, value: str | None = None
    ) -> Decision:
        """Record a decision and regroup in place. Raises TuireadError when it names no entity
        here."""
        decision, regrouped = self.decided(store, action, subject, value)
        self._state = regrouped._state
        return decision

    def decided(
        self, store: DecisionStore, action: str, subject: str, value: str | None = None
    ) -> tuple[Decision, EntityCatalog]:
        """Record a decision; the decision and a regrouped copy (see ``with_decisions``).
        Raises TuireadError when it names no entity here."""
        self.check(action, subject, value)
        decision = store.add(action, subject, value)
        return decision, self.with_decisions(store.all())

    def check(self, action: str, subject: str, value: str | None = None) -> None:
        """Raise TuireadError when a decision names no entity of this catalog."""
        from tuiread.errors import TuireadError

        entity = self.find(subject)
        if entity is None:
            raise TuireadError(f"no entity named '{subject}'{self._suggest(subject)}")
        if action == "merge" and value is not None and self.find(value) is None:
            raise TuireadError(f"no entity named '{value}'{self._suggest(value)}")
        if action == "merge" and value is not None and self.find(value) is entity:
            raise TuireadError(f"'{subject}' and '{value}' are already one entity ({entity.name})")
        if (
            action == "split"
            and value is not None
            and not any(_same(v, value) for v in entity.variants)
        ):
            raise TuireadError(
                f"'{entity.name}' has no spelling '{value}' "
                f"(it has: {', '.join(entity.variant_names())})"
            )

    def _suggest(self, name: str) -> str:
        close = [m.entity.name for m in self.search(name, limit=3)]
        return f" (closest: {', '.join(close)})" if close else ""

    # -- queries
    def search(self, query: str, limit: int = 20, kind: Kind | None = None) -> list[Match]:
        """Entities for a rough name, best first (exact, then prefix, then close spellings)."""
        return self._state.index.search(query, limit=limit, kind=kind)

    def find(self, name: str) -> Entity | None:
        """The entity of that exact name or spelling (ignored ones too)."""
        state = self._state
        return find_entity([*state.entities, *state.ignored], name)

    def resolve(self, name: str) -> Entity | None:
        """``find``, else the best fuzzy match if it is a close spelling of one entity."""
        found = self.find(name)
        if found is not None:
            return found
        matches = self.search(name, limit=2)
        if matches and (len(matches) == 1 or matches[0].score > matches[1].score):
            return matches[0].entity
        return None

    def get(self, key: str) -> Entity | None:
        return self._state.by_key.get(key)

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def entity_at(self, article_id: str, offset: int) -> Entity | None:
        """The entity mentioned at raw ``offset`` of an article, if any."""
        mention = self.mention_at(article_id, offset)
        return mention[1] if mention else None

    def mention_at(self, article_id: str, offset: int) -> tuple[ArticleMention, Entity] | None:
        found = self._state.at.get(article_id)
        if not found:
            return None
        starts, mentions, entities = found
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and mentions[i].start <= offset < mentions[i].end:
            return mentions[i], entities[i]
        return None

    def article_entities(self, article_id: str) -> list[Entity]:
        found = self._state.at.get(article_id)
        if not found:
            return []
        return list(dict.fromkeys(found[2]))

    def entity_names(self, article: Article) -> list[str]:
        """The search index's ``entity:`` field for an article: each entity it mentions by its
        canonical name and then every spelling the corpus has of it, so ``entity:Zelenskiy``
        finds the articles that only ever write "Zelensky" (pass this to the indexer)."""
        return self._field_names(article.id)

    def _field_names(self, article_id: str) -> list[str]:
        return _names_of(self.article_entities(article_id))

    def index_field(self) -> EntityField:
        """``entity_names`` as a picklable callable with a version, for the search indexer.
        Made once per grouping (the snapshot and the index both ask for it)."""
        made = getattr(self, "_field_made", None)
        if made is not None and made[0] is self._state:
            return made[1]
        field = self._make_index_field()
        self._field_made = (self._state, field)
        return field

    def _make_index_field(self) -> EntityField:
        # From each article's entities in order of their first mention there (what
        # ``article_entities`` gives), without placing every mention of the corpus.
        by_article = entity_order(self._state.entities)
        names = {a: tuple(_names_of(by_article.get(a, ()))) for a in self._order}
        digest = hashlib.sha256()
        for article_id in sorted(names):
            digest.update(
                "\0".join((article_id, *names[article_id])).encode("utf-8", "surrogatepass")
            )
            digest.update(b"\1")
        return EntityField(names, digest.hexdigest()[:16])

    def contexts(self, entity: Entity) -> list[MentionContext]:
        """Every mention of ``entity`` with the sentence around it, in corpus order."""
        return list(self.iter_contexts(self.listed_mentions(entity)))

    def listed_mentions(self, entity: Entity) -> list[ArticleMention]:
        """The mentions of ``entity`` that ``contexts`` lists (those of the corpus's articles),
        in corpus order: known before any article's text is read."""
        return self._listed(entity.mentions)

    def _listed(self, mentions: list[ArticleMention]) -> list[ArticleMention]:
        """``mentions`` of the corpus's articles, in corpus order."""
        rank = {article_id: i for i, article_id in enumerate(self._order)}
        articles = self._articles
        return sorted((m for m in mentions if m.article_id in articles),
                      key=lambda m: (rank[m.article_id], m.start))

    def listing_basis(self) -> str | None:
        """A digest of what this catalog's mention listings depend on, when it is known
        cheaply (see ``SnapshotCatalog.listing_basis``); None here."""
        return None

    def content_keys(self) -> Callable[[str], str | None] | None:
        """The content key (``derived_key``) of an article by id, found without making the
        article, when the corpus knows it so (see ``SnapshotCatalog.content_keys``); None
        here."""
        return None

    def iter_contexts(self, mentions: list[ArticleMention],
                      kept: KeptListing | None = None) -> Iterator[MentionContext]:
        """The contexts of ``listed_mentions``, made as they are asked for: the first few cost
        a few articles' reading, not the whole list's; with ``kept``, the contexts kept from
        an earlier listing cost no reading at all (see ``kept_contexts``)."""
        return mention_contexts(self._articles, mentions, kept)

    def context(self, mention: ArticleMention) -> MentionContext:
        return mention_context(self._articles[mention.article_id], mention)


def _names_of(entities: Iterable[Entity]) -> list[str]:
    """The ``entity:`` names of an article mentioning ``entities``: each one's canonical name,
    then its other spellings."""
    names: dict[str, None] = {}
    for entity in entities:
        names.setdefault(entity.name, None)
        for variant in entity.variant_names():
            names.setdefault(variant, None)
    return list(names)


def entity_order(entities: list[Entity]) -> dict[str, list[Entity]]:
    """Each article's entities in the order of their first mention in it (ties: in the order
    of ``entities``), as ``EntityCatalog.article_entities`` lists them."""
    firsts: dict[str, dict[int, int]] = {}
    for position, entity in enumerate(entities):
        for m in entity.mentions:
            seen = firsts.get(m.article_id)
            if seen is None:
                firsts[m.article_id] = {position: m.start}
            elif m.start < seen.get(position, m.start + 1):
                seen[position] = m.start
    return {article_id: [entities[p] for p in sorted(seen, key=lambda p: (seen[p], p))]
            for article_id, seen in firsts.items()}


class Placements(Mapping[str, tuple[list[int], list[ArticleMention], list[Entity]]]):
    """``_Grouping.at``: each article's mentions in text order with their entities, placed
    when first asked for. Every mention of the corpus is placed at once (a few hundred bytes
    each on a large corpus), so only a reader that asks for the entity at a position pays it.
    The app asks from several threads: one places, the others wait for it."""

    def __init__(self, entities: list[Entity]):
        self._entities = entities
        self._placed: dict[str, tuple[list[int], list[ArticleMention], list[Entity]]] | None
        self._placed = None
        self._lock = threading.Lock()

    def _all(self) -> dict[str, tuple[list[int], list[ArticleMention], list[Entity]]]:
        placed = self._placed
        if placed is not None:
            return placed
        with self._lock:
            if self._placed is None:
                self._placed = _place(self._entities)
            return self._placed

    def __getitem__(self, article_id: str):
        return self._all()[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _place(entities: list[Entity]) -> dict[str, tuple[list[int], list[ArticleMention],
                                                      list[Entity]]]:
    placed: dict[str, list[tuple[ArticleMention, Entity]]] = {}
    for entity in entities:
        for m in entity.mentions:
            placed.setdefault(m.article_id, []).append((m, entity))
    at: dict[str, tuple[list[int], list[ArticleMention], list[Entity]]] = {}
    for article_id, pairs in placed.items():
        pairs.sort(key=lambda p: p[0].start)
        at[article_id] = (
            [p[0].start for p in pairs],
            [p[0] for p in pairs],
            [p[1] for p in pairs],
        )
    return at


def _same(a: str, b: str) -> bool:
    from tuiread.entities.normalize import name_key

    return name_key(a) == name_key(b)


def build_catalog(
    corpus: Corpus,
    gazetteer: Gazetteer | None = None,
    decisions: list[Decision] | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    count: MentionCount | None = None,
) -> EntityCatalog:
    """The entity catalog of a corpus: the bundled and user gazetteers and the user's decisions
    unless given. Raises ConfigError for a bad entities.yaml, TuireadError for an unreadable
    decisions file."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    if decisions is None:
        with DecisionStore() as store:
            decisions = store.all()
    cache = MentionCache() if use_cache else None
    try:
        mentions = corpus_mentions(
            corpus.articles, Extractor(gazetteer), cache, progress, cancelled, count,
            store_version=quick_version(),
        )
    finally:
        if cache is not None:
            cache.close()
    return EntityCatalog(corpus.articles, mentions, gazetteer, decisions)
