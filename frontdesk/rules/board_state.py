"""What the board flags on an appointment besides its flow step: late arrivals and overdue recovery.

Plain rules over plain values, so the board, the CLI and the tests agree on them.
"""

from __future__ import annotations

import datetime as dt

from frontdesk.rules.chair_time import chair_time
from frontdesk.rules.day_of import is_under_way
from frontdesk.rules.spans import present_end
from frontdesk.values import Appointment

LATE = "late"
OVERDUE = "overdue"
COLLIDES = "collides"  # its type now takes longer and runs into the next booking in its chair
CHAIR_BUSY = "chair_busy"  # the patient before it in its chair is still there past their time


def recovery_due(appointment: Appointment, recovery_started: dt.datetime | None = None) -> dt.datetime:
    """When recovery should end: its recorded start plus the type's recovery time, else the plan."""
    if recovery_started is not None:
        return recovery_started + dt.timedelta(minutes=appointment.type.recovery_minutes)
    return chair_time(appointment.type, appointment.start).recovery_end


STILL_HERE_HORIZON = dt.timedelta(hours=2)  # a booking further ahead is not warned about: they will have left
_FLOW_WORDS = {"arrived": "arrived", "in_chair": "in the chair", "recovery": "in recovery"}


def overstaying(appointment: Appointment, now: dt.datetime) -> bool:
    """The patient is still here (arrived, in the chair, in recovery) after they were to leave the chair."""
    return is_under_way(appointment.flow, appointment.outcome) and now >= present_end(appointment)


def still_here_message(appointment: Appointment) -> str:
    return (f"{appointment.chair_name} still has {appointment.patient_name} "
            f"({_FLOW_WORDS.get(appointment.flow, appointment.flow)}, due out at {present_end(appointment):%H:%M}): "
            "the chair is not free yet")


NOT_SEATED = ("booked", "arrived")
SEATED = ("in_chair", "recovery")  # the flow steps in which a patient sits in the chair


def chair_occupant(appointments: list[Appointment], seating: Appointment) -> Appointment | None:
    """Another patient sitting in the chair `seating` is about to take (in the chair or in recovery),
    whatever the clock says: the one to move before seating the next, or to seat the next elsewhere."""
    if seating.chair_id is None:
        return None
    return next((a for a in appointments if a.chair_id == seating.chair_id and a.id != seating.id
                 and a.outcome is None and a.flow in SEATED), None)


def chair_not_free_yet(appointments: list[Appointment], now: dt.datetime) -> dict[int, str]:
    """The next booking (not yet seated: booked, or arrived and waiting) in each chair whose patient before
    it is still there past their time, within STILL_HERE_HORIZON of now: appointment id -> why. The clock
    never frees a chair."""
    found: dict[int, str] = {}
    for staying in (a for a in appointments if a.chair_id is not None and overstaying(a, now)):
        after = [a for a in appointments if a.chair_id == staying.chair_id and a.start >= staying.start
                 and a.id != staying.id and a.outcome is None and a.flow in NOT_SEATED]
        following = min(after, key=lambda a: a.start, default=None)
        if following is not None and following.start <= now + STILL_HERE_HORIZON:
            found[following.id] = still_here_message(staying)
    return found


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
