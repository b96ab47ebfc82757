"""Calls to patients' drivers (append-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from frontdesk.data import models as m
from frontdesk.data.prepared import as_datetime
from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.pickup import PickupCall


def add_call(appointment_id: int, user: str, outcome: str, note: str, *, ready_utc: dt.datetime | None = None,
             at_utc: dt.datetime | None = None) -> None:
    """One call, made now unless told when (the demo's are dated earlier); `ready_utc`: the ready time
    the driver was given."""
    when = {"at_utc": at_utc} if at_utc is not None else {}
    m.PickupCall.create(appointment=appointment_id, user=user, outcome=outcome, note=note, ready_utc=ready_utc,
                        **when)


def calls_for(appointment_ids: Iterable[int], tz: dt.tzinfo) -> dict[int, list[PickupCall]]:
    """Each appointment's driver calls, oldest first, clinic-local (one query; none called, left out)."""
    ids = sorted(set(appointment_ids))
    if not ids:
        return {}
    c = m.PickupCall
    query = (c.select(c.appointment, c.at_utc, c.user, c.outcome, c.note, c.ready_utc)
             .where(c.appointment.in_(ids)).order_by(c.appointment, c.at_utc, c.id).tuples())
    found: dict[int, list[PickupCall]] = {}
    for appointment_id, at, user, outcome, note, ready in query:
        found.setdefault(int(appointment_id), []).append(
            PickupCall(utc_to_local(as_datetime(at), tz), str(user), str(outcome), str(note or ""),
                       utc_to_local(as_datetime(ready), tz) if ready is not None else None))
    return found
