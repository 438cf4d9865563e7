"""Reading HTML pages: page chrome hidden (never removed), the failure classes of page
markup, and metadata (title, outlet, author, ISO date, canonical URL)."""

from __future__ import annotations

import json

import pytest

from tuiread.corpus.dates import iso_date
from tuiread.corpus.formats import html_record
from tuiread.corpus.html import CHROME, read_html

PROSE = [
    "The city council voted on Tuesday to approve the new transit plan after a debate that "
    "lasted well into the night, with residents speaking for and against the proposal.",
    "Supporters said the plan would cut commuting times across the region by a quarter, while "
    "opponents warned that the cost estimates were far too optimistic for a project this size.",
    "The mayor, who had campaigned on the promise of better buses, called the vote a turning "
    "point and said construction of the first line could begin as early as next spring.",
    "Council members will meet again next month to decide how the plan is to be financed, "
    "and several said they expected a long and difficult discussion about taxes and fares.",
]


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def article(extra_head: str = "", before: str = "", after: str = "", wrap=("", "")) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    body = (
        f"{wrap[0]}<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/s'>Sport</a>"
        f"</nav>{before}<article><h1>Council approves transit plan</h1>{paragraphs}</article>"
        f"{after}<footer>Copyright 2025 The Daily Example. All rights reserved.</footer>{wrap[1]}"
    )
    return page(body, extra_head)


def visible(reading) -> str:
    text, out, position = reading.text, [], 0
    for span in reading.hidden:
        out.append(text[position : span.start])
        position = span.end
    out.append(text[position:])
    return " ".join("".join(out).split())


def test_article_kept_and_page_chrome_hidden_with_its_reason():
    reading = read_html(article())
    shown = visible(reading)
    for paragraph in PROSE:
        assert paragraph in shown
    assert "Copyright 2025" not in shown and "Sport" not in shown
    # hidden, not removed: the chrome is still in the text the offsets point into
    hidden_text = [reading.text[h.start : h.end] for h in reading.hidden]
    assert any("Copyright 2025" in t for t in hidden_text)
    assert {h.reason for h in reading.hidden} == {CHROME, "title"}
    (headline,) = [h for h in reading.hidden if h.reason == "title"]
    assert reading.text[headline.start : headline.end] == "Council approves transit plan"


def test_page_wrapped_in_a_form_keeps_its_text():
    reading = read_html(article(wrap=("<form action='/x'>", "</form>")))
    assert PROSE[0] in visible(reading)


def test_table_cells_are_not_glued():
    table = (
        "<table><tr><td>Alpha</td><td>Beta</td></tr><tr><th>Gamma</th><td>Delta</td></tr></table>"
    )
    reading = read_html(page(table))
    assert "AlphaBeta" not in reading.text and "GammaDelta" not in reading.text
    assert "Alpha\tBeta" in reading.text


def test_layout_table_keeps_its_paragraphs_apart():
    cell = "".join(f"<p>{p}</p>" for p in PROSE)
    reading = read_html(page(f"<table><tr><td>{cell}</td></tr></table>"))
    assert f"{PROSE[0]}\n\n{PROSE[1]}" in reading.text


def test_several_h1_are_not_concatenated_into_the_title():
    markup = article(before="<h1>Breaking</h1>")
    record = html_record(markup)
    assert record.title in ("Council approves transit plan", "Breaking")
    assert "BreakingCouncil" not in record.title and "Breaking Council" not in record.title


def test_og_values_are_stripped():
    head = (
        "<meta property='og:title' content='  Council approves plan \n '>"
        "<meta property='og:site_name' content='\n The Daily Example  '>"
    )
    record = html_record(article(head))
    assert record.title == "Council approves plan"
    assert record.source == "The Daily Example"


def test_section_name_is_not_taken_as_the_outlet():
    head = (
        "<title>Council approves transit plan | Politics</title>"
        "<link rel='canonical' href='https://www.dailyexample.com/politics/transit'>"
    )
    record = html_record(article(head))
    assert record.source != "Politics"
    assert record.source and "dailyexample" in record.source.lower()


def test_canonical_link_is_the_url():
    head = "<link rel='canonical' href='https://news.example.org/2025/08/18/transit-plan'>"
    assert html_record(article(head)).url == "https://news.example.org/2025/08/18/transit-plan"


