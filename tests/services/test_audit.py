"""Every kind of account, sign-in and backup action leaves its entry; reading the trail is for admins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.services import accounts, audit, backup
from frontdesk.services.audit import AuditFilter
from frontdesk.services.permissions import NotPermittedError
from frontdesk.values import Actor

ADMIN = Actor("boss", "admin")


def test_each_kind_of_action_is_recorded_with_user_and_record(sqlite_db: peewee.Database, tmp_path: Path) -> None:
    accounts.create_first_admin("boss", "correct horse")
    accounts.create_user(ADMIN, "dana", "desk password", "desk")
    accounts.set_role(ADMIN, "dana", "clinical")
    accounts.set_active(ADMIN, "dana", False)
    accounts.set_active(ADMIN, "dana", True)
    accounts.reset_password(ADMIN, "dana", "another one")
    accounts.sign_in("dana", "another one")
    for _ in range(accounts.MAX_FAILED_SIGNINS):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in("dana", "guess")
    accounts.record_sign_out(Actor("dana", "clinical"), "idle lock")
    made = backup.backup_now(ADMIN, tmp_path)
    backup.record_restore(ADMIN, made.path)
    backup.choose_folder(ADMIN, tmp_path)
    audit.entries(ADMIN, AuditFilter(patient_id=3))
    actions = [(e.user, e.action, e.entity_id) for e in m.AuditEntry.select().order_by(m.AuditEntry.id)]
    for expected in [("boss", "user.create", "boss"), ("boss", "user.create", "dana"), ("boss", "user.role", "dana"),
                     ("boss", "user.disable", "dana"), ("boss", "user.enable", "dana"),
                     ("boss", "user.password", "dana"), ("dana", "signin.success", "dana"),
                     ("dana", "signin.failure", "dana"), ("dana", "user.lockout", "dana"),
                     ("dana", "signin.signout", "dana"), ("boss", "backup.create", made.path.name),
                     ("boss", "backup.restore", made.path.name), ("boss", "settings.backup_folder", "backup"),
                     ("boss", "audit.view", "")]:
        assert expected in actions
    assert audit.verify_chain().ok


def test_only_admins_read_the_trail(db: peewee.Database) -> None:
    for actor in (Actor("dana", "desk"), Actor("nina", "clinical")):
        with pytest.raises(NotPermittedError):
            audit.entries(actor)


def test_filters_by_user_patient_and_time(db: peewee.Database) -> None:
    from frontdesk.data import audit_repo

    day = dt.datetime(2026, 3, 2, 15, 0)
    audit_repo.append(user="dana", action="patient.view", entity="patient", entity_id="4", patient_id=4, at_utc=day)
    audit_repo.append(user="nina", action="patient.view", entity="patient", entity_id="5", patient_id=5,
                      at_utc=day + dt.timedelta(days=1))
    audit_repo.append(user="dana", action="print.handout", entity="appointment", entity_id="9", patient_id=5,
                      at_utc=day + dt.timedelta(days=2))
    view = audit.entries(ADMIN, AuditFilter(user="dana"), log_view=False)
    assert [e.action for e in view] == ["patient.view", "print.handout"]
    assert [e.user for e in audit.entries(ADMIN, AuditFilter(patient_id=5), log_view=False)] == ["nina", "dana"]
    later = audit.entries(ADMIN, AuditFilter(since_utc=day + dt.timedelta(hours=12),
                                             until_utc=day + dt.timedelta(days=1, hours=12)), log_view=False)
    assert [e.user for e in later] == ["nina"]
    assert [e.entity_id for e in audit.entries(ADMIN, AuditFilter(limit=1), log_view=False)] == ["9"]
    assert audit.verify_chain().ok


def test_check_passes_on_a_fresh_database_on_each_backend(db: peewee.Database) -> None:
    audit.record(ADMIN, "patient.view", entity="patient", entity_id=1, patient_id=1)
    report = backup.check_database()
    assert report.ok and report.audit_entries == 1


def test_backup_of_a_postgresql_database_points_to_pg_dump(db: peewee.Database, tmp_path: Path) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        pytest.skip("PostgreSQL only")
    with pytest.raises(backup.BackupError, match="pg_dump"):
        backup.backup_now(ADMIN, tmp_path)
    assert backup.automatic_backup(ADMIN, "exit", folder=tmp_path) is None
