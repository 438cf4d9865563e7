"""A subcommand imports what it uses, no more: its imports are paid before it does any work.

Each command runs in a fresh interpreter that reports the modules it ended with; the corpus is
made warm in this process first (the store and index written), so the paths checked are the ones
a user runs again and again.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tuiread.cli import main

# Loaded only by what needs it: the app, the lemmatiser (comparison), the fuzzy matcher
# (suggestions, annotations), the search engine and the index builder.
APP = ("textual", "rich")
LEMMAS = ("simplemma", "tuiread.compare.align", "tuiread.compare.keys")
FUZZY = ("rapidfuzz", "tuiread.corpus.resolve")
ENGINE = ("whoosh", "tuiread.search.index")
BUILDER = ("tuiread.search.build", "tuiread.search.updater", "tuiread.search.entity_refresh")
ENTITIES = ("tuiread.entities.catalog", "tuiread.entities.extract")
ANNOTATIONS = ("tuiread.annotations",)

RUN = (
    "import json, sys\n"
    "from tuiread.cli import main\n"
    "code = main(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    json.dump(sorted(sys.modules), out)\n"
    "sys.exit(code)\n"
)


def loaded(tmp_path: Path, *args: str) -> set[str]:
    report = tmp_path / "modules.json"
    result = subprocess.run([sys.executable, "-c", RUN, str(report), *args],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(json.loads(report.read_text()))


def among(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.fixture
def warm(tmp_path: Path, seeds_dir: Path, capsys) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:4]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    assert main(["index", "--no-entities", str(corpus)]) == 0
    assert main(["list", str(corpus)]) == 0
    capsys.readouterr()
    return corpus


def test_help_loads_no_engine(tmp_path):
    modules = loaded(tmp_path, "--help")
    assert among(modules, APP + LEMMAS + ENGINE + BUILDER + ENTITIES) == []


def test_show_loads_the_article_alone(tmp_path, warm):
    article = sorted(warm.glob("*.txt"))[0].stem
    modules = loaded(tmp_path, "show", article, str(warm))
    assert among(modules, APP + LEMMAS + ENGINE + BUILDER + ENTITIES + ANNOTATIONS + FUZZY) == []


def test_list_loads_no_engine(tmp_path, warm):
    modules = loaded(tmp_path, "list", str(warm))
    assert among(modules, APP + LEMMAS + ENGINE + BUILDER + ENTITIES + ANNOTATIONS
                 + ("rapidfuzz",)) == []


def test_a_warm_search_loads_no_builder(tmp_path, warm):
    modules = loaded(tmp_path, "search", "zelensky", str(warm))
    assert "whoosh" in modules  # (the check is worth something only if the search ran)
    assert among(modules, APP + LEMMAS + BUILDER + ENTITIES + ANNOTATIONS + FUZZY) == []
    # (what Whoosh would load for features never used: see ``search.light_imports``)
    assert among(modules, ("asyncio", "urllib.request", "whoosh.lang.morph_en")) == []


def test_a_warm_index_with_nothing_changed_loads_no_builder_and_no_entities(tmp_path, warm):
    assert main(["index", str(warm)]) == 0  # (the names given, found up to date: recorded)
    modules = loaded(tmp_path, "index", str(warm))
    assert "tuiread.search.settled" in modules  # (the check it is about ran)
    assert among(modules, APP + LEMMAS + BUILDER + ENTITIES + ANNOTATIONS + FUZZY) == []
