"""The reader's line layout: widths, raw offsets and agreement with Article.clean_text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tuiread import config
from tuiread.corpus import load_corpus, load_rules
from tuiread.textsafe import displayable
from tuiread.ui.reading.reader_layout import Kind, Pieces, layout_article, tokens_for_line

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_articles():
    return load_corpus([SEEDS], load_rules(*config.boilerplate_files())).articles


def drawn(article, layout, index, pieces) -> str:
    return " ".join(displayable(article.text[s:e])
                    for s, e in tokens_for_line(article, layout, index, pieces))


@pytest.mark.parametrize("width", [20, 37, 88])
def test_lines_fit_the_width_and_rebuild_the_clean_text(seed_articles, width):
    for article in seed_articles:
        layout = layout_article(article, width, show_hidden=False)
        pieces = Pieces(article)
        paragraphs, current = [], []
        for i in range(len(layout)):
            text = drawn(article, layout, i, pieces)
            assert cell_len(text) <= width
            if layout.kinds[i] == Kind.BLANK:
                paragraphs.append(" ".join(current))
                current = []
            else:
                current.append(text)
        paragraphs.append(" ".join(current))
        assert "\n\n".join(paragraphs) == article.clean_text()


def test_line_offsets_increase_and_cover_every_sentence(seed_articles):
    article = seed_articles[1]
    layout = layout_article(article, 50, show_hidden=False)
    assert list(layout.starts) == sorted(layout.starts)
    for sentence in article.sentences:
        lines = layout.lines_between(sentence.start, sentence.end)
        assert layout.starts[lines.start] <= sentence.start < layout.ends[lines.start]
        assert layout.ends[lines.stop - 1] >= sentence.end


def test_hidden_text_is_left_out_or_shown_with_its_reason(seed_articles):
    article = seed_articles[0]
    hidden = next(h for h in article.hidden if h.reason == "see also link")
    plain = layout_article(article, 60, show_hidden=False)
    shown = layout_article(article, 60, show_hidden=True)
    assert all(not (s < hidden.end and e > hidden.start)
               for s, e in zip(plain.starts, plain.ends, strict=True))
    labels = [shown.labels[i] for i in range(len(shown)) if shown.kinds[i] == Kind.LABEL]
    assert "hidden: see also link" in labels
    hidden_lines = [i for i in range(len(shown)) if shown.kinds[i] == Kind.HIDDEN]
    assert any(shown.starts[i] == hidden.start for i in hidden_lines)


def test_a_word_longer_than_the_column_is_cut_into_chunks(make_corpus_article):
    article = make_corpus_article("A headline\n\nShort words then " + "x" * 50 + " and more.\n")
    layout = layout_article(article, 20, show_hidden=False)
    pieces = Pieces(article)
    lines = [drawn(article, layout, i, pieces) for i in range(len(layout))]
    assert lines == ["Short words then", "x" * 20, "x" * 20, "x" * 10 + " and more."]


def test_wide_characters_are_measured_in_cells(make_corpus_article):
    article = make_corpus_article("都市\n\n東京 大阪 名古屋 札幌 福岡 神戸 京都 横浜 仙台 広島。\n")
    layout = layout_article(article, 12, show_hidden=False)
    pieces = Pieces(article)
    assert len(layout) >= 3
    for i in range(len(layout)):
        assert cell_len(drawn(article, layout, i, pieces)) <= 12


def test_partial_layout_is_a_prefix_of_the_full_one(make_corpus_article):
    text = "\n\n".join(f"Paragraph {n} has a handful of ordinary words in it." for n in range(400))
    article = make_corpus_article(text + "\n")
    full = layout_article(article, 30, show_hidden=False)
    part = layout_article(article, 30, show_hidden=False, max_chars=2_000)
    assert full.complete and not part.complete
    assert 0 < len(part) < len(full)
    assert list(part.starts) == list(full.starts[: len(part)])
    assert layout_article(article, 30, False, cancelled=lambda: True) is None
