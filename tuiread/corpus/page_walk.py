"""A page's text block by block: one block per block element, table cells kept apart, scripts
and form controls left out; each block marked as page navigation, not displayed, or a caption,
with its share of link text. What :mod:`tuiread.corpus.html` decides the article from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lxml.html import HtmlElement

# Elements whose content is never text a reader reads (code, controls, embedded media).
_SKIP = frozenset(
    "script style noscript template svg iframe select option button textarea input object "
    "embed canvas map head title math datalist".split()
)
# Elements that start a new block (a line of the page text).
_BLOCK = frozenset(
    "p div section article main header footer nav aside h1 h2 h3 h4 h5 h6 li ul ol dl dd dt "
    "blockquote pre table thead tbody tfoot tr caption figure figcaption form fieldset legend "
    "address details summary center hr br body html menu".split()
)
_CELL = frozenset(("td", "th"))
# Figures and their captions: the extractor leaves them out of the article text (images are
# not read), so gap filling does not bring their captions back either.
_FIGURE = frozenset(("figure", "figcaption"))
# Containers the older reading dropped: hidden when trafilatura finds no article.
_CHROME_CONTAINERS = frozenset(("nav", "header", "footer", "aside"))
# ...except an article's own header and footer (headline, byline, dateline).
_ARTICLE_PARTS = frozenset(("header", "footer"))


# Elements with a step of their own in the walk: any other element without children (a span,
# a link, an image, an emphasis) is only its text and its tail, added where its parent's loop
# meets it, as are skipped elements (a third of a page's elements: a Python call each saved).
_OWN_STEP = _SKIP | _BLOCK | _CELL | _FIGURE | _CHROME_CONTAINERS | {"tr"}


def _in_article(element: HtmlElement) -> bool:
    return any(a.tag in ("article", "main") for a in element.iterancestors())


@dataclass(slots=True)
class Block:
    text: str
    chrome: bool  # inside nav/header/footer/aside
    links: float = 0.0  # share of the block's characters that are link text
    shown: bool = True  # False inside an element the page does not display
    caption: bool = False  # inside a figure: a caption or a credit, not the article's prose


# ``style="display: none"`` (or ``visibility: hidden``) and the ``hidden`` attribute: text the
# page carries but does not show, such as a microdata copy of the whole article.
_NOT_SHOWN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _mean_links(blocks: list[Block]) -> float:
    total = sum(len(b.text) for b in blocks)
    return sum(b.links * len(b.text) for b in blocks) / total if total else 0.0


class _Walker:
    """Collects the page text block by block from an lxml tree."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_depth = 0
        self.link_chars = 0
        self.unshown_depth = 0
        self.figure_depth = 0

    def flush(self, chrome: bool) -> None:
        if not self.parts:  # nothing since the last block (link_chars is 0 too)
            return
        joined = "".join(self.parts)
        # most flushes hold only the white space between two block tags
        if not joined.isspace():
            text = " ".join(joined.split())
            # NFC: one form for accented and Indic letters, whatever form the page wrote them
            # in; ASCII text is in it already (and the test reads a flag, it scans nothing).
            if not text.isascii():
                text = unicodedata.normalize("NFC", text)
            self.blocks.append(
                Block(
                    text,
                    chrome,
                    min(self.link_chars / len(text), 1.0),
                    shown=not self.unshown_depth,
                    caption=bool(self.figure_depth),
                )
            )
        self.parts = []
        self.link_chars = 0

    def walk(self, element: HtmlElement, chrome: bool = False) -> None:
        """One element and its content. Called once per element of the page: the steps for
        block, row and inline elements, and adding text, are written out here rather than in
        helpers (a Python call per element and text is most of the walk's time)."""
        tag = element.tag
        parts = self.parts
        if tag in _SKIP or not isinstance(tag, str):
            # comments, processing instructions and skipped elements: only their tail is text
            tail = element.tail
            if tail:
                parts.append(tail)
                if self.link_depth:
                    self.link_chars += len(tail.strip())
            return
        inner_chrome = chrome or (
            tag in _CHROME_CONTAINERS and not (tag in _ARTICLE_PARTS and _in_article(element))
        )
        # Blocks inside an element the page does not show are marked; an inline one (a hidden
        # span in a paragraph) stays part of its paragraph.
        style = element.get("style")
        unshown = element.get("hidden") is not None or (
            style is not None and _NOT_SHOWN.search(style) is not None
        )
        is_block = tag in _BLOCK
        if unshown:
            if is_block or tag == "tr":
                self.flush(chrome)  # the text before it is shown
            self.unshown_depth += 1
        figure = tag in _FIGURE
        if figure:
            self.figure_depth += 1
        if tag == "tr":
            self._row(element, inner_chrome)
        else:
            if is_block:
                if parts:
                    self.flush(chrome)
                    parts = self.parts
            elif tag in _CELL:  # a cell outside a row still keeps apart from its neighbours
                parts.append(" ")
            link = tag == "a"
            if link:
                self.link_depth += 1
            text = element.text
            if text:
                parts.append(text)
                if self.link_depth:
                    self.link_chars += len(text.strip())
            walk = self.walk
            for child in element:
                child_tag = child.tag
                if child_tag in _SKIP:  # only its tail is text (as walk() would add it)
                    tail = child.tail
                    if tail:
                        parts.append(tail)
                        if self.link_depth:
                            self.link_chars += len(tail.strip())
                    continue
                if (
                    len(child)
                    or child_tag in _OWN_STEP
                    or not isinstance(child_tag, str)
                    or child.get("style") is not None
                    or child.get("hidden") is not None
                ):
                    walk(child, inner_chrome)
                    parts = self.parts  # a block inside flushed the parts
                    continue
                # an inline element without children (as walk() would add it)
                text = child.text
                if text:
                    parts.append(text)
                    if self.link_depth or child_tag == "a":
                        self.link_chars += len(text.strip())
                tail = child.tail
                if tail:
                    parts.append(tail)
                    if self.link_depth:
                        self.link_chars += len(tail.strip())
            if link:
                self.link_depth -= 1
            if is_block and self.parts:
                self.flush(inner_chrome)
        if figure:
            self.figure_depth -= 1
        if unshown:
            self.unshown_depth -= 1
        tail = element.tail
        if tail:
            self.parts.append(tail)
            if self.link_depth:
                self.link_chars += len(tail.strip())

    def _row(self, row: HtmlElement, chrome: bool) -> None:
        """A data row is one block with its cells separated by tabs, never glued together; a
        layout row (a cell holding paragraphs: pages laid out with tables) keeps its blocks."""
        self.flush(chrome)
        walked = []
        for cell in row:
            inner = _Walker()
            inner.unshown_depth = self.unshown_depth
            inner.figure_depth = self.figure_depth
            inner.walk(cell, chrome)
            inner.flush(chrome)
            walked.append(inner.blocks)
        if all(len(blocks) <= 1 for blocks in walked):
            cells = [blocks[0] for blocks in walked if blocks]
            if cells:
                text = "\t".join(b.text for b in cells)
                self.blocks.append(Block(text, chrome, _mean_links(cells)))
        else:
            for blocks in walked:
                self.blocks.extend(blocks)


def page_blocks(tree: HtmlElement) -> list[Block]:
    walker = _Walker()
    body = tree.find("body")
    walker.walk(body if body is not None else tree)
    walker.flush(False)
    return walker.blocks
