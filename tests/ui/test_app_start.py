"""How the app starts: the list of a long first read grows as it is read, the first article is
opened by its row, and the footer is not rebuilt for the same keys."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button

import tuiread.corpus.derive as derive
from tests.ui.pilot import run, settle, until
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.corpus.corpus import open_corpus
from tuiread.ui.app import TuireadApp
from tuiread.ui.main_screen import MainScreen
from tuiread.ui.reading.first_show import Arrangement, index_ids, prepare
from tuiread.ui.shared.footer import KeyFooter

SIZE = (120, 36)


def write_corpus(root: Path, count: int) -> Path:
    root.mkdir()
    for n in range(count):
        (root / f"story{n:02}.txt").write_text(f"Story {n}\n\nA paragraph about day {n}.\n")
    return root


def test_the_list_of_a_long_first_read_grows_as_it_is_read(make_app, tmp_path, monkeypatch):
    root = write_corpus(tmp_path / "corpus", 12)
    monkeypatch.setattr(derive, "BATCH_FILES", 2)
    shown: list[tuple[int, str | None]] = []  # rows in the list, article open, at each list
    show_corpus = MainScreen.show_corpus

    def watched(screen, *args, **kwargs):
        show_corpus(screen, *args, **kwargs)
        article = screen.reader.article
        shown.append((screen.article_list.row_count, article.id if article else None))

    monkeypatch.setattr(MainScreen, "show_corpus", watched)

    async def scenario():
        app = make_app([root])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.main_screen.article_list.row_count == 12

    run(scenario)
    # The files read so far (2, 4, 8), then the whole corpus; the first article stays open.
    assert [rows for rows, _ in shown] == [2, 4, 8, 12]
    assert {opened for _, opened in shown} == {"story00"}


def test_the_first_article_is_found_without_the_look_up_by_id(tmp_path):
    root = write_corpus(tmp_path / "corpus", 5)
    rules = load_rules(*boilerplate_files())
    open_corpus([root], rules, store_path=tmp_path / "store.sqlite3")  # the store's record
    corpus = open_corpus([root], rules, store_path=tmp_path / "store.sqlite3")
    rows = corpus.articles
    shown = prepare(corpus, Arrangement("path", True), "story03")
    assert shown.article is not None and shown.article.id == "story03"
    assert [a.id for a in shown.listed] == [f"story{n:02}" for n in (4, 3, 2, 1, 0)]
    assert rows._index is None  # (built later, by the loading worker)
    assert prepare(corpus, Arrangement("path", False), "gone").article.id == "story00"
    index_ids(corpus)
    assert rows._index is not None and corpus.get("story03") is shown.article


class Keys(Screen):
    BINDINGS = [Binding("x", "mark", "Mark"), Binding("y", "other", "Other")]

    def __init__(self) -> None:
        super().__init__()
        self.marking = True

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            return True if self.marking else None  # (None: shown, disabled)
        return True

    def action_mark(self) -> None: ...

    def action_other(self) -> None: ...


class FooterApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Keys())


def test_the_footer_is_rebuilt_only_when_the_keys_it_shows_change():
    async def scenario():
        app = FooterApp()
        async with app.run_test(size=(80, 10)) as pilot:
            screen = app.screen
            footer = screen.query_one(KeyFooter)

            def keys():
                return [(k.description, k.has_class("-disabled"))
                        for k in footer.query("FooterKey")]

            await until(pilot, lambda: ("Mark", False) in keys(), "the keys drawn")
            drawn = list(footer.query("FooterKey"))
            screen.query_one("#two").focus()  # the same keys: nothing rebuilt
            await pilot.pause()
            screen.query_one("#one").focus()
            await pilot.pause()
            assert list(footer.query("FooterKey")) == drawn
            screen.marking = False  # one key disabled: drawn again
            screen.refresh_bindings()
            await until(pilot, lambda: ("Mark", True) in keys(), "the key disabled")
            assert ("Other", False) in keys()

    run(scenario)


def test_the_load_starts_before_the_screen_is_ready_and_waits_for_it(make_app, seeds_dir):
    order: list[str] = []

    def hook(message) -> None:
        if isinstance(message, MainScreen.Ready):
            order.append("ready")
        elif isinstance(message, TuireadApp.CorpusPartial | TuireadApp.CorpusLoaded):
            order.append(type(message).__name__)

    async def scenario():
        app = make_app([seeds_dir])
        async with app.run_test(size=SIZE, message_hook=hook) as pilot:
            await settle(pilot)
            assert app.main_screen.article_list.row_count == 5
            assert app.main_screen.reader.article is not None

    run(scenario)
    assert "ready" in order and "CorpusLoaded" in order
