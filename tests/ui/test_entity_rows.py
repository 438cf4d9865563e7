"""The entity panel's lines: columns cut to width, article text shown literally."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tuiread.entities import ArticleMention, Entity, EntityCatalog, Kind, load_gazetteer
from tuiread.entities.articles import article_mentions
from tuiread.entities.extract import Extractor
from tuiread.ui.entities.rows import entity_row, fit, fit_left, mention_row, name_cells


@pytest.mark.parametrize("width", [1, 5, 12, 40])
def test_fit_and_fit_left_never_exceed_the_cells(width):
    text = "Ursula von der Leyen 北京 met the press"
    assert cell_len(fit(text, width)) <= width
    assert cell_len(fit_left(text, width)) == width
    if cell_len(text) > width > 1:
        assert fit(text, width).endswith("…")
        assert fit_left(text, width).lstrip().startswith("…")
    if width >= 7:
        assert fit_left(text, width).endswith("press")


def test_fit_left_keeps_short_text_right_aligned():
    assert fit_left("said", 8) == "    said"


def test_a_mention_line_shows_markup_and_control_characters_literally(make_corpus_article):
    article = make_corpus_article(
        "Talks in Kyiv\n\nThe [bold]envoy[/bold] \x1b[31m said Volodymyr Zelensky would "
        "travel to Washington on Monday.\n"
    )
    mentions = article_mentions(article, Extractor(load_gazetteer()))
    catalog = EntityCatalog([article], {article.id: mentions}, load_gazetteer())
    entity = catalog.find("Volodymyr Zelensky")
    assert entity is not None
    (context,) = catalog.contexts(entity)
    row = mention_row(context, entity.kind, 140, dark=True)
    assert cell_len(row.plain) <= 140
    assert "[bold]envoy[/bold]" in row.plain
    assert "\x1b" not in row.plain and "␛[31m" in row.plain
    assert "Volodymyr Zelensky" in row.plain
    # The mention is emphasised: bold in its kind's colour over exactly its characters.
    start = row.plain.index("Volodymyr Zelensky")
    styled = [s for s in row.spans if s.start == start]
    assert styled and styled[0].end - styled[0].start == len("Volodymyr Zelensky")


def test_mentions_sit_at_the_same_column_on_every_line(make_corpus_article):
    article = make_corpus_article(
        "Envoys\n\nPutin spoke. Later that long day in Alaska, Putin met the press. "
        "They said Putin would return.\n"
    )
    mentions = article_mentions(article, Extractor(load_gazetteer()))
    catalog = EntityCatalog([article], {article.id: mentions}, load_gazetteer())
    entity = catalog.find("Putin")
    rows = [mention_row(c, entity.kind, 90, dark=False).plain for c in catalog.contexts(entity)]
    assert len(rows) == 3
    assert len({row.index("Putin") for row in rows}) == 1


def test_an_entity_row_lists_the_other_spellings_and_fits():
    mention = ArticleMention("a", 0, 8, "Zelensky", Kind.PERSON)
    entity = Entity("k", "Volodymyr Zelensky", Kind.PERSON,
                    {"Volodymyr Zelensky": 2, "Zelensky": 5, "Zelenskyy": 1}, [mention] * 8)
    width = name_cells([entity])
    row = entity_row(entity, width, 70, dark=True).plain
    assert row.startswith("PERSON")
    assert "Zelensky, Zelenskyy" in row and "Volodymyr Zelensky" in row
    assert cell_len(row) <= 70
    narrow = entity_row(entity, width, 50, dark=True).plain
    assert cell_len(narrow) <= 50 and "Zelenskyy" not in narrow
