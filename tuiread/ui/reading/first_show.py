"""What the reading screen shows when a corpus arrives, worked out in the worker that loaded it.

At 100,000 articles, ordering the list and reading the first article's text and spans cost a
few hundred milliseconds; done on the UI thread they would freeze the screen just as it is first
drawn. :func:`prepare` does them beside the load and hands the screen a :class:`Shown`: the list
in the order the screen asked for and the article to open, already read. It touches no widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from tuiread.corpus import Article, Corpus
from tuiread.ui.reading.list_order import Listed, arrange, column_of

# The columns the article list reads of the whole list when it is set (widths, the cursor's row).
LIST_COLUMNS = ("id", "words", "date")


@dataclass(frozen=True, slots=True)
class Arrangement:
    """The list's order as the screen had it when the load began."""

    sort_key: str
    reverse: bool


@dataclass(frozen=True, slots=True)
class Shown:
    corpus: Corpus
    arrangement: Arrangement
    listed: Listed
    article: Article | None  # the one to open: the last read if it is still there, else the first


def prepare(corpus: Corpus, arrangement: Arrangement, last: str | None) -> Shown:
    """The list of ``corpus`` in ``arrangement`` and the article to open, its text and spans
    read (in the calling thread). The corpus's look-up by id is not built (100 ms at 100,000
    articles, before the first article): the screen opens rows by position, and the loading
    worker builds it once the first article is shown (see ``index_ids``)."""
    listed = arrange(corpus.articles, "", arrangement.sort_key, arrangement.reverse)
    listed.keep_columns(*LIST_COLUMNS)
    article = _by_id(corpus, last) if last is not None else None
    if article is None and len(listed):
        article = listed[0]
    if article is not None:
        # Read now: a stored article reads its text and spans when first asked for them.
        _ = article.text, article.visible, article.sentences, article.paragraphs, article.hidden
    return Shown(corpus, arrangement, listed, article)


def _by_id(corpus: Corpus, article_id: str) -> Article | None:
    """The article ``article_id`` by a scan of the ids (a C-level scan: a few milliseconds at
    100,000 articles)."""
    try:
        return corpus.articles[column_of(corpus.articles, "id").index(article_id)]
    except ValueError:
        return None


def index_ids(corpus: Corpus) -> None:
    """Build the corpus's look-up by id now (in the calling thread), for the look-ups that
    come later (search hits, mentions, the trail)."""
    corpus.get("")
