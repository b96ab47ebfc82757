"""What the board flags on an appointment besides its flow step: late arrivals and overdue recovery.

Plain rules over plain values, so the board, the CLI and the tests agree on them.
"""

from __future__ import annotations

import datetime as dt

from frontdesk.rules.chair_time import chair_time
from frontdesk.values import Appointment

LATE = "late"
OVERDUE = "overdue"
COLLIDES = "collides"  # its type now takes longer and runs into the next booking in its chair


def recovery_due(appointment: Appointment, recovery_started: dt.datetime | None = None) -> dt.datetime:
    """When recovery should end: its recorded start plus the type's recovery time, else the plan."""
    if recovery_started is not None:
        return recovery_started + dt.timedelta(minutes=appointment.type.recovery_minutes)
    return chair_time(appointment.type, appointment.start).recovery_end


def alert(appointment: Appointment, now: dt.datetime, recovery_started: dt.datetime | None = None) -> str | None:
    """`late` when the patient has not arrived by the start, `overdue` when recovery runs past its end.

    The clock never frees a chair: an overdue patient keeps it until discharged.
    """
    if appointment.outcome is not None:
        return None
    if appointment.flow == "booked" and now >= appointment.start:
        return LATE
    if appointment.flow == "recovery" and now > recovery_due(appointment, recovery_started):
        return OVERDUE
    return None
