"""Settings: defaults, overrides, and every kind of mistake reported as file:line."""

import os
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
    write(locations.config_file(), "reader:\n  max_width: 72\nkeys:\n  reader.down: J,down\n")
    settings = config.load_settings()
    assert settings.reader.max_width == 72
    assert settings.reader.sentence_cursor is True  # untouched keys keep their defaults
    assert settings.keys == {"reader.down": "J,down"}


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
    assert ":3: keys.reader.down: 'j k' is not a key name" in problems[1]


def test_top_level_must_be_a_mapping(tmp_path):
    problems = problems_of(tmp_path, "- just\n- a list\n")
    assert problems[0].endswith(":1: the file must be a mapping of sections (corpus:, reader:, "
                                "list:, ui:, keys:), not a list")


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


def _one_line_problems(tmp_path, text: str) -> list[str]:
    problems = problems_of(tmp_path, text)
    assert problems and all("\n" not in p for p in problems)
    return problems


@pytest.mark.parametrize("text, line, message", [
    ("keys:\n  app.quit:\n", 2, "keys.app.quit: expected comma-separated key names, got an "
     "empty value"),
    ("reader:\n  max_width:\n", 2, "reader.max_width: expected an integer, got an empty value"),
    ("reader:\n  max_width: !!python/object/apply:os.system [echo]\n", 2,
     "reader.max_width: the YAML tag"),
    ("keys:\n  app.quit: [a, b]\n", 2, "got ['a', 'b'] (write them as one string: \"a,b\")"),
    ("keys:\n  app.quit: ctrl+alt+shift+nonsense_key\n", 2,
     "keys.app.quit: 'nonsense_key' is not a key name"),
    ("keys:\n  app.quit: hyper+bogus+x\n", 2, "'bogus' in 'hyper+bogus+x' is not a modifier"),
    ("\nkeys:\n  app.quit: j\n", 3,
     "keys.app.quit: 'j' is already reader.down (Scroll down); remap reader.down too"),
    ("reader: [1, 2]\n", 1, "reader: expected a mapping of keys, got a list"),
    ("corpus:\n  paths:\n", 2, "corpus.paths: expected a list of strings, got an empty value"),
])
def test_every_yaml_problem_is_one_file_line_message(tmp_path, text, line, message):
    problem = _one_line_problems(tmp_path, text)[0]
    assert f"config.yaml:{line}: " in problem and message in problem


def test_a_swap_of_two_keys_is_no_conflict(tmp_path):
    path = write(tmp_path / "config.yaml", "keys:\n  reader.down: k\n  reader.up: j\n")
    assert config.load_settings(path).keys == {"reader.down": "k", "reader.up": "j"}


def test_single_characters_and_textual_names_are_keys(tmp_path):
    path = write(tmp_path / "config.yaml", "keys:\n  app.help: '?,f2'\n")
    assert config.load_settings(path).keys == {"app.help": "?,f2"}


def test_an_endless_config_file_stops_at_a_limit(monkeypatch):
    monkeypatch.setenv("TUIREAD_CONFIG", "/dev/zero")
    with pytest.raises(ConfigError) as caught:
        config.load_settings()
    assert "/dev/zero:1: larger than" in str(caught.value)


def test_a_fifo_config_is_refused_not_waited_for(tmp_path, monkeypatch):
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    monkeypatch.setenv("TUIREAD_CONFIG", str(fifo))
    with pytest.raises(ConfigError, match="not a regular file"):
        config.load_settings()


def test_an_empty_tuiread_config_means_unset(monkeypatch):
    monkeypatch.setenv("TUIREAD_CONFIG", "")
    assert config.load_settings().keys == {}


def test_an_endless_rules_file_stops_at_a_limit(tmp_path):
    link = tmp_path / "boilerplate.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="boilerplate.yaml:1: cannot read: larger than"):
        load_rules(link)
