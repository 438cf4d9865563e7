"""Typed settings from ``config/default.yaml`` overlaid with the user's ``config.yaml``.

Every problem in a user's file (YAML syntax, unknown key, wrong type) is collected and reported as
``file:line: message`` before anything runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tuiread import locations
from tuiread.bounded import MAX_CONFIG_BYTES, TooLarge, read_bounded
from tuiread.corpus.walk import DEFAULT_EXCLUDE
from tuiread.errors import ConfigError, ConfigProblem
from tuiread.yaml_nodes import compose

SORT_KEYS = ("title", "source", "words", "path")


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    paths: list[str] = field(default_factory=list)
    # File and folder name patterns that are not articles (see config/default.yaml).
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    max_width: int = 88
    sentence_cursor: bool = True
    show_hidden: bool = False


@dataclass(frozen=True, slots=True)
class ListSettings:
    sort: str = "path"
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class UISettings:
    theme: str = "textual-dark"


@dataclass(frozen=True, slots=True)
class Settings:
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    list: ListSettings = field(default_factory=ListSettings)
    ui: UISettings = field(default_factory=UISettings)
    keys: dict[str, str] = field(default_factory=dict)
    # Where the settings came from, for messages and `tuiread locate`.
    files: tuple[Path, ...] = ()


# Checks beyond the type, per dotted key: (test, message).
_CHECKS: dict[str, tuple[Any, str]] = {
    "reader.max_width": (lambda v: 20 <= v <= 1000, "must be between 20 and 1000"),
    "list.sort": (lambda v: v in SORT_KEYS, f"must be one of {', '.join(SORT_KEYS)}"),
}


def _type_name(value: Any) -> str:
    if value is None:
        return "an empty value"
    return {
        bool: "true or false",
        int: "an integer",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    """A value as a message quotes it (an empty value by name, not as ``None``)."""
    return "an empty value" if value is None else repr(value)


def _node_value(node: yaml.Node) -> Any:
    """The plain value of one YAML node; tags beyond plain data raise ``yaml.YAMLError``."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """PyYAML's several-line message as one short clause."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit("tag", 1)[-1].strip(" '")
        return f"the YAML tag {tag} is not allowed here (plain values only)"
    return problem


def _check(
    path: Path, node: yaml.Node, default: Any, dotted: str, problems: list[ConfigProblem]
) -> Any:
    """The value of ``node`` if it has the type of ``default``; problems are appended."""
    line = node.start_mark.line + 1
    if isinstance(default, dict):
        if not isinstance(node, yaml.MappingNode):
            if not dotted:
                message = ("the file must be a mapping of sections (corpus:, reader:, list:, "
                           f"ui:, keys:), not {_node_kind(node)}")
            else:
                message = f"{dotted}: expected a mapping of keys, got {_node_kind(node)}"
            problems.append(ConfigProblem(path, line, message))
            return None
        if dotted == "keys":
            return _check_keys(path, node, problems)
        result = {}
        for key_node, value_node in node.value:
            key = key_node.value
            name = f"{dotted}.{key}" if dotted else key
            if key not in default:
                known = ", ".join(sorted(default))
                problems.append(
                    ConfigProblem(
                        path, key_node.start_mark.line + 1, f"unknown key '{name}' (known: {known})"
                    )
                )
                continue
            value = _check(path, value_node, default[key], name, problems)
            if value is not None:
                result[key] = value
        return result
    try:
        value = _node_value(node)
    except yaml.YAMLError as exc:
        problems.append(ConfigProblem(path, line, f"{dotted}: {_yaml_problem(exc)}"))
        return None
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(ConfigProblem(
                path, line, f"{dotted}: expected a list of strings, got {_shown(value)}"))
            return None
        return value
    if type(value) is not type(default):
        problems.append(
            ConfigProblem(path, line,
                          f"{dotted}: expected {_type_name(default)}, got {_shown(value)}")
        )
        return None
    test = _CHECKS.get(dotted)
    if test and not test[0](value):
        problems.append(ConfigProblem(path, line, f"{dotted}: {test[1]}, got {value!r}"))
        return None
    return value


