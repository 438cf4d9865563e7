"""Every path tuiread reads or writes, in one place.

Paths come from platformdirs; ``TUIREAD_HOME=DIR`` puts config, data and cache under DIR (tests
use it so nothing touches a user's files) and ``TUIREAD_CONFIG`` names another config file.
Nothing here creates a directory: writers call :func:`ensure_parent` when they first write.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "tuiread"
PACKAGE_DIR = Path(__file__).resolve().parent


def _home() -> Path | None:
    value = os.environ.get("TUIREAD_HOME")
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else platformdirs.user_cache_path(APP_NAME)


def config_file() -> Path:
    """The user's config file: ``TUIREAD_CONFIG`` if set, else config.yaml in the config dir."""
    override = os.environ.get("TUIREAD_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "config.yaml"


def state_file() -> Path:
    """Small UI state the app remembers between runs (theme, search history)."""
    return data_dir() / "state.json"


def annotations_db() -> Path:
    return data_dir() / "annotations.sqlite3"


def entity_decisions_file() -> Path:
    return data_dir() / "entity-decisions.sqlite3"


def documents_dir() -> Path:
    """Where files the user asks for (screenshots, exports) go by default: a ``tuiread`` folder
    in the user's documents folder (under TUIREAD_HOME: its ``documents`` folder). Created when
    first written to."""
    home = _home()
    return home / "documents" if home else platformdirs.user_documents_path() / APP_NAME


def screenshots_dir() -> Path:
    return documents_dir() / "screenshots"


def exports_dir() -> Path:
    """Where the app's export dialog offers to write (the documents folder itself)."""
    return documents_dir()


def corpus_key(roots: list[Path]) -> str:
    """A short stable key for a corpus, from its resolved root paths (order-independent)."""
    joined = "\n".join(sorted(str(p.resolve()) for p in roots))
    return hashlib.sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def index_dir(roots: list[Path]) -> Path:
    return cache_dir() / "index" / corpus_key(roots)


def _resource_dir(installed: str, checkout: str) -> Path:
    """Bundled data: inside the wheel under tuiread/<installed>, else the checkout's <checkout>/."""
    packaged = PACKAGE_DIR / installed
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / checkout


def bundled_config_dir() -> Path:
    return _resource_dir("_config", "config")


def demo_corpus_dir() -> Path:
    return _resource_dir("_seeds", "seeds")


def ensure_parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def describe() -> dict[str, str]:
    """The paths ``tuiread locate`` prints."""
    return {
        "config": str(config_file()),
        "config_dir": str(config_dir()),
        "data_dir": str(data_dir()),
        "cache_dir": str(cache_dir()),
        "state": str(state_file()),
        "annotations": str(annotations_db()),
        "entity_decisions": str(entity_decisions_file()),
        "screenshots": str(screenshots_dir()),
        "exports": str(exports_dir()),
        "index_root": str(cache_dir() / "index"),
        "default_config": str(bundled_config_dir() / "default.yaml"),
        "demo_corpus": str(demo_corpus_dir()),
    }
