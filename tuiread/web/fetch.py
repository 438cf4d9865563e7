"""Fetching one URL: a timeout, a size cap, redirects followed, a User-Agent that says who asks.

Every failure becomes a :class:`FetchError` whose message is the one line a user sees.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

from tuiread import __version__

USER_AGENT = f"tuiread/{__version__} (news reading workstation; clips pages a reader asked for)"
ROBOTS_AGENT = "tuiread"
# Limits of one fetch: a news page is well under 5 MB; 20 s covers a slow site, not a dead one.
DEFAULT_TIMEOUT = 20.0
MAX_BYTES = 10 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A fetch that failed; ``str()`` is the reason in a few words."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    fetched_at: str  # ISO 8601, UTC

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES or (
            not self.content_type and self.body.lstrip()[:1] == b"<"
        )


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("not an http(s) URL")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"larger than {max_bytes // (1024 * 1024)} MB")
            content_type = (response.headers.get_content_type() or "").lower()
            if response.headers.get("Content-Type") is None:
                content_type = ""
            return Fetched(
                url=url,
                final_url=response.geturl(),
                status=response.status,
                content_type=content_type,
                body=body,
                fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}".strip()) from exc
    except urllib.error.URLError as exc:
        raise FetchError(_reason(exc.reason)) from exc
    except TimeoutError as exc:
        raise FetchError(f"timed out after {timeout:g} s") from exc
    except (ConnectionError, ssl.SSLError, ValueError) as exc:
        raise FetchError(f"connection failed ({exc})") from exc
    except http.client.HTTPException as exc:
        raise FetchError(f"bad HTTP response ({exc.__class__.__name__})") from exc


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "host not found (DNS)"
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError):
        return f"connection failed ({reason.strerror or reason})"
    return f"connection failed ({reason})"
