"""A local HTTP server on 127.0.0.1 for the web tests: pages, redirects, errors, feeds, robots."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROSE = (
    "The regional court ruled on Monday that the new port expansion may go ahead, rejecting a "
    "challenge brought by fishermen who said the works would destroy their fishing grounds.",
    "Lawyers for the fishermen said they would appeal, arguing that the environmental study had "
    "ignored the effect of dredging on the spawning areas close to the harbour entrance.",
    "The port authority welcomed the ruling and said the first contracts would be signed within "
    "weeks, creating several hundred jobs during the four years of construction work.",
)


def article_page(title: str, canonical: str | None = None, extra: str = "") -> str:
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    paragraphs = "".join(f"<p>{p} ({title})</p>" for p in PROSE)
    return (
        f"<html><head><title>{title} | Coast News</title>{link}"
        "<meta property='og:site_name' content='Coast News'>"
        "<meta property='article:published_time' content='2025-08-18T08:00:00Z'>"
        "<meta name='author' content='Lena Berg'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/region'>Region</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}{extra}</article>"
        "<footer>Coast News, all rights reserved.</footer></body></html>"
    )


def rss(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}{link}</link><guid>{base}{link}</guid></item>"
        for i, link in enumerate(links)
    )
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Coast News</title>"
        f"<link>{base}/</link><description>d</description>{items}</channel></rss>"
    )


def atom(base: str, links: list[str]) -> str:
    entries = "".join(
        f"<entry><title>Entry {i}</title><link href='{base}{link}'/><id>urn:x:{i}</id>"
        "<updated>2025-08-18T08:00:00Z</updated></entry>"
        for i, link in enumerate(links)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Coast Atom</title><id>urn:x</id><updated>2025-08-18T08:00:00Z</updated>{entries}"
        "</feed>"
    )


class Site:
    """Routes: path -> (status, content type, body, extra headers). Mutable between requests."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.slow_seconds = 3.0
        self.requests: list[tuple[str, str]] = []  # (path, user agent)
        self.base = ""

    def page(self, path: str, body: str, status: int = 200, kind: str = "text/html") -> None:
        self.routes[path] = (status, kind, body.encode("utf-8"), {})

    def redirect(self, path: str, to: str) -> None:
        self.routes[path] = (302, "text/html", b"", {"Location": to})


@contextmanager
def serve() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            if self.path == "/slow":
                time.sleep(site.slow_seconds)
            status, kind, body, headers = site.routes.get(
                self.path, (404, "text/html", b"<html><body>Not found</body></html>", {})
            )
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args) -> None:  # keep test output quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
