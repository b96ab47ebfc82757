"""First-run questions about the database: is it new, does it need a demo clinic."""

from __future__ import annotations

from frontdesk.data import clinic_repo, setup_repo, users_repo
from frontdesk.data.database import close_thread_connection


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
    if users_repo.count():
        return
    profile = clinic_repo.load_profile()
    examples = profile.example_contact_fields()
    if examples:
        clinic_repo.save_profile(profile.without_contact(examples))
