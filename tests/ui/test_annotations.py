"""Annotations in the app: selecting with keys and the mouse, the dialog, quick highlights, edit,
delete and undo, the panel, export, and a damaged or newer database."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from textual.widgets import OptionList

from tests.ui.pilot import run, settle, toasts
from tuiread import locations
from tuiread.annotations import AnchorState, open_store
from tuiread.corpus import Article, load_corpus
from tuiread.ui.annotations.dialog import AnnotationDialog
from tuiread.ui.annotations.marks import CURRENT_LAYER
from tuiread.ui.annotations.panel import AnnotationsPanel
from tuiread.ui.reading.layers import Layer
from tuiread.ui.reading.reader import Reader

SIZE = (120, 36)
WORD = re.compile(r"\S+")




def layer(reader: Reader, colour: str) -> list[tuple[int, int]]:
    return [tuple(span) for span in reader.highlight_spans(Layer("annotations", colour)) or []]


def words(article: Article, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(article.text, start, end)]


def trimmed(article: Article, start: int, end: int) -> tuple[int, int]:
    found = words(article, start, end)
    return found[0][0], found[-1][1]


def long_paragraph(article: Article) -> tuple[int, list[int]]:
    """A paragraph of three sentences or more: its index and its sentences' indexes."""
    for number, para in enumerate(article.paragraphs):
        inside = [i for i, s in enumerate(article.sentences) if para.start <= s.start < para.end]
        if len(inside) >= 3:
            return number, inside
    raise AssertionError("no paragraph of three sentences")


def test_keys_select_the_dialog_annotates_and_it_is_there_after_reopening(make_app, seeds_dir):
    span: tuple[int, int] = (0, 0)

    async def first_run():
        nonlocal span
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            reader = app.main_screen.reader
            article = reader.article
            number, inside = long_paragraph(article)
            first = article.sentences[inside[0]]
            second = article.sentences[inside[1]]
            reader.move_cursor(inside[0])
            await pilot.press("r", "v")
            in_first = words(article, *first)
            assert reader.selection_span == in_first[0]
            await pilot.press("w")
            assert reader.selection_span == (in_first[0][0], in_first[1][1])
            await pilot.press("right_parenthesis")  # to the end of the sentence
            assert reader.selection_span == trimmed(article, *first)
            await pilot.press("right_parenthesis")  # and of the next one; the cursor follows
            in_second = words(article, *second)
            assert reader.selection_span == (in_first[0][0], in_second[-1][1])
            assert reader.cursor == inside[1]
            await pilot.press("b")
            assert reader.selection_span == (in_first[0][0], in_second[-2][1])
            await pilot.press("escape")
            assert reader.selection_span is None
            assert reader.cursor == inside[1]  # escape dropped the selection, nothing else
            await pilot.press("V")
            assert reader.selection_span == trimmed(article, *second)
            await pilot.press("V")
            para = article.paragraphs[number]
            span = trimmed(article, para.start, para.end)
            assert reader.selection_span == span

            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, AnnotationDialog)
            await pilot.press(*"Needs a second source", "enter", *"[bold]not markup[/bold]")
            await pilot.press("tab", *"claim, check", "ctrl+s")
            await settle(pilot)
            assert app.screen is app.main_screen
            (saved,) = app.services.annotations.store.list()
            assert (saved.position.start, saved.position.end) == span
            assert saved.note == "Needs a second source\n[bold]not markup[/bold]"
            assert saved.tags == ("claim", "check") and saved.label == "yellow"
            assert layer(reader, "yellow") == [span]
            assert reader.selection_span is None

    async def second_run():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert layer(app.main_screen.reader, "yellow") == [span]

    run(first_run)
    run(second_run)


def test_h_highlights_then_edit_delete_and_undo(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            reader = app.main_screen.reader
            article = reader.article
            sentence = trimmed(article, *article.sentences[0])
            await pilot.press("r", "h")
            await settle(pilot)
            (made,) = app.services.annotations.store.list()
            assert (made.note, made.label) == ("", "yellow")
            assert layer(reader, "yellow") == [sentence]
            assert reader.highlight_spans(CURRENT_LAYER) == [sentence]

            await pilot.press("m")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, AnnotationDialog) and dialog.editing
            # note, tags, then the colours: the next one is green
            await pilot.press(*"edited", "tab", "tab", "right", "enter", "ctrl+s")
            await settle(pilot)
            changed = app.services.annotations.store.get(made.id)
            assert (changed.note, changed.label) == ("edited", "green")
            assert layer(reader, "green") == [sentence] and layer(reader, "yellow") == []

            await pilot.press("enter")  # enter opens it too
            await settle(pilot)
            await pilot.click("#note-delete")
            await settle(pilot)
            assert app.services.annotations.store.list() == []
            assert layer(reader, "green") == []

            await pilot.press("u")
            await settle(pilot)
            assert [a.id for a in app.services.annotations.store.list()] == [made.id]
            assert layer(reader, "green") == [sentence]

    run(scenario)


