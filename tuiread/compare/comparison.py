"""Comparing two articles: aligned rows with word changes, discrepancies, quotes and reuse."""

from __future__ import annotations

from itertools import chain

from tuiread.compare import scorer
from tuiread.compare.align import PARAPHRASE_MIN, Pair, align, reading_order
from tuiread.compare.discrepancy import Found, pair_discrepancies, role_discrepancies
from tuiread.compare.keys import text_keys
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
from tuiread.compare.quotes import shared_quotes
from tuiread.compare.text import PreparedArticle, Word, prepare
from tuiread.compare.worddiff import counterpart_chars, span_of, word_ops
from tuiread.corpus import Article


def _group_words(article: PreparedArticle, group: tuple[int, ...]) -> list[Word]:
    return list(chain.from_iterable(article.sentences[i].words for i in group))


def _side(article: PreparedArticle, group: tuple[int, ...]) -> Side:
    first, last = article.sentences[group[0]], article.sentences[group[-1]]
    text = article.article.visible_text(first.start, last.end)
    return Side(first.start, last.end, text, tuple(article.sentences[i].index for i in group))


def _extent(article: Article, start: int, end: int) -> Extent:
    return Extent(start, end, article.visible_text(start, end))


def _total_chars(article: PreparedArticle) -> int:
    return article.chars()


def _share(part: int, whole: int) -> float:
    return min(1.0, part / whole) if whole else 0.0


def reuse(a: PreparedArticle, b: PreparedArticle, pairs: list[Pair] | None = None) -> Reuse:
    """How much of each article's visible text has a counterpart in the other."""
    pairs = align(a, b) if pairs is None else pairs
    left = right = 0
    for row in reading_order(pairs, len(a.sentences), len(b.sentences)):
        if not (row.left and row.right):
            continue
        left_words, right_words = _group_words(a, row.left), _group_words(b, row.right)
        add_left, add_right = counterpart_chars(
            word_ops(left_words, right_words), left_words, right_words
        )
        left += _counted(add_left, row.repeated, "left")
        right += _counted(add_right, row.repeated, "right")
    return Reuse(_share(left, _total_chars(a)), _share(right, _total_chars(b)))


def _counted(chars: int, repeated: str, side: str) -> int:
    """A side shown again was counted on its own row already."""
    return 0 if repeated in (side, "both") else chars


def _paraphrase(
    a: PreparedArticle, left: tuple[int, ...], b: PreparedArticle, right: tuple[int, ...]
) -> bool:
    """The paraphrase mark: the scorer's verdict on the two groups as lone sentences (the same
    figure ``paraphrase_score`` gives their text)."""
    if len(left) == 1 and len(right) == 1:
        x, y = a.sentences[left[0]].analysis, b.sentences[right[0]].analysis
    else:
        x = text_keys(a.article.visible_text(a.sentences[left[0]].start, a.sentences[left[-1]].end))
        y = text_keys(
            b.article.visible_text(b.sentences[right[0]].start, b.sentences[right[-1]].end)
        )
    return scorer.score(x, y) >= PARAPHRASE_MIN


def _sentence_of(article: PreparedArticle, offset: int) -> int | None:
    for n, sentence in enumerate(article.sentences):
        if sentence.start <= offset < sentence.end:
            return n
    return None


def _facing(pairs: list[Pair], roles: list[Found], a: PreparedArticle, b: PreparedArticle):
    """Pairs where each role discrepancy's two sentences face each other: "NATO Secretary
    General Jens Stoltenberg" opposite "NATO Secretary General Mark Rutte". The same role held
    by two people in the two articles is stronger evidence that the sentences tell one fact than
    the word overlap that paired either elsewhere."""
    for found in roles:
        i, j = _sentence_of(a, found.left[0]), _sentence_of(b, found.right[0])
        if i is None or j is None:
            continue
        if any(i in p.left and j in p.right for p in pairs):
            continue
        pairs = [p for p in pairs if i not in p.left and j not in p.right]
        pairs.append(Pair((i,), (j,), 0.0))
    return pairs


