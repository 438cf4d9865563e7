"""Mention contexts made in bulk (text, visible spans and sentences read for thousands of
articles at once) are the contexts the article's own lookups give, one mention at a time."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tuiread import config
from tuiread.corpus.derive import pack_spans, unpack_segment_bounds
from tuiread.corpus.model import Article, Paragraph, Span
from tuiread.corpus.stored import StoredArticle
from tuiread.entities.contexts import CONTEXT_CHARS, _Segments, mention_context
from tuiread.entities.model import ArticleMention, Kind
from tuiread.workspace import open_workspace


def reference(article, mention: ArticleMention) -> tuple[str, int]:
    """The context by the article's general lookups (``visible_text``, ``sentence_at``)."""
    if not article.visible_text(mention.start, mention.end):
        raw = article.text
        start = raw.rfind("\n", 0, mention.start) + 1
        end = raw.find("\n", mention.end)
        end = len(raw) if end < 0 else end
        raw_before, raw_after = raw[start : mention.start], raw[mention.end : end]
    else:
        index = article.sentence_at(mention.start)
        sentence = article.sentences[index] if index is not None else None
        if sentence is not None and sentence.start <= mention.start and mention.end <= sentence.end:
            start, end = sentence
        else:
            start = max(0, mention.start - CONTEXT_CHARS)
            end = min(len(article.text), mention.end + CONTEXT_CHARS)
        raw_before = article.visible_text(start, mention.start)
        raw_after = article.visible_text(mention.end, end)
    before, after = " ".join(raw_before.split()), " ".join(raw_after.split())
    if raw_before[-1:].isspace() and before:
        before += " "
    if raw_after[:1].isspace() and after:
        after = " " + after
    return before + " ".join(mention.text.split()) + after, len(before)


def test_bulk_contexts_are_the_articles_own(tmp_path: Path, seeds_dir: Path):
    root = tmp_path / "seeds"
    shutil.copytree(seeds_dir, root)
    open_workspace(config.Settings(), [root]).entities  # noqa: B018 (the stores written)
    workspace = open_workspace(config.Settings(), [root])
    catalog = workspace.entities
    checked = 0
    for entity in [*catalog.entities, *catalog.ignored]:
        for context in catalog.contexts(entity):
            article = context.article
            assert isinstance(article, StoredArticle)
            assert (context.context, context.offset) == reference(article, context.mention)
            checked += 1
    assert checked > 100
    # What a context did not need is read when asked for, and is the article's.
    article = workspace.corpus.articles[0]
    again = open_workspace(config.Settings(), [root])
    fresh = again.corpus.articles[0]
    entity = next(e for e in again.entities.entities
                  if any(m.article_id == fresh.id for m in e.mentions))
    own = [m for m in again.entities.listed_mentions(entity) if m.article_id == fresh.id]
    assert [c.context for c in again.entities.iter_contexts(own)] == [
        reference(article, m)[0] for m in own]
    assert (fresh.paragraphs, fresh.hidden, fresh.notes, fresh.sentences, fresh.visible) == (
        article.paragraphs, article.hidden, article.notes, article.sentences, article.visible)


def _article(rng: random.Random) -> Article:
    """Text of words and line breaks, visible spans (some touching, some hidden between) and
    sentences over it, at random."""
    words = [rng.choice(["Blair", "said", "the", "  ", "\n", "vote.", "x"]) for _ in range(60)]
    text = " ".join(words)
    cuts = sorted(rng.sample(range(len(text) + 1), 12))
    visible = [Span(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=True) if a < b]
    if rng.random() < 0.3:  # all of it visible: every sentence within one visible span
        visible = [Span(0, len(text))]
    cuts = sorted(rng.sample(range(len(text) + 1), 10))
    sentences = [Span(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=True) if a < b]
    return Article(id="a", path=Path("a.txt"), text=text, title="", source=None,
                   encoding="utf-8", format="txt", visible=visible, hidden=[],
                   paragraphs=[Paragraph(0, len(text))], sentences=sentences, words=60)


def test_contexts_from_packed_spans_are_the_articles_own():
    """The store's packed spans (searched as arrays) and the article's span lists give the
    context the article's own lookups give, wherever the mention falls: inside one visible
    span, across hidden text, in hidden text, outside any sentence."""
    rng = random.Random(9)
    checked = 0
    for _ in range(300):
        article = _article(rng)
        bounds = unpack_segment_bounds(pack_spans(article))
        mentions, wanted = [], []
        for _ in range(10):
            start = rng.randrange(len(article.text))
            end = min(len(article.text), start + rng.randrange(1, 12))
            mention = ArticleMention("a", start, end, article.text[start:end], Kind.PERSON)
            expected = reference(article, mention)
            packed = _Segments(article, article.text, bounds).context(mention)
            assert (packed.context, packed.offset) == expected
            own = mention_context(article, mention)
            assert (own.context, own.offset) == expected
            mentions.append(mention)
            wanted.append(expected)
            checked += 1
        # Many at once (a mention listing's way, with its shortcut for whole visible sentences).
        bulk = _Segments(article, article.text, bounds).contexts(mentions)
        assert [(c.context, c.offset) for c in bulk] == wanted
    assert checked == 3000
