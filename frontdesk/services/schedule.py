"""Reading the day's chair board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontdesk import values
from frontdesk.data import appointments_repo, clinic_repo
from frontdesk.rules.chair_time import day_slots
from frontdesk.rules.clock import day_bounds_utc
from frontdesk.settings import ClinicProfile


@dataclass(frozen=True)
class DayBoard:
    """Everything the board shows for one day, computed once."""

    day: dt.date
    chairs: list[values.Chair]
    slots: list[dt.datetime]  # aware local start of each row
    slot_minutes: int
    appointments: list[values.Appointment]  # chair and office appointments, in start order
    is_open: bool

    def in_chair(self, chair_id: int) -> list[values.Appointment]:
        return [a for a in self.appointments if a.chair_id == chair_id]

    @property
    def office(self) -> list[values.Appointment]:
        """Appointments that need no chair (consultations)."""
        return [a for a in self.appointments if a.chair_id is None]


def load_day(day: dt.date, profile: ClinicProfile | None = None) -> DayBoard:
    """The board for `day`: chairs, rows over opening hours, the appointments holding a chair."""
    profile = profile or clinic_repo.load_profile()
    tz = profile.tz
    start_utc, end_utc = day_bounds_utc(day, tz)
    appointments = appointments_repo.between(start_utc, end_utc, tz)
    return DayBoard(
        day=day,
        chairs=clinic_repo.chairs(),
        slots=_slots(day, profile, appointments),
        slot_minutes=profile.slot_minutes,
        appointments=appointments,
        is_open=profile.opening(day) is not None,
    )


def _slots(day: dt.date, profile: ClinicProfile, appointments: list[values.Appointment]) -> list[dt.datetime]:
    """Rows over opening hours, widened to show any appointment that lies outside them."""
    hours = profile.opening(day) or (dt.time(8), dt.time(17))
    opens, closes = hours
    if appointments:
        opens = min(opens, min(a.start for a in appointments).time().replace(minute=0))
        last_end = max(a.end for a in appointments)
        closes = dt.time(23, 59) if last_end.date() > day else max(closes, last_end.time())
    tz = profile.tz
    return [dt.datetime.combine(day, t, tzinfo=tz) for t in day_slots(opens, closes, profile.slot_minutes)]
