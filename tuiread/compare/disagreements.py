"""The corpus-wide discrepancy table: the facts on which outlets disagree, with who says what.

Each article is compared with the articles most likely to tell its story (the related-article
candidates); every discrepancy found joins the facts it shares a value with, so "$100 billion /
$90 billion" found between three pairs of articles is one fact with two values, each with the
articles that state it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tuiread.compare.comparison import compare
from tuiread.compare.keys import text_keys
from tuiread.compare.model import Discrepancy
from tuiread.compare.related import RelatedIndex
from tuiread.corpus import Article
from tuiread.entities.normalize import name_key

# Each article is compared with this many candidates, best first: the ones that share its story.
# The seeds' same-event articles all fall within it, and with ECB+ precision at 5 near 0.95 the
# fifth candidate still mostly tells the same event.
PARTNERS = 5


@dataclass(slots=True)
class Value:
    text: str  # as the first article to state it words it
    articles: list[Article] = field(default_factory=list)


@dataclass(slots=True)
class Disagreement:
    kind: str
    topic: str  # the role for a role discrepancy, else ""
    values: list[Value]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "topic": self.topic,
            "values": [
                {
                    "text": v.text,
                    "articles": [
                        {"id": a.id, "title": a.title, "source": a.source, "date": a.date}
                        for a in v.articles
                    ],
                }
                for v in self.values
            ],
        }


def values_of(discrepancy: Discrepancy) -> tuple[str, str, str]:
    """(topic, left value, right value) as worded in the discrepancy's note."""
    topic, note = "", discrepancy.note
    if discrepancy.kind == "role":
        topic, _, note = note.rpartition(": ")
    left, _, right = note.partition(" / ")
    return topic, left.strip(), right.strip()


def value_key(kind: str, text: str) -> str:
    """One key for every wording of one value: "$100bn" and "$100 billion", "Zelenskiy" and
    "Zelensky"."""
    keys = text_keys(text)
    if keys.numbers:
        return " ".join(sorted(k for k in keys.keys if k.startswith("#") or len(k) == 1))
    return name_key(text)


def disagreements(
    articles: Sequence[Article],
    index: RelatedIndex | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Disagreement]:
    """The facts on which the articles disagree, most widely reported first."""
    index = index or RelatedIndex(articles)
    by_id = {a.id: a for a in articles}
    done: set[tuple[str, str]] = set()
    # (kind, topic) -> value key -> (wording, article ids); and the links found between values.
    stated: dict[tuple[str, str], dict[str, tuple[str, set[str]]]] = defaultdict(dict)
    links: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for article in articles:
        if cancelled and cancelled():
            break
        # No cosine floor: its scale depends on the corpus (five articles of one story share
        # most words, so every cosine is small); discrepancies only come from aligned pairs.
        for other_id, _ in index.candidates(article, PARTNERS):
            other = by_id.get(other_id)
            pair = tuple(sorted((article.id, other_id)))
            if other is None or pair in done:
                continue
            done.add(pair)  # type: ignore[arg-type]
            comparison = compare(index.prepared(article), index.prepared(other))
            for d in comparison.discrepancies:
                topic, left, right = values_of(d)
                group = (d.kind, topic)
                left_key, right_key = value_key(d.kind, left), value_key(d.kind, right)
                for key, text, owner in (
                    (left_key, left, article.id),
                    (right_key, right, other_id),
                ):
                    stated[group].setdefault(key, (text, set()))[1].add(owner)
                links[group].append((left_key, right_key))
    return _join(stated, links, by_id)


def _find(parent: dict[str, str], key: str) -> str:
    parent.setdefault(key, key)
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _join(stated, links, by_id: dict[str, Article]) -> list[Disagreement]:
    """Values linked by a discrepancy are one fact: connected groups of values."""
    table = []
    for group, edges in links.items():
        parent: dict[str, str] = {}
        for a, b in edges:
            parent[_find(parent, a)] = _find(parent, b)
        facts: dict[str, list[str]] = defaultdict(list)
        for key in stated[group]:
            facts[_find(parent, key)].append(key)
        for keys in facts.values():
            if len(keys) < 2:
                continue
            values = []
            for key in keys:
                text, owners = stated[group][key]
                values.append(Value(text, sorted((by_id[i] for i in owners), key=_when)))
            values.sort(key=lambda v: (-len(v.articles), v.text))
            table.append(Disagreement(group[0], group[1], values))
    table.sort(key=lambda d: (-sum(len(v.articles) for v in d.values), d.kind, d.values[0].text))
    return table


def _when(article: Article) -> tuple:
    return (article.date is None, article.date or "", article.id)
