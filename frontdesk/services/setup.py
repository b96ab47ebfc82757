"""First-run questions about the database: is it new, does it need a demo clinic."""

from __future__ import annotations

from frontdesk.data import setup_repo
from frontdesk.data.database import close_thread_connection


def database_is_empty() -> bool:
    """True when the clinic has no patients yet (a demo may be built into it)."""
    return setup_repo.patient_count() == 0


def release_thread_connection() -> None:
    """A worker thread is done with the database: its own connection is closed (the window's stays)."""
    close_thread_connection()
