"""Chair time = prep + treatment + recovery + turnover; slots; overlap edges."""

from __future__ import annotations

import datetime as dt

from frontdesk.rules.chair_time import chair_time, day_slots
from frontdesk.rules.spans import overlaps
from frontdesk.values import AppointmentType

IV_MOOD = AppointmentType(id=1, code="iv_mood", name="IV ketamine, mood", kind="iv_mood", prep_minutes=15,
                          treatment_minutes=40, recovery_minutes=30, turnover_minutes=15, needs_chair=True)


def test_iv_mood_holds_the_chair_for_100_minutes() -> None:
    phases = chair_time(IV_MOOD, dt.datetime(2026, 3, 2, 9, 0))
    assert IV_MOOD.chair_minutes == 100
    assert (phases.treatment_start.time(), phases.recovery_start.time()) == (dt.time(9, 15), dt.time(9, 55))
    assert (phases.recovery_end.time(), phases.end.time()) == (dt.time(10, 25), dt.time(10, 40))


def test_touching_intervals_do_not_overlap() -> None:
    nine, ten, eleven = (dt.datetime(2026, 3, 2, h) for h in (9, 10, 11))
    assert not overlaps(nine, ten, ten, eleven)
    assert overlaps(nine, ten + dt.timedelta(minutes=1), ten, eleven)


def test_slots_cover_opening_hours_in_quarter_hours() -> None:
    slots = day_slots(dt.time(8), dt.time(18), 15)
    assert (len(slots), slots[0], slots[-1]) == (40, dt.time(8), dt.time(17, 45))
