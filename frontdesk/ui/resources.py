"""Where the app's icons and stylesheet live (resources/ next to the package in a checkout)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path | None:
    """The file under resources/, or None when this installation has no copy of it."""
    path = RESOURCES.joinpath(*parts)
    return path if path.is_file() else None
