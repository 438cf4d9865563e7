"""Side-by-side comparison of articles: sentence alignment, word changes, discrepancies, shared
quotations, reuse figures and related-article ranking. No UI: the CLI and the app call this."""

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
