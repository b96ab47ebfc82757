"""Where the app's icons and stylesheet live: resources/ next to the package (a checkout or an
editable install), else <prefix>/share/frontdesk (a regular install)."""

from __future__ import annotations

import sys
from pathlib import Path

SEARCH_DIRS = (Path(__file__).resolve().parents[2] / "resources", Path(sys.prefix) / "share" / "frontdesk")


def resource_path(*parts: str) -> Path | None:
    """The first existing copy of resources/<parts>, or None when this installation has none."""
    return next((folder.joinpath(*parts) for folder in SEARCH_DIRS if folder.joinpath(*parts).is_file()), None)
