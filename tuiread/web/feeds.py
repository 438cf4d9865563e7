"""RSS and Atom feeds (feedparser): the entries' links, each with a stable key to remember."""

from __future__ import annotations

from dataclasses import dataclass

from tuiread.web.fetch import FetchError, fetch


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # the entry's id, else its link: what "seen" remembers
    link: str
    title: str | None


@dataclass(frozen=True, slots=True)
class FeedContent:
    title: str | None
    entries: list[Entry]


def parse_feed(data: bytes) -> FeedContent:
    import feedparser

    parsed = feedparser.parse(data)
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            continue
        key = item.get("id") if isinstance(item.get("id"), str) and item.get("id") else link
        entries.append(Entry(key=key, link=link, title=item.get("title")))
    if not entries and (parsed.bozo or not parsed.get("version")):
        raise FetchError("not an RSS or Atom feed")
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return FeedContent(title=title if isinstance(title, str) else None, entries=entries)


def read_feed(url: str, timeout: float) -> FeedContent:
    return parse_feed(fetch(url, timeout).body)
