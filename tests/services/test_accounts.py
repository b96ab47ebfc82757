"""Signing in, lockout, the first admin, and who may manage accounts — enforced in the service."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from frontdesk import PASSWORD_ENV, USER_ENV
from frontdesk.data import models as m
from frontdesk.services import accounts
from frontdesk.services.accounts import AccountError, SignInError
from frontdesk.services.permissions import NotPermittedError
from frontdesk.values import Actor

ADMIN = Actor("boss", "admin")


@pytest.fixture
def clinic(db: peewee.Database) -> peewee.Database:
    accounts.create_first_admin("boss", "correct horse")
    accounts.create_user(ADMIN, "dana", "desk password", "desk", "Dana Desk")
    return db


def _actions() -> list[tuple[str, str]]:
    return [(r.user, r.action) for r in m.AuditEntry.select().order_by(m.AuditEntry.id)]


def test_right_password_signs_in_with_the_users_role(clinic: peewee.Database) -> None:
    assert accounts.sign_in("dana", "desk password") == Actor("dana", "desk")
    assert accounts.sign_in(" Dana ", "desk password").role == "desk"
    assert _actions()[-1] == ("dana", "signin.success")


def test_password_is_stored_only_as_an_argon2_hash(clinic: peewee.Database) -> None:
    stored = m.User.get(m.User.username == "dana").password_hash
    assert stored.startswith("$argon2id$") and "desk password" not in stored


def test_wrong_password_is_refused_and_recorded(clinic: peewee.Database) -> None:
    with pytest.raises(SignInError, match="wrong user name or password"):
        accounts.sign_in("dana", "guess")
    with pytest.raises(SignInError, match="wrong user name or password"):
        accounts.sign_in("nobody", "guess")
    assert _actions()[-2:] == [("dana", "signin.failure"), ("nobody", "signin.failure")]


def test_five_failures_in_a_row_lock_the_account_for_a_while(clinic: peewee.Database) -> None:
    now = dt.datetime(2026, 3, 2, 9, 0)
    for _ in range(accounts.MAX_FAILED_SIGNINS):
        with pytest.raises(SignInError):
            accounts.sign_in("dana", "guess", now=now)
    with pytest.raises(SignInError, match="locked for 15 more minutes"):
        accounts.sign_in("dana", "desk password", now=now)
    later = now + dt.timedelta(minutes=accounts.LOCKOUT_MINUTES, seconds=1)
    dana = next(u for u in accounts.list_users(ADMIN) if u.username == "dana")
    assert dana.is_locked(now) and not dana.is_locked(later)  # the lists say "locked out" only while it holds
    assert accounts.sign_in("dana", "desk password", now=later).username == "dana"
    assert ("dana", "user.lockout") in _actions()


def test_a_success_resets_the_count_of_failures(clinic: peewee.Database) -> None:
    now = dt.datetime(2026, 3, 2, 9, 0)
    for _ in range(accounts.MAX_FAILED_SIGNINS - 1):
        with pytest.raises(SignInError):
            accounts.sign_in("dana", "guess", now=now)
    accounts.sign_in("dana", "desk password", now=now)
    with pytest.raises(SignInError, match="wrong"):
        accounts.sign_in("dana", "guess", now=now)
    assert accounts.sign_in("dana", "desk password", now=now).username == "dana"


def test_admin_password_reset_lifts_a_lockout(clinic: peewee.Database) -> None:
    now = m.utcnow()
    for _ in range(accounts.MAX_FAILED_SIGNINS):
        with pytest.raises(SignInError):
            accounts.sign_in("dana", "guess", now=now)
    accounts.reset_password(ADMIN, "dana", "a new password")
    assert accounts.sign_in("dana", "a new password").username == "dana"


def test_disabled_account_cannot_sign_in(clinic: peewee.Database) -> None:
    accounts.set_active(ADMIN, "dana", False)
    with pytest.raises(SignInError, match="disabled"):
        accounts.sign_in("dana", "desk password")
    accounts.set_active(ADMIN, "dana", True)
    assert accounts.sign_in("dana", "desk password").username == "dana"


def test_desk_and_clinical_users_cannot_manage_accounts(clinic: peewee.Database) -> None:
    for actor in (Actor("dana", "desk"), Actor("nina", "clinical")):
        with pytest.raises(NotPermittedError):
            accounts.create_user(actor, "eve", "long enough", "admin")
        with pytest.raises(NotPermittedError):
            accounts.set_role(actor, "dana", "admin")
        with pytest.raises(NotPermittedError):
            accounts.set_active(actor, "boss", False)
        with pytest.raises(NotPermittedError):
            accounts.reset_password(actor, "boss", "taken over")
        with pytest.raises(NotPermittedError):
            accounts.list_users(actor)
    assert m.User.get(m.User.username == "dana").role == "desk"
    assert m.User.select().count() == 2


def test_a_user_may_change_their_own_password(clinic: peewee.Database) -> None:
    accounts.reset_password(Actor("dana", "desk"), "dana", "my own choice")
    assert accounts.sign_in("dana", "my own choice").username == "dana"


def test_admin_changes_a_role_and_it_is_audited(clinic: peewee.Database) -> None:
    accounts.set_role(ADMIN, "dana", "clinical")
    assert accounts.sign_in("dana", "desk password").role == "clinical"
    entry = m.AuditEntry.get(m.AuditEntry.action == "user.role")
    assert (entry.user, entry.entity_id, entry.detail) == ("boss", "dana", "desk->clinical")


def test_the_last_active_admin_cannot_be_demoted_or_disabled(clinic: peewee.Database) -> None:
    with pytest.raises(AccountError, match="at least one active admin"):
        accounts.set_role(ADMIN, "boss", "desk")
    with pytest.raises(AccountError, match="at least one active admin"):
        accounts.set_active(ADMIN, "boss", False)
    accounts.create_user(ADMIN, "second", "another admin", "admin")
    accounts.set_role(ADMIN, "boss", "desk")
    assert m.User.get(m.User.username == "boss").role == "desk"


def test_first_admin_only_while_there_is_no_account(clinic: peewee.Database) -> None:
    with pytest.raises(AccountError, match="already exists"):
        accounts.create_first_admin("mallory", "long enough")
    assert not m.User.select().where(m.User.username == "mallory").exists()


@pytest.mark.parametrize(("username", "password", "role", "message"), [
    ("Bad Name", "long enough", "desk", "user name"),
    ("ok", "short", "desk", "at least 8 characters"),
    ("ok", "long enough", "boss", "role must be one of"),
    ("dana", "long enough", "desk", "already taken"),
])
def test_bad_account_input_names_the_field_and_adds_nothing(
    clinic: peewee.Database, username: str, password: str, role: str, message: str
) -> None:
    before = m.AuditEntry.select().count()
    with pytest.raises(AccountError, match=message):
        accounts.create_user(ADMIN, username, password, role)
    assert m.User.select().count() == 2
    assert m.AuditEntry.select().count() == before


def test_demo_users_sign_in_with_demo(db: peewee.Database) -> None:
    accounts.add_demo_users()
    assert [accounts.sign_in(name, "demo").role for name in ("admin", "desk", "nurse")] == \
        ["admin", "desk", "clinical"]


def test_only_a_demo_clinic_hints_at_its_accounts(clinic: peewee.Database) -> None:
    assert accounts.demo_hint() == ""
    accounts.add_demo_users()
    assert "password demo" in accounts.demo_hint()


def test_environment_sign_in_is_checked_meanwhile_and_decided_only_at_finish(
        clinic: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    assert accounts.begin_environment_sign_in() is None  # nothing asked for: the dialog decides
    monkeypatch.setenv(USER_ENV, "Dana")
    monkeypatch.setenv(PASSWORD_ENV, "guess")
    refused = accounts.begin_environment_sign_in()
    assert refused is not None and "guess" not in repr(refused)
    assert ("dana", "signin.failure") not in _actions()  # nothing recorded before the answer is taken
    with pytest.raises(SignInError, match="wrong user name or password"):
        refused.finish()
    assert _actions()[-1] == ("dana", "signin.failure")
    monkeypatch.setenv(PASSWORD_ENV, "desk password")
    pending = accounts.begin_environment_sign_in()
    assert pending is not None and pending.finish() == Actor("dana", "desk")


def test_a_hash_made_with_older_parameters_is_redone_at_sign_in(clinic: peewee.Database) -> None:
    from argon2 import PasswordHasher

    older = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash("desk password")
    m.User.update(password_hash=older).where(m.User.username == "dana").execute()
    assert accounts.sign_in("dana", "desk password") == Actor("dana", "desk")
    renewed = m.User.get(m.User.username == "dana").password_hash
    assert renewed != older and "m=9216,t=4,p=1" in renewed
    assert accounts.sign_in("dana", "desk password") == Actor("dana", "desk")


def test_the_first_admin_begins_a_real_clinic_without_the_example_clinics_details(db: peewee.Database) -> None:
    """Every new database starts with the example clinic's name and phones (the demo's): a clinic that
    starts for real must not print them on its patients' sheets."""
    from frontdesk.data import clinic_repo

    example = clinic_repo.load_profile()
    assert len(example.example_contact_fields()) == 5 and example.contact_gaps() == []
    accounts.create_first_admin("boss", "correct horse")
    profile = clinic_repo.load_profile()
    assert (profile.name, profile.address_lines, profile.phone, profile.after_hours_phone, profile.email) == (
        "", (), "", "", "")
    assert profile.contact_gaps() == ["name", "phone"]
    assert (profile.hours, profile.slot_minutes, profile.timezone) == (example.hours, example.slot_minutes,
                                                                       example.timezone)  # the rest stays
    assert _actions()[-1] == ("boss", "settings.profile")


def test_the_first_admin_keeps_a_clinics_own_details_and_clears_the_examples_left(db: peewee.Database) -> None:
    """Name and phone entered before the first account, after-hours phone and email left as they were:
    the sheet printed the example's after-hours number and e-mail beside the clinic's own."""
    from dataclasses import replace

    from frontdesk.data import clinic_repo

    clinic_repo.save_profile(replace(clinic_repo.load_profile(), name="Piedmont Infusion", phone="+13365550142",
                                     address_lines=("1 Main St",)))
    accounts.create_first_admin("boss", "correct horse")
    profile = clinic_repo.load_profile()
    assert (profile.name, profile.phone, profile.address_lines) == ("Piedmont Infusion", "+13365550142",
                                                                    ("1 Main St",))
    assert (profile.after_hours_phone, profile.email) == ("", "")
    assert profile.example_contact_fields() == [] and profile.contact_gaps() == []
    entry = m.AuditEntry.select().order_by(m.AuditEntry.id.desc()).get()
    assert (entry.action, entry.detail) == ("settings.profile", "the example clinic's after-hours phone, email cleared")
