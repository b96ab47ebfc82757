"""ChangeWatcher: which areas changed since the last look, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import peewee

from frontdesk.data import models as m
from frontdesk.services.changes import AREAS, ChangeWatcher


def test_areas_are_the_screens_names() -> None:
    assert {"schedule", "patients", "flags", "intake"} == AREAS


def test_nothing_changed_means_an_empty_answer(db: peewee.Database) -> None:
    watcher = ChangeWatcher()
    watcher.start()
    assert watcher.wait(timeout=0.3) == frozenset()
    assert watcher.online
    watcher.close()


def test_a_booking_made_elsewhere_is_a_schedule_change(db: peewee.Database) -> None:
    watcher = ChangeWatcher()
    watcher.start()
    patient = m.Patient.create(chart_number="C1", legal_first="Ana", legal_last="Núñez")
    assert "patients" in watcher.wait(timeout=5)
    start = dt.datetime(2030, 3, 4, 14)
    m.Appointment.create(patient=patient, type=m.AppointmentType.get(m.AppointmentType.code == "iv_mood"),
                         chair=m.Chair.get(m.Chair.name == "Chair 1"), start_utc=start,
                         end_utc=start + dt.timedelta(minutes=100))
    assert "schedule" in watcher.wait(timeout=5)
    watcher.close()


def test_changes_before_start_are_not_reported(db: peewee.Database) -> None:
    m.Patient.create(chart_number="C1", legal_first="Ana", legal_last="Núñez")
    watcher = ChangeWatcher()
    watcher.start()
    assert watcher.wait(timeout=0.3) == frozenset()
    watcher.close()
