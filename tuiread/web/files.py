"""Pages saved by a browser: an .html file, a "Save as, complete" folder, or an .mhtml archive."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARCHIVE_SUFFIXES = (".mhtml", ".mht")


class NotAPage(Exception):
    pass


@dataclass(frozen=True, slots=True)
class LocalPage:
    path: Path
    data: bytes
    url: str | None  # where the browser saved it from, when the file says


def pages_in(path: Path) -> list[Path]:
    """The page files a path names: itself, or the pages of a folder (not its asset folders)."""
    if path.is_dir():
        return sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in HTML_SUFFIXES + ARCHIVE_SUFFIXES
        )
    return [path]


def read_local(path: Path) -> LocalPage:
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES + ARCHIVE_SUFFIXES:
        raise NotAPage("not an HTML or MHTML file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotAPage(f"cannot read ({exc.strerror or exc})") from exc
    if suffix in ARCHIVE_SUFFIXES:
        return _from_mhtml(path, data)
    return LocalPage(path, data, _saved_from(data))


def _saved_from(data: bytes) -> str | None:
    """Browsers write ``<!-- saved from url=(0042)https://... -->`` at the top of saved pages."""
    head = data[:600].decode("ascii", "replace")
    marker = head.find("saved from url=(")
    if marker < 0:
        return None
    rest = head[marker:].split(")", 1)[-1]
    url = rest.split("-->", 1)[0].strip()
    return url if url.startswith(("http://", "https://")) else None


def _from_mhtml(path: Path, data: bytes) -> LocalPage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() != "text/html" or not isinstance(part, EmailMessage):
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload.strip():
            location = part.get("Content-Location") or message.get("Snapshot-Content-Location")
            url = str(location) if location and str(location).startswith("http") else None
            return LocalPage(path, payload, url)
    raise NotAPage("no HTML page in the archive")
