"""The gazetteer: known entities (canonical name, kind, aliases) from ``config/entities.yaml``,
extended by the user's ``entities.yaml`` beside their config.yaml.

A user entry with the name (or an alias) of a bundled one extends it: its aliases are added and
its kind, if given, wins. Problems are collected and reported as ``file:line: message``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from tuiread import locations
from tuiread.entities.lexicon import LOWER_WORD, word_flags
from tuiread.entities.model import Kind, parse_kind
from tuiread.entities.normalize import name_key
from tuiread.errors import ConfigError, ConfigProblem

_ENTRY_KEYS = ("name", "kind", "aliases")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Gazetteer:
    entries: list[GazetteerEntry]
    files: tuple[Path, ...] = ()
    fingerprint: str = ""

    def __post_init__(self) -> None:
        self._by_key: dict[str, GazetteerEntry] = {}
        # Aliases that are also English words ("US", "WHO") only match in exactly that case.
        self._exact_case: dict[str, set[str]] = {}
        self.max_words = 1
        for entry in self.entries:
            for spelling in entry.spellings():
                key = name_key(spelling)
                if not key or key in self._by_key:
                    continue
                self._by_key[key] = entry
                self.max_words = max(self.max_words, key.count(" ") + 1)
                if " " not in key and word_flags().get(key, 0) & LOWER_WORD:
                    self._exact_case.setdefault(key, set()).add(spelling.replace(".", ""))
        if not self.fingerprint:
            digest = hashlib.sha256()
            for entry in self.entries:
                digest.update(repr((entry.name, str(entry.kind), entry.aliases)).encode())
            self.fingerprint = digest.hexdigest()[:16]

    @classmethod
    def from_kept(cls, data: dict) -> Gazetteer:
        """A gazetteer from its kept lookup tables (see ``gazetteer_cache``), not made again.
        Raises ValueError, KeyError, TypeError or IndexError on data of another shape."""
        entries = [GazetteerEntry(name, Kind(kind), tuple(aliases))
                   for name, kind, aliases in data["entries"]]
        gazetteer = cls.__new__(cls)
        gazetteer.entries = entries
        gazetteer.files = tuple(Path(p) for p in data["files"])
        gazetteer.fingerprint = data["fingerprint"]
        gazetteer._by_key = {k: entries[i] for k, i in data["by_key"].items()}
        gazetteer._exact_case = {k: set(v) for k, v in data["exact_case"].items()}
        gazetteer.max_words = int(data["max_words"])
        return gazetteer

    def kept(self) -> dict:
        """The lookup tables as plain data, for ``from_kept`` in a later process."""
        position = {id(entry): i for i, entry in enumerate(self.entries)}
        return {
            "entries": [[e.name, str(e.kind), list(e.aliases)] for e in self.entries],
            "by_key": {k: position[id(e)] for k, e in self._by_key.items()},
            "exact_case": {k: sorted(v) for k, v in self._exact_case.items()},
            "max_words": self.max_words,
            "files": [str(p) for p in self.files],
            "fingerprint": self.fingerprint,
        }

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry ``text`` names, if any (case, accents and dots aside)."""
        key = name_key(text)
        entry = self._by_key.get(key)
        if entry is None:
            return None
        exact = self._exact_case.get(key)
        if exact is not None and text.replace(".", "") not in exact:
            return None
        return entry

    def has_key(self, key: str) -> bool:
        return key in self._by_key


def bundled_file() -> Path:
    return locations.bundled_config_dir() / "entities.yaml"


def user_file() -> Path:
    return locations.config_dir() / "entities.yaml"


def _parse(path: Path, problems: list[ConfigProblem]) -> list[tuple[int, GazetteerEntry]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ConfigProblem(path, 1, f"cannot read: {exc}"))
        return []
    quick = _parse_quickly(text)
    if quick is not None:
        return quick
    try:
        root = yaml.compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ConfigProblem(path, 1, f"cannot read: {exc}"))
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            ConfigProblem(
                path,
                mark.line + 1 if mark else 1,
                f"YAML syntax error: {getattr(exc, 'problem', None) or exc}",
            )
        )
        return []
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode) or [k.value for k, _ in root.value] != ["entities"]:
        problems.append(
            ConfigProblem(
                path, root.start_mark.line + 1, "expected a mapping with one key, 'entities'"
            )
        )
        return []
    items = root.value[0][1]
    if not isinstance(items, yaml.SequenceNode):
        problems.append(ConfigProblem(path, items.start_mark.line + 1, "entities: expected a list"))
        return []
    return [e for node in items.value if (e := _entry(path, node, problems)) is not None]


