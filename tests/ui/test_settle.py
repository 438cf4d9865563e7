"""A large corpus's objects are moved out of the cycle collector's reach once loaded."""

from __future__ import annotations

from types import SimpleNamespace

from tuiread.ui import app as app_module


def test_only_a_large_corpus_is_frozen(monkeypatch):
    frozen: list[int] = []
    monkeypatch.setattr(app_module.gc, "freeze", lambda: frozen.append(1))
    small = SimpleNamespace(articles=[None] * (app_module.SETTLE_MIN_ARTICLES - 1))
    app_module._settle(small)
    assert frozen == []
    large = SimpleNamespace(articles=[None] * app_module.SETTLE_MIN_ARTICLES)
    app_module._settle(large)
    assert frozen == [1]
