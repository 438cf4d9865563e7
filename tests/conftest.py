"""Every test runs with its own TUIREAD_HOME so nothing touches a user's config, data or cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run the same examples on every run, so a landing never hangs on a lucky draw;
# HYPOTHESIS_PROFILE=explore searches afresh each run when hunting for new failures.
settings.register_profile("tuiread", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tuiread"))

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
