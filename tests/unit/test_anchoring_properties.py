"""Property: after any sequence of edits, an annotation is on its own text or orphaned, never
on other text.

Edits are generated in sequences of one to four: sentences from another article inserted, text
cut, letters changed, copies of the quoted words put elsewhere (the adversarial case), the quote
itself reworded or deleted, and the whole file replaced by another article about the same story.
The document is kept as pieces (text, the quote, copies of it), so where the quote is after the
edits is known exactly. Anchoring runs through the store, as the app and the CLI do, so the
content fingerprint and the position check take part.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiread.annotations import open_store
from tuiread.annotations.anchoring import DISTINCT_QUOTE_CHARS

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def without_repeated_lines(text: str) -> str:
    """News pages repeat their headline two or three times (title, heading, share text). A line
    held whole in an earlier one is left out: between two identical passages no evidence can say
    which one was quoted (either is the quoted text), so the model would call a right answer
    wrong. Quotes in duplicated passages are tested in test_anchoring.py."""
    kept: list[str] = []
    for line in text.split("\n"):
        if line.strip() and any(line.strip() in earlier for earlier in kept):
            continue
        kept.append(line)
    return "\n".join(kept)


TEXTS = [without_repeated_lines(p.read_text(encoding="utf-8")) for p in SEEDS]
SENTENCES = [s for t in TEXTS for s in re.findall(r"[A-Z][^.\n]{20,120}\.", t)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("store") / "annotations.sqlite3") as opened:
        yield opened


def article(text: str, path: str = "/corpus/a.txt") -> SimpleNamespace:
    return SimpleNamespace(id="a", path=Path(path), text=text, title="A", source=None, url=None)


def boundaries(piece: str) -> list[int]:
    """Places between words in a text piece (where a cut or a copy keeps words whole)."""
    return [0, len(piece), *(m.start() for m in re.finditer(r" ", piece))]


# A copy closer than this to the quote's place would share its context: it would be a passage
# duplicated in place (either of the two is the quoted text), not a copy elsewhere.
ELSEWHERE_CHARS = 48
OWN = ("quote", "edited", "gone")


def away_from_quote(pieces: list[list[str]], i: int, at: int) -> bool:
    before = i > 0 and pieces[i - 1][0] in OWN
    after = i + 1 < len(pieces) and pieces[i + 1][0] in OWN
    return not (before and at < ELSEWHERE_CHARS) and not (
        after and at > len(pieces[i][1]) - ELSEWHERE_CHARS
    )


def sentence_starts(piece: str) -> list[int]:
    """Where a correction adds a sentence: before one, or at a paragraph's end."""
    return [0, len(piece), *(m.end() for m in re.finditer(r"[.!?”\"]\s+|\n\n", piece))]


@st.composite
def scenario(draw):
    base = draw(st.integers(0, len(TEXTS) - 1))
    text = TEXTS[base]
    words = list(re.finditer(r"\S+", text))
    first = draw(st.integers(0, len(words) - 1))
    last = min(len(words) - 1, first + draw(st.integers(0, 11)))
    start, end = words[first].start(), words[last].end()
    pieces = [["text", text[:start]], ["quote", text[start:end]], ["text", text[end:]]]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                ["insert", "cut", "typo", "copy", "copy", "reword", "delete_quote", "replace"]
            )
        )
        texts = [i for i, p in enumerate(pieces) if p[0] == "text" and p[1]]
        if kind == "replace":
            other = draw(st.integers(0, len(TEXTS) - 1).filter(lambda n: n != base))
            pieces = [["text", TEXTS[other]]]
        elif kind == "delete_quote":  # its place is remembered: copies go elsewhere
            pieces = [["gone", ""] if p[0] in ("quote", "edited") else p for p in pieces]
        elif kind == "reword":
            quote = [i for i, p in enumerate(pieces) if p[0] == "quote"]
            inner = quote and re.findall(r"\S+", pieces[quote[0]][1])
            if inner and len(inner) >= 3:
                i = quote[0]
                n = draw(st.integers(1, len(inner) - 2))
                inner[n] = draw(st.sampled_from(["said", "noted", "new", "major"]))
                pieces[i] = ["edited", " ".join(inner)]
        elif texts:
            i = draw(st.sampled_from(texts))
            piece = pieces[i][1]
            at = draw(st.sampled_from(boundaries(piece)))
            if kind == "insert":
                at = draw(st.sampled_from(sentence_starts(piece)))
                added = draw(st.sampled_from(SENTENCES)) + " "
                pieces[i] = ["text", piece[:at] + added + piece[at:]]
            elif kind == "cut":
                stop = min(len(piece), at + draw(st.integers(1, 80)))
                pieces[i] = ["text", piece[:at] + piece[stop:]]
            elif kind == "typo" and at < len(piece) - 1 and piece[at + 1].isalpha():
                pieces[i] = ["text", piece[: at + 1] + "x" + piece[at + 2 :]]
            elif kind == "copy" and away_from_quote(pieces, i, at):
                quote = text[start:end]
                # Words on both sides: a copy right beside the quote would be a duplicated
                # passage, where either of the two is the quoted text.
                wrapper = draw(
                    st.sampled_from(
                        ["Also {} then ", " and {},", " as {} said. ", "\n\nNote: {}.\n\n"]
                    )
                )
                left, right = piece[:at], piece[at:]
                pieces[i : i + 1] = [
                    ["text", left + wrapper.split("{}")[0]],
                    ["copy", quote],
                    ["text", wrapper.split("{}")[1] + right],
                ]
    return text, (start, end), pieces


def spans(pieces) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    text, at, found = "", 0, {"quote": [], "edited": [], "copy": []}
    for kind, piece in pieces:
        if kind in found:
            found[kind].append((at, at + len(piece)))
        text += piece
        at += len(piece)
    return text, found


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@settings(max_examples=200, deadline=None)
@given(scenario())
def test_after_any_edits_an_annotation_is_right_or_orphaned_never_wrong(store, case):
    original, (start, end), pieces = case
    made = store.create(article(original), start, end)
    edited, where = spans(pieces)
    if not edited.strip():
        return
    (item,) = store.anchor_group(article(edited), [made])
    found = item.anchor
    if not found.attached:
        return  # orphaned: always safe
    span = (found.start, found.end)
    own = where["quote"] + where["edited"]
    if own:
        assert any(overlaps(span, s) for s in own), (found, edited[span[0] : span[1]])
        assert not any(overlaps(span, s) for s in where["copy"])
        if where["quote"]:
            assert span in where["quote"]  # unchanged words: exactly their span
    else:
        # The quote is gone. Only a copy of a quote too long to recur by chance may be taken
        # (an identical passage elsewhere in the same article), and never with full confidence.
        assert end - start >= DISTINCT_QUOTE_CHARS and span in where["copy"], found
        assert found.score < 1.0
