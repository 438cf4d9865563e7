"""Building the app on a corpus, and the warm caches that keep UI tests fast.

Every app start reads the bundled gazetteer (about a second) and builds the seeds' search index
and entity mentions (another second): the gazetteer is read once per test process, and the
seeds' index and mention cache are built once and copied into each test's own TUIREAD_HOME, so
a test starts from what a second run of the app would find.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.pilot import settle
from tuiread import config, locations
from tuiread.config import Settings
from tuiread.corpus import Article, load_corpus, load_rules
from tuiread.entities import catalog as catalog_module
from tuiread.entities import gazetteer as gazetteer_module
from tuiread.entities.gazetteer import load_gazetteer
from tuiread.ui.app import TuireadApp, create_app
from tuiread.workspace import open_workspace

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the seeds' search index (with entity names) and mentions."""
    home = tmp_path_factory.mktemp("warm-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUIREAD_HOME", str(home))
        with open_workspace(Settings(), [SEEDS]) as workspace:
            workspace.load_corpus()
            workspace.give_index_entity_names()
            workspace.search_index.update()
            workspace.search_index.close()
        return locations.cache_dir()


@pytest.fixture(autouse=True)
def warm_start(warm_cache: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(warm_cache, locations.cache_dir(), dirs_exist_ok=True)
    monkeypatch.setattr(catalog_module, "load_gazetteer", _gazetteer_once)
    monkeypatch.setattr(gazetteer_module, "load_gazetteer", _gazetteer_once)


_GAZETTEERS: dict[tuple, object] = {}


def _gazetteer_once(bundled: Path | None = None, user: Path | None = None):
    """``load_gazetteer``, read again only when the files it reads change."""
    from tuiread.entities.gazetteer import bundled_file, user_file

    files = [bundled or bundled_file(), user or user_file()]
    key = tuple((str(f), f.stat().st_mtime_ns if f.exists() else None) for f in files)
    if key not in _GAZETTEERS:
        _GAZETTEERS[key] = load_gazetteer(bundled, user)
    return _GAZETTEERS[key]


@pytest.fixture
def make_app() -> Callable[..., TuireadApp]:
    """``make_app(roots, settings=None)``: the app as the CLI builds it, with the bundled rules."""
    rules = load_rules(*config.boilerplate_files())

    def build(roots: list[Path], settings: Settings | None = None) -> TuireadApp:
        return create_app(settings=settings or Settings(), roots=roots, rules=rules)

    return build


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
