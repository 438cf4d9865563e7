"""The provenance sidecar of a page added from the web (``.<name>.json`` next to ``<name>.html``).

Corpus loading reads only the URL from it, for pages that do not name their canonical URL.
"""

from __future__ import annotations

import json
from pathlib import Path

# A sidecar is a few hundred bytes; anything far bigger is not ours.
MAX_SIDECAR_BYTES = 256 * 1024


def sidecar_path(page: Path) -> Path:
    return page.with_name(f".{page.stem}.json")


def origin_url(page: Path) -> str | None:
    """The URL a saved page was fetched from (after redirects), when its sidecar says."""
    sidecar = sidecar_path(page)
    try:
        if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
            return None
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    origin = data.get("origin") if isinstance(data, dict) else None
    url = origin.get("final_url") or origin.get("url") if isinstance(origin, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None
