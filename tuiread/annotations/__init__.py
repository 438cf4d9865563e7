"""Annotations: highlights with notes, tags and a label, anchored to raw-text spans of articles.

For the app and the CLI::

    store = open_store()                       # never raises for a damaged file; see .notice
    a = store.create(article, start, end, note="...", tags=["claim"])
    for item in store.anchored(article):       # on opening an article: state and span of each
        item.anchor.state, item.anchor.start, item.anchor.end
    store.update(a.id, note="..."); store.delete(a.id); store.undo()
    store.reattach(orphan.id, article, start, end)
    items = store.anchor_many(store.list(Filter(tags=("claim",))), ArticleIndex(corpus))
    export(excerpts.build(items, corpus), ExportOptions(format="md"))
"""

from tuiread.annotations.anchoring import anchor, describe, text_hash
from tuiread.annotations.articles import ArticleIndex, belongs_to
from tuiread.annotations.export import (
    FORMATS,
    ExportOptions,
    export,
    export_csv,
    export_markdown,
    export_per_article,
)
from tuiread.annotations.jsonld import export_jsonld, parse_jsonld
from tuiread.annotations.model import (
    ORPHAN,
    Anchor,
    Anchored,
    AnchorState,
    Annotation,
    AnnotationError,
    ArticleRef,
    Filter,
    TextPositionSelector,
    TextQuoteSelector,
)
from tuiread.annotations.opening import open_store
from tuiread.annotations.store import Store, StoreMode, Undone
from tuiread.annotations.template_problem import TemplateProblem
from tuiread.annotations.wording import state_words

__all__ = [
    "FORMATS",
    "ExportOptions",
    "TemplateProblem",
    "export",
    "export_per_article",
    "state_words",
    "ORPHAN",
    "Anchor",
    "AnchorState",
    "Anchored",
    "Annotation",
    "AnnotationError",
    "ArticleIndex",
    "ArticleRef",
    "Filter",
    "Store",
    "StoreMode",
    "TextPositionSelector",
    "TextQuoteSelector",
    "Undone",
    "anchor",
    "belongs_to",
    "describe",
    "export_csv",
    "export_jsonld",
    "export_markdown",
    "open_store",
    "parse_jsonld",
    "text_hash",
]
