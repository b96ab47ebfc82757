"""What the window needs to put today's board on screen, read in one go (at start-up, ahead of Qt).

The app reads it in a helper process while the window's own process loads Qt, and hands it over
pickled. So this module imports only plain values at module level: the window's process unpickles a
FirstLook before it has loaded the data layer (which it then opens right after the first paint).
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.rules.day_board import DayBoard
from frontdesk.settings import ClinicProfile
from frontdesk.values import SYSTEM_ACTOR, Actor


@dataclass(frozen=True)
class FirstLook:
    """Who signed in, and today's board as they will see it."""

    actor: Actor
    profile: ClinicProfile
    database_label: str  # the open database, without any password (for the status bar)
    board: DayBoard


@dataclass(frozen=True)
class SignInRefused:
    """The environment's sign-in was refused (and audited): the sign-in dialog says why, without trying
    those credentials again (a second failure would count twice toward the account's lock)."""

    message: str


def read_first_look() -> FirstLook | SignInRefused | None:
    """Sign in from FRONTDESK_USER / FRONTDESK_PASSWORD and read today's board, on the open database.

    None when a person must sign in at the dialog (the clinic has accounts, the environment names
    none). While the clinic has no account nobody signs in, as in the window. The password is checked
    first and the board read only once the check has passed: nothing of the clinic's is read for a wrong
    password, and at start-up (in the helper process) the check does not run beside the board's reading
    as a third busy thread next to the window's process, which slowed that process on a two-core desk PC
    by more than the check's own time (argon2, some 40 ms)."""
    from frontdesk.services import accounts

    pending = accounts.begin_environment_sign_in()
    if pending is None and accounts.has_users():
        return None
    try:
        actor = pending.finish() if pending is not None else SYSTEM_ACTOR
    except accounts.SignInError as exc:
        return SignInRefused(str(exc))
    from frontdesk.services import schedule

    profile = schedule.clinic_profile()
    board = schedule.load_day(schedule.clinic_now(profile).date(), profile)
    return FirstLook(actor, profile, schedule.database_label(), board)
