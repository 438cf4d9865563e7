"""Reading an HTML page: tuiread's own page text, with the blocks that are not the article hidden.

The article text (what every offset points into) is the page's visible text as tuiread derives
it: one line per block element, table cells kept apart, scripts and form controls left out.
trafilatura decides which of those blocks are the article; the others become hidden spans with
the reason ``page chrome``, so a block it drops by mistake is one key (``H``) away and a new
trafilatura release never moves an offset. When trafilatura finds no article, the page's
navigation, header, footer and aside blocks are hidden instead (the older reading).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from tuiread.corpus.article_text import extract_text
from tuiread.corpus.html_parse import parse_page
from tuiread.corpus.kept_text import (
    BlockShingles,
    Extracted,
    covers,
    kept_blocks,
    text_words,
)
from tuiread.corpus.model import HiddenSpan
from tuiread.corpus.page_walk import Block, page_blocks
from tuiread.corpus.pagemeta import PageMeta, page_meta_and_body

CHROME = "page chrome"

# Gap filling: at most this many skipped blocks between two kept ones, each of prose (this many
# words or more, at most this share of link text). Measured on a development set of news pages.
GAP_REACH = 3
GAP_MIN_WORDS = 15
GAP_MAX_LINKS = 0.3
# A block that is mostly link text (a menu, a list of related stories) is chrome even when the
# extractor kept it: on the development set this dropped 1 point more chrome for 0.3 of text.
LINK_CHROME = 0.75
# The headline is looked for among this many kept blocks at the top of the article.
HEADLINE_WITHIN = 4
# A block that is the start or the end of the title, of at least this many words, is the part of
# the headline a page sets in its own element (a kicker above the headline proper).
HEADLINE_PART_WORDS = 3
# The headline is looked for this many blocks above the first kept one: room for a kicker, a
# byline, a dateline and a standfirst (twice the gap filling's reach).
HEADLINE_REACH = 2 * GAP_REACH
# When the kept blocks hold less than this share of the extracted text, and that text has at
# least this many words, the article came from data embedded in a script, not from the markup.
EMBEDDED_COVERAGE = 0.5
EMBEDDED_MIN_WORDS = 50

# trafilatura runs first without its fallback extractors (readability, jusText): they take a third
# of its time and change the result on few pages. When the kept blocks hold less than this share
# of the page's prose (blocks of GAP_MIN_WORDS words or more, little link text, outside page
# navigation), the extraction is weak and runs again with them: on the development set that is
# one page in eight, and must-keep text is within 0.2 points of the fallbacks run on every page
# (without them at all it lost 1.1 points).
WEAK_PROSE_SHARE = 0.5
# Elements trafilatura always deletes with their content (its ``MANUALLY_CLEANED``) and that
# tuiread's walk has already read (navigation as chrome blocks, the rest skipped): removed from
# the tree before trafilatura reads it, so that its passes over every element cost less.
# JSON-LD scripts stay: the extractor reads article text and page type from them.
_EXTRACTOR_DELETES = (
    "script style svg noscript iframe link meta canvas object embed select option button "
    "input textarea video audio picture source nav aside footer menu"
).split()
# The tag JSON-LD scripts carry while the others are removed (not an HTML tag).
_KEPT_SCRIPT = "tuiread-kept-script"
# trafilatura's time grows faster than a page's size; news pages have a few thousand elements
# (10,000 at most on the development set). Past this, the page is read without it.
MAX_EXTRACT_ELEMENTS = 50_000
# The elements libxml2 adds to any page without a tag for them: html, head, body, and a p.
_IMPLIED_ELEMENTS = 4

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def has_words(text: str, count: int) -> bool:
    """Whether ``text`` has ``count`` words or more (split at white space, as ``str.split``),
    splitting no further than that: a long text is not cut into all its words to be counted."""
    return count <= 0 or len(text.split(None, count - 1)) >= count


def _lines(text: str) -> list[str]:
    return [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]


@dataclass(slots=True)
class HtmlReading:
    text: str
    hidden: list[HiddenSpan]
    meta: PageMeta
    notes: list[str] = field(default_factory=list)


def _parse(markup: str) -> HtmlElement | None:
    return parse_page(markup)


# A text of GAP_MIN_WORDS words has at least this many characters (a character a word, one
# between two): a shorter block is told from its length, without splitting it.
_PROSE_MIN_CHARS = 2 * GAP_MIN_WORDS - 1


def _is_prose(block: Block) -> bool:
    return (
        not block.chrome
        and not block.caption
        and block.links <= GAP_MAX_LINKS
        and len(block.text) >= _PROSE_MIN_CHARS
        and has_words(block.text, GAP_MIN_WORDS)
    )


def prose_share(blocks: list[Block], kept: list[bool]) -> float:
    """Share of the page's prose (by characters) in the kept blocks; 1.0 on a page without."""
    prose = kept_prose = 0
    for block, keep in zip(blocks, kept, strict=True):
        if _is_prose(block):
            prose += len(block.text)
            kept_prose += len(block.text) if keep else 0
    return kept_prose / prose if prose else 1.0


