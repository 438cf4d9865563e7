"""Settings: defaults, overrides, and every kind of mistake reported as file:line."""

from pathlib import Path

import pytest

from tuiread import config, locations
from tuiread.corpus import load_rules
from tuiread.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_user_file():
    settings = config.load_settings()
    assert settings.reader.max_width == 88
    assert settings.list.sort == "path"
    assert settings.keys == {}
    assert not locations.config_dir().exists()  # loading never creates anything


def test_user_file_in_config_dir_overrides_defaults():
    write(locations.config_file(), "reader:\n  max_width: 72\nkeys:\n  reader.down: n,down\n")
    settings = config.load_settings()
    assert settings.reader.max_width == 72
    assert settings.reader.sentence_cursor is True  # untouched keys keep their defaults
    assert settings.keys == {"reader.down": "n,down"}


def test_tuiread_config_points_at_another_file(tmp_path, monkeypatch):
    other = write(tmp_path / "other.yaml", "list:\n  sort: words\n  reverse: true\n")
    monkeypatch.setenv("TUIREAD_CONFIG", str(other))
    settings = config.load_settings()
    assert (settings.list.sort, settings.list.reverse) == ("words", True)
    assert settings.files[-1] == other


def problems_of(tmp_path, text: str) -> list[str]:
    path = write(tmp_path / "config.yaml", text)
    with pytest.raises(ConfigError) as info:
        config.load_settings(path)
    return [str(p) for p in info.value.problems]


def test_unknown_key_and_wrong_type_with_lines(tmp_path):
    problems = problems_of(
        tmp_path, "reader:\n  max_width: wide\n  colour: red\nlist:\n  sort: 3\n"
    )
    path = tmp_path / "config.yaml"
    assert problems[0] == f"{path}:2: reader.max_width: expected an integer, got 'wide'"
    assert problems[1].startswith(f"{path}:3: unknown key 'reader.colour'")
    assert problems[2] == f"{path}:5: list.sort: expected a string, got 3"


def test_out_of_range_and_bad_choice(tmp_path):
    problems = problems_of(tmp_path, "reader:\n  max_width: 5\nlist:\n  sort: colour\n")
    assert ":2: reader.max_width: must be between" in problems[0]
    assert ":4: list.sort: must be one of title, source, words, path" in problems[1]


def test_broken_yaml_reports_its_line(tmp_path):
    problems = problems_of(tmp_path, "reader:\n  max_width: 80\n list: [\n")
    assert len(problems) == 1
    assert ": YAML syntax error" in problems[0]
    assert problems[0].split(":")[1] in ("3", "4")


def test_bad_key_binding(tmp_path):
    problems = problems_of(tmp_path, "keys:\n  reader.fly: x\n  reader.down: 'j k'\n")
    assert ":2: keys: unknown binding id 'reader.fly'" in problems[0]
    assert ":3: keys.reader.down: expected comma-separated key names" in problems[1]


def test_top_level_must_be_a_mapping(tmp_path):
    problems = problems_of(tmp_path, "- just\n- a list\n")
    assert ":1: : expected a mapping" in problems[0]


def test_missing_tuiread_config_file_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("TUIREAD_CONFIG", str(tmp_path / "missing.yaml"))
    with pytest.raises(ConfigError, match="does not exist"):
        config.load_settings()


def test_every_default_key_is_documented():
    lines = (
        (locations.bundled_config_dir() / "default.yaml").read_text(encoding="utf-8").splitlines()
    )
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and ":" in stripped:
            assert lines[index - 1].strip().startswith("#") or line.startswith(
                ("corpus", "reader", "list", "ui")
            ), line


def test_boilerplate_rule_errors_have_lines(tmp_path):
    path = write(
        tmp_path / "bp.yaml",
        "rules:\n  - pattern: '('\n  - scope: nowhere\n    pattern: x\n  - colour: red\n",
    )
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    text = [str(p) for p in info.value.problems]
    assert any(":2: bad pattern" in t for t in text)
    assert any(":3: scope must be one of" in t for t in text)
    assert any(":5: unknown rule key 'colour'" in t for t in text)


def test_user_boilerplate_rules_extend_the_bundled_ones(tmp_path):
    bundled, user = config.boilerplate_files()
    write(user, "rules:\n  - name: promo\n    pattern: 'Buy now!'\n")
    rules = load_rules(bundled, user)
    assert rules[-1].name == "promo"
    assert len(rules) > 10
