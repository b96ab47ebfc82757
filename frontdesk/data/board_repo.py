"""What the chair board reads besides the appointments: flow time stamps and blocked time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from frontdesk.data import models as m
from frontdesk.rules.clock import utc_to_local
from frontdesk.values import FLOW_STEPS


@dataclass(frozen=True)
class FlowStamp:
    """One day-of step of an appointment: which step, when (clinic-local) and by whom."""

    step: str
    at: dt.datetime
    user: str


@dataclass(frozen=True)
class BlockedTime:
    """Time nobody can book: one chair (chair_id set) or the whole clinic (chair_id None)."""

    chair_id: int | None
    start: dt.datetime
    end: dt.datetime
    kind: str  # out_of_service | closed | lunch
    reason: str


def flow_stamps(appointment_ids: Iterable[int], tz: ZoneInfo) -> dict[int, list[FlowStamp]]:
    """The recorded flow steps of the given appointments, oldest first, in one query."""
    ids = list(appointment_ids)
    if not ids:
        return {}
    query = (m.AppointmentEvent.select()
             .where(m.AppointmentEvent.appointment.in_(ids) & m.AppointmentEvent.kind.in_(FLOW_STEPS))
             .order_by(m.AppointmentEvent.at_utc, m.AppointmentEvent.id))
    stamps: dict[int, list[FlowStamp]] = {}
    for row in query:
        stamp = FlowStamp(step=row.kind, at=utc_to_local(row.at_utc, tz), user=row.user)
        stamps.setdefault(row.appointment_id, []).append(stamp)
    return stamps


def blocks_between(start_utc: dt.datetime, end_utc: dt.datetime, tz: ZoneInfo) -> list[BlockedTime]:
    """Blocks touching [start_utc, end_utc), in start order."""
    query = (m.Block.select()
             .where((m.Block.start_utc < end_utc) & (m.Block.end_utc > start_utc))
             .order_by(m.Block.start_utc, m.Block.id))
    return [BlockedTime(chair_id=row.chair_id, start=utc_to_local(row.start_utc, tz),
                        end=utc_to_local(row.end_utc, tz), kind=row.kind, reason=row.reason)
            for row in query]
