import stat

from tuiread.fileio import DEFAULT_MODE, atomic_write_text


def test_atomic_write_creates_parents_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "deep" / "out.md"
    atomic_write_text(target, "one\r\ntwo\n")
    assert target.read_bytes() == b"one\r\ntwo\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]
    assert stat.S_IMODE(target.stat().st_mode) == DEFAULT_MODE


def test_atomic_write_keeps_the_mode_of_the_replaced_file(tmp_path):
    target = tmp_path / "notes.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
