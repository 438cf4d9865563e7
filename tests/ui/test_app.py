"""The app driven with Pilot on the seed corpus and on small corpora made per test."""

from __future__ import annotations

import json
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from tests.ui.pilot import run, toasts, until
from tuiread import keymap, locations
from tuiread.config import Settings, UISettings
from tuiread.ui.reading.reader import Reader
from tuiread.ui.reading.reader_header import ReaderHeader, short_title
from tuiread.ui.shared.help import HelpScreen
from tuiread.ui.shared.problems import ProblemsScreen

SIZE = (120, 36)




def palette_prompts(app) -> list[str]:
    """The commands the open command palette lists (none when it is not open)."""
    if not isinstance(app.screen, CommandPalette):
        return []
    return [str(option.prompt) for option in app.screen.query_one(CommandList).options]


def palette_highlight(app) -> str:
    if not isinstance(app.screen, CommandPalette):
        return ""
    option = app.screen.query_one(CommandList).highlighted_option
    return "" if option is None else str(option.prompt)



def reader_lines(reader: Reader) -> list[str]:
    """The reader's lines as drawn on screen (margin stripped)."""
    return [reader.render_line(y).text.strip() for y in range(reader.size.height)]


def test_opens_and_lists_the_seed_articles(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            table = app.main_screen.article_list
            assert table.row_count == 5 == len(app.corpus.articles)
            first = sorted(app.corpus.articles, key=lambda a: a.id)[0]
            assert app.main_screen.reader.article is first
            header = app.main_screen.query_one(ReaderHeader)
            assert short_title(first.title) in header.render().plain
            assert not app.main_screen.query_one("#loading").display

    run(scenario)


def test_files_read_after_a_first_list_are_counted_under_it(make_app, wait_loaded, seeds_dir):
    """A long first read shows its first articles early; the count of files read goes on under
    the list (the loading bar is gone by then) until the whole corpus is read."""
    from tuiread.ui.app import TuireadApp

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            pane = app.main_screen.query_one("#list-pane")
            assert pane.border_subtitle == "by path ▲"
            app.post_message(TuireadApp.LoadProgress(2_500, 100_125))
            await until(pilot, lambda: pane.border_subtitle == "reading 2,500 of 100,125 files",
                        "the count under the list")
            await pilot.press("o")  # (a new order keeps the count shown)
            await until(pilot, lambda: app.main_screen.sort_key != "path", "another order")
            assert pane.border_subtitle == "reading 2,500 of 100,125 files"
            app.post_message(TuireadApp.CorpusLoaded(app.corpus))
            await until(pilot, lambda: str(pane.border_subtitle).startswith("by "),
                        "the order shown again")
            assert pane.border_subtitle == f"by {app.main_screen.sort_key} ▲"

    run(scenario)


def test_the_loads_last_messages_after_the_screens_are_gone_are_dropped(make_app, wait_loaded,
                                                                         seeds_dir):
    """Quitting as a load ends: its messages may arrive once the app's screens are gone (a
    small corpus, loaded in a moment, raised there as the app closed)."""
    from tuiread.ui.app import TuireadApp

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            corpus = app.corpus
        assert not app.screen_stack
        app._load_progress(TuireadApp.LoadProgress(1, 5))
        app._corpus_partial(TuireadApp.CorpusPartial(corpus))
        app._corpus_loaded(TuireadApp.CorpusLoaded(corpus))
        assert app.corpus is corpus

    run(scenario)


def test_moving_in_the_list_and_opening_shows_that_article(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await pilot.press("j", "j", "enter")
            await pilot.pause()
            expected = sorted(app.corpus.articles, key=lambda a: a.id)[2]
            screen = app.main_screen
            assert screen.reader.article is expected
            assert short_title(expected.title) in screen.query_one(ReaderHeader).render().plain
            assert app.focused is screen.reader

    run(scenario)


def test_brackets_switch_article_from_either_pane(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            ids = sorted(a.id for a in app.corpus.articles)
            reader = app.main_screen.reader
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert reader.article.id == ids[1]
            await pilot.press("tab")  # now in the reader
            assert app.focused is reader
            await pilot.press("]", "]")
            await pilot.pause()
            assert reader.article.id == ids[3]
            await pilot.press("[")
            await pilot.pause()
            assert reader.article.id == ids[2]
            assert app.main_screen.article_list.current_id == ids[2]

    run(scenario)


def test_sentence_cursor_moves_by_sentence_and_paragraph(make_app, wait_loaded, seeds_dir):
    moves = []

    def hook(message):
        if isinstance(message, Reader.CursorMoved):
            moves.append(message.span)

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE, message_hook=hook) as pilot:
            await wait_loaded(pilot)
            reader = app.main_screen.reader
            article = reader.article
            await pilot.press("tab", ")")
            assert reader.cursor_span == article.sentences[1]
            assert moves[-1] == article.sentences[1]
            await pilot.press("(")
            assert reader.cursor_span == article.sentences[0]
            await pilot.press("}")
            # The first sentence of the second paragraph.
            second = article.paragraphs[1]
            assert reader.cursor_span.start == second.start
            # Many steps down keep the cursor on screen.
            for _ in range(12):
                await pilot.press(")")
            lines = reader.text_layout.lines_between(*reader.cursor_span)
            top = int(reader.scroll_y)
            assert top <= lines.start and lines.stop <= top + reader.size.height

    run(scenario)


def test_clicking_text_moves_the_cursor_to_that_sentence(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            reader = app.main_screen.reader
            article = reader.article
            target = article.sentences[2]
            line = reader.text_layout.line_at(target.start)
            column = reader.region.width // 2
            await pilot.click(Reader, offset=(column, line - int(reader.scroll_y)))
            assert reader.cursor_span == target

    run(scenario)


def test_help_lists_every_binding_with_current_keys(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir], Settings(keys={"app.next_article": "n"}))
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            shown = help_screen.help_text.plain
            for spec in keymap.KEYS:
                assert spec.description in shown
            assert ("Everywhere", "n", "Next article") in help_screen.entries
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)

    run(scenario)


def test_palette_lists_screen_actions_and_runs_them(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            await pilot.press("ctrl+p")
            wanted = ("Next article", "Next sentence", "Filter the article list", "Change theme")
            await until(pilot, lambda: all(w in "\n".join(palette_prompts(app)) for w in wanted),
                        f"the palette to list {wanted}")
            await pilot.press(*"next article")
            # Filtered (the theme command is gone), with the best match highlighted.
            await until(pilot, lambda: palette_highlight(app).startswith("Next article")
                        and not any("Change theme" in p for p in palette_prompts(app)),
                        "the palette to offer Next article first")
            await pilot.press("enter")
            ids = sorted(a.id for a in app.corpus.articles)
            reader = app.main_screen.reader
            await until(pilot, lambda: reader.article.id == ids[1], "the next article")

    run(scenario)


def test_keys_remapped_in_settings_work(make_app, wait_loaded, seeds_dir):
    async def scenario():
        settings = Settings(keys={"app.next_article": "n", "reader.next_sentence": "x"})
        app = make_app([seeds_dir], settings)
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            ids = sorted(a.id for a in app.corpus.articles)
            reader = app.main_screen.reader
            await pilot.press("n")
            await pilot.pause()
            assert reader.article.id == ids[1]
            await pilot.press("]")  # the old key no longer does it
            await pilot.pause()
            assert reader.article.id == ids[1]
            await pilot.press("tab", "x")
            assert reader.cursor_span == reader.article.sentences[1]
            # ")" still extends a selection: remapping one binding keeps the others on its key.
            await pilot.press("v", "right_parenthesis", "right_parenthesis")
            await pilot.pause()
            sentences = reader.article.sentences
            assert reader.selection_span is not None
            assert reader.selection_span.start == sentences[1].start
            assert reader.selection_span.end > sentences[1].end

    run(scenario)


def test_markup_and_escape_sequences_are_shown_literally(make_app, wait_loaded, tmp_path):
    text = ("Title with [bold]markup[/bold]\n\n"
            "This sentence has [bold]x[/bold] in it and \x1b[31mred\x1b[0m after it.\n\n"
            "A second paragraph follows [link=http://x]here[/link].\n")
    (tmp_path / "tricky.txt").write_text(text, encoding="utf-8")

    async def scenario():
        app = make_app([tmp_path])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            drawn = "\n".join(reader_lines(app.main_screen.reader))
            assert "[bold]x[/bold]" in drawn
            assert "␛[31mred␛[0m" in drawn
            assert "[link=http://x]here[/link]" in drawn
            assert "\x1b" not in drawn
            title_cell = app.main_screen.article_list.cells(0)["title"]
            assert "[bold]markup[/bold]" in title_cell.plain

    run(scenario)


def test_unreadable_files_are_summarised_and_listed(make_app, wait_loaded, tmp_path):
    (tmp_path / "good.txt").write_text("A readable article.\n\nWith two paragraphs of text.\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "empty.txt").write_bytes(b"")

    async def scenario():
        app = make_app([tmp_path])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(pilot)
            assert [a.id for a in app.corpus.articles] == ["good"]
            notes = [t for t in toasts(app) if "not loaded" in t]
            assert len(notes) == 1
            assert "2 files not loaded" in notes[0]
            await pilot.press("P")
            assert isinstance(app.screen, ProblemsScreen)
            listed = "\n".join(app.screen.lines)
            assert "binary.txt" in listed and "empty.txt" in listed

    run(scenario)


def test_filter_narrows_the_list_and_escape_clears_it(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            table = app.main_screen.article_list
            await pilot.press("f", *"bloomberg")
            await pilot.pause()
            assert table.row_count == 1
            assert app.main_screen.reader.article.source == "Bloomberg"
            await pilot.press("escape")
            await pilot.pause()
            assert table.row_count == 5
            assert not app.main_screen.query_one("#filter", Input).display
            assert table.current_id == app.main_screen.reader.article.id

    run(scenario)


def test_sort_cycles_through_title_source_date_words_path(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            table = app.main_screen.article_list
            await pilot.press("o")  # path -> title
            assert [a.title.casefold() for a in table.articles] == sorted(
                a.title.casefold() for a in app.corpus.articles)
            await pilot.press("o", "o", "o")  # -> source -> date -> words
            words = [a.words for a in table.articles]
            assert words == sorted(words)
            assert table.cells(0)["words"].plain == f"{min(words):,}"

    run(scenario)


def test_hidden_boilerplate_toggles_dimmed(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            reader = app.main_screen.reader
            article = reader.article
            hidden = next(h for h in article.hidden if h.reason == "see also link")
            snippet = article.text[hidden.start : hidden.start + 20]
            total = len(reader.text_layout)
            every_line = "\n".join(reader.line_text(i) for i in range(total))
            assert snippet not in every_line
            await pilot.press("H")
            shown = "\n".join(reader.line_text(i) for i in range(len(reader.text_layout)))
            assert snippet in shown and "hidden: see also link" in shown
            assert "shown dimmed" in app.main_screen.query_one(ReaderHeader).render().plain

    run(scenario)


def test_theme_and_last_article_persist_across_runs(make_app, wait_loaded, seeds_dir):
    ids = sorted(p.stem for p in seeds_dir.glob("*.txt"))

    async def first_run():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            assert app.theme == Settings().ui.theme
            app.theme = "nord"
            await pilot.press("]")
            await pilot.pause()

    async def second_run():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            assert app.theme == "nord"
            assert app.main_screen.reader.article.id == ids[1]

    run(first_run)
    saved = json.loads(locations.state_file().read_text(encoding="utf-8"))
    assert saved["theme"] == "nord"
    run(second_run)


def test_damaged_state_file_is_kept_aside_and_reported(make_app, wait_loaded, seeds_dir):
    path = locations.ensure_parent(locations.state_file())
    path.write_text("{not json", encoding="utf-8")

    async def scenario():
        app = make_app([seeds_dir], Settings(ui=UISettings(theme="no-such-theme")))
        said: list[str] = []
        app.notify = lambda text, **_options: said.append(str(text))  # toasts time out
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            messages = "\n".join(said)
            assert "state.json.bad" in messages
            assert "no-such-theme" in messages
            assert app.theme == "textual-dark"

    run(scenario)
    assert path.with_name("state.json.bad").read_text(encoding="utf-8") == "{not json"


def test_ctrl_s_saves_a_screenshot_in_the_documents_folder_from_any_screen(
        make_app, wait_loaded, seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = locations.screenshots_dir()

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_loaded(pilot)
            for opener in (None, "question_mark", "e", "A"):
                if opener is not None:
                    await pilot.press(opener)
                    await wait_loaded(pilot)
                before = set(folder.glob("*.svg")) if folder.exists() else set()

                def new_files(before=before) -> set[Path]:
                    return (set(folder.glob("*.svg")) - before) if folder.exists() else set()

                await pilot.press("ctrl+s")
                await until(pilot, lambda: bool(new_files()),
                            f"a screenshot from {type(app.screen).__name__}")
                (new,) = new_files()
                assert new.read_text(encoding="utf-8").startswith("<svg")
                await pilot.press("escape")
                await wait_loaded(pilot)
            assert not list(Path(tmp_path).glob("*.svg"))  # not the working directory

    run(scenario)


def test_progress_reported_in_batches_is_thinned_by_its_count_not_its_remainder():
    from tuiread.ui.app import thinned

    sent: list[tuple[int, int]] = []
    progress = thinned(25, lambda done, total: sent.append((done, total)))
    # Files read in parallel: the first 60 alone, then batches of 250 (never a multiple of 25).
    for done in (60, 310, 560, 810, 1000):
        progress(done, 1000)
    assert sent == [(60, 1000), (310, 1000), (560, 1000), (810, 1000), (1000, 1000)]
    sent.clear()
    one_by_one = thinned(25, lambda done, total: sent.append((done, total)))
    for done in range(1, 101):
        one_by_one(done, 100)
    assert sent == [(1, 100), (26, 100), (51, 100), (76, 100), (100, 100)]


def test_reading_the_corpus_again_while_a_load_runs_does_not_hold_the_ui(make_app, wait_loaded,
                                                                          seeds_dir):
    """A load holds the workspace until it ends (a first read of a big corpus: minutes): a new
    read asked for meanwhile (articles added from the web) waits for it in its worker, not on
    the UI thread."""
    import threading

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            workspace = app.workspace
            running, release, ended = threading.Event(), threading.Event(), threading.Event()
            loaded = workspace.load_corpus

            def slow_load(**options):
                with workspace._lock:  # (as a load does, all along)
                    running.set()
                    release.wait(10)  # (a bound: the test fails rather than hangs)
                    ended.set()
                return loaded(**options)

            workspace.load_corpus = slow_load
            app.reload_corpus()
            await until(pilot, running.is_set, "the first load to run")
            app.reload_corpus()  # would wait for the first load here
            first_ended = ended.is_set()
            release.set()
            await until(pilot, lambda: all(w.is_finished for w in app.workers
                                           if w.group == "corpus"), "the loads to end")
            assert not first_ended
            assert app.corpus is not None

    run(scenario)
