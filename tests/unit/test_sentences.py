"""Sentence splitting on the hard cases of news prose, and its invariants on real text."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiread.config import boilerplate_files
from tuiread.corpus import Article, load_corpus, load_rules
from tuiread.corpus.clean import clean
from tuiread.corpus.segment import segment
from tuiread.corpus.sentences import split_text


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_text(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "U.S. President Donald Trump spoke. He left.",
            ["U.S. President Donald Trump spoke.", "He left."],
        ),
        (
            "Vice President J.D. Vance agreed. Talks resumed.",
            ["Vice President J.D. Vance agreed.", "Talks resumed."],
        ),
        (
            "Mr. Smith met Gen. Milley on Monday. It went well.",
            ["Mr. Smith met Gen. Milley on Monday.", "It went well."],
        ),
        (
            "Ukraine would buy $1.5 billion of arms. Europe pays.",
            ["Ukraine would buy $1.5 billion of arms.", "Europe pays."],
        ),
        (
            "The call ended at 2:30 p.m. Monday in Washington. Aides left.",
            ["The call ended at 2:30 p.m. Monday in Washington.", "Aides left."],
        ),
        ("He arrived in the U.S. The talks began.", ["He arrived in the U.S.", "The talks began."]),
        (
            "“I don’t think a ceasefire is necessary,” Trump said. "
            "“It might seem good. You set up a ceasefire, and they rebuild. "
            "Perhaps they do not wish that.” Aides nodded.",
            [
                "“I don’t think a ceasefire is necessary,” Trump said.",
                "“It might seem good. You set up a ceasefire, and they rebuild. "
                "Perhaps they do not wish that.”",
                "Aides nodded.",
            ],
        ),
        (
            'He said "we are close. Very close." Then he left.',
            ['He said "we are close. Very close."', "Then he left."],
        ),
        ("Is it over? No! It is not… Not yet.", ["Is it over?", "No!", "It is not…", "Not yet."]),
        ("Prices rose 3.5 per cent. Shares fell.", ["Prices rose 3.5 per cent.", "Shares fell."]),
        ("A heading without a stop", ["A heading without a stop"]),
        (
            "Acme Inc. The firm grew. Sales etc. and more.",
            ["Acme Inc.", "The firm grew.", "Sales etc. and more."],
        ),
    ],
)
def test_hard_cases(text, expected):
    assert sentences(text) == expected


def test_unclosed_quote_does_not_swallow_the_paragraph():
    text = "“The war must end. We agree. Then more follows"
    assert sentences(text) == ["“The war must end.", "We agree.", "Then more follows"]


RULES = load_rules(*boilerplate_files())


def check_invariants(article: Article) -> None:
    text = article.text
    spans = article.sentences
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False)), (
        "ordered, disjoint"
    )
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    for v in article.visible:
        for i in range(v.start, v.end):
            if not text[i].isspace():
                assert covered[i], f"visible char {text[i]!r} at {i} outside every sentence"
    for s in spans:
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()


def test_invariants_on_seeds():
    root = Path(__file__).resolve().parents[2] / "seeds"
    for article in load_corpus([root], RULES).articles:
        check_invariants(article)


def _article(text: str) -> Article:
    cleaned = clean(text, RULES)
    paras, sents, words = segment(text, cleaned.visible)
    return Article(
        id="t",
        path=Path("t.txt"),
        text=text,
        title=cleaned.title or "",
        source=None,
        encoding="utf-8",
        format="text",
        visible=cleaned.visible,
        hidden=cleaned.hidden,
        paragraphs=paras,
        sentences=sents,
        words=words,
    )


PIECES = st.sampled_from(
    [
        "U.S.",
        "Mr.",
        "Gen.",
        "J.D. Vance",
        "$1.5 billion",
        "2:30 p.m.",
        "“",
        "”",
        '"',
        ".",
        "?",
        "!",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "Loading...",
        "اضافة اعلان",
        "The",
        "talks",
        "ended",
        "He",
        "said",
        "Read Next:",
        "…",
        "(",
        ")",
        "’",
        "Comments are closed.",
        "\t",
        "x",
        "Ünïcödé",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=60).map("".join))
def test_invariants_on_generated_text(text):
    check_invariants(_article(text))
