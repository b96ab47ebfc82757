"""The demo clinic looks like a real one: no patient sits in a chair twice on one day, no chair overlaps."""

from __future__ import annotations

import collections

import peewee

from frontdesk.data import models as m
from frontdesk.services.demo import build_demo


def test_no_patient_has_two_chair_sessions_on_one_day(sqlite_db: peewee.Database) -> None:
    build_demo(patients=40, days=21, seed=7)
    per_day = collections.Counter(
        (row.patient_id, row.start_utc.date())
        for row in m.Appointment.select().where(m.Appointment.chair.is_null(False) & m.Appointment.outcome.is_null()))
    assert per_day and max(per_day.values()) == 1