def test_json_ld_gives_author_date_and_outlet():
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council approves transit plan",
        "datePublished": "2025-08-18T09:30:00Z",
        "author": [{"@type": "Person", "name": "Ana Ruiz"}],
        "publisher": {"@type": "Organization", "name": "The Daily Example"},
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    record = html_record(article(head))
    assert record.author == "Ana Ruiz"
    assert record.date == "2025-08-18T09:30:00+00:00"
    assert record.source == "The Daily Example"


def test_json_ld_with_raw_control_characters_and_references_is_read():
    # a tab typed into a string (invalid strict JSON), a character reference and markup in
    # the names: the values a reader sees are plain text
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"datePublished": "2025-08-18T09:30:00Z",\t"author": {"@type": "Person", '
        '"name": "Ana\tRuiz"}, "publisher": {"@type": "Organization", '
        '"name": "Smith &amp; <b>Sons</b> Daily"}}'
    )
    record = html_record(article(f"<script type='application/ld+json'>{ld}</script>"))
    assert record.date == "2025-08-18T09:30:00+00:00"
    assert record.author == "Ana Ruiz"
    assert record.source == "Smith & Sons Daily"


def test_meta_author_and_page_format_date_become_iso():
    head = (
        "<meta name='author' content='Ana Ruiz'>"
        "<meta property='article:published_time' content='18 August 2025'>"
    )
    record = html_record(article(head))
    assert record.author == "Ana Ruiz"
    assert record.date == "2025-08-18"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-08-18", "2025-08-18"),
        ("2025-08-18T10:05:00+02:00", "2025-08-18T10:05:00+02:00"),
        ("2025-08-18 10:05", "2025-08-18T10:05:00"),
        ("Mon, 18 Aug 2025 10:05:00 GMT", "2025-08-18T10:05:00+00:00"),
        ("18.08.2025", "2025-08-18"),
        ("August 18, 2025", "2025-08-18"),
        ("18 août 2025", "2025-08-18"),
        ("20250818", "2025-08-18"),
        ("2025-02-30", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_iso_date(given, expected):
    assert iso_date(given) == expected


def test_page_without_an_article_falls_back_to_the_page_text_without_navigation():
    markup = page("<nav>Home News Sport</nav><div>Opening hours: 9 to 5.</div>")
    reading = read_html(markup)
    assert "Opening hours" in visible(reading)
    assert "Home News" not in visible(reading)


def test_empty_and_broken_markup_give_no_text_not_an_error():
    assert read_html("").text == ""
    assert read_html("<<<>>> \x00").text.strip() in ("", "<<<>>>")


def test_a_page_too_large_for_the_extractor_is_read_without_it(monkeypatch):
    import tuiread.corpus.html as html

    monkeypatch.setattr(html, "MAX_EXTRACT_ELEMENTS", 5)
    reading = html.read_html(article())
    assert PROSE[0] in visible(reading) and "Sport" not in visible(reading)
    assert reading.notes and "too large" in reading.notes[0]


def test_article_rendered_by_a_script_comes_from_the_embedded_json_ld():
    ld = {"@type": "NewsArticle", "headline": "Transit plan", "articleBody": "\n".join(PROSE)}
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    markup = page("<nav>Home News</nav><div id='app'>Loading…</div><footer>(c)</footer>", head)
    reading = read_html(markup)
    shown = visible(reading)
    assert all(p in shown for p in PROSE)
    assert "Loading" not in shown and "Home News" not in shown
    assert "embedded" in reading.notes[0]


@pytest.mark.parametrize(
    "text",
    ["", " ", "one", "one two", " one  two\tthree\n", "a\u00a0b c\u2003d ", "x " * 60, "y\n" * 49],
)
def test_has_words_counts_as_str_split_does(text):
    from tuiread.corpus.html import has_words

    words = len(text.split())
    for count in range(0, 62):
        assert has_words(text, count) is (words >= count), (text, count)


def test_meta_tags_keep_the_first_content_of_each_name():
    from tuiread.corpus.html_parse import parse_page
    from tuiread.corpus.pagemeta import _meta_tags

    tree = parse_page(
        page(
            "<p>text</p>",
            head='<meta name="author" content="  "><meta name="author" content="First  Name">'
            '<meta property="OG:Title" content="A title"><meta name="author" content="Second">'
            '<meta charset="utf-8"><meta property="og:title" content="Other">',
        )
    )
    assert _meta_tags(tree) == {"author": "First Name", "og:title": "A title"}
