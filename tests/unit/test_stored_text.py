"""A stored article's text, read again from its file, is the text a fresh load gives, whatever
the file's encoding; and a file read whole is read whole, whatever its size."""

from __future__ import annotations

from pathlib import Path

from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules
from tuiread.corpus.corpus import open_corpus
from tuiread.corpus.stored import _read

FILES = {
    "plain.txt": "Plain\n\nThe minister said «no» to the vote.\n".encode(),
    "bom.txt": b"\xef\xbb\xbfWith a BOM\n\nThe text after it.\n",
    "crlf.md": b"# Windows lines\r\n\r\nA paragraph\r\nover two lines.\r\n",
    "cp1252.txt": "Caf\u00e9 owners\n\nThey said \u201cenough\u201d.\n".encode("cp1252"),
    "utf16.txt": "\ufeffUTF-16 title\n\nWide text here.\n".encode("utf-16-le"),
    "escapes.txt": b"Escapes\n\nA \x1b[31mred\x1b[0m word and [bold]markup[/bold].\n",
}


def test_stored_texts_are_the_fresh_load_texts(tmp_path: Path):
    root = tmp_path / "c"
    root.mkdir()
    for name, data in FILES.items():
        (root / name).write_bytes(data)
    rules = load_rules(*boilerplate_files())
    open_corpus([root], rules).store.close()
    stored = open_corpus([root], rules)  # every article from the store's rows
    fresh = load_corpus([root], rules)
    assert stored.changes.derived == 0
    got = {a.id: (a.encoding, a.text) for a in stored.articles}
    assert got == {a.id: (a.encoding, a.text) for a in fresh.articles}
    assert len(got) == len(FILES)


def test_files_are_read_whole(tmp_path: Path):
    for size in (0, 1, 4095, 4096, 1 << 20):
        path = tmp_path / f"f{size}"
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        path.write_bytes(data)
        assert _read(str(path)) == data
    assert _read(str(tmp_path / "missing")) is None
    assert _read(str(tmp_path)) is None  # a folder
