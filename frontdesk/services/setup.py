"""First-run questions about the database: is it new, does it need a demo clinic."""

from __future__ import annotations

from frontdesk.data import setup_repo, users_repo
from frontdesk.data.database import close_thread_connection
from frontdesk.services import clinic_settings


def database_is_empty() -> bool:
    """True when the clinic has no patients yet (a demo may be built into it)."""
    return setup_repo.patient_count() == 0


def release_thread_connection() -> None:
    """A worker thread is done with the database: its own connection is closed (the window's stays)."""
    close_thread_connection()


def begin_real_clinic() -> None:
    """A clinic starting for real (not the demo), before its first account: the example clinic's name,
    address and phones, which a new database starts with, are cleared (the first admin would clear
    them; until then nothing prints the example's number, and the status bar asks for the clinic's)."""
    if not users_repo.count():
        clinic_settings.forget_example_contact()
