"""Reading articles: decoding, cleaning (hidden spans) and segmentation, all as raw-text offsets."""

from tuiread.corpus.corpus import ArticleNotFound, Corpus, load_corpus
from tuiread.corpus.decode import UnreadableFile, decode_bytes
from tuiread.corpus.loader import LoadIssue
from tuiread.corpus.model import Article, HiddenSpan, Paragraph, Span
from tuiread.corpus.rules import Rule, load_rules

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
