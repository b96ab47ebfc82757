"""The app's icons, found like every other resource (see frontdesk/resources.py)."""

from __future__ import annotations

from pathlib import Path

from frontdesk import resources


def resource_path(*parts: str) -> Path | None:
    """The first existing copy of resources/<parts>, or None when this installation has none."""
    path = resources.resource_path(*parts)
    return path if path.is_file() else None
