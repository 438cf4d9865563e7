"""Cleaning each demo article: its title, source, the boilerplate hidden and the text kept."""

from pathlib import Path

import pytest

from tuiread.config import boilerplate_files
from tuiread.corpus import Article, load_corpus, load_rules


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    root = Path(__file__).resolve().parents[2] / "seeds"
    corpus = load_corpus([root], load_rules(*boilerplate_files()))
    return {a.id[:3]: a for a in corpus.articles}


def hidden_texts(article: Article) -> list[str]:
    return [article.text[h.start : h.end] for h in article.hidden]


def test_all_five_seeds_load(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


def test_seed_000_benzinga(seeds):
    a = seeds["000"]
    assert a.title.startswith("Trump Says He's Arranging Putin–Zelensky Meeting")
    assert a.source == "Benzinga"
    clean = a.clean_text()
    for gone in ("Loading...", "Read Next:", "Photo Courtesy", "brought to you by", "See Also:"):
        assert gone not in clean
    assert clean.count(a.title) == 0  # the headline is shown as the title, not repeated
    assert "Donald Trump Called Putin About A Meeting With Zelensky" in clean
    assert clean.endswith(
        "a dramatic flyover by U.S. stealth aircraft, but produced no cease-fire."
    )
    assert any(p.heading for p in a.paragraphs)


def test_seed_001_title_suffix_and_related_posts(seeds):
    a = seeds["001"]
    assert (
        a.title
        == "Trump Initiates Plans for Putin-Zelensky Summit Amid High-Stakes White House Talks"
    )
    assert a.source == "london-news-net.preview-domain.com"
    reasons = [h.reason for h in a.hidden]
    assert reasons.count("repeated title") == 2 and reasons[0] == "title"
    clean = a.clean_text()
    assert "Related posts" not in clean and "cookies" not in clean
    assert "McDonalds and Coca-Cola" not in clean
    assert clean.endswith("within the next 10 days.")


def test_seed_002_has_no_headline_line(seeds):
    a = seeds["002"]
    assert a.source == "LN247"
    assert a.title.startswith("Russian President Vladimir Putin and Ukrainian President")
    assert a.title.endswith("over three years ago.")  # the whole sentence: only screens cut it
    clean = a.clean_text()
    assert clean.startswith("Russian President Vladimir Putin")  # opening paragraph stays
    for gone in ("Discover more from", "Subscribe to get the latest posts", "Comments are closed"):
        assert gone not in clean


def test_seed_003_bloomberg(seeds):
    a = seeds["003"]
    assert a.title == "Trump Meets With Zelenskiy After ‘Productive’ Call With Putin"
    assert a.source == "Bloomberg"
    hidden = hidden_texts(a)
    assert hidden.count("Photographer: Joe Raedle/Getty Images") == 4
    clean = a.clean_text()
    for gone in ("Most Read from", "Leave a Comment", "Your email address", "Photographer"):
        assert gone not in clean
    assert "Mar-a-Lago" in clean


def test_seed_004_inline_marker_hidden_inside_paragraph(seeds):
    a = seeds["004"]
    marker = "اضافة اعلان"
    start = a.text.index(marker)
    assert any(h.start == start and h.end == start + len(marker) for h in a.hidden)
    first = a.paragraphs[0]
    shown = a.visible_text(first.start, first.end)
    assert shown.startswith("U.S. President Donald Trump intends to leave Russia")
    assert shown.endswith("mediate an end to Russia’s invasion of Ukraine.")
    assert marker not in a.clean_text()
    assert a.source is None


def test_hidden_and_visible_partition_the_raw_text(seeds):
    for a in seeds.values():
        spans = sorted([(s.start, s.end) for s in a.visible] + [(h.start, h.end) for h in a.hidden])
        assert spans[0][0] == 0 and spans[-1][1] == len(a.text)
        assert all(x[1] == y[0] for x, y in zip(spans, spans[1:], strict=False))


def test_raw_text_is_the_file(seeds):
    for a in seeds.values():
        assert a.text == a.path.read_text(encoding="utf-8")
