import json
from pathlib import Path

from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules


def rules():
    return load_rules(*boilerplate_files())


def test_loads_text_markdown_html_json_and_skips_the_rest(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Plain title\n\nBody of the plain article.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(
        "# Markdown title\n\nSome text here.\n", encoding="utf-8"
    )
    (tmp_path / "c.html").write_text(
        "<html><head><title>Page | Site</title><meta property='og:site_name' content='Daily News'>"
        "<script>var x = 'scripted words';</script><style>p{}</style></head><body>"
        "<nav>Home News Sport</nav><h1>Real headline</h1><p>First &amp; only paragraph.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "d.json").write_text(
        json.dumps(
            {"title": "JSON title", "text": "JSON body text.", "source": "Wire", "url": "http://x"}
        ),
        encoding="utf-8",
    )
    (tmp_path / "e.jsonl").write_text(
        json.dumps({"title": "One", "body": "First."})
        + "\n"
        + "{broken\n"
        + json.dumps({"title": "Two", "body": "Second."})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    corpus = load_corpus([tmp_path], rules())
    ids = sorted(a.id for a in corpus.articles)
    # JSON Lines records are keyed by content (no id field here), not by line number.
    records = [i for i in ids if i.startswith("e#")]
    assert [i for i in ids if i not in records] == ["a", "c", "d", "sub/b"]
    assert len(records) == 2
    html = corpus.get("c")
    assert html.title == "Real headline"
    assert html.source == "Daily News"
    assert "scripted" not in html.text
    # page chrome stays in the text, hidden: one key shows it
    assert "Home News" in html.text and "Home News" not in html.clean_text()
    chrome = [html.text[h.start : h.end] for h in html.hidden if h.reason == "page chrome"]
    assert chrome == ["Home News Sport"]
    assert html.clean_text() == "First & only paragraph."
    doc = corpus.get("d")
    assert (doc.title, doc.source, doc.url) == ("JSON title", "Wire", "http://x")
    first = next(a for a in corpus.articles if a.id.startswith("e#") and a.title == "One")
    assert "entries skipped" in first.notes[0]
    assert corpus.notices == ["skipped 2 files of other types (1 .png, 1 .docx)"]


def test_binary_and_empty_files_are_reported_not_fatal(tmp_path: Path):
    (tmp_path / "good.txt").write_text("Title\n\nText.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"abc\x00def")
    (tmp_path / "empty.txt").write_bytes(b"")
    corpus = load_corpus([tmp_path], rules())
    assert [a.id for a in corpus.articles] == ["good"]
    messages = sorted(str(issue) for issue in corpus.issues)
    assert any("binary.txt" in m and "binary" in m for m in messages)
    assert any("empty.txt" in m and "empty" in m for m in messages)


def test_fallback_encoding_is_recorded(tmp_path: Path):
    (tmp_path / "old.txt").write_bytes("Caf\xe9 story\n\nPrices rose \xa35m.\n".encode("latin-1"))
    article = load_corpus([tmp_path], rules()).articles[0]
    assert article.encoding == "cp1252"
    assert article.title == "Café story"
    assert any("cp1252" in note for note in article.notes)


def test_missing_path_is_an_issue(tmp_path: Path):
    corpus = load_corpus([tmp_path / "nope"], rules())
    assert corpus.articles == []
    assert "no such file" in corpus.issues[0].message


def test_resolve_by_id_prefix_and_path(seeds_dir: Path):
    corpus = load_corpus([seeds_dir], rules())
    assert corpus.resolve("003").id == "003_ecf7c83a1a878012"
    path = str(seeds_dir / "004_24d75e40b4cbd946.txt")
    assert corpus.resolve(path).id == "004_24d75e40b4cbd946"
    import pytest

    from tuiread.corpus import ArticleNotFound

    with pytest.raises(ArticleNotFound) as ambiguous:
        corpus.resolve("00")
    assert len(ambiguous.value.candidates) == 5
    with pytest.raises(ArticleNotFound, match="no article"):
        corpus.resolve("zzz")


def test_crlf_text_keeps_offsets(tmp_path: Path):
    raw = "Headline here\r\n\r\nFirst sentence. Second one.\r\n"
    (tmp_path / "crlf.txt").write_bytes(raw.encode())
    article = load_corpus([tmp_path], rules()).articles[0]
    assert article.text == raw
    assert [article.text[s.start : s.end] for s in article.sentences] == [
        "First sentence.",
        "Second one.",
    ]


def test_sentence_and_paragraph_lookup_by_offset(seeds_dir: Path):
    article = load_corpus([seeds_dir], rules()).get("001_8557ead743fed211")
    for index, sentence in enumerate(article.sentences):
        assert article.sentence_at(sentence.start) == index
        assert article.sentence_at(sentence.end - 1) == index
        para = article.paragraphs[article.paragraph_at(sentence.start)]
        assert para.start <= sentence.start and sentence.end <= para.end
    assert article.sentence_at(len(article.text)) is None
