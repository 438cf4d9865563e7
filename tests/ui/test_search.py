"""Search in the app, driven with Pilot on the seeds: results as you type, errors that keep the
results, opening a result with its hits marked, n / N, escape back, and the history."""

from __future__ import annotations

import json
import re

from textual.pilot import Pilot
from textual.widgets import Static

from tests.ui.pilot import index_ready, run, until
from tuiread import config, locations
from tuiread.corpus import load_rules
from tuiread.search import SearchIndex
from tuiread.ui.entities.messages import DecisionRequested
from tuiread.ui.main_screen import MainScreen
from tuiread.ui.search.opening import SEARCH_LAYER
from tuiread.ui.search.results import ResultList
from tuiread.ui.search.screen import SEARCH_PAUSE, SearchScreen

SIZE = (120, 36)
async def searched(pilot: Pilot) -> None:
    """After typing: the pause, the search worker and its message."""
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.pause(SEARCH_PAUSE)
    # Poll rather than pause longer: on a busy machine the timer may fire late.
    await until(pilot, lambda: screen._timer is None and screen._asked == screen.query_box.value,
                f"a search for {screen.query_box.value!r}")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_search(pilot: Pilot, wait_loaded, query: str) -> SearchScreen:
    await wait_loaded(pilot)
    await index_ready(pilot)
    await pilot.press("slash")
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query)
    await searched(pilot)
    return screen


def articles_with(app, pattern: str) -> set[str]:
    return {a.id for a in app.corpus.articles if re.search(pattern, a.text, re.IGNORECASE)}


def result_lines(results: ResultList) -> str:
    return "\n".join(results.render_line(y).text for y in range(results.size.height))


def message(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-message", Static).render())


def test_typing_lists_the_matching_articles_with_titles_and_snippets(make_app, wait_loaded,
                                                                     seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "ceasefire")
            results = screen.result_list
            assert {hit.id for hit in results.hits} == articles_with(app, r"\bceasefire")
            assert results.highlighted == 0
            shown = result_lines(results)
            for hit in results.hits:
                assert app.corpus.get(hit.id).title[:40] in shown
                assert "ceasefire" in hit.snippets[0].text.lower()
            assert "3 articles match" in message(screen)

    run(scenario)


def test_a_bad_query_is_explained_and_keeps_the_results(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "ceasefire")
            before = [hit.id for hit in screen.result_list.hits]
            assert before
            # Set at once: typed key by key on a loaded machine, "ceasefire A" could run first.
            screen.query_box.value += " AND"
            await searched(pilot)
            assert "'AND' needs something to search for after it" in message(screen)
            assert "▲" in message(screen)
            assert screen.query_one("#search-message").has_class("-error")
            assert [hit.id for hit in screen.result_list.hits] == before
            screen.query_box.value += "x colour:red"
            await searched(pilot)
            assert "unknown field 'colour:'" in message(screen)
            assert [hit.id for hit in screen.result_list.hits] == before
            assert app.screen is screen  # nothing crashed or closed

    run(scenario)


def test_did_you_mean_is_offered_and_taken_with_a_key(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "ceasfire")
            assert not screen.result_list.hits
            line = str(screen.query_one("#search-suggestions", Static).render())
            assert "Did you mean: ceasefire (3 articles)" in line
            await pilot.press("ctrl+y")
            await searched(pilot)
            assert screen.query_box.value == "ceasefire"
            assert len(screen.result_list.hits) == 3

    run(scenario)


def test_opening_a_result_marks_its_hits_and_n_steps_through_them(make_app, wait_loaded,
                                                                  seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "putin")
            first = screen.result_list.current
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            reader = app.main_screen.reader
            assert reader.article.id == first.id and reader.has_focus
            spans = reader.highlight_spans(SEARCH_LAYER)
            assert spans == app.services.search.index.article_hits(reader.article, "putin")
            assert len(spans) >= 3
            assert all(reader.article.text[s.start:s.end].lower() == "putin" for s in spans)

            def on_hit(number: int) -> bool:
                cursor = reader.cursor_span
                return cursor.start <= spans[number].start < cursor.end

            assert on_hit(0)
            assert "hit 1 of" in app.main_screen.query_one("#reader-pane").border_subtitle
            # Hits sharing the cursor's sentence are stepped through one by one.
            sentences = [reader.sentence_at(s.start) for s in spans]
            await pilot.press("n")
            assert on_hit(1)
            await pilot.press("n")
            assert on_hit(2)
            await pilot.press("N", "N")
            assert on_hit(0) and reader.cursor == sentences[0]
            await pilot.press("N")  # past the first: around to the last
            assert on_hit(len(spans) - 1)
            assert f"hit {len(spans)} of {len(spans)}" in (
                app.main_screen.query_one("#reader-pane").border_subtitle)

    run(scenario)


def test_escape_in_the_reader_returns_to_the_results_as_they_were(make_app, wait_loaded,
                                                                   seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "talks")
            assert len(screen.result_list.hits) >= 3
            await pilot.press("tab", "j", "j")
            chosen = screen.result_list.current
            assert screen.result_list.highlighted == 2
            await pilot.press("enter")
            await pilot.pause()
            assert app.main_screen.reader.article.id == chosen.id
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            assert screen.result_list.highlighted == 2 and screen.result_list.has_focus
            assert screen.query_box.value == "talks"
            # q there goes back one level too, and not out of the app.
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.is_running
            # Another article in the reader drops the hits; escape still leads back.
            await pilot.press("s", "tab", "enter")
            await pilot.pause()
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert app.main_screen.reader.highlight_spans(SEARCH_LAYER) is None
            await pilot.press("r", "escape")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("escape")  # nothing more to go back to
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)

    run(scenario)