def _same_fact(found: Found, other: Discrepancy) -> bool:
    return (
        found.left[0] < other.left.end
        and other.left.start < found.left[1]
        and found.right[0] < other.right.end
        and other.right.start < found.right[1]
    )


def _one_per_fact(
    in_rows: list[Discrepancy],
    roles: list[Found],
    left: Article,
    right: Article,
    rows: list[Row],
) -> list[Discrepancy]:
    """The pairs' discrepancies and the role ones, each fact once: a role discrepancy replaces
    the name discrepancy of the same two names (it says more: whose role), on the row where its
    sentences face each other."""
    result = list(in_rows)
    for found in roles:
        row = next(
            (
                n
                for n, r in enumerate(rows)
                if r.left
                and r.right
                and r.left.start <= found.left[0] < r.left.end
                and r.right.start <= found.right[0] < r.right.end
            ),
            None,
        )
        result = [d for d in result if not _same_fact(found, d)]
        result.append(_dress(found, left, right, row))
    return result


def _dress(found: Found, left: Article, right: Article, row: int | None) -> Discrepancy:
    return Discrepancy(
        found.kind, _extent(left, *found.left), _extent(right, *found.right), found.note, row
    )


def compare(
    left: Article | PreparedArticle,
    right: Article | PreparedArticle,
) -> Comparison:
    """The full comparison of two articles (pass prepared articles to reuse their preparation)."""
    a = left if isinstance(left, PreparedArticle) else prepare(left)
    b = right if isinstance(right, PreparedArticle) else prepare(right)
    roles = role_discrepancies(a.article, b.article)
    pairs = _facing(align(a, b), roles, a, b)
    rows: list[Row] = []
    discrepancies: list[Discrepancy] = []
    left_chars = right_chars = 0
    for index in reading_order(pairs, len(a.sentences), len(b.sentences)):
        if not (index.left and index.right):
            rows.append(
                Row(
                    _side(a, index.left) if index.left else None,
                    _side(b, index.right) if index.right else None,
                    0.0,
                )
            )
            continue
        left_side, right_side = _side(a, index.left), _side(b, index.right)
        left_words, right_words = _group_words(a, index.left), _group_words(b, index.right)
        ops = word_ops(left_words, right_words)
        changes = []
        for op in ops:
            if op.kind == "equal":
                continue
            left_span = span_of(left_words, op.i1, op.i2, left_side.start)
            right_span = span_of(right_words, op.j1, op.j2, right_side.start)
            changes.append(
                Change(op.kind, _extent(a.article, *left_span), _extent(b.article, *right_span))
            )
        add_left, add_right = counterpart_chars(ops, left_words, right_words)
        left_chars += _counted(add_left, index.repeated, "left")
        right_chars += _counted(add_right, index.repeated, "right")
        found = pair_discrepancies(
            ops,
            a.article,
            (left_side.start, left_side.end),
            left_words,
            b.article,
            (right_side.start, right_side.end),
            right_words,
        )
        discrepancies.extend(_dress(f, a.article, b.article, len(rows)) for f in found)
        rows.append(
            Row(
                left_side,
                right_side,
                index.score,
                tuple(changes),
                index.moved,
                _paraphrase(a, index.left, b, index.right),
                index.repeated,
            )
        )
    discrepancies = _one_per_fact(discrepancies, roles, a.article, b.article, rows)
    quotes = [
        SharedQuote(
            Extent(q.left.start, q.left.end, q.left.text),
            Extent(q.right.start, q.right.end, q.right.text),
            q.score,
            q.exact,
        )
        for q in shared_quotes(a.article, b.article)
    ]
    reuse_figures = Reuse(_share(left_chars, _total_chars(a)), _share(right_chars, _total_chars(b)))
    return Comparison(a.article, b.article, rows, reuse_figures, discrepancies, quotes)
