"""robots.txt, read once per site and obeyed (RFC 9309: missing or 4xx allows, 5xx forbids)."""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from tuiread.web.fetch import ROBOTS_AGENT, FetchError, fetch

# robots.txt is small; a site that takes longer than this for it is treated as unreachable.
ROBOTS_TIMEOUT = 10.0
ROBOTS_MAX_BYTES = 512 * 1024


class Robots:
    """Answers whether tuiread may fetch a URL, caching one parsed robots.txt per site."""

    def __init__(self, timeout: float = ROBOTS_TIMEOUT) -> None:
        self.timeout = timeout
        self._sites: dict[str, RobotFileParser | bool] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._sites:
            self._sites[site] = self._load(site)
        rules = self._sites[site]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _load(self, site: str) -> RobotFileParser | bool:
        try:
            fetched = fetch(f"{site}/robots.txt", self.timeout, ROBOTS_MAX_BYTES)
        except FetchError as exc:
            message = str(exc)
            if message.startswith("HTTP 5"):
                return False
            if message.startswith("HTTP 4"):
                return True
            return True  # unreachable robots.txt: the page fetch reports the site's problem
        parser = RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return parser