def _parse_quickly(text: str) -> list[tuple[int, GazetteerEntry]] | None:
    """The entries of a file without problems, read with the C parser when there is one (the
    node-by-node reading below, which knows line numbers, takes half a second for the bundled
    file); None when there is a problem to report, or no C parser."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return None
    if data is None:
        return []
    if not isinstance(data, dict) or list(data) != ["entities"] \
            or not isinstance(data["entities"], list):
        return None
    found = []
    # Line numbers only matter for problems; the sign says whether "kind" was given.
    for number, item in enumerate(data["entities"], 1):
        if not isinstance(item, dict) or any(k not in _ENTRY_KEYS for k in item):
            return None
        name = item.get("name")
        aliases = item.get("aliases", [])
        if not isinstance(name, str) or not name_key(name) or not isinstance(aliases, list) \
                or not all(isinstance(a, str | int) for a in aliases):
            return None
        try:
            kind = parse_kind(str(item.get("kind", "OTHER")))
        except ValueError:
            return None
        entry = GazetteerEntry(
            name.strip(), kind, tuple(str(a).strip() for a in aliases if str(a).strip())
        )
        found.append((number if "kind" in item else -number, entry))
    return found


def _entry(
    path: Path, node: yaml.Node, problems: list[ConfigProblem]
) -> tuple[int, GazetteerEntry] | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            ConfigProblem(path, line, "expected {name: ..., kind: ..., aliases: [...]}")
        )
        return None
    fields = {}
    for key_node, value_node in node.value:
        if key_node.value not in _ENTRY_KEYS:
            problems.append(
                ConfigProblem(
                    path,
                    key_node.start_mark.line + 1,
                    f"unknown key '{key_node.value}' (known: {', '.join(_ENTRY_KEYS)})",
                )
            )
            return None
        fields[key_node.value] = yaml.safe_load(yaml.serialize(value_node))
    name = fields.get("name")
    if not isinstance(name, str) or not name_key(name):
        problems.append(ConfigProblem(path, line, "name: expected a non-empty string"))
        return None
    try:
        kind = parse_kind(str(fields.get("kind", "OTHER")))
    except ValueError as exc:
        problems.append(ConfigProblem(path, line, f"kind: {exc}"))
        return None
    aliases = fields.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str | int) for a in aliases):
        problems.append(ConfigProblem(path, line, "aliases: expected a list of strings"))
        return None
    # "kind" left out of a user entry keeps the bundled kind; remember whether it was given.
    entry = GazetteerEntry(
        name.strip(), kind, tuple(str(a).strip() for a in aliases if str(a).strip())
    )
    return (line if "kind" in fields else -line), entry


def load_gazetteer(bundled: Path | None = None, user: Path | None = None) -> Gazetteer:
    """The bundled gazetteer extended by the user's, as kept in the cache when neither file
    changed since. Raises ConfigError listing every problem."""
    from tuiread.entities import gazetteer_cache

    bundled = bundled or bundled_file()
    user = user or user_file()
    key = gazetteer_cache.cache_key([bundled, user] if user.exists() else [bundled])
    if key is not None:
        kept = gazetteer_cache.load(key)
        restored = _restored(kept) if kept is not None else None
        if restored is not None:
            return restored
    problems: list[ConfigProblem] = []
    entries = [entry for _, entry in _parse(bundled, problems)]
    files = [bundled]
    if user.exists():
        files.append(user)
        entries = _extend(entries, _parse(user, problems))
    if problems:
        raise ConfigError(problems)
    gazetteer = Gazetteer(entries, tuple(files))
    if key is not None and gazetteer_cache.cache_key(files) == key:  # (not changed meanwhile)
        gazetteer_cache.save(key, gazetteer.kept())
    return gazetteer


def _restored(kept: dict) -> Gazetteer | None:
    try:
        return Gazetteer.from_kept(kept)
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # kept by another version, or damaged: loaded from the files instead


def _extend(
    entries: list[GazetteerEntry], extra: list[tuple[int, GazetteerEntry]]
) -> list[GazetteerEntry]:
    index = {name_key(s): i for i, e in enumerate(entries) for s in e.spellings()}
    result = list(entries)
    for line, entry in extra:
        hit = next((index[k] for s in entry.spellings() if (k := name_key(s)) in index), None)
        if hit is None:
            index.update({name_key(s): len(result) for s in entry.spellings()})
            result.append(entry)
            continue
        old = result[hit]
        aliases = tuple(
            dict.fromkeys([*old.aliases, *(s for s in entry.spellings() if s != old.name)])
        )
        result[hit] = GazetteerEntry(old.name, entry.kind if line > 0 else old.kind, aliases)
        index.update({name_key(s): hit for s in entry.spellings()})
    # User entries go first so that their aliases win over bundled ones that collide.
    user_names = {name_key(e.name) for _, e in extra}
    return sorted(result, key=lambda e: name_key(e.name) not in user_names)
