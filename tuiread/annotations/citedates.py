"""Publication dates as articles give them, read into (year, month, day) for citations.

Articles say "2025-08-19", "2025-08-19T10:04:00Z", "Tue, 19 Aug 2025 10:04:00 GMT" (feeds),
"19 August 2025" or "August 19, 2025". A date none of these fit is kept as text (CSL's "raw").
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]|$)")
_WRITTEN = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")


def date_parts(text: str | None) -> tuple[int, ...] | None:
    """(year,), (year, month) or (year, month, day); None when ``text`` is not a date."""
    if not text or not text.strip():
        return None
    text = text.strip()
    match = _ISO.match(text)
    if match:
        parts = tuple(int(p) for p in match.groups() if p)
        return parts if _valid(parts) else None
    for form in _WRITTEN:
        try:
            day = datetime.strptime(text, form)
        except ValueError:
            continue
        return (day.year, day.month, day.day)
    try:
        stamp = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return (stamp.year, stamp.month, stamp.day)


def _valid(parts: tuple[int, ...]) -> bool:
    try:
        datetime(*parts, *(1,) * (3 - len(parts)))
    except ValueError:
        return False
    return True


def iso_day(text: str | None) -> str | None:
    """The date as "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when it cannot be read."""
    parts = date_parts(text)
    if parts is None:
        return None
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