def test_mouse_drag_selects_raw_characters(make_app, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            reader = app.main_screen.reader
            article = reader.article
            start = article.sentences[0].start
            line = reader.text_layout.line_at(start)
            y = line - int(reader.scroll_y)
            drawn = "".join(segment.text for segment in reader.render_line(y))
            text = reader.line_text(line)
            left = drawn.index(text)  # the column's margin
            first, last = text.index("Donald"), text.index("Trump") + 2
            await pilot.mouse_down(reader, offset=(left + first, y))
            await pilot.hover(reader, offset=(left + last, y))
            await pilot.mouse_up(reader, offset=(left + last, y))
            raw = article.text.index("Donald", start)
            expected = (raw, raw + len("Donald Tru"))
            assert reader.selection_span == expected
            assert article.text[slice(*expected)] == "Donald Tru"
            await pilot.press("h")
            await settle(pilot)
            assert layer(reader, "yellow") == [expected]
            await pilot.click(reader, offset=(left + first, y + 2))  # a plain click
            assert reader.selection_span is None

    run(scenario)


def write_corpus(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


ALPHA = ("Alpha talks\n\nThe envoys met in Geneva on Tuesday. They spoke for three hours.\n\n"
         "A second meeting is planned for next week.\n")
BETA = ("Beta report\n\nOfficials denied the claim on Wednesday. The statement was brief.\n\n"
        "Analysts expect more talks soon.\n")


def test_panel_filters_jumps_shows_anchor_states_and_reattaches(make_app, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, {"alpha.txt": ALPHA, "beta.txt": BETA})
    with open_store() as store:
        articles = {a.id: a for a in load_corpus([corpus], []).articles}
        alpha, beta = articles["alpha"], articles["beta"]
        geneva = alpha.text.index("The envoys met in Geneva")
        store.create(alpha, geneva, geneva + len("The envoys met in Geneva"), note="where")
        claim = beta.text.index("denied the claim")
        store.create(beta, claim, claim + len("denied the claim"), tags=["denial"])
        week = alpha.text.index("next week")
        store.create(alpha, week, week + len("next week"), label="red")
    # Edit the files: the Geneva sentence moves down, "next week" is gone.
    write_corpus(corpus, {"alpha.txt": ALPHA.replace("Alpha talks\n\n", "Alpha talks\n\nA new "
                                                     "first paragraph.\n\n")
                          .replace("next week", "soon")})

    async def scenario():
        app = make_app([corpus])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("A")
            await settle(pilot)
            panel = app.screen
            assert isinstance(panel, AnnotationsPanel)
            states = {i.annotation.exact: i.anchor.state for i in panel.shown}
            assert states == {"The envoys met in Geneva": AnchorState.MOVED,
                              "denied the claim": AnchorState.EXACT,
                              "next week": AnchorState.ORPHANED}
            listed = panel.query_one(OptionList)
            prompts = [str(listed.get_option_at_index(i).prompt) for i in range(3)]
            assert any("text no longer in the article" in p and "next week" in p
                       for p in prompts)
            assert any("found after the text changed" in p and "Geneva" in p for p in prompts)
            await pilot.press(*"#den")
            assert [i.annotation.exact for i in panel.shown] == ["denied the claim"]
            assert "1 of 3" in str(panel.query_one("#annotations-dialog").border_title)
            await pilot.press("enter")
            await settle(pilot)
            reader = app.main_screen.reader
            assert app.screen is app.main_screen and reader.article.id == "beta"
            assert reader.cursor_span.start <= reader.article.text.index("denied")
            assert app.focused is reader

            # Re-attach the orphan to a selection in the alpha article.
            app.main_screen.open_article("alpha")
            await settle(pilot)
            target = reader.article.text.index("A second meeting")
            reader.move_cursor(reader.sentence_at(target))
            await pilot.press("V", "A")
            await settle(pilot)
            await pilot.press(*"state:orph", "ctrl+r")
            await settle(pilot)
            orphan = next(a for a in app.services.annotations.store.list() if a.label == "red")
            sentence = trimmed(reader.article, *reader.article.sentences[reader.cursor])
            assert (orphan.position.start, orphan.position.end) == sentence
            assert layer(reader, "red") == [sentence]

    run(scenario)


def test_a_damaged_database_still_opens_with_a_notice(make_app, seeds_dir):
    db = locations.annotations_db()
    locations.ensure_parent(db)
    db.write_bytes(b"this is not a database\n" * 200)

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            assert any("damaged" in t and "new, empty store" in t for t in toasts(app))
            await pilot.press("r", "h")
            await settle(pilot)
            assert len(app.services.annotations.store.list()) == 1
        kept = [p for p in db.parent.iterdir() if ".damaged-" in p.name]
        assert kept and kept[0].read_bytes().startswith(b"this is not a database")

    run(scenario)


def test_a_newer_database_is_shown_read_only(make_app, seeds_dir):
    with open_store() as store:
        path = store.path
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            assert any("read-only" in t for t in toasts(app))
            await pilot.press("r", "h")
            await settle(pilot)
            assert app.services.annotations.store.list() == []
            assert any("read-only" in t for t in toasts(app)[-1:])

    run(scenario)


def test_a_in_the_comparison_annotates_the_sentence_under_the_cursor(make_app, seeds_dir):
    from tuiread.ui.compare.screen import CompareScreen

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("enter")  # the first article the picker offers
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            await pilot.press("j", "l")  # the next row, the right side
            target = screen.view.current()
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, AnnotationDialog)
            await pilot.press(*"seen side by side", "ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            (saved,) = app.services.annotations.store.list()
            assert saved.article.id == target.article.id and saved.note == "seen side by side"
            part = target.part
            assert (saved.position.start, saved.position.end) == trimmed(target.article,
                                                                         part.start, part.end)

    run(scenario)


def test_tags_complete_the_last_one_typed_from_the_tags_in_use():
    from tuiread.ui.annotations.dialog import TagSuggester

    suggester = TagSuggester(["claim", "Check", "follow-up"])

    async def scenario():
        assert await suggester.get_suggestion("follow-up, c") == "follow-up, claim"
        # "claim" is typed already; "Check" completes in the case typed so far.
        assert await suggester.get_suggestion("claim, c") == "claim, check"
        assert await suggester.get_suggestion("claim, CH") == "claim, CHeck"
        assert await suggester.get_suggestion("claim, ") is None
        assert await suggester.get_suggestion("x") is None

    run(scenario)
