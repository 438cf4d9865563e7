"""``collector.held`` keeps the cycle collector off for the span of one answer, and only then."""

from __future__ import annotations

import gc

import pytest

from tuiread.commands.collector import held


def test_no_collection_inside_and_the_collector_back_after():
    assert gc.isenabled()
    with held():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), held():
        raise ValueError("the answer failed")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with held():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
