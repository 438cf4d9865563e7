"""The app's web features: "Add from URL…" against a local server, the list refilling without a
restart, "Refresh feeds", and the syndicated copies of an article."""

from __future__ import annotations

import asyncio
import functools
import shutil

from textual.widgets import Input, OptionList, Static

from tests.web_server import article_page, rss, serve
from tuiread.ui.web.add_dialog import AddDialog
from tuiread.ui.web.copies_screen import CopiesScreen

POLLS = 300  # of 20 ms: a 6 s ceiling for a page fetch on a slow machine


async def wait_for(pilot, condition, what: str) -> None:
    for _ in range(POLLS):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def synchronous(test):
    """Run an async test body to completion (the suite has no async test plugin)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


def titles(app) -> list[str]:
    return sorted(a.title for a in app.corpus.articles)


@synchronous
async def test_add_from_url_adds_the_page_and_the_list_shows_it(
    make_app, wait_loaded, tmp_path, seeds_dir
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(seeds_dir.glob("*.txt")), corpus)
    with serve() as site:
        site.page("/story", article_page("Court clears port expansion"))
        app = make_app([corpus])
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_loaded(pilot)
            before = len(app.corpus.articles)
            await pilot.press("plus")
            await wait_for(pilot, lambda: isinstance(app.screen, AddDialog), "the dialog")
            dialog = app.screen
            assert dialog.query_one("#add-folder", Input).value == str(corpus)
            dialog.query_one("#add-urls", Input).value = f"{site.base}/story {site.base}/gone"
            await pilot.press("enter")
            await wait_for(pilot, lambda: dialog.outcomes is not None, "the outcomes")
            shown = str(dialog.query_one("#add-results-text", Static).render())
            assert "1 added, 0 already in the corpus, 1 failed" in shown
            assert "HTTP 404" in shown
            await pilot.press("escape")
            await wait_for(
                pilot,
                lambda: app.corpus is not None and len(app.corpus.articles) == before + 1,
                "the corpus to reload",
            )
            await wait_loaded(pilot)
            assert "Court clears port expansion" in titles(app)
            assert app.main_screen.article_list.row_count == before + 1


@synchronous
async def test_refresh_feeds_with_no_feed_says_how_to_follow_one(make_app, wait_loaded, seeds_dir):
    app = make_app([seeds_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, AddDialog), "the dialog")
        dialog = app.screen
        await wait_for(pilot, lambda: dialog.outcomes is not None, "the outcomes")
        assert "No feeds followed yet" in str(dialog.query_one("#add-results-text").render())


@synchronous
async def test_follow_a_feed_from_the_dialog(make_app, wait_loaded, tmp_path, seeds_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(seeds_dir.glob("*.txt")), corpus)
    with serve() as site:
        site.page("/a", article_page("Harbour works begin"))
        site.page("/feed", rss(site.base, ["/a"]), kind="application/xml")
        app = make_app([corpus])
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_loaded(pilot)
            await pilot.press("plus")
            await wait_for(pilot, lambda: isinstance(app.screen, AddDialog), "the dialog")
            dialog = app.screen
            dialog.query_one("#add-urls", Input).value = f"{site.base}/feed"
            dialog.query_one("#add-feed").value = True
            await pilot.click("#add-go")
            await wait_for(pilot, lambda: dialog.outcomes is not None, "the outcomes")
            assert [o.title for o in dialog.outcomes] == ["Harbour works begin"]


@synchronous
async def test_copies_are_counted_in_the_list_and_listed_by_key(make_app, wait_loaded, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("first", "second"):
        (corpus / f"{name}.html").write_text(article_page(f"Port story {name}"), "utf-8")
    app = make_app([corpus])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: app.main_screen.web.copies, "the copies")
        await pilot.pause()
        table = app.main_screen.article_list
        cells = [table.cells(i)["title"].plain for i in range(table.row_count)]
        assert all(cell.startswith("⧉1 ") for cell in cells), cells
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, CopiesScreen), "the copies")
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        opened = app.main_screen.reader.article.id
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: app.main_screen.reader.article.id != opened,
            "the copy to open",
        )
