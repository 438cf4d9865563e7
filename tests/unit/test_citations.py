"""Excerpts ready for writing: citation fields in every format, templates, CSL-JSON and BibTeX."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tuiread.annotations import (
    ArticleIndex,
    ExportOptions,
    TemplateProblem,
    export,
    open_store,
    parse_jsonld,
)
from tuiread.annotations import excerpts as excerpt_model
from tuiread.annotations.citations import bibtex_escape, person_names
from tuiread.annotations.citedates import date_parts
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules

LONG_OPENING = (
    "Officials from seven countries met for eleven hours on Sunday in a hotel outside Geneva to "
    "settle the terms of a ceasefire that neither side had publicly accepted before the talks."
)
RECORDS = [
    {
        "title": "Rutte calls the meeting \"very successful\"",
        "source": "Example News",
        "author": "By Jane Doe and John van der Berg",
        "date": "2025-08-19",
        "url": "https://example.com/rutte",
        "text": "NATO Secretary General Mark Rutte called the meeting very successful.\n\n"
        "He said talks would continue in Geneva next week, according to officials.",
    },
    {
        "source": "Daily Wire Service",
        "byline": "Reuters Staff",
        "date": "Tue, 19 Aug 2025 10:04:00 GMT",
        "text": LONG_OPENING + "\n\nA second paragraph with =SUM(A1) inside it.",
    },
]


@pytest.fixture
def corpus(tmp_path: Path):
    folder = tmp_path / "coverage"
    folder.mkdir()
    (folder / "story.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    return load_corpus([folder], load_rules(*boilerplate_files()))


@pytest.fixture
def store(corpus):
    rutte, geneva = corpus.articles
    with open_store() as store:
        start = rutte.text.index("called the meeting")
        store.create(rutte, start, start + len("called the meeting very successful"),
                     note="Check *who* said it\nsecond line", tags=["claim", "follow up"],
                     label="green")
        start = rutte.text.index("talks would continue")
        store.create(rutte, start, start + 20, label="Key quote")
        start = geneva.text.index("=SUM(A1)")
        store.create(geneva, start, start + 8, note="=HYPERLINK(\"http://x\")", tags=["-2+3"])
        yield store


def excerpts(store, corpus, **kw):
    return excerpt_model.build(store.anchor_many(store.list(), ArticleIndex(corpus)), corpus, **kw)


def rendered(text: str) -> str:
    return MarkdownIt("commonmark").render(text)


def test_markdown_carries_every_citation_field(store, corpus, tmp_path):
    text = export(excerpts(store, corpus), ExportOptions(front_matter=False))
    html = rendered(text)
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    titles = [unescape(t) for t in re.findall(r"<h2>(.*?)</h2>", html)]
    assert titles == ['Rutte calls the meeting "very successful"', LONG_OPENING]  # never cut
    rutte_line = "Jane Doe and John van der Berg · Example News · 2025-08-19 · "
    assert rutte_line + "https://example.com/rutte" in plain
    assert "<em>Example News</em>" in html and '<a href="https://example.com/rutte">' in html
    # Each quote a blockquote, with a locator that links to the passage (a text fragment).
    assert html.count("<blockquote>") == 3
    assert "paragraph 1, characters" in plain and "paragraph 2, characters" in plain
    assert 'href="https://example.com/rutte#:~:text=called%20the%20meeting' in html
    # The note under the quote, literal; tags as #words; a typed label kept, a colour not.
    assert "Check *who* said it" in plain and "<em>who</em>" not in html
    assert "#claim #follow-up" in plain and "Label: Key quote" in plain
    assert "green" not in plain
    # A local file is named by its place in the corpus, never by an absolute path.
    assert "story.json" in plain and str(tmp_path) not in text
    # The date as ISO 8601, whatever form the record gave it in.
    assert "Reuters Staff · Daily Wire Service · 2025-08-19T10:04:00+00:00" in plain


def test_front_matter_and_absolute_paths_on_request(store, corpus, tmp_path):
    one = [e for e in excerpts(store, corpus, absolute_paths=True) if e.url is None]
    text = export(one, ExportOptions(front_matter=True))
    assert text.startswith("---\n")
    import yaml

    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == LONG_OPENING and meta["outlet"] == "Daily Wire Service"
    assert meta["author"] == "Reuters Staff" and meta["tags"] == ["-2+3"]
    assert str(tmp_path) in meta["path"]


def test_group_by_tag_and_date(store, corpus):
    found = excerpts(store, corpus)
    by_tag = rendered(export(found, ExportOptions(group_by="tag")))
    sections = [unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", by_tag)]
    assert sections == ["#-2+3", "#claim", "#follow-up", "untagged"]
    assert by_tag.count("<h3>") == 4  # the claim excerpt is under both of its tags
    by_date = rendered(export(found, ExportOptions(group_by="date")))
    assert re.findall(r"<h2>(.*?)</h2>", by_date) == ["2025-08-19"]  # two forms, one day


def test_csv_full_titles_neutralised_formulas_and_no_colour_as_label(store, corpus):
    rows = list(csv.DictReader(io.StringIO(export(excerpts(store, corpus),
                                                  ExportOptions(format="csv")))))
    assert len(rows) == 3
    by_exact = {row["exact"]: row for row in rows}
    formula = by_exact["'=SUM(A1)"]
    assert formula["title"] == LONG_OPENING
    assert formula["note"] == "'=HYPERLINK(\"http://x\")" and formula["tags"] == "'-2+3"
    # The opening sentence became the title and is hidden: the quote is in paragraph 1 shown.
    assert formula["author"] == "Reuters Staff" and formula["paragraph"] == "1"
    claim = by_exact["called the meeting very successful"]
    assert claim["label"] == "" and claim["state"] == "found" and "colour" not in claim
    assert "green" not in claim.values()
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


# The CSL-JSON schema (citation-style-language/schema, csl-data.json): an item requires "type"
# and "id", allows only the schema's variables, names are name-variables and dates
# date-variables. These are the parts of it the export can break.
CSL_REQUIRED = {"type", "id"}
CSL_ALLOWED = {
    "type", "id", "title", "container-title", "author", "issued", "accessed", "URL",
    "archive_location", "note", "language", "publisher", "source", "abstract",
}
CSL_NAME_KEYS = {"family", "given", "dropping-particle", "non-dropping-particle", "suffix",
                 "literal"}
CSL_DATE_KEYS = {"date-parts", "season", "circa", "literal", "raw", "edtf"}


def check_csl_date(value):
    assert isinstance(value, dict) and set(value) <= CSL_DATE_KEYS
    if "date-parts" in value:
        parts = value["date-parts"]
        assert 1 <= len(parts) <= 2
        assert all(1 <= len(p) <= 3 and all(isinstance(x, int) for x in p) for p in parts)


def test_csl_json_items_meet_the_schema(store, corpus):
    items = json.loads(export(excerpts(store, corpus), ExportOptions(format="csl")))
    assert len(items) == 2  # one per source, not per excerpt
    for item in items:
        assert CSL_REQUIRED <= set(item) <= CSL_ALLOWED
        assert item["type"] == "article-newspaper" and isinstance(item["id"], str)
        for name in item.get("author", []):
            assert set(name) <= CSL_NAME_KEYS and all(isinstance(v, str) for v in name.values())
        for key in ("issued", "accessed"):
            check_csl_date(item[key])
    rutte, geneva = items
    assert rutte["title"] == 'Rutte calls the meeting "very successful"'
    assert rutte["container-title"] == "Example News" and rutte["URL"] == "https://example.com/rutte"
    assert rutte["author"] == [{"family": "Doe", "given": "Jane"},
                               {"family": "van der Berg", "given": "John"}]
    assert rutte["issued"] == {"date-parts": [[2025, 8, 19]]}
    assert geneva["author"] == [{"literal": "Reuters Staff"}]
    assert geneva["title"] == LONG_OPENING and geneva["archive_location"] == "story.json"
    assert len({rutte["id"], geneva["id"]}) == 2


def test_bibtex_entries(store, corpus):
    text = export(excerpts(store, corpus), ExportOptions(format="bibtex"))
    entries = re.findall(r"@article\{(\w+),", text)
    assert len(entries) == 2 and entries[0] == "doe2025rutte"
    assert "author = {Doe, Jane and van der Berg, John}" in text
    assert "journal = {Example News}" in text and "month = aug" in text
    assert "author = {{Reuters Staff}}" in text and "note = {File: story.json}" in text
    assert text.count("{") == text.count("}")
    assert bibtex_escape("50% of {x} & $y_1 #2\n") == r"50\% of \{x\} \& \$y\_1 \#2"


def test_jsonld_round_trip_keeps_colour_out_of_content(store, corpus, tmp_path, monkeypatch):
    text = export(excerpts(store, corpus), ExportOptions(format="jsonld"))
    items = json.loads(text)["first"]["items"]
    bodies = [b for item in items for b in item.get("body", [])]
    assert {"type": "TextualBody", "value": "Key quote", "purpose": "classifying"} in bodies
    assert all(b["value"] != "green" for b in bodies)
    assert [item["tuiread"].get("colour") for item in items] == ["green", None, None]
    assert items[0]["tuiread"]["article"]["author"] == "Jane Doe and John van der Berg"
    before = {(a.id, a.exact, a.note, a.tags, a.label, a.position) for a in store.list()}
    monkeypatch.setenv("TUIREAD_HOME", str(tmp_path / "elsewhere"))
    parsed, problems = parse_jsonld(text)
    assert problems == []
    with open_store() as other:
        added, skipped = other.add(parsed)
        assert (len(added), len(skipped)) == (3, 0)
        assert {(a.id, a.exact, a.note, a.tags, a.label, a.position)
                for a in other.list()} == before
        again, skipped = other.add(parse_jsonld(text)[0])
        assert (len(again), len(skipped)) == (0, 3) and len(other.list()) == 3


EVERY_FIELD = """{% for a in annotations %}
exact={{ a.exact }}|prefix={{ a.prefix }}|suffix={{ a.suffix }}|note={{ a.note }}
tags={{ a.tags|join(",") }}|label={{ a.label }}|colour={{ a.colour }}|article={{ a.article }}
title={{ a.title }}|source={{ a.source }}|outlet={{ a.outlet }}|author={{ a.author }}
date={{ a.date }}|url={{ a.url }}|path={{ a.path }}|locator={{ a.locator }}
paragraph={{ a.locator.paragraph }}|start={{ a.locator.start }}|created={{ a.created }}
state={{ a.state }}|link={{ a.link }}
{% endfor %}
{% for s in sources %}source={{ s.title }}|{{ s.accessed }}|{{ s.annotations|length }}
{% endfor %}"""


def test_a_template_sees_every_field(store, corpus, tmp_path):
    template = tmp_path / "all.txt.j2"
    template.write_text(EVERY_FIELD, encoding="utf-8")
    found = excerpts(store, corpus)
    out = export(found, ExportOptions(template=template))
    first = found[0]
    for field in ("exact", "prefix", "suffix", "title", "author", "date", "url", "path",
                  "created"):
        assert re.search(re.escape(f"{field}={getattr(first, field)}") + r"[|\n]", out), field
    assert "note=Check *who* said it\nsecond line\n" in out  # text output: as it is
    assert "tags=claim,follow up|label=|colour=green|" in out
    assert "source=Example News|outlet=Example News|" in out
    assert f"locator=paragraph 1, characters {first.locator.start}–{first.locator.end}" in out
    assert "state=found|link=https://example.com/rutte#:~:text=" in out
    assert out.count("source=") - out.count("|source=") == 2


def test_markdown_and_html_templates_escape_values(store, corpus, tmp_path):
    md = tmp_path / "notes.md.j2"
    md.write_text("{% for a in annotations %}- {{ a.note }}\n{% endfor %}", encoding="utf-8")
    out = export(excerpts(store, corpus), ExportOptions(template=md))
    assert r"Check \*who\* said it" in out
    page = tmp_path / "page.html.j2"
    page.write_text("{% for a in annotations %}<p>{{ a.title }}</p>{% endfor %}", "utf-8")
    assert "&#34;very successful&#34;" in export(excerpts(store, corpus),
                                                 ExportOptions(template=page))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("ok\n{% for a in annotations %}\n{{ a.exact }\n", 3, "unexpected '}'"),
        ("ok\n\n{{ annotations[0].nope.deeper }}\n", 3, "has no attribute 'nope'"),
        ("{{ ''.__class__.__mro__ }}", 1, "unsafe"),
        ("{{ 1 // 0 }}", 1, "division"),
    ],
)
def test_template_errors_name_file_and_line(store, corpus, tmp_path, text, line, message):
    template = tmp_path / "bad.md.j2"
    template.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateProblem) as caught:
        export(excerpts(store, corpus), ExportOptions(template=template))
    assert str(caught.value).startswith(f"{template}:{line}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe", [{"family": "Doe", "given": "Jane"}]),
        ("Doe, Jane", [{"family": "Doe", "given": "Jane"}]),
        ("Jane Doe, John Roe & Ann Lee", [{"family": "Doe", "given": "Jane"},
                                          {"family": "Roe", "given": "John"},
                                          {"family": "Lee", "given": "Ann"}]),
        ("Reuters", [{"literal": "Reuters"}]),
        ("BBC News", [{"literal": "BBC News"}]),
        ("", []),
    ],
)
def test_bylines_become_names(byline, names):
    assert person_names(byline) == names


@pytest.mark.parametrize(
    ("text", "parts"),
    [("2025-08-19T10:00:00Z", (2025, 8, 19)), ("19 August 2025", (2025, 8, 19)),
     ("August 19, 2025", (2025, 8, 19)), ("2025-08", (2025, 8)), ("2025-13-40", None),
     ("soon", None)],
)
def test_publication_dates(text, parts):
    assert date_parts(text) == parts


def test_a_title_with_markup_and_a_line_break_stays_one_literal_heading(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    record = {"title": "Two\nlines, *not bold* [nor](a link)", "text": "Some text here."}
    (folder / "odd.json").write_text(json.dumps(record), encoding="utf-8")
    corpus = load_corpus([folder], [])
    (article,) = corpus.articles
    with open_store() as store:
        store.create(article, 0, 4)
        html = rendered(export(excerpts(store, corpus), ExportOptions()))
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Two lines, *not bold* [nor](a link)"]
