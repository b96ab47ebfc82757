"""Where the data files in resources/ (handout wording, fonts) are found."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES_ENV = "FRONTDESK_RESOURCES"  # a clinic's own copy of the resources folder


def resources_dir() -> Path:
    """resources/ next to the package (a source checkout or editable install), unless overridden."""
    own = os.environ.get(RESOURCES_ENV, "").strip()
    if own:
        return Path(own)
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
