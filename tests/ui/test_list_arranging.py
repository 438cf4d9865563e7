"""A big corpus's list is ordered and filtered in a worker: the same lists, shown when they
arrive, the cursor and the open article kept as on the UI thread."""

from __future__ import annotations

from tests.ui.pilot import run, until
from tuiread.ui import main_screen
from tuiread.ui.reading.list_order import arrange

SIZE = (120, 36)


def test_order_and_filter_arranged_beside_give_the_lists_arranged_here(
        make_app, wait_loaded, seeds_dir, monkeypatch):
    monkeypatch.setattr(main_screen, "ARRANGE_HERE_MAX", 0)  # every list in the worker

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            screen = app.main_screen
            table = screen.article_list
            articles = app.corpus.articles

            def ids(listed) -> list[str]:
                return [a.id for a in listed]

            await pilot.press("o")  # path -> title
            by_title = ids(arrange(articles, "", "title"))
            await until(pilot, lambda: ids(table.articles) == by_title, "the list by title")
            await pilot.press("O")
            backwards = ids(arrange(articles, "", "title", reverse=True))
            await until(pilot, lambda: ids(table.articles) == backwards, "the reversed list")
            await pilot.press("f", *"bloomberg")
            wanted = ids(arrange(articles, "bloomberg", "title", reverse=True))
            assert len(wanted) == 1
            await until(pilot, lambda: ids(table.articles) == wanted, "the filtered list")
            await until(pilot, lambda: screen.reader.article.id == wanted[0],
                        "the filtered article open")
            assert screen.query_one("#list-pane").border_title == (
                f"Articles 1 of {len(articles)}")

    run(scenario)


def test_a_list_asked_for_before_the_load_ended_is_shown_after_it(
        make_app, wait_loaded, seeds_dir, monkeypatch):
    """The load's end replaces the corpus object (its articles stay): a list arranged for the
    one before is still the list asked for."""
    import dataclasses

    from tuiread.ui.reading.arranging import ListArranged

    monkeypatch.setattr(main_screen, "ARRANGE_HERE_MAX", 0)

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot)
            screen = app.main_screen
            before = screen.corpus
            screen.sort_key = "words"
            screen.corpus = dataclasses.replace(before)  # as the load's end does
            listed = arrange(before.articles, "", "words")
            screen.post_message(ListArranged(before, ("", "words", False), listed, None, False))
            await until(pilot, lambda: screen.article_list.articles is listed,
                        "the list arranged for the corpus before")
            assert screen.query_one("#list-pane").border_subtitle == "by words ▲"

    run(scenario)
