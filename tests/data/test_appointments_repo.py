"""Reading appointments: a day's window, read as the driver returns its rows, gives the values peewee's own
reading gives, on each backend."""

from __future__ import annotations

import peewee

from frontdesk.data import appointments_repo
from frontdesk.data import models as m
from frontdesk.rules.clock import day_bounds_utc
from tests.ui.board_helpers import DAY, known_day, load_profile


def test_a_days_appointments_read_as_plain_rows_equal_those_read_through_peewee(db: peewee.Database) -> None:
    rows = known_day()
    m.Patient.update(interpreter_needed=True, language="es").where(m.Patient.id == rows["ben"].patient_id).execute()
    tz = load_profile().tz
    start_utc, end_utc = day_bounds_utc(DAY, tz)
    window = appointments_repo.between(start_utc, end_utc, tz, include_released=True)
    assert len(window) == 4
    for appointment in window:
        assert appointment == appointments_repo.get(appointment.id, tz)  # get() reads through peewee
    ben = next(a for a in window if a.id == rows["ben"].id)
    assert ben.start.tzinfo is not None and ben.start.date() == DAY and ben.interpreter == "Spanish"
    assert ben.type.needs_chair is True and ben.chair_name == "Chair 3"
    office = next(a for a in window if a.id == rows["dee"].id)
    assert office.chair_id is None and office.chair_name is None and office.interpreter == ""
    assert office.type.needs_chair is False
