"""Helpers shared by the test layers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"


def shared_corpus(name: str) -> Path:
    """A corpus from ../shared/corpora (beside the project), or skip when it is absent."""
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"corpus {name} not present at {path}")
    return path
