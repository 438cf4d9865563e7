"""Dates as ISO 8601, whatever form a page, feed or JSON record gives them in."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero"),
            ("feb", "february", "février", "fevrier", "februar", "febrero"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juillet", "juli", "julio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre"),
        ],
        1,
    )
    for name in names
}
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?")
_ISO_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
# 18.08.2025 or 18/08/2025: day first, the order of most of the world's outlets.
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iso_date(value: object) -> str | None:
    """``value`` as ``YYYY-MM-DD`` or a full ISO 8601 timestamp when it has a time, else None."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        if _valid(year, month, day) is None:
            return None
        if match.group(4) is None:
            return f"{year:04d}-{month:02d}-{day:02d}"
        stamp = f"{year:04d}-{month:02d}-{day:02d}T{match.group(4)}:{match.group(5)}:"
        stamp += match.group(6) or "00"
        zone = _ISO_ZONE.search(text[match.end() :] or "")
        if zone:
            mark = zone.group(1)
            stamp += "+00:00" if mark == "Z" else f"{mark[:3]}:{mark[-2:]}"
        return stamp
    match = _COMPACT.match(text)
    if match:
        found = _valid(*(int(g) for g in match.groups()))
        return found.isoformat() if found else None
    if re.match(r"^[A-Za-z]{3},", text):  # RFC 2822, as feeds and HTTP headers write it
        from email.utils import parsedate_to_datetime  # (imported here: few dates need it)

        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            return parsed.isoformat()
    match = _DAY_FIRST.match(text)
    if match:
        found = _valid(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return found.isoformat() if found else None
    lowered = text.lower()
    match = _DAY_MONTH_YEAR.search(lowered)
    if match and match.group(2) in _MONTHS:
        found = _valid(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
        return found.isoformat() if found else None
    match = _MONTH_DAY_YEAR.search(lowered)
    if match and match.group(1) in _MONTHS:
        found = _valid(int(match.group(3)), _MONTHS[match.group(1)], int(match.group(2)))
        return found.isoformat() if found else None
    return None


def day_of(iso: str | None) -> str | None:
    """The ``YYYY-MM-DD`` part of an ISO 8601 date or timestamp."""
    return iso[:10] if iso and len(iso) >= 10 else None
