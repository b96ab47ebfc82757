"""Find the first free chair times for a type: what "find next available" shows."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from frontdesk.rules.booking import Checker, Proposal
from frontdesk.rules.spans import add_minutes
from frontdesk.settings import ClinicProfile
from frontdesk.values import Appointment, AppointmentType, BlockedTime, Chair

NOBODY = -1  # patient id for a search that is not yet for one patient


@dataclass(frozen=True)
class Opening:
    """A start at which a type can be booked without conflict or override."""

    start: dt.datetime
    end: dt.datetime
    chair_id: int | None
    chair_name: str | None
    type_id: int
    type_name: str


TimeFilter = Callable[[dt.time], bool]


def time_of_day_filter(name: str | None) -> TimeFilter:
    """'morning' (before noon), 'afternoon' (noon or later), 'HH:MM-HH:MM', or anything (None)."""
    if not name or name == "any":
        return lambda t: True
    if name == "morning":
        return lambda t: t < dt.time(12)
    if name == "afternoon":
        return lambda t: t >= dt.time(12)
    try:
        first, last = (dt.time.fromisoformat(part.strip()) for part in name.split("-", 1))
    except ValueError:
        raise ValueError(f"time of day: {name!r} is not morning, afternoon or HH:MM-HH:MM") from None
    return lambda t: first <= t < last


def starts_of_day(day: dt.date, profile: ClinicProfile, tz: dt.tzinfo) -> list[dt.datetime]:
    hours = profile.opening(day)
    if hours is None:
        return []
    current = dt.datetime.combine(day, hours[0], tzinfo=tz)
    closes = dt.datetime.combine(day, hours[1], tzinfo=tz)
    out = []
    while current < closes:
        out.append(current)
        current = add_minutes(current, max(1, profile.slot_minutes))
    return out


def day_openings(day: dt.date, kind: AppointmentType, chairs: Sequence[Chair], existing: Sequence[Appointment],
                 blocks: Sequence[BlockedTime], profile: ClinicProfile, *, patient_id: int = NOBODY,
                 wanted: TimeFilter | None = None, per_day: int | None = 3) -> list[Opening]:
    """The earliest free start in each chair on `day` (earliest first), at most `per_day` of them (None: every
    chair's)."""
    candidates = [c for c in chairs if c.in_service] if kind.needs_chair else [None]
    starts = [s for s in starts_of_day(day, profile, profile.tz) if not wanted or wanted(s.time())]
    rules = Checker(existing, blocks, profile)
    found: list[Opening] = []
    for chair in candidates:
        index = 0
        while index < len(starts):
            proposal = Proposal(patient_id, kind, chair, starts[index])
            if rules.allows(proposal):
                found.append(Opening(proposal.start, proposal.end, chair.id if chair else None,
                                     chair.name if chair else None, kind.id, kind.name))
                break
            # A booked chair stays taken until its booking ends: the starts before that need no asking.
            taken_until = rules.chair_taken_until(proposal)
            index = bisect_left(starts, taken_until, lo=index + 1) if taken_until else index + 1
    order = {c.id: i for i, c in enumerate(chairs)}
    found.sort(key=lambda o: (o.start, order.get(o.chair_id or 0, 0)))
    return found[:per_day]
