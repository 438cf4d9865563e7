"""Every test runs with its own TUIREAD_HOME so nothing touches a user's config, data or cache."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TUIREAD_HOME", str(home))
    monkeypatch.delenv("TUIREAD_CONFIG", raising=False)
    return home


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
