"""What the chair board reads besides the appointments: flow time stamps and blocked time (which booking
checks and the settings list read too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from frontdesk.data import models as m
from frontdesk.data import prepared
from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.day_of import UNDONE, drop_undone, undone_event
from frontdesk.values import FLOW_STEPS, BlockedTime, FlowStamp


def flow_stamps(appointment_ids: Iterable[int], tz: ZoneInfo) -> dict[int, list[FlowStamp]]:
    """The recorded flow steps of the given appointments still standing (a step the desk took back is
    left out), oldest first, in one query."""
    ids = prepared.padded(list(appointment_ids))
    if not ids:
        return {}
    steps = [*FLOW_STEPS, *(undone_event(step) for step in FLOW_STEPS)]
    stamps: dict[int, list[FlowStamp]] = {}
    rows = prepared.run(("flow stamps", len(ids)), [*ids, *steps], _stamps_query, ids, steps)
    for appointment_id, kind, at_utc, user in rows:
        stamps.setdefault(appointment_id, []).append(FlowStamp(step=kind, at=utc_to_local(at_utc, tz), user=user))
    for appointment_id, logged in stamps.items():
        if any(stamp.step.startswith(UNDONE) for stamp in logged):
            stamps[appointment_id] = drop_undone(logged, lambda stamp: stamp.step)
    return stamps


def _stamps_query(ids: list[int], steps: list[str]) -> Any:
    e = m.AppointmentEvent
    return (e.select(e.appointment, e.kind, e.at_utc, e.user)
            .where(e.appointment.in_(ids) & e.kind.in_(steps)).order_by(e.at_utc, e.id).tuples())


def blocks_between(start_utc: dt.datetime, end_utc: dt.datetime, tz: ZoneInfo) -> list[BlockedTime]:
    """Blocks touching [start_utc, end_utc), in start order (the board, booking checks, the settings list)."""
    rows = prepared.run("blocks between", [end_utc, start_utc], _blocks_query, start_utc, end_utc)
    return [BlockedTime(id=block_id, chair_id=chair_id, start=utc_to_local(start, tz), end=utc_to_local(end, tz),
                        kind=kind, reason=reason)
            for block_id, chair_id, start, end, kind, reason in rows]


def _blocks_query(start_utc: dt.datetime, end_utc: dt.datetime) -> Any:
    b = m.Block
    return (b.select(b.id, b.chair, b.start_utc, b.end_utc, b.kind, b.reason)
            .where((b.start_utc < end_utc) & (b.end_utc > start_utc)).order_by(b.start_utc, b.id).tuples())
