import codecs

import pytest

from tests.helpers import shared_corpus
from tuiread.corpus import UnreadableFile, decode_bytes


def test_utf8_plain():
    decoded = decode_bytes("Zelenskyy’s “deal”".encode())
    assert decoded.text == "Zelenskyy’s “deal”"
    assert decoded.encoding == "utf-8"
    assert not decoded.fallback


def test_utf8_bom_is_not_part_of_the_text():
    decoded = decode_bytes(codecs.BOM_UTF8 + b"Title\nBody")
    assert decoded.text == "Title\nBody"
    assert decoded.encoding == "utf-8-sig"


def test_cp1252_fallback_keeps_curly_quotes_and_pound_sign():
    decoded = decode_bytes("“£5m” – café".encode("cp1252"))
    assert decoded.text == "“£5m” – café"
    assert decoded.encoding == "cp1252"
    assert decoded.fallback


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    decoded = decode_bytes(b"caf\xe9 \x81")
    assert decoded.encoding == "latin-1"
    assert decoded.text == "café \x81"


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_empty_files_are_unreadable(data):
    with pytest.raises(UnreadableFile, match="empty|whitespace"):
        decode_bytes(data)


def test_nul_bytes_mean_binary():
    with pytest.raises(UnreadableFile, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_bbc_latin1_article():
    path = shared_corpus("bbc") / "sport" / "199.txt"
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.fallback
    assert decoded.encoding in ("cp1252", "latin-1")
    assert "\ufffd" not in decoded.text


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
])
def test_a_file_with_a_utf16_or_utf32_bom_is_read(encoding, bom):
    text = "Zelenskyy’s “deal”\n\nA body of text, café."
    decoded = decode_bytes(bom + text.encode(encoding))
    assert decoded.text == text and decoded.encoding == encoding


def test_pythons_utf16_output_is_read():
    assert decode_bytes("Title\n\nBody".encode("utf-16")).text == "Title\n\nBody"


def test_a_utf16_bom_on_bytes_that_are_not_utf16_is_refused():
    with pytest.raises(UnreadableFile, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8abc")  # a lone high surrogate


def test_binary_data_without_a_nul_byte_is_refused():
    import random

    draw = random.Random(7)
    noise = bytes(draw.randrange(1, 256) for _ in range(4096))
    with pytest.raises(UnreadableFile, match="binary file"):
        decode_bytes(noise)


def test_text_quoting_a_few_escape_sequences_is_still_text():
    text = "Title\n\n" + "A sentence of an ordinary article. " * 20 + "\x1b[2J\x1b]0;x\x07 end."
    assert decode_bytes(text.encode()).text == text


def test_an_article_full_of_escape_sequences_is_text_not_binary():
    text = "Title\n\n" + "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b2J \x08 " * 6
    assert decode_bytes(text.encode()).text == text
