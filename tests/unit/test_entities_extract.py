"""Mention extraction: the hard cases of news text, offsets into the raw text, hidden text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tuiread.corpus import load_corpus, load_rules
from tuiread.entities.articles import article_mentions
from tuiread.entities.extract import Extractor
from tuiread.entities.gazetteer import bundled_file, load_gazetteer
from tuiread.entities.model import Kind
from tuiread.locations import bundled_config_dir


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> Extractor:
    no_user_file = tmp_path_factory.mktemp("nouser") / "entities.yaml"
    return Extractor(load_gazetteer(bundled_file(), no_user_file))


def found(extractor: Extractor, text: str) -> list[tuple[str, Kind]]:
    mentions = extractor.extract(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.kind) for m in mentions]


def test_titles_and_roles_are_not_part_of_the_name(extractor: Extractor) -> None:
    got = found(
        extractor,
        "On Monday U.S. President Donald Trump met Russian Foreign Minister Sergei Lavrov.",
    )
    assert ("U.S.", Kind.PLACE) in got
    assert ("Donald Trump", Kind.PERSON) in got
    assert ("Sergei Lavrov", Kind.PERSON) in got
    assert not any("President" in text or "Minister" in text for text, _ in got)


def test_employer_before_a_title_is_its_own_mention(extractor: Extractor) -> None:
    got = found(
        extractor,
        "He spoke to EU Commission President Ursula von der Leyen and NATO chief Mark Rutte.",
    )
    assert ("Ursula von der Leyen", Kind.PERSON) in got
    assert ("Mark Rutte", Kind.PERSON) in got
    assert ("NATO", Kind.ORG) in got


def test_possessives_are_left_out_of_the_mention(extractor: Extractor) -> None:
    text = "Trump's envoy praised Putin’s offer and Kyiv's answer."
    got = found(extractor, text)
    assert ("Trump", Kind.PERSON) in [(t, k) for t, k in got if t == "Trump"] or (
        "Trump",
        Kind.OTHER,
    ) in got
    assert {t for t, _ in got} >= {"Trump", "Putin", "Kyiv"}


def test_hyphenated_names_and_particles_stay_whole(extractor: Extractor) -> None:
    got = found(extractor, "Talks at Mar-a-Lago followed a call with Ursula von der Leyen.")
    assert ("Mar-a-Lago", Kind.PLACE) in got
    assert ("Ursula von der Leyen", Kind.PERSON) in got


def test_two_names_joined_by_a_hyphen_are_split_when_each_stands_alone(
    extractor: Extractor,
) -> None:
    text = "The Putin-Zelensky meeting is set. Putin agreed and Zelensky said yes."
    got = [t for t, _ in found(extractor, text)]
    assert got.count("Putin") == 2 and got.count("Zelensky") == 2
    assert "Putin-Zelensky" not in got
    moscow = [t for t, _ in found(extractor, "A Moscow-based analyst disagreed.")]
    assert moscow == ["Moscow"]


def test_all_caps_headline_keeps_names_and_drops_words(extractor: Extractor) -> None:
    text = "PUTIN AND TRUMP MEET IN ALASKA AFTER TALKS\n\nPutin flew to Alaska, where Trump waited."
    headline = [(m.text, m.kind) for m in extractor.extract(text) if m.end <= text.index("\n")]
    assert [t for t, _ in headline] == ["PUTIN", "TRUMP", "ALASKA"]
    assert ("ALASKA", Kind.PLACE) in headline


def test_sentence_initial_capitals_are_not_names(extractor: Extractor) -> None:
    text = (
        "Security was tight. Officials said Meanwhile was a word. However, Macron arrived. "
        "Talks began."
    )
    got = [t for t, _ in found(extractor, text)]
    assert got == ["Macron"]


def test_first_name_that_is_a_word_opens_a_sentence(extractor: Extractor) -> None:
    got = found(extractor, "Mark Rutte said allies agreed. Mark the date, he added.")
    assert [t for t, _ in got] == ["Mark Rutte"]


def test_names_inside_quotations(extractor: Extractor) -> None:
    text = '"Zelensky is ready to meet," Trump wrote. “Talks went well,” said Rutte.'
    got = [t for t, _ in found(extractor, text)]
    assert got == ["Zelensky", "Trump", "Rutte"]


def test_title_case_headline_is_read_with_the_article(extractor: Extractor) -> None:
    text = (
        "Trump Says Putin Meeting With Zelensky Set After White House Talks\n\n"
        "Trump spoke to Putin and Zelensky at the White House about the talks."
    )
    headline_end = text.index("\n")
    headline = [m.text for m in extractor.extract(text) if m.end <= headline_end]
    assert headline == ["Trump", "Putin", "Zelensky", "White House"]


def test_kinds_from_gazetteer_and_telling_words(extractor: Extractor) -> None:
    got = dict(
        found(
            extractor,
            "Reuters said the Bank of England and Acme Holdings met in Geneva "
            "with officials of the World Health Organization.",
        )
    )
    assert got["Reuters"] == Kind.ORG
    assert got["Bank of England"] == Kind.ORG
    assert got["Acme Holdings"] == Kind.ORG
    assert got["Geneva"] == Kind.PLACE
    assert got["World Health Organization"] == Kind.ORG


def test_a_surname_alone_is_the_person_named_in_full(extractor: Extractor) -> None:
    got = found(extractor, "Jens Stoltenberg arrived late. Later, Stoltenberg spoke.")
    assert got == [("Jens Stoltenberg", Kind.PERSON), ("Stoltenberg", Kind.PERSON)]


def test_nationalities_are_names_of_no_clear_kind(extractor: Extractor) -> None:
    got = dict(found(extractor, "Ukrainian and European leaders met the Russian side."))
    assert got == {"Ukrainian": Kind.OTHER, "European": Kind.OTHER, "Russian": Kind.OTHER}


def test_markup_and_control_characters_are_just_text(extractor: Extractor) -> None:
    text = "[bold]Putin[/bold] met \x1b[31mTrump\x1b[0m in Alaska."
    got = [t for t, _ in found(extractor, text)]
    assert "Alaska" in got and "Putin" in got


def test_hidden_boilerplate_is_not_searched_but_the_title_is(seeds_dir: Path) -> None:
    corpus = load_corpus([seeds_dir], load_rules(bundled_config_dir() / "boilerplate.yaml"))
    article = next(a for a in corpus.articles if a.id.startswith("000_"))
    extractor = Extractor(load_gazetteer(bundled_file(), seeds_dir / "no-such-file.yaml"))
    mentions = article_mentions(article, extractor)
    hidden = [h for h in article.hidden if h.reason != "title"]
    assert hidden, "the seed article has boilerplate"
    for m in mentions:
        assert article.text[m.start : m.end] == m.text
        assert not any(h.start <= m.start < h.end for h in hidden), m
    title_end = next(h.end for h in article.hidden if h.reason == "title")
    assert any(m.end <= title_end for m in mentions)
    assert "Lockheed" in article.text and all(m.text != "Lockheed" for m in mentions)


def test_core_does_not_import_the_ui() -> None:
    code = (
        "import sys, tuiread.entities.catalog, tuiread.commands.entity_cmds; "
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
