"""The booking write lock really excludes a second writer, on each backend."""

from __future__ import annotations

import sqlite3

import peewee

from frontdesk.data import booking_repo
from frontdesk.data.database import connect, is_sqlite


def test_write_lock_excludes_a_second_writer(db: peewee.Database, db_target: str) -> None:
    with booking_repo.write_lock():
        if is_sqlite(db):
            other = sqlite3.connect(db_target, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                raise AssertionError("a second writer got in")
            except sqlite3.OperationalError as exc:
                assert "locked" in str(exc)
            finally:
                other.close()
        else:
            other_db = connect(db_target)
            try:
                got = other_db.execute_sql("SELECT pg_try_advisory_lock(%s)", (booking_repo._ADVISORY_KEY,))
                assert got.fetchone()[0] is False
            finally:
                other_db.close()


def test_find_type_and_chair_by_name_code_or_id(db: peewee.Database) -> None:
    mood = booking_repo.find_type("IV ketamine, mood")
    assert mood is not None
    assert booking_repo.find_type("iv_mood") == mood == booking_repo.find_type(str(mood.id))
    assert booking_repo.find_type("ip ketamine") is None
    chair3 = booking_repo.find_chair("chair 3")
    assert chair3 is not None and chair3.name == "Chair 3"
    assert booking_repo.find_chair("Chair 9") is None


def test_an_appointment_longer_than_a_day_is_refused_and_nothing_written(db: peewee.Database) -> None:
    """Reads rely on it (appointments_repo.LONGEST_APPOINTMENT): office rows too, which no trigger guards."""
    import datetime as dt

    import pytest

    from frontdesk.data import models as m

    patient = m.Patient.create(chart_number="C-1", legal_first="Ana", legal_last="Diaz").id
    consult = booking_repo.find_type("consult")
    assert consult is not None
    start = dt.datetime(2026, 3, 2, 15)
    with pytest.raises(ValueError, match="appointment: longer than a day"):
        booking_repo.insert_appointment(patient_id=patient, type_id=consult.id, chair_id=None, start_utc=start,
                                        end_utc=start + dt.timedelta(days=1, minutes=1), created_by="desk1")
    assert m.Appointment.select().count() == 0
    booked = booking_repo.insert_appointment(patient_id=patient, type_id=consult.id, chair_id=None,
                                             start_utc=start, end_utc=start + dt.timedelta(hours=1),
                                             created_by="desk1")
    with pytest.raises(ValueError, match="appointment: longer than a day"):
        booking_repo.move_appointment(booked, chair_id=None, start_utc=start, end_utc=start + dt.timedelta(days=2))
    assert m.Appointment.get_by_id(booked).end_utc == start + dt.timedelta(hours=1)
