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

Each name is imported from its module on first use (``tuiread.lazy``), except ``export``: it is
also the name of its module, which would hide a name loaded later.
"""

from typing import TYPE_CHECKING

from tuiread.annotations.export import (
    FORMATS,
    ExportOptions,
    export,
    export_csv,
    export_markdown,
    export_per_article,
)
from tuiread.lazy import lazy_names

if TYPE_CHECKING:
    from tuiread.annotations.anchoring import anchor, describe, text_hash
    from tuiread.annotations.articles import ArticleIndex, belongs_to
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

_MODULES = {
    "anchor": "anchoring", "describe": "anchoring", "text_hash": "anchoring",
    "ArticleIndex": "articles", "belongs_to": "articles",
    "export_jsonld": "jsonld", "parse_jsonld": "jsonld",
    "ORPHAN": "model", "Anchor": "model", "Anchored": "model", "AnchorState": "model",
    "Annotation": "model", "AnnotationError": "model", "ArticleRef": "model", "Filter": "model",
    "TextPositionSelector": "model", "TextQuoteSelector": "model",
    "open_store": "opening",
    "Store": "store", "StoreMode": "store", "Undone": "store",
    "TemplateProblem": "template_problem",
    "state_words": "wording",
}
__getattr__, __dir__ = lazy_names(__name__, _MODULES)

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
