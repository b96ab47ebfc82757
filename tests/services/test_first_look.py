"""What start-up reads ahead for the window: the user signed in from the environment and today's board."""

from __future__ import annotations

import pickle

import peewee
import pytest

from frontdesk.data import audit_repo
from frontdesk.services.accounts import add_demo_users
from frontdesk.services.first_look import FirstLook, SignInRefused, read_first_look
from frontdesk.services.schedule import clinic_now, clinic_profile, load_day
from frontdesk.values import SYSTEM_ACTOR
from tests.ui.board_helpers import known_day


def test_signed_in_user_and_todays_board_as_the_board_reads_it(db: peewee.Database,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    add_demo_users()
    monkeypatch.setenv("FRONTDESK_USER", "desk")
    today = clinic_now(clinic_profile()).date()
    rows = known_day(today)
    look = read_first_look()
    assert isinstance(look, FirstLook)
    assert look.actor.username == "desk" and look.actor.role == "desk"
    board = load_day(today)
    assert look.board.day == today
    assert [a.patient_name for a in look.board.appointments] == [a.patient_name for a in board.appointments]
    assert look.board.find(rows["ben"].id).status == "in_chair"
    assert look.database_label.startswith(("SQLite", "PostgreSQL"))
    assert audit_repo.search(user="desk", action="signin.success")  # audited as a sign-in at the dialog is
    # handed to the window's process pickled: it comes back whole
    again = pickle.loads(pickle.dumps(look))
    assert again == look


def test_wrong_password_is_refused_once_with_the_reason_and_no_board(db: peewee.Database,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused before anything of the clinic's is read: the day's board is not even loaded."""
    from frontdesk.services import schedule

    add_demo_users()
    known_day(clinic_now(clinic_profile()).date())
    monkeypatch.setenv("FRONTDESK_USER", "desk")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "not-the-password")
    days_read = []
    real_load_day = schedule.load_day
    monkeypatch.setattr(schedule, "load_day", lambda *args, **kwargs: days_read.append(args) or real_load_day(
        *args, **kwargs))
    look = read_first_look()
    assert look == SignInRefused("wrong user name or password")
    assert len(audit_repo.search(user="desk", action="signin.failure")) == 1
    assert days_read == []


def test_no_credentials_leaves_signing_in_to_the_dialog(db: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    add_demo_users()
    monkeypatch.delenv("FRONTDESK_PASSWORD")
    assert read_first_look() is None


def test_a_clinic_without_accounts_opens_for_nobody_in_particular(db: peewee.Database,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTDESK_USER")
    look = read_first_look()
    assert isinstance(look, FirstLook) and look.actor == SYSTEM_ACTOR
