"""A small known clinic day for the board's tests: who sits in which chair, when."""

from __future__ import annotations

import datetime as dt

from frontdesk.data import models as m
from frontdesk.data.clinic_repo import load_profile
from frontdesk.rules.clock import local_to_utc

DAY = dt.date(2026, 3, 4)  # a Wednesday: open 08:00–18:00


def local(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def patient(first: str, last: str) -> m.Patient:
    return m.Patient.create(chart_number=f"{first}-{last}", legal_first=first, legal_last=last)


def book(who: m.Patient, code: str, chair: str | None, start: dt.datetime, **extra: object) -> m.Appointment:
    """Write one appointment whose chair time is its type's, as the booking service would."""
    tz = load_profile().tz
    kind = m.AppointmentType.get(m.AppointmentType.code == code)
    minutes = kind.prep_minutes + kind.treatment_minutes + kind.recovery_minutes + kind.turnover_minutes
    return m.Appointment.create(
        patient=who, type=kind, chair=m.Chair.get(m.Chair.name == chair) if chair else None,
        start_utc=local_to_utc(start, tz), end_utc=local_to_utc(start + dt.timedelta(minutes=minutes), tz),
        **extra,
    )


def stamp(appointment: m.Appointment, step: str, at: dt.datetime, user: str = "desk") -> None:
    m.AppointmentEvent.create(appointment=appointment, kind=step, at_utc=local_to_utc(at, load_profile().tz),
                              user=user)


def known_day(day: dt.date = DAY) -> dict[str, m.Appointment]:
    """Ana (IV mood, Chair 1, 09:00, series 3 of 6), Ben (esketamine, Chair 3, 10:30, in chair),
    a cancelled booking in Chair 2 and a consultation in the office."""
    ana, ben, cy, dee = (patient("Ana", "Núñez"), patient("Ben", "Okafor"), patient("Cy", "Lund"),
                         patient("Dee", "Park"))
    series = m.Series.create(patient=ana, type=m.AppointmentType.get(m.AppointmentType.code == "iv_mood"),
                             planned_count=6)
    return {
        "ana": book(ana, "iv_mood", "Chair 1", local(9, day=day), series=series, series_index=3,
                    notes="Prefers the window chair"),
        "ben": book(ben, "esketamine", "Chair 3", local(10, 30, day=day), flow="in_chair"),
        "cy": book(cy, "iv_mood", "Chair 2", local(9, day=day), outcome="cancelled", cancelled_by="patient"),
        "dee": book(dee, "consult", None, local(11, day=day)),
    }


def last_wednesday() -> dt.date:
    """A weekday at least a week before the clinic's today (its appointments have taken place)."""
    back = dt.date.today() - dt.timedelta(days=8)
    return back - dt.timedelta(days=(back.weekday() - 2) % 7)


def next_wednesday() -> dt.date:
    """A weekday at least a week ahead of the clinic's today (bookings there are in the future)."""
    ahead = dt.date.today() + dt.timedelta(days=8)  # a day's margin for any time zone
    return ahead + dt.timedelta(days=(2 - ahead.weekday()) % 7)


def in_recovery_now() -> m.Appointment:
    """Ana, IV mood (30 minutes' recovery) in Chair 1, in recovery since a few minutes ago, today by the
    clinic's clock: her driver, Maria (sister), is owed a call."""
    from frontdesk.rules.clock import now_local

    now = now_local(load_profile().tz).replace(tzinfo=None)
    start = max(now - dt.timedelta(minutes=80), dt.datetime.combine(now.date(), dt.time(0, 1)))
    who = patient("Ana", "Núñez")
    m.Patient.update(driver_name="Maria Núñez", driver_relationship="sister",
                     driver_phone="+18285550150").where(m.Patient.id == who.id).execute()
    row = book(who, "iv_mood", "Chair 1", start, flow="recovery")
    stamp(row, "recovery", max(now - dt.timedelta(minutes=5), start))
    return row
