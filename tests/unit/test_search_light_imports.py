"""Whoosh loads without the standard modules it imports for features tuiread never uses, and
those features still work when asked for."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
from pathlib import Path
from tuiread.config import boilerplate_files
from tuiread.corpus import load_rules
from tuiread.search import SearchIndex

corpus = Path(sys.argv[1])
index = SearchIndex.open([corpus], load_rules(*boilerplate_files()), directory=Path(sys.argv[2]))
index.update()
found = index.search("zelensky")
assert found.total > 0, found
reader = index._searcher.reader()
assert isinstance(reader.leaf_readers()[0][0].deleted_docs_set, frozenset)  # (cached_property)
skipped = ["urllib.request", "asyncio", "whoosh.lang.morph_en", "html", "ssl"]
print(" ".join(name for name in skipped if name in sys.modules) or "none")

import whoosh.compat, whoosh.query.terms, cached_property
assert whoosh.compat.htmlescape("<a href='x'>") == "&lt;a href=&#x27;x&#x27;&gt;"
assert {"run", "running", "ran"} <= set(whoosh.query.terms.variations("running"))
async def coroutine():
    pass
assert cached_property.asyncio.iscoroutinefunction(coroutine)
import asyncio, urllib.request, html
assert asyncio.get_event_loop_policy() is not None and callable(urllib.request.urlretrieve)
assert html.escape("<") == "&lt;" and type(asyncio).__name__ == "module"
print("ok")
"""


def test_whoosh_loads_lightly_and_its_features_still_work(tmp_path, seeds_dir):
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(seeds_dir), str(tmp_path / "ix")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["none", "ok"]
