"""The printing subcommands, in the exact forms scripts rely on."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tuiread import __version__
from tuiread.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_on_the_demo_corpus_by_default(capsys):
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert code == 0
    assert [r["id"] for r in rows] == [
        "000_9a61a9004f7d98d1",
        "001_8557ead743fed211",
        "002_85ea5b5205fa2d42",
        "003_ecf7c83a1a878012",
        "004_24d75e40b4cbd946",
    ]
    assert {"id", "path", "title", "source", "words"} <= set(rows[0])
    assert rows[3]["source"] == "Bloomberg"
    assert all(r["words"] > 300 for r in rows)


def test_list_plain_has_one_row_per_article(capsys, seeds_dir):
    code, out, _ = run(capsys, "list", str(seeds_dir))
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 5
    assert lines[1].split("\t")[2] == "london-news-net.preview-domain.com"


def test_show_json_offsets_point_into_the_raw_text(capsys, seeds_dir):
    code, out, _ = run(capsys, "show", "004", str(seeds_dir), "--json")
    data = json.loads(out)
    raw = (seeds_dir / "004_24d75e40b4cbd946.txt").read_text(encoding="utf-8")
    assert code == 0 and data["text"] == raw
    first = data["sentences"][0]
    assert raw[first["start"] : first["end"]].startswith("U.S. President Donald Trump intends")
    assert all(raw[p["start"] : p["end"]].strip() for p in data["paragraphs"])


def test_show_clean_and_raw(capsys, seeds_dir):
    _, clean, _ = run(capsys, "show", "003_ecf", str(seeds_dir))
    assert clean.startswith(
        "Trump Meets With Zelenskiy After ‘Productive’ Call With Putin\nBloomberg\n\n"
    )
    assert "Photographer" not in clean
    _, raw, _ = run(capsys, "show", "003_ecf", str(seeds_dir), "--raw")
    assert raw == (seeds_dir / "003_ecf7c83a1a878012.txt").read_text(encoding="utf-8") + "\n"


def test_show_by_path(capsys, seeds_dir):
    code, out, _ = run(capsys, "show", str(seeds_dir / "002_85ea5b5205fa2d42.txt"), str(seeds_dir))
    assert code == 0 and "LN247" in out


@pytest.mark.parametrize("ref, message", [("00", "ambiguous"), ("zzz", "no article matches")])
def test_show_bad_reference_exits_2_listing_candidates(capsys, seeds_dir, ref, message):
    code, out, err = run(capsys, "show", ref, str(seeds_dir))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
    if ref == "00":
        assert "001_8557ead743fed211" in err


def test_missing_corpus_path(capsys, tmp_path):
    code, _, err = run(capsys, "list", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file or folder" in err


def test_locate_honours_tuiread_home(capsys, isolated_home):
    code, out, _ = run(capsys, "locate", "--json")
    paths = json.loads(out)
    assert code == 0
    for key in ("config", "data_dir", "cache_dir", "annotations"):
        assert paths[key].startswith(str(isolated_home)), key
    assert not any(isolated_home.iterdir())  # printing paths creates nothing


def test_keys_reflect_user_remapping(capsys, isolated_home):
    config = isolated_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("keys:\n  reader.down: J\n", encoding="utf-8")
    _, out, _ = run(capsys, "keys", "--json")
    keys = {row["id"]: row["keys"] for row in json.loads(out)}
    assert keys["reader.down"] == "J" and keys["reader.up"] == "k,up"


def test_version_and_help_on_every_subcommand(capsys):
    for command in ("list", "show", "locate", "keys"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--version"])
        assert exit_info.value.code == 0
        assert capsys.readouterr().out.strip() == f"tuiread {__version__}"
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "usage: tuiread" in capsys.readouterr().out


def test_bad_argument_is_one_line_and_status_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--bogus"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def cli(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "TUIREAD_HOME": str(env_home)}
    return subprocess.run(
        [sys.executable, "-m", "tuiread", *args], capture_output=True, text=True, env=env
    )


def test_bad_config_exits_2_without_traceback(isolated_home):
    config = isolated_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("reader:\n  max_width: [1\n", encoding="utf-8")
    result = cli("list", env_home=isolated_home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{config}:" in result.stderr and "YAML syntax error" in result.stderr


def test_printing_subcommands_do_not_import_textual(seeds_dir):
    code = (
        "import sys, io, contextlib\n"
        "from tuiread.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['list', {str(seeds_dir)!r}]); main(['show', '000', {str(seeds_dir)!r}])\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_escape_sequences_are_shown_not_obeyed_on_a_terminal(tmp_path, isolated_home):
    (tmp_path / "evil.txt").write_text(
        "Evil [bold]title\x1b[2J\n\nBody \x1b]0;pwned\x07 text.\n", encoding="utf-8"
    )
    # Through a pseudo-terminal the escape must not reach the terminal raw.
    import os
    import pty

    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TUIREAD_HOME"] = str(isolated_home)
        os.execv(sys.executable, [sys.executable, "-m", "tuiread", "show", "evil", str(tmp_path)])
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    output = b"".join(chunks).decode()
    assert "\x1b" not in output
    assert "Evil [bold]title␛[2J" in output


def test_unwritable_home_is_one_line_not_a_traceback(tmp_path, seeds_dir):
    home = tmp_path / "a-file"
    home.write_text("not a folder", encoding="utf-8")
    result = cli("index", str(seeds_dir), env_home=home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("tuiread: Not a directory: ")
    assert result.stderr.count("\n") == 1
