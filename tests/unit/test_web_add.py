"""``tuiread add`` against a local HTTP server: pages, redirects, failures, feeds, robots.txt."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.web_server import PROSE, article_page, atom, rss, serve
from tuiread.cli import main
from tuiread.config import boilerplate_files
from tuiread.corpus import load_corpus, load_rules
from tuiread.web.adding import add_feed, add_urls, refresh_feeds
from tuiread.web.fetch import USER_AGENT, FetchError, _reason, fetch
from tuiread.web.ledger import Ledger


@pytest.fixture
def site():
    with serve() as running:
        running.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", kind="text/plain")
        yield running


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_add_url_saves_page_and_provenance_named_by_outlet_date_slug(site, tmp_path, capsys):
    site.page("/story", article_page("Court clears port expansion"))
    site.redirect("/short", "/story")
    folder = tmp_path / "corpus"
    assert main(["add", f"{site.base}/short", "--to", str(folder)]) == 0
    page = folder / "coast-news" / "2025-08-18-court-clears-port-expansion.html"
    assert page.exists()
    sidecar = json.loads((page.parent / f".{page.stem}.json").read_text())
    assert sidecar["origin"]["final_url"] == f"{site.base}/story"
    assert sidecar["origin"]["status"] == 200
    assert sidecar["origin"]["fetched_at"].endswith("+00:00")
    assert len(sidecar["content_sha256"]) == 64
    assert sidecar["metadata"]["author"] == "Lena Berg"
    assert "added" in capsys.readouterr().out
    # the sidecar is hidden from corpus loading; the page loads with its metadata
    corpus = load_corpus([folder], load_rules(*boilerplate_files()))
    assert [a.path for a in corpus.articles] == [page]
    article = corpus.articles[0]
    assert (article.source, article.author, article.date) == (
        "Coast News",
        "Lena Berg",
        "2025-08-18T08:00:00+00:00",
    )
    assert PROSE[0] in article.clean_text() and "all rights reserved" not in article.clean_text()
    assert article.url == f"{site.base}/story"  # no canonical link: the URL it came from
    assert all(agent == USER_AGENT for _, agent in site.requests)


def test_same_canonical_url_or_same_text_is_not_added_twice(site, tmp_path, capsys):
    canonical = f"{site.base}/story"
    site.page("/story", article_page("Court clears port expansion", canonical))
    site.page("/story?utm=feed", article_page("Court clears port expansion", canonical))
    site.page("/copy", article_page("Court clears port expansion"))
    folder = tmp_path / "corpus"
    assert main(["add", f"{site.base}/story", "--to", str(folder)]) == 0
    capsys.readouterr()
    assert (
        main(["add", f"{site.base}/story?utm=feed", f"{site.base}/copy", "--to", str(folder)]) == 0
    )
    out = capsys.readouterr().out
    assert out.count("already in the corpus") == 2
    assert len([p for p in corpus_files(folder) if p.suffix == ".html"]) == 1


def test_failures_one_line_each_and_exit_2_when_nothing_added(site, tmp_path, capsys):
    site.page("/data.json", '{"a": 1}', kind="application/json")
    site.page("/broken", "oops", status=500)
    site.page("/private/page", article_page("Secret"))
    site.page("/empty", "<html><body><script>app()</script></body></html>")
    folder = tmp_path / "corpus"
    targets = [
        f"{site.base}/{p}" for p in ("missing", "broken", "data.json", "private/page", "empty")
    ]
    targets.append("http://127.0.0.1:9/x")  # nothing listens on the discard port
    assert main(["add", *targets, "--to", str(folder)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == len(targets)
    joined = "\n".join(lines)
    assert "HTTP 404" in joined and "HTTP 500" in joined
    assert "not an HTML page (application/json)" in joined
    assert "robots.txt does not allow" in joined
    assert "no article text" in joined
    assert "connection refused" in joined or "connection failed" in joined
    assert not folder.exists() or corpus_files(folder) == []
    assert ("/private/page", USER_AGENT) not in site.requests  # robots.txt obeyed


def test_slow_response_times_out(site, tmp_path):
    site.slow_seconds = 2.0
    site.page("/slow", article_page("Late"))
    outcomes = add_urls([f"{site.base}/slow"], tmp_path, Ledger(), timeout=0.3)
    assert outcomes[0].error and "timed out" in outcomes[0].error
    assert corpus_files(tmp_path) == []


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_adds_new_entries_and_refresh_remembers_what_was_seen(site, tmp_path, kind):
    build = rss if kind == "rss" else atom
    site.page("/a", article_page("First story about the harbour"))
    site.page("/b", article_page("Second story about the fishermen"))
    site.page("/feed", build(site.base, ["/a", "/b"]), kind="application/xml")
    ledger = Ledger()
    first = add_feed(f"{site.base}/feed", tmp_path, ledger)
    assert sorted(o.added is not None for o in first) == [True, True]
    assert [f.url for f in ledger.feeds()] == [f"{site.base}/feed"]
    site.page("/c", article_page("Third story about the appeal"))
    site.page("/feed", build(site.base, ["/a", "/b", "/c"]), kind="application/xml")
    before = len(site.requests)
    again = refresh_feeds(ledger)
    assert [o.title for o in again if o.added] == ["Third story about the appeal"]
    fetched = [path for path, _ in site.requests[before:]]
    assert "/a" not in fetched and "/b" not in fetched  # seen entries are not fetched again


def test_feed_command_and_not_a_feed(site, tmp_path, capsys):
    site.page("/notfeed", "just text", kind="text/plain")
    assert main(["add", "--feed", f"{site.base}/notfeed", "--to", str(tmp_path)]) == 2
    assert "not an RSS or Atom feed" in capsys.readouterr().err


def test_add_saved_files_html_folder_and_mhtml(tmp_path, capsys):
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "story.html").write_text(
        "<!-- saved from url=(0030)https://coast.example/story -->\n"
        + article_page("Saved story about the harbour"),
        encoding="utf-8",
    )
    (saved / "story_files").mkdir()
    (saved / "story_files" / "style.css").write_text("p{}")
    html = article_page("Archived story about the appeal")
    mhtml = (
        "From: <Saved by Browser>\nSnapshot-Content-Location: https://coast.example/appeal\n"
        'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B"\n\n--B\n'
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"
        f"Content-Location: https://coast.example/appeal\n\n{html}\n--B--\n"
    )
    (tmp_path / "appeal.mhtml").write_text(mhtml, encoding="utf-8")
    folder = tmp_path / "corpus"
    code = main(["add", str(saved), str(tmp_path / "appeal.mhtml"), "--to", str(folder)])
    assert code == 0, capsys.readouterr().err
    pages = sorted(p.name for p in corpus_files(folder) if p.suffix == ".html")
    assert pages == [
        "2025-08-18-archived-story-about-the-appeal.html",
        "2025-08-18-saved-story-about-the-harbour.html",
    ]
    sidecars = [json.loads(p.read_text()) for p in corpus_files(folder) if p.suffix == ".json"]
    assert {s["origin"]["url"] for s in sidecars} == {
        "https://coast.example/story",
        "https://coast.example/appeal",
    }


def test_add_without_targets_is_a_usage_error(capsys):
    assert main(["add"]) == 2
    assert "give URLs or files" in capsys.readouterr().err


def test_dns_failure_is_named():
    assert _reason(socket.gaierror(-2, "Name or service not known")) == "host not found (DNS)"


def test_a_failed_write_leaves_no_file_in_the_corpus(site, tmp_path, monkeypatch):
    import tuiread.web.save as save

    site.page("/story", article_page("Court clears port expansion"))
    real = save.atomic_write_bytes

    def failing(path, data):
        if path.suffix == ".html":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(save, "atomic_write_bytes", failing)
    outcomes = add_urls([f"{site.base}/story"], tmp_path, Ledger())
    assert outcomes[0].error == "cannot write (No space left on device)"
    assert corpus_files(tmp_path) == []
    monkeypatch.setattr(save, "atomic_write_bytes", real)
    assert add_urls([f"{site.base}/story"], tmp_path, Ledger())[0].added is not None


def test_size_cap(site, tmp_path):
    site.page("/big", article_page("Big") + "<!--" + "x" * 5000 + "-->")
    with pytest.raises(FetchError, match="larger than"):
        fetch(f"{site.base}/big", max_bytes=4000)


def test_robots_txt_rules_per_rfc_9309():
    from tuiread.web.robots import Robots

    with serve() as server:
        server.page("/robots.txt", "oops", status=503)
        assert not Robots().allowed(f"{server.base}/story")  # 5xx: assume everything disallowed
    with serve() as server:  # no robots.txt (404): everything allowed
        assert Robots().allowed(f"{server.base}/story")
    with serve() as server:
        server.page("/robots.txt", "User-agent: tuiread\nDisallow: /\n", kind="text/plain")
        robots = Robots()
        assert not robots.allowed(f"{server.base}/a") and not robots.allowed(f"{server.base}/b")
        assert [p for p, _ in server.requests].count("/robots.txt") == 1  # read once per site
