"""Reading articles: decoding, cleaning (hidden spans) and segmentation, all as raw-text offsets.

Each name is imported from its module on first use (``tuiread.lazy``): a command that needs the
article model alone does not load the reader and cleaner.
"""

from typing import TYPE_CHECKING

from tuiread.lazy import lazy_names

if TYPE_CHECKING:
    from tuiread.corpus.corpus import ArticleNotFound, Corpus, load_corpus
    from tuiread.corpus.decode import UnreadableFile, decode_bytes
    from tuiread.corpus.loader import LoadIssue
    from tuiread.corpus.model import Article, HiddenSpan, Paragraph, Span
    from tuiread.corpus.rules import Rule, load_rules

_MODULES = {
    "ArticleNotFound": "corpus", "Corpus": "corpus", "load_corpus": "corpus",
    "UnreadableFile": "decode", "decode_bytes": "decode",
    "LoadIssue": "loader",
    "Article": "model", "HiddenSpan": "model", "Paragraph": "model", "Span": "model",
    "Rule": "rules", "load_rules": "rules",
}
__getattr__, __dir__ = lazy_names(__name__, _MODULES)

__all__ = [
    "Article",
    "ArticleNotFound",
    "Corpus",
    "HiddenSpan",
    "LoadIssue",
    "Paragraph",
    "Rule",
    "Span",
    "UnreadableFile",
    "decode_bytes",
    "load_corpus",
    "load_rules",
]