def _check_keys(
    path: Path, node: yaml.MappingNode, problems: list[ConfigProblem]
) -> dict[str, str]:
    from tuiread.keymap import BINDING_IDS
    from tuiread.keynames import conflicts, key_name_problem

    result: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        binding = key_node.value
        if binding not in BINDING_IDS:
            problems.append(
                ConfigProblem(
                    path, line, f"keys: unknown binding id '{binding}' (`tuiread keys` lists them)"
                )
            )
            continue
        value_line = value_node.start_mark.line + 1
        try:
            value = _node_value(value_node)
        except yaml.YAMLError as exc:
            problems.append(ConfigProblem(path, value_line,
                                          f"keys.{binding}: {_yaml_problem(exc)}"))
            continue
        keys = [k.strip() for k in value.split(",")] if isinstance(value, str) else []
        if not keys or not all(keys):
            hint = (f' (write them as one string: "{",".join(map(str, value))}")'
                    if isinstance(value, list) and value else "")
            problems.append(ConfigProblem(
                path, value_line,
                f"keys.{binding}: expected comma-separated key names, got {_shown(value)}{hint}"))
            continue
        bad = next((p for p in map(key_name_problem, keys) if p), None)
        if bad:
            problems.append(ConfigProblem(path, value_line, f"keys.{binding}: {bad}"))
            continue
        result[binding] = ",".join(keys)
        lines[binding] = value_line
    for binding, message in conflicts(result).items():
        problems.append(ConfigProblem(path, lines[binding], f"keys.{binding}: {message}"))
    return result


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.ScalarNode):
        return "an empty value" if node.tag.endswith(":null") else f"the value {node.value!r}"
    return "a mapping"


def _read(path: Path, defaults: dict[str, Any], problems: list[ConfigProblem]) -> dict[str, Any]:
    try:
        text = read_bounded(path, MAX_CONFIG_BYTES).decode("utf-8")
    except TooLarge:
        problems.append(ConfigProblem(path, 1, f"larger than {MAX_CONFIG_BYTES // 1000} KB: "
                                      "not a config file"))
        return {}
    except UnicodeDecodeError:
        problems.append(ConfigProblem(path, 1, "not valid UTF-8"))
        return {}
    except OSError as exc:
        problems.append(ConfigProblem(path, 1, f"cannot read: {exc.strerror or exc}"))
        return {}
    try:
        root = compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            ConfigProblem(
                path,
                mark.line + 1 if mark else 1,
                f"YAML syntax error: {getattr(exc, 'problem', None) or exc}",
            )
        )
        return {}
    if root is None:
        return {}
    return _check(path, root, defaults, "", problems) or {}


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = (
            _merge(base[key], value) if isinstance(value, dict) and key != "keys" else value
        )
    return merged


def _defaults_dict() -> dict[str, Any]:
    s = Settings()
    return {
        "corpus": {"paths": list(s.corpus.paths), "exclude": list(s.corpus.exclude)},
        "reader": {
            "max_width": s.reader.max_width,
            "sentence_cursor": s.reader.sentence_cursor,
            "show_hidden": s.reader.show_hidden,
        },
        "list": {"sort": s.list.sort, "reverse": s.list.reverse},
        "ui": {"theme": s.ui.theme},
        "keys": {},
    }


def load_settings(user_file: Path | None = None) -> Settings:
    """Bundled defaults, then the user's file (``TUIREAD_CONFIG`` or the config dir's config.yaml).

    Raises ConfigError listing every problem found.
    """
    defaults = _defaults_dict()
    problems: list[ConfigProblem] = []
    files = [locations.bundled_config_dir() / "default.yaml"]
    user_file = user_file or locations.config_file()
    if user_file.exists():
        files.append(user_file)
    elif os.environ.get("TUIREAD_CONFIG"):
        problems.append(
            ConfigProblem(user_file, 1, "TUIREAD_CONFIG names a file that does not exist")
        )
    merged = defaults
    for path in files:
        merged = _merge(merged, _read(path, defaults, problems))
    if problems:
        raise ConfigError(problems)
    return Settings(
        corpus=CorpusSettings(**merged["corpus"]),
        reader=ReaderSettings(**merged["reader"]),
        list=ListSettings(**merged["list"]),
        ui=UISettings(**merged["ui"]),
        keys=dict(merged["keys"]),
        files=tuple(files),
    )


def boilerplate_files() -> tuple[Path, Path]:
    """The bundled rules and the user's own (which may not exist)."""
    return (
        locations.bundled_config_dir() / "boilerplate.yaml",
        locations.config_dir() / "boilerplate.yaml",
    )
