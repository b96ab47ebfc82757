"""Where the data files of resources/ (handout wording, fonts) are found.

In order: a folder named by FRONTDESK_RESOURCES (a clinic's own edited copy), resources/ next to the
package (a checkout or an editable install), then <prefix>/share/frontdesk (a regular install).
A file missing from an earlier place is looked up in the later ones.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "FRONTDESK_RESOURCES"


def search_dirs() -> list[Path]:
    dirs = []
    own = os.environ.get(RESOURCES_ENV, "").strip()
    if own:
        dirs.append(Path(own))
    dirs.append(Path(__file__).resolve().parent.parent / "resources")
    dirs.append(Path(sys.prefix) / "share" / "frontdesk")
    return dirs


def resource_path(*parts: str) -> Path:
    """The first existing copy of resources/<parts>; the checkout's path when there is none."""
    candidates = [folder.joinpath(*parts) for folder in search_dirs()]
    return next((path for path in candidates if path.exists()), candidates[-2])
