"""Opening databases, migrations and the database-level chair guard, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.data.database import DatabaseTargetError, connect, open_database
from frontdesk.data.migrations import latest_version, migrate


def _patient() -> m.Patient:
    return m.Patient.create(chart_number="C1", legal_first="Ana", legal_last="Núñez")


def _book(
    patient: m.Patient, chair: m.Chair, start: dt.datetime, minutes: int, **extra: object
) -> m.Appointment:
    kind = m.AppointmentType.get(m.AppointmentType.code == "iv_mood")
    return m.Appointment.create(
        patient=patient,
        type=kind,
        chair=chair,
        start_utc=start,
        end_utc=start + dt.timedelta(minutes=minutes),
        **extra,
    )


def test_new_database_has_default_chairs_and_types(db: peewee.Database) -> None:
    assert [c.name for c in m.Chair.select().order_by(m.Chair.position)][:2] == ["Chair 1", "Chair 2"]
    assert m.AppointmentType.get(m.AppointmentType.code == "iv_mood").treatment_minutes == 40


def test_migrations_run_once(db: peewee.Database) -> None:
    assert migrate(db) == []
    assert max(r.number for r in m.SchemaMigration.select()) == latest_version()


def test_database_refuses_overlapping_bookings_in_one_chair(db: peewee.Database) -> None:
    patient, chair = _patient(), m.Chair.get(m.Chair.name == "Chair 1")
    start = dt.datetime(2026, 3, 2, 14, 0)
    _book(patient, chair, start, 100)
    with pytest.raises(peewee.IntegrityError), db.atomic():
        _book(patient, chair, start + dt.timedelta(minutes=99), 30)
    assert m.Appointment.select().count() == 1


def test_touching_bookings_and_cancelled_ones_do_not_collide(db: peewee.Database) -> None:
    patient, chair = _patient(), m.Chair.get(m.Chair.name == "Chair 1")
    start = dt.datetime(2026, 3, 2, 14, 0)
    _book(patient, chair, start, 100, outcome="cancelled")
    _book(patient, chair, start, 100)
    _book(patient, chair, start + dt.timedelta(minutes=100), 100)
    assert m.Appointment.select().count() == 3


def test_sqlite_is_opened_with_wal_and_foreign_keys(sqlite_db: peewee.Database) -> None:
    assert sqlite_db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sqlite_db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sqlite_db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_unknown_scheme_and_missing_folder_are_refused_without_creating_anything(tmp_path: Path) -> None:
    with pytest.raises(DatabaseTargetError, match="unknown database scheme"):
        connect("mysql://host/db")
    missing = tmp_path / "nowhere" / "clinic.sqlite3"
    with pytest.raises(DatabaseTargetError, match="folder does not exist"):
        open_database(str(missing))
    assert not (tmp_path / "nowhere").exists()


def test_read_only_open_does_not_create_a_file(tmp_path: Path) -> None:
    target = tmp_path / "absent.sqlite3"
    with pytest.raises(DatabaseTargetError, match="no database"):
        open_database(str(target), create=False)
    assert not target.exists()


def test_database_made_by_first_version_opens_and_upgrades(tmp_path: Path) -> None:
    target = tmp_path / "old.sqlite3"
    open_database(str(target))
    with sqlite3.connect(target) as raw:
        raw.execute("DELETE FROM schema_migration WHERE number > 1")
    open_database(str(target))
    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT max(number) FROM schema_migration").fetchone()[0] == latest_version()


def test_the_postgresql_driver_is_loaded_only_for_a_postgresql_target(db_target: str) -> None:
    """peewee is imported without psycopg2 (start-up time); a postgresql:// target still connects and queries."""
    import subprocess
    import sys

    code = ("import sys; from frontdesk.data.database import open_database; from frontdesk.data import clinic_repo; "
            "db = open_database(sys.argv[1]); print('psycopg2' in sys.modules, len(clinic_repo.chairs()))")
    result = subprocess.run([sys.executable, "-c", code, db_target], capture_output=True, text=True, check=True)
    expected = "True 6" if db_target.startswith("postgresql") else "False 6"
    assert result.stdout.strip() == expected


def test_a_database_from_before_the_rems_forms_gains_them_and_tracks_from_the_upgrade_day(
        db: peewee.Database) -> None:
    from frontdesk.data import rems_repo
    from frontdesk.data.migrations import REMS_FORMS_SINCE
    from frontdesk.rules.clock import now_local
    from frontdesk.settings import ClinicProfile

    db.drop_tables([m.RemsMonitoringForm])  # as a database made by the version before
    m.Setting.delete().where(m.Setting.key == REMS_FORMS_SINCE).execute()
    m.SchemaMigration.delete().where(m.SchemaMigration.number == 80).execute()
    assert rems_repo.tracking_since() is None

    assert migrate(db) == [80]

    assert m.RemsMonitoringForm.table_exists()
    assert rems_repo.tracking_since() == now_local(ClinicProfile().tz).date()
    assert migrate(db) == []


def test_a_database_from_before_confirmation_calls_gets_their_table(tmp_path: Path) -> None:
    target = tmp_path / "before-calls.sqlite3"
    open_database(str(target))
    with sqlite3.connect(target) as raw:  # as a version before migration 90 left it
        raw.execute("DROP TABLE contact_attempt")
        raw.execute("DELETE FROM schema_migration WHERE number = 90")
    open_database(str(target))
    with sqlite3.connect(target) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(contact_attempt)")}
        assert {"appointment_id", "for_start_utc", "at_utc", "user", "method", "outcome", "note"} <= columns
        assert raw.execute("SELECT max(number) FROM schema_migration").fetchone()[0] == latest_version()


def test_opening_a_new_clinic_file_while_another_connection_writes_waits_its_turn(tmp_path: Path) -> None:
    """Turning a new file to WAL while another connection holds a write lock failed at once with
    "database is locked" (SQLite skips its busy wait there): the CI saw it when two workstations
    opened a new clinic together. The opening now waits for the writer, as any statement does."""
    import threading

    target = tmp_path / "clinic.sqlite3"
    writer = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE scratch (x)")  # a file not yet in WAL, as a clinic being created
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO scratch VALUES (1)")
    finish = threading.Timer(0.5, writer.execute, args=("COMMIT",))
    finish.start()
    try:
        db = open_database(str(target))
    finally:
        finish.join()
        writer.close()
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert m.Chair.select().count() > 0
    db.close()


_OPENER = """
import sys
from frontdesk.data.database import open_database
open_database(sys.argv[1]).close()
"""


def test_two_workstations_updated_together_bring_the_schema_up_once(db_target: str, tmp_path: Path) -> None:
    """Both start on a database whose schema is behind (here: new) at the same moment: both open it,
    every step runs once, and the database gets one id."""
    import subprocess
    import sys

    from frontdesk.data import backup_repo
    from frontdesk.data.migrations import MIGRATIONS

    script = tmp_path / "opener.py"
    script.write_text(_OPENER)
    openers = [subprocess.Popen([sys.executable, str(script), db_target], stderr=subprocess.PIPE) for _ in range(2)]
    outcomes = [(opener.wait(timeout=120), opener.stderr.read().decode()[-400:]) for opener in openers]  # type: ignore[union-attr]
    assert outcomes == [(0, ""), (0, "")]
    db = open_database(db_target)
    assert migrate(db) == []
    assert sorted(row.number for row in m.SchemaMigration.select()) == sorted(n for n, _, _ in MIGRATIONS)
    assert m.Setting.select().where(m.Setting.key == backup_repo.DATABASE_ID_KEY).count() == 1
    assert len(backup_repo.database_id() or "") == 32
    db.close()
