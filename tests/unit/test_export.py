"""Export formats (W3C JSON-LD, Markdown, CSV) and import of JSON-LD, round trip included."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tuiread import locations
from tuiread.annotations import (
    AnchorState,
    export_csv,
    export_jsonld,
    export_markdown,
    open_store,
    parse_jsonld,
)
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

NASTY_NOTE = (
    'He said "no", then *maybe* | see [this](http://x.y) & <b>bold</b> `code`\n'
    "# not a heading\n"
    "> not a quote\n"
    "1. not a list\n"
    "- nor this\n"
    "\n"
    "===\n"
    "_under_ ~~strike~~ \\ backslash"
)


@pytest.fixture
def corpus(seeds_dir):
    return load_corpus([seeds_dir], load_rules(*boilerplate_files()))


@pytest.fixture
def filled(corpus):
    """A store with annotations on two articles: plain, tagged, labelled, multi-line."""
    first, second = corpus.articles[0], corpus.articles[3]
    with open_store() as store:
        start = first.text.index("called Russian President")
        store.create(first, start, start + 24, note=NASTY_NOTE, tags=["claim", "a|b"], label="key")
        start = first.text.index("Trump wrote")
        store.create(first, start, start + 11)  # a bare highlight
        paragraph = second.paragraphs[3]
        store.create(
            second, paragraph.start, second.paragraphs[4].end, note="two paragraphs", tags=["quote"]
        )
        yield store


def test_jsonld_has_the_web_annotation_shape(filled):
    data = json.loads(export_jsonld(filled.list()))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    items = data["first"]["items"]
    assert len(items) == 3
    for item, annotation in zip(items, filled.list(), strict=True):
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["type"] == "Annotation"
        assert item["id"] == f"urn:uuid:{annotation.id}"
        assert item["created"].endswith("Z") and item["modified"].endswith("Z")
        assert item["target"]["source"] == Path(annotation.article.path).as_uri()
        quote, position = item["target"]["selector"]
        assert quote == {
            "type": "TextQuoteSelector",
            "exact": annotation.exact,
            "prefix": annotation.quote.prefix,
            "suffix": annotation.quote.suffix,
        }
        assert position == {
            "type": "TextPositionSelector",
            "start": annotation.position.start,
            "end": annotation.position.end,
        }
    bodies = items[0]["body"]
    assert {
        "type": "TextualBody",
        "value": NASTY_NOTE,
        "format": "text/plain",
        "purpose": "commenting",
    } in bodies
    tags = [b["value"] for b in bodies if b["purpose"] == "tagging"]
    assert tags == ["claim", "a|b"]
    assert [b["value"] for b in bodies if b["purpose"] == "classifying"] == ["key"]
    assert items[0]["motivation"] == "commenting"
    assert items[1]["motivation"] == "highlighting" and "body" not in items[1]


def test_export_then_import_into_an_empty_store_gives_the_same_annotations(
    filled, tmp_path, monkeypatch
):
    exported = export_jsonld(filled.list())
    original = filled.list()
    monkeypatch.setenv("TUIREAD_HOME", str(tmp_path / "elsewhere"))
    with open_store() as empty:
        assert empty.path == locations.annotations_db() and empty.list() == []
        annotations, problems = parse_jsonld(exported)
        added, skipped = empty.add(annotations)
        assert problems == [] and (len(added), skipped) == (3, [])
        assert empty.list() == original
        again, _ = parse_jsonld(exported)
        added, skipped = empty.add(again)
        assert (added, len(skipped)) == ([], 3)


def test_import_of_another_tools_annotation(corpus, seeds_dir):
    article = corpus.articles[0]
    start = article.text.index("called Russian President")
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno/7",
        "type": "Annotation",
        "bodyValue": "from another annotator",
        "target": {
            "source": (seeds_dir / "000_9a61a9004f7d98d1.txt").resolve().as_uri(),
            "selector": {
                "type": "TextQuoteSelector",
                "exact": "called Russian President",
                "prefix": article.text[start - 32 : start],
                "suffix": article.text[start + 24 : start + 56],
            },
        },
    }
    broken = {"type": "Annotation", "target": {"source": "x", "selector": []}}
    annotations, problems = parse_jsonld(json.dumps([foreign, broken]))
    assert len(annotations) == 1 and problems == [
        "item 2: no TextQuoteSelector with the quoted text"
    ]
    with open_store() as store:
        store.add(annotations)
        [item] = store.anchored(article)  # found by its file, anchored by its quote
    assert item.annotation.note == "from another annotator"
    assert item.anchor.state is AnchorState.MOVED
    assert (item.anchor.start, item.anchor.end) == (start, start + 24)
    # A second import of the same foreign file is recognised as already present.
    assert parse_jsonld(json.dumps(foreign))[0][0].id == annotations[0].id


def test_import_rejects_non_json():
    with pytest.raises(ValueError):
        parse_jsonld("not json at all")


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_markdown_headings_excerpts_and_literal_notes(filled, corpus):
    text = export_markdown(filled.list())
    html = rendered(text)
    titles = re.findall(r"<h2>(.*?)</h2>", html)
    assert [unescape(t) for t in titles] == [corpus.articles[0].title, corpus.articles[3].title]
    assert "<em>Benzinga</em>" in html and "<code>000_9a61a9004f7d98d1.txt</code>" in html
    # Three excerpts, each one blockquote; the two-paragraph one keeps its paragraph break.
    assert html.count("<blockquote>") == 3
    assert (
        "called Russian President" in re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)[0]
    )
    # The note's markup stays literal: no heading, list, quote, emphasis, link or HTML from it.
    for tag in ("<h1>", "<ol>", "<ul>", "<strong>", "<a ", "<b>", "<code>not", "<hr"):
        assert tag not in html.replace("<code>/", "")
    assert html.count("<em>") == 2  # the outlet of each citation line, nothing from the note
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    for line in NASTY_NOTE.splitlines():
        assert line in plain, line
    assert "#claim #a|b · Label: key" in plain


def test_markdown_with_context_bolds_the_quote_between_its_neighbours(filled):
    html = rendered(export_markdown(filled.list()[:1], context=True))
    annotation = filled.list()[0]
    assert f"<strong>{annotation.exact}</strong>" in html
    assert " ".join(annotation.quote.prefix.split()) in unescape(html)


def test_markdown_escapes_markup_in_quotes_and_titles():
    from tuiread.annotations.markdown import code_span, md_escape

    assert rendered(md_escape("# *a* [b](c) <i>x</i> | 2. y")) == (
        "<p># *a* [b](c) &lt;i&gt;x&lt;/i&gt; | 2. y</p>\n"
    )
    assert rendered(md_escape("1. first")) == "<p>1. first</p>\n"
    assert rendered(code_span("a `b` c")) == "<p><code>a `b` c</code></p>\n"


def test_csv_one_row_each_with_quotes_newlines_and_pipes_intact(filled):
    rows = list(csv.DictReader(io.StringIO(export_csv(filled.list()))))
    assert len(rows) == 3
    by_note = {row["note"]: row for row in rows}
    row = by_note[NASTY_NOTE]
    assert row["exact"] == "called Russian President" and row["tags"] == "claim; a|b"
    assert row["label"] == "key" and int(row["end"]) - int(row["start"]) == 24
    assert "\n\n" in by_note["two paragraphs"]["exact"]
