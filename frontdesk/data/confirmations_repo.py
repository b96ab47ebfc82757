"""Confirmation calls: the desk's tries at reaching patients about their bookings (append-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data.prepared import as_datetime, rows_for_ids
from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.confirmations import Attempt


def add_attempt(appointment_id: int, for_start_utc: dt.datetime, user: str, method: str, outcome: str,
                note: str, *, at_utc: dt.datetime | None = None) -> None:
    """One attempt, made now unless told when (the demo's are dated earlier)."""
    when = {"at_utc": at_utc} if at_utc is not None else {}
    m.ContactAttempt.create(appointment=appointment_id, for_start_utc=for_start_utc, user=user, method=method,
                            outcome=outcome, note=note, **when)


def attempts_for(appointment_ids: Iterable[int], tz: dt.tzinfo) -> dict[int, list[Attempt]]:
    """Each appointment's attempts, oldest first, in clinic-local time (one prepared query over the index
    by appointment: the board asks on every day it shows; appointments nobody tried are left out)."""
    found: dict[int, list[Attempt]] = {}
    for appointment_id, at, user, method, outcome, for_start, note in rows_for_ids(
            "attempts for appointments", appointment_ids, _attempts_query):
        found.setdefault(int(appointment_id), []).append(
            Attempt(utc_to_local(as_datetime(at), tz), str(user), str(method), str(outcome),
                    utc_to_local(as_datetime(for_start), tz), str(note or "")))
    return found


def _attempts_query(ids: list[int]) -> pw.ModelSelect:
    c = m.ContactAttempt
    return (c.select(c.appointment, c.at_utc, c.user, c.method, c.outcome, c.for_start_utc, c.note)
            .where(c.appointment.in_(ids)).order_by(c.appointment, c.at_utc, c.id))
