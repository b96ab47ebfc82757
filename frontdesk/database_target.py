"""Where the database lives: `--db`, then `FRONTDESK_DB`, then a file in the user's data folder.

Apart from the clinic profile (frontdesk/settings.py) and as light as a module can be: the app's
start-up asks it before anything else is loaded, to start its helper process as early as it can
(frontdesk/app.py).
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "FRONTDESK_DB"


def default_data_dir() -> Path:
    """The per-user data folder (platform conventions, e.g. ~/.local/share/frontdesk)."""
    from platformdirs import user_data_path

    return user_data_path("frontdesk", appauthor=False)


def default_db_path() -> Path:
    return default_data_dir() / "frontdesk.sqlite3"


def uses_default_db(arg: str | None) -> bool:
    """Whether neither `--db` nor FRONTDESK_DB names the database (then it is the user's data folder's)."""
    return not arg and not os.environ.get(DB_ENV, "").strip()


def resolve_db_target(arg: str | None) -> str:
    """The database to use: the `--db` argument, else FRONTDESK_DB, else the user's data folder."""
    if arg:
        return arg
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return env
    return str(default_db_path())


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))
