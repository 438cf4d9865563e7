"""Adding pages to a corpus folder from URLs, feeds and saved files: one outcome per item.

The CLI (``tuiread add``) and the app's "Add from URL" dialog both call these. Each item's
failure is one line (its ``message``); nothing half-written ever lands in the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tuiread.web.feeds import read_feed
from tuiread.web.fetch import DEFAULT_TIMEOUT, FetchError, fetch
from tuiread.web.files import NotAPage, pages_in, read_local
from tuiread.web.ledger import Ledger
from tuiread.web.robots import Robots
from tuiread.web.save import NotAnArticle, Origin, save_page

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Outcome:
    target: str  # the URL or file asked for
    added: Path | None = None
    duplicate_of: Path | None = None
    title: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self) -> str:
        if self.error:
            return f"{self.target}: {self.error}"
        if self.duplicate_of is not None:
            return f"{self.target}: already in the corpus as {self.duplicate_of}"
        return f"added {self.added} ({self.title})"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def add_url(
    url: str,
    folder: Path,
    ledger: Ledger,
    robots: Robots,
    timeout: float = DEFAULT_TIMEOUT,
    feed: str | None = None,
) -> Outcome:
    if not robots.allowed(url):
        return Outcome(url, error="robots.txt does not allow tuiread to fetch it")
    try:
        fetched = fetch(url, timeout)
    except FetchError as exc:
        return Outcome(url, error=str(exc))
    if not fetched.is_html:
        return Outcome(url, error=f"not an HTML page ({fetched.content_type or 'no type'})")
    origin = Origin(url, fetched.final_url, fetched.status, fetched.fetched_at, feed=feed)
    return _save(url, fetched.body, origin, folder, ledger)


def _save(target: str, data: bytes, origin: Origin, folder: Path, ledger: Ledger) -> Outcome:
    try:
        saved = save_page(data, origin, folder, ledger)
    except NotAnArticle as exc:
        return Outcome(target, error=str(exc))
    except OSError as exc:
        return Outcome(target, error=f"cannot write ({exc.strerror or exc})")
    if saved.duplicate:
        return Outcome(target, duplicate_of=saved.path, title=saved.title)
    return Outcome(target, added=saved.path, title=saved.title)


def add_urls(
    urls: Iterable[str],
    folder: Path,
    ledger: Ledger,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    robots: Robots | None = None,
) -> list[Outcome]:
    robots = robots or Robots()
    urls = list(dict.fromkeys(urls))
    outcomes = []
    for done, url in enumerate(urls):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, len(urls), url)
        outcomes.append(add_url(url, folder, ledger, robots, timeout))
    if progress is not None:
        progress(len(outcomes), len(urls), "")
    return outcomes


def add_feed(
    url: str,
    folder: Path,
    ledger: Ledger,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    robots: Robots | None = None,
) -> list[Outcome]:
    """Follow a feed (remembered for ``refresh_feeds``) and add its entries not seen before."""
    robots = robots or Robots()
    try:
        content = read_feed(url, timeout)
    except FetchError as exc:
        return [Outcome(url, error=str(exc))]
    ledger.add_feed(url, folder, content.title, _now())
    seen = ledger.seen(url)
    fresh = [e for e in content.entries if e.key not in seen]
    outcomes = []
    for done, entry in enumerate(fresh):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, len(fresh), entry.link)
        outcome = add_url(entry.link, folder, ledger, robots, timeout, feed=url)
        outcomes.append(outcome)
        # An entry is seen once it is in the corpus (or was already): failures are retried.
        if outcome.ok:
            ledger.mark_seen(url, [entry.key])
    if progress is not None:
        progress(len(outcomes), len(fresh), "")
    return outcomes


def refresh_feeds(
    ledger: Ledger,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Outcome]:
    robots = Robots()
    outcomes = []
    for feed in ledger.feeds():
        if cancelled is not None and cancelled():
            break
        outcomes.extend(
            add_feed(feed.url, feed.folder, ledger, progress, cancelled, timeout, robots)
        )
    return outcomes


def add_files(paths: Iterable[Path], folder: Path, ledger: Ledger) -> list[Outcome]:
    outcomes = []
    for given in paths:
        if not given.exists():
            outcomes.append(Outcome(str(given), error="no such file or folder"))
            continue
        found = pages_in(given)
        if not found:
            outcomes.append(Outcome(str(given), error="no .html or .mhtml page in the folder"))
        for path in found:
            try:
                page = read_local(path)
            except NotAPage as exc:
                outcomes.append(Outcome(str(path), error=str(exc)))
                continue
            origin = Origin(page.url, page.url, None, _now(), source_file=str(path.resolve()))
            outcomes.append(_save(str(path), page.data, origin, folder, ledger))
    return outcomes
