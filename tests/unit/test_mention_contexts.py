"""Mention contexts made in bulk (text, visible spans and sentences read for thousands of
articles at once) are the contexts the article's own lookups give, one mention at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

from tuiread import config
from tuiread.corpus.stored import StoredArticle, load_segments
from tuiread.entities.contexts import CONTEXT_CHARS
from tuiread.entities.model import ArticleMention
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
    fresh = open_workspace(config.Settings(), [root]).corpus.articles[0]
    load_segments([fresh])
    assert (fresh.paragraphs, fresh.hidden, fresh.notes, fresh.sentences) == (
        article.paragraphs, article.hidden, article.notes, article.sentences)