def fill_gaps(blocks: list[Block], kept: list[bool]) -> list[bool]:
    """Keep prose the extractor skipped between two kept blocks.

    A paragraph in an odd element (text straight in a ``div``, a ``pre``) is missed while its
    neighbours are kept; a block of prose (enough words, little link text, outside page
    navigation) with kept blocks within ``GAP_REACH`` on both sides is article too.
    """
    result = list(kept)
    positions = [i for i, k in enumerate(kept) if k]
    for before, after in zip(positions, positions[1:], strict=False):
        if after - before - 1 > GAP_REACH:
            continue
        for index in range(before + 1, after):
            if _is_prose(blocks[index]):
                result[index] = True
    return result


def _prune_for_extractor(tree: HtmlElement) -> None:
    """Remove, in place, the elements trafilatura would delete anyway (their tails stay).

    One pass in C (``strip_elements``); the JSON-LD scripts it must keep are renamed for its
    time, since it selects by tag only."""
    kept = [
        element
        for element in tree.iter("script")
        if (element.get("type") or "").strip().lower() == "application/ld+json"
    ]
    for element in kept:
        element.tag = _KEPT_SCRIPT
    etree.strip_elements(tree, *_EXTRACTOR_DELETES, with_tail=False)
    for element in kept:
        element.tag = "script"


@dataclass(slots=True)
class _Found:
    """The extracted article text, with its shingles and the kept blocks once computed."""

    text: str
    output: Extracted | None = None
    kept: list[bool] | None = None


def _find_article(tree: HtmlElement, blocks: list[Block], shingles: BlockShingles) -> _Found:
    """The extracted article text, fast first, with the fallback extractors when weak."""
    _prune_for_extractor(tree)
    extracted = extract_text(tree, fast=True)
    if extracted.strip():
        output = Extracted(extracted, shingles.by_text)
        kept = kept_blocks(blocks, output, shingles)
        if prose_share(blocks, kept) >= WEAK_PROSE_SHARE:
            return _Found(extracted, output, kept)
        fallback = extract_text(tree, fast=False)
        return _Found(fallback) if fallback else _Found(extracted, output)
    return _Found(extract_text(tree, fast=False))


def _element_count(tree: HtmlElement) -> int:
    """The page's elements, counted in C (no Python object made for each)."""
    return int(tree.xpath("count(//*)"))


def _too_large(markup: str, tree: HtmlElement) -> bool:
    """More than ``MAX_EXTRACT_ELEMENTS`` elements. Each element the parser makes starts at a
    ``<`` of the markup, or is one it adds: ``html``, ``head``, ``body`` and a ``p`` around text
    outside any block (one per run of text, so one per ``<`` at most). A page with few ``<``
    cannot be too large, and is not counted (a third of a millisecond on a news page)."""
    most = 2 * markup.count("<") + _IMPLIED_ELEMENTS
    return most > MAX_EXTRACT_ELEMENTS and _element_count(tree) > MAX_EXTRACT_ELEMENTS


def _is_headline(words: list[str], title: list[str]) -> bool:
    """The block is the headline, or the part of it a page sets apart (kicker or headline
    proper: "Local elections – Landslide for the opposition" in two elements)."""
    if not words or not title:
        return False
    part = len(words)
    return words == title or (
        part >= HEADLINE_PART_WORDS and (title[:part] == words or title[-part:] == words)
    )