def test_the_history_is_walked_with_up_and_down_and_kept_across_runs(make_app, wait_loaded,
                                                                     seeds_dir):
    async def first_run():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "ceasefire")
            await pilot.press("enter")  # opening a result keeps its query
            await pilot.pause()
            await pilot.press("s")
            await pilot.press("ctrl+u", *"summit")
            await searched(pilot)
            await pilot.press("escape")  # closing keeps the query shown too
            await pilot.pause()
            assert screen.history.entries == ["ceasefire", "summit"]

    async def second_run():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "tru")
            box = screen.query_box
            await pilot.press("up")
            assert box.value == "summit"
            await pilot.press("up")
            assert box.value == "ceasefire"
            await pilot.press("up")  # the oldest: stays
            assert box.value == "ceasefire"
            await pilot.press("down", "down")
            assert box.value == "tru"  # back to what was being typed

    run(first_run)
    saved = json.loads(locations.state_file().read_text(encoding="utf-8"))
    assert saved["search_history"] == ["ceasefire", "summit"]
    run(second_run)


def test_a_damaged_index_is_moved_aside_and_rebuilt_with_a_notice(make_app, wait_loaded,
                                                                   seeds_dir):
    index = SearchIndex.open([seeds_dir], load_rules(*config.boilerplate_files()))
    index.update()
    [toc] = index.generation.glob("*.toc")
    toc.write_bytes(b"not a table of contents")
    notices: list[str] = []

    async def scenario():
        app = make_app([seeds_dir])
        app.notify = lambda text, **_kw: notices.append(str(text))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "ceasefire")
            assert len(screen.result_list.hits) == 3

    run(scenario)
    assert any("damaged" in n and "moved it to" in n for n in notices), notices
    assert [p for p in index.directory.iterdir() if p.name.startswith("damaged-")]


def test_entity_names_follow_the_catalog_and_its_decisions(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            keeper = app.services.search

            def settled() -> bool:
                entities = app.services.entities
                # The index has the catalog's names (they reach it a moment after a
                # regrouping) and no update is left to do for them.
                return (entities.catalog is not None and not entities.busy
                        and keeper.index is not None and not keeper.updating
                        and keeper.index.entity_map is not None
                        and dict(keeper.index.entity_map)
                        == dict(entities.catalog.index_field().names)
                        and not keeper.index.entity_changes())

            await until(pilot, settled, "the index with the catalog's names")
            witkoff = app.services.entities.catalog.find("Steve Witkoff")
            mentioning = {m.article_id for m in witkoff.mentions}
            assert 0 < len(mentioning) < len(app.corpus.articles)

            def found(query: str) -> set[str]:
                return {hit.id for hit in keeper.index.search(query).hits}

            assert found("entity:witkoff") == mentioning
            # Zelenskiy, Zelensky and Zelenskyy are one person in the entity: field.
            assert found("entity:zelensky") == articles_with(app, r"zelensk")
            await pilot.press("e")  # the panel records corrections
            await pilot.pause()
            app.screen.post_message(DecisionRequested("rename", "Steve Witkoff",
                                                      "Steven Witkoff"))
            await pilot.pause()
            await until(pilot, settled, "the index with the catalog's names")
            assert found("entity:steven") == mentioning
            # The articles still spell him "Steve": that spelling keeps finding them.
            assert found("entity:steve") == mentioning
            assert found("entity:zelenskiy") == articles_with(app, r"zelensk")

    run(scenario)


def test_article_text_in_results_is_shown_literally(make_app, wait_loaded, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "trap.txt").write_text(
        "[bold]Ceasefire[/bold] \x1b[31mred title\n\n"
        "The ceasefire [link=http://x]held[/link] overnight \x1b[2J for now.\n",
        encoding="utf-8")

    async def scenario():
        app = make_app([corpus])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "ceasefire")
            shown = result_lines(screen.result_list)
            assert "[bold]Ceasefire[/bold] ␛[31mred title" in shown
            assert "ceasefire [link=http://x]held[/link] overnight ␛[2J" in shown

    run(scenario)


def test_a_result_matched_outside_the_text_still_leads_back(make_app, wait_loaded, seeds_dir):
    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot, wait_loaded, "source:bloomberg")
            assert len(screen.result_list.hits) == 1
            await pilot.press("enter")
            await pilot.pause()
            reader = app.main_screen.reader
            assert reader.highlight_spans(SEARCH_LAYER) == []
            assert "nothing to mark" in app.main_screen.query_one("#reader-pane").border_subtitle
            await pilot.press("n", "escape")
            await pilot.pause()
            assert app.screen is screen

    run(scenario)
