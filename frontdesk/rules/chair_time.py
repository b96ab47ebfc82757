"""Chair time: how long an appointment holds its chair, and the slots of a day's board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontdesk.values import AppointmentType


@dataclass(frozen=True)
class ChairTime:
    """The phases of one appointment, as wall-clock date-times."""

    start: dt.datetime
    treatment_start: dt.datetime
    recovery_start: dt.datetime
    recovery_end: dt.datetime
    end: dt.datetime  # after turnover: when the chair is free again


def chair_time(kind: AppointmentType, start: dt.datetime) -> ChairTime:
    """Phases of an appointment of `kind` whose chair time begins at `start`."""
    treatment_start = start + dt.timedelta(minutes=kind.prep_minutes)
    recovery_start = treatment_start + dt.timedelta(minutes=kind.treatment_minutes)
    recovery_end = recovery_start + dt.timedelta(minutes=kind.recovery_minutes)
    end = recovery_end + dt.timedelta(minutes=kind.turnover_minutes)
    return ChairTime(start, treatment_start, recovery_start, recovery_end, end)


def day_slots(opens: dt.time, closes: dt.time, slot_minutes: int) -> list[dt.time]:
    """Wall-clock start of each board row from opening to closing."""
    if slot_minutes <= 0:
        raise ValueError("slot size must be a positive number of minutes")
    day = dt.date(2000, 1, 3)
    current = dt.datetime.combine(day, opens)
    stop = dt.datetime.combine(day, closes)
    slots = []
    while current < stop:
        slots.append(current.time())
        current += dt.timedelta(minutes=slot_minutes)
    return slots