def include_headline(
    blocks: list[Block], kept: list[bool], shingles: BlockShingles, title: str | None
) -> list[bool]:
    """Keep the headline just above the first kept block, and the prose between them.

    The standfirst between a headline and the body is often in its own element the extractor
    skips, after a byline or a kicker; the headline itself is then hidden as ``title`` (the
    reader shows it above the text)."""
    first = next((i for i, k in enumerate(kept) if k), None)
    if first is None or not title:
        return kept
    wanted = text_words(title)
    for index in range(first - 1, max(first - HEADLINE_REACH - 1, -1), -1):
        if not blocks[index].chrome and _is_headline(shingles.words[index], wanted):
            result = list(kept)
            result[index] = True
            for between in range(index + 1, first):
                result[between] = _is_prose(blocks[between])
            return result
    return kept


def _headline_blocks(blocks: list[Block], kept: list[bool], title: str | None) -> dict[int, int]:
    """Kept blocks near the top that repeat the headline (also after a kicker or a dateline),
    by ``id`` with their rank: the reader shows the headline above the text already."""
    if not title:
        return {}
    wanted = text_words(title)
    shown = [b for b, k in zip(blocks, kept, strict=True) if k][:HEADLINE_WITHIN]
    repeats = [b for b in shown if _is_headline(text_words(b.text), wanted)]
    return {id(b): rank for rank, b in enumerate(repeats)}


def read_html(markup: str, extractor: bool = True) -> HtmlReading:
    """The page text, its hidden chrome and its metadata (``extractor=False``: the fallback)."""
    tree = _parse(markup)
    if tree is None:
        return HtmlReading("", [], PageMeta())
    blocks = page_blocks(tree)
    notes: list[str] = []
    if extractor and _too_large(markup, tree):
        extractor = False
        notes.append("page too large to find its article: navigation and footers hidden")
    # metadata first (and the JSON-LD articleBody with it): the extractor's pass prunes the
    # tree (head and scripts included)
    meta, body = page_meta_and_body(tree, extractor)
    shingles = BlockShingles(blocks)
    found = _find_article(tree, blocks, shingles) if extractor else _Found("")
    if extractor and body and not has_words(found.text, EMBEDDED_MIN_WORDS):
        found = _Found(body)
    extracted = found.text
    output = found.output or Extracted(extracted, shingles.by_text)
    if found.kept is not None:
        kept = found.kept
    else:
        kept = kept_blocks(blocks, output, shingles) if extracted.strip() else []
    if kept:
        kept = fill_gaps(blocks, include_headline(blocks, kept, shingles, meta.title))
    if (
        kept
        and has_words(extracted, EMBEDDED_MIN_WORDS)
        and not covers(kept, output, shingles, EMBEDDED_COVERAGE)
    ):
        # The article is not in the page's markup: a script renders it from data embedded in
        # the page (JSON-LD articleBody, a state object), which the extractor read.
        embedded = _lines(extracted)
        kept = [False] * len(blocks) + [True] * len(embedded)
        blocks = [*blocks, *(Block(line, False) for line in embedded)]
        notes.append("article text from data embedded in the page; the page's text hidden")
    if kept and all(kept[i] for i, b in enumerate(blocks) if b.chrome):
        # Navigation kept as well: the extractor fell back to the whole page and decided
        # nothing, so page navigation is hidden as the older reading did.
        kept = [keep and not block.chrome for keep, block in zip(kept, blocks, strict=True)]
    if kept:
        kept = [k and block.links < LINK_CHROME for k, block in zip(kept, blocks, strict=True)]
    if not any(kept):
        kept = [b.shown and not b.chrome for b in blocks]
        if blocks and extractor:
            notes.append("no article found by the extractor: navigation and footers hidden")
    headlines = _headline_blocks(blocks, kept, meta.title)
    text_parts: list[str] = []
    hidden: list[HiddenSpan] = []
    position = 0
    for block, keep in zip(blocks, kept, strict=True):
        if text_parts:
            text_parts.append("\n\n")
            position += 2
        text_parts.append(block.text)
        if not keep:
            hidden.append(HiddenSpan(position, position + len(block.text), CHROME))
        elif id(block) in headlines:
            reason = "title" if headlines[id(block)] == 0 else "repeated title"
            hidden.append(HiddenSpan(position, position + len(block.text), reason))
        position += len(block.text)
    text = "".join(text_parts) + "\n" if text_parts else ""
    return HtmlReading(text, hidden, meta, notes)


__all__ = ["CHROME", "Block", "HtmlReading", "fill_gaps", "kept_blocks", "page_blocks", "read_html"]
