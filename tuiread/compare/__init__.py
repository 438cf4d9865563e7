"""Side-by-side comparison of articles: sentence alignment, word changes, discrepancies, shared
quotations, reuse figures and related-article ranking. No UI: the CLI and the app call this.

Each name is imported from its module on first use (``tuiread.lazy``): ranking related articles
does not load the aligner and its lemmatiser.
"""

from typing import TYPE_CHECKING

from tuiread.lazy import lazy_names

if TYPE_CHECKING:
    from tuiread.compare.align import ALIGN_MIN, PARAPHRASE_MIN, Pair
    from tuiread.compare.comparison import compare, reuse
    from tuiread.compare.facts import Fact, facts_in, facts_in_text
    from tuiread.compare.model import (
        Change,
        Comparison,
        Discrepancy,
        Extent,
        Reuse,
        Row,
        SharedQuote,
        Side,
    )
    from tuiread.compare.related import (
        CandidateProvider,
        Related,
        RelatedIndex,
        TermIndex,
    )
    from tuiread.compare.scorer import paraphrase_score
    from tuiread.compare.text import PreparedArticle, prepare

_MODULES = {
    "ALIGN_MIN": "align", "PARAPHRASE_MIN": "align", "Pair": "align",
    "compare": "comparison", "reuse": "comparison",
    "Fact": "facts", "facts_in": "facts", "facts_in_text": "facts",
    "Change": "model", "Comparison": "model", "Discrepancy": "model", "Extent": "model",
    "Reuse": "model", "Row": "model", "SharedQuote": "model", "Side": "model",
    "CandidateProvider": "related", "Related": "related", "RelatedIndex": "related",
    "TermIndex": "related",
    "paraphrase_score": "scorer",
    "PreparedArticle": "text", "prepare": "text",
}
__getattr__, __dir__ = lazy_names(__name__, _MODULES)

__all__ = [
    "ALIGN_MIN",
    "PARAPHRASE_MIN",
    "CandidateProvider",
    "Change",
    "Comparison",
    "Discrepancy",
    "Extent",
    "Fact",
    "Pair",
    "PreparedArticle",
    "Related",
    "RelatedIndex",
    "Reuse",
    "Row",
    "SharedQuote",
    "Side",
    "TermIndex",
    "compare",
    "facts_in",
    "facts_in_text",
    "paraphrase_score",
    "prepare",
    "reuse",
]
