"""Where pages added from the web go when no folder is named."""

from __future__ import annotations

from pathlib import Path

from tuiread import config, locations


def default_folder(settings: config.Settings) -> Path:
    """The first configured corpus folder, else the ``clippings`` folder of the data dir."""
    if settings.corpus.paths:
        first = Path(settings.corpus.paths[0]).expanduser()
        return first if not first.is_file() else first.parent
    return locations.data_dir() / "clippings"
