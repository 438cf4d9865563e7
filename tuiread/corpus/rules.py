"""Boilerplate rules from ``config/boilerplate.yaml``: which raw text the reader hides.

A rule has a scope: ``line`` hides a whole line whose stripped text matches; ``inline`` hides every
match wherever it occurs, even mid-paragraph; ``tail`` hides the matching line and everything after
it (the "Related posts" lists and comment sections at the foot of a page). A rule with a
``(?P<source>...)`` group also names the outlet that published the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tuiread.bounded import MAX_CONFIG_BYTES, TooLarge, read_bounded
from tuiread.errors import ConfigError, ConfigProblem
from tuiread.yaml_nodes import compose

SCOPES = ("line", "inline", "tail")
RULE_KEYS = {"name", "scope", "pattern", "ignore_case"}


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    scope: str
    pattern: re.Pattern[str]

    @property
    def names_source(self) -> bool:
        return "source" in self.pattern.groupindex


def load_rules(path: Path, extra: Path | None = None) -> list[Rule]:
    """Rules from ``path`` (and a user's ``extra`` file); every problem reported with its line."""
    rules: list[Rule] = []
    problems: list[ConfigProblem] = []
    for file in (path, extra):
        if file is not None and file.exists():
            rules.extend(_rules_from(file, problems))
    if problems:
        raise ConfigError(problems)
    return rules


def _rules_from(path: Path, problems: list[ConfigProblem]) -> list[Rule]:
    try:
        root = compose(read_bounded(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except TooLarge as exc:
        problems.append(ConfigProblem(path, 1, f"cannot read: {exc}: not a rules file"))
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problems.append(
            ConfigProblem(path, line, f"YAML syntax error: {getattr(exc, 'problem', exc)}")
        )
        return []
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ConfigProblem(path, 1, f"cannot read: {exc}"))
        return []
    if root is None:
        return []
    entries = _mapping_get(root, "rules")
    if not isinstance(root, yaml.MappingNode) or entries is None:
        problems.append(ConfigProblem(path, _line(root), "expected a mapping with a 'rules' list"))
        return []
    if not isinstance(entries, yaml.SequenceNode):
        problems.append(ConfigProblem(path, _line(entries), "'rules' must be a list"))
        return []
    rules = []
    for node in entries.value:
        rule = _rule_from(path, node, problems)
        if rule is not None:
            rules.append(rule)
    return rules


def _rule_from(path: Path, node: yaml.Node, problems: list[ConfigProblem]) -> Rule | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(ConfigProblem(path, _line(node), "each rule must be a mapping"))
        return None
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if key_node.value not in RULE_KEYS:
            allowed = ", ".join(sorted(RULE_KEYS))
            problems.append(
                ConfigProblem(
                    path,
                    _line(key_node),
                    f"unknown rule key '{key_node.value}' (allowed: {allowed})",
                )
            )
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            problems.append(
                ConfigProblem(path, _line(value_node), f"'{key_node.value}' must be a string")
            )
            continue
        fields[key_node.value] = value_node
    if "pattern" not in fields:
        problems.append(ConfigProblem(path, _line(node), "rule has no 'pattern'"))
        return None
    scope = fields["scope"].value if "scope" in fields else "line"
    if scope not in SCOPES:
        problems.append(
            ConfigProblem(
                path,
                _line(fields["scope"]),
                f"scope must be one of {', '.join(SCOPES)}, got '{scope}'",
            )
        )
        return None
    flags = (
        re.IGNORECASE if fields.get("ignore_case") and fields["ignore_case"].value == "true" else 0
    )
    try:
        pattern = re.compile(fields["pattern"].value, flags)
    except re.error as exc:
        problems.append(ConfigProblem(path, _line(fields["pattern"]), f"bad pattern: {exc}"))
        return None
    name = fields["name"].value if "name" in fields else fields["pattern"].value
    return Rule(name=name, scope=scope, pattern=pattern)


def _mapping_get(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
