"""The config's YAML nodes are the same from libyaml as from PyYAML's Python parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tuiread import locations
from tuiread.yaml_nodes import compose


def _tree(node: yaml.Node | None):
    """A node as plain data: kind, tag, value and where it starts (line and column)."""
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.MappingNode):
        return ("map", node.tag, where, [(_tree(k), _tree(v)) for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, where, [_tree(item) for item in node.value])
    # (libyaml marks a plain scalar's style "", the Python parser None: nothing reads it)
    return ("scalar", node.tag, where, node.value, node.style or None)


@pytest.mark.parametrize("name", ["default.yaml", "boilerplate.yaml", "entities.yaml"])
def test_bundled_files_compose_as_the_python_parser_composes_them(name: str) -> None:
    text = (locations.bundled_config_dir() / name).read_text(encoding="utf-8")
    assert _tree(compose(text)) == _tree(yaml.compose(text, Loader=yaml.SafeLoader))


@pytest.mark.parametrize("text", ["", "# only a comment\n", "a: [1, 2\n", "key: 'open\n",
                                  "a:\n  - x\n b: y\n", "rules:\n\t- name: tab\n"])
def test_odd_and_broken_files_say_what_the_python_parser_says(text: str) -> None:
    try:
        expected = _tree(yaml.compose(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        with pytest.raises(yaml.YAMLError) as raised:
            compose(text)
        assert str(raised.value) == str(exc)
        assert raised.value.problem_mark.line == exc.problem_mark.line
    else:
        assert _tree(compose(text)) == expected


def test_a_config_error_still_names_its_line(tmp_path: Path, monkeypatch) -> None:
    from tuiread.config import load_settings
    from tuiread.errors import ConfigError

    user = tmp_path / "config.yaml"
    user.write_text("corpus:\n  paths: [one\nsearch: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(user)
    assert f"{user}:" in str(raised.value) and "YAML syntax error" in str(raised.value)
