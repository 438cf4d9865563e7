import os
import subprocess
import sys
from pathlib import Path

from tuiread import locations


def test_tuiread_home_holds_every_path(isolated_home):
    for path in (
        locations.config_dir(),
        locations.data_dir(),
        locations.cache_dir(),
        locations.state_file(),
        locations.annotations_db(),
        locations.index_dir([Path(".")]),
    ):
        assert isolated_home in path.parents


def test_tuiread_config_overrides_only_the_config_file(tmp_path, monkeypatch, isolated_home):
    monkeypatch.setenv("TUIREAD_CONFIG", str(tmp_path / "c.yaml"))
    assert locations.config_file() == tmp_path / "c.yaml"
    assert isolated_home in locations.data_dir().parents


def test_corpus_key_is_stable_and_order_independent(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert locations.corpus_key([a, b]) == locations.corpus_key([b, a])
    assert locations.corpus_key([a]) != locations.corpus_key([b])


def test_import_and_describe_create_nothing(tmp_path):
    home = tmp_path / "home"
    code = "import tuiread.cli, tuiread.locations as l; l.describe()"
    subprocess.run(
        [sys.executable, "-c", code], check=True, env={**os.environ, "TUIREAD_HOME": str(home)}
    )
    assert not home.exists()


def test_bundled_resources_exist():
    assert (locations.bundled_config_dir() / "default.yaml").is_file()
    assert (locations.bundled_config_dir() / "boilerplate.yaml").is_file()
    assert len(list(locations.demo_corpus_dir().glob("*.txt"))) == 5
