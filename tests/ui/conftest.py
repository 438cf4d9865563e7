"""Building the app on a corpus and waiting until it shows an article."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tuiread import config
from tuiread.config import Settings
from tuiread.corpus import Article, load_corpus, load_rules
from tuiread.ui.app import TuireadApp, create_app

# Polls of 20 ms while waiting for the corpus worker (a 10 s ceiling for a slow machine).
LOAD_POLLS = 500


@pytest.fixture
def make_app() -> Callable[..., TuireadApp]:
    """``make_app(roots, settings=None)``: the app as the CLI builds it, with the bundled rules."""
    rules = load_rules(*config.boilerplate_files())

    def build(roots: list[Path], settings: Settings | None = None) -> TuireadApp:
        return create_app(settings=settings or Settings(), roots=roots, rules=rules)

    return build


async def settle(pilot: Pilot) -> None:
    """Until the corpus is in the app and no worker, message or animation is pending."""
    app = pilot.app
    for _ in range(LOAD_POLLS):
        if getattr(app, "corpus", None) is not None:
            break
        await pilot.pause(0.02)
    assert getattr(app, "corpus", None) is not None, (
        f"the corpus did not load within {LOAD_POLLS} polls of 20 ms")
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.fixture
def wait_loaded() -> Callable[[Pilot], Awaitable[None]]:
    """``await wait_loaded(pilot)``: the corpus worker, its messages and any layout worker."""
    return settle


@pytest.fixture
def make_corpus_article(tmp_path: Path) -> Callable[[str], Article]:
    """``make_corpus_article(text)``: the one article the loader makes of a .txt file."""
    rules = load_rules(*config.boilerplate_files())

    def build(text: str) -> Article:
        path = tmp_path / f"article{len(list(tmp_path.iterdir()))}.txt"
        path.write_text(text, encoding="utf-8")
        (article,) = load_corpus([path], rules).articles
        return article

    return build
