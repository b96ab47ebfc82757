"""Bookings that collide now although they were fine when booked: their type was made longer and
runs into the next booking in the chair, a block or a chair taken out of service covers them, the
clinic's weekly hours no longer hold them, or (an esketamine block) the prescriber is away during it
or no longer on site by the weekly prescriber hours.
Bookings are never moved by this; the board marks them and the desk decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frontdesk.rules.spans import add_minutes, block_message, overlaps, present_end, span_text
from frontdesk.settings import ClinicProfile
from frontdesk.values import Appointment, BlockedTime, Chair


@dataclass(frozen=True)
class Collision:
    """One colliding booking: `other_id` is the booking it runs into, None for a block or a chair."""

    appointment_id: int
    other_id: int | None
    chair_name: str
    message: str


def collisions_among(held: Sequence[Appointment], blocks: Sequence[BlockedTime],
                     chairs: Iterable[Chair], profile: ClinicProfile | None = None,
                     now: dt.datetime | None = None) -> list[Collision]:
    """The collisions among one day's chair-holding appointments, given that day's blocks and the chairs
    (and, with `profile`, its weekly opening and prescriber hours for bookings still ahead of `now`:
    the hours changing never marks a day gone by)."""
    by_id = {chair.id: chair for chair in chairs}
    ahead = [a for a in held if now is None or a.start >= now]
    weekly = _outside_weekly_hours(ahead, profile) if profile is not None else []
    return [*_longer_types(held), *_blocked(held, blocks, by_id), *weekly]


def _outside_weekly_hours(held: Sequence[Appointment], profile: ClinicProfile) -> list[Collision]:
    """Bookings not yet begun that the weekly hours, changed since, no longer hold: a day now closed,
    a time now outside the opening hours, an esketamine block now outside the prescriber's hours."""
    found = []
    for a in held:
        if a.flow != "booked" or a.outcome is not None:
            continue
        day = a.start.date()
        why = _outside(a, profile.opening(day), f"The clinic is closed on {day:%A}s by its opening hours",
                       "Outside the opening hours ({span})")
        if why is None and a.type.kind == "esketamine":
            needs = "an esketamine block needs one on site throughout"
            why = _outside(a, _times(profile.prescriber_hours.get(day.weekday())),
                           f"No prescriber on site on {day:%A}s by the prescriber's hours: {needs}",
                           f"Outside the prescriber's hours ({{span}}): {needs}")
        if why is not None:
            found.append(Collision(a.id, None, a.chair_name or "", why))
    return found


def _times(hours: tuple[str, str] | None) -> tuple[dt.time, dt.time] | None:
    return (dt.time.fromisoformat(hours[0]), dt.time.fromisoformat(hours[1])) if hours else None


def _outside(a: Appointment, hours: tuple[dt.time, dt.time] | None, closed: str, outside: str) -> str | None:
    """`closed` when `hours` is None (no hours that day), `outside` (its {span} the day's hours) when the
    patient's time in the clinic does not fit in them; None when it does."""
    if hours is None:
        return closed
    opens, closes = (dt.datetime.combine(a.start.date(), moment, a.start.tzinfo) for moment in hours)
    if a.start < opens or present_end(a) > closes:
        return outside.format(span=f"{span_text(opens, closes)} on {a.start:%A}s")
    return None


def _longer_types(held: Sequence[Appointment]) -> list[Collision]:
    found = []
    for a in held:
        now_end = add_minutes(a.start, a.type.chair_minutes)
        for b in held:
            if b.id != a.id and a.chair_id is not None and b.chair_id == a.chair_id and a.start <= b.start \
                    and overlaps(a.start, now_end, b.start, b.end):
                found.append(Collision(a.id, b.id, a.chair_name or "", (
                    f"{a.chair_name}: {a.type.name} at {a.start:%H:%M} now runs to {now_end:%H:%M} "
                    f"and collides with the booking at {b.start:%H:%M}")))
    return found


def _blocked(held: Sequence[Appointment], blocks: Sequence[BlockedTime], chairs: dict[int, Chair]) -> list[Collision]:
    found = []
    for a in held:
        if a.flow != "booked":
            continue
        chair = chairs.get(a.chair_id) if a.chair_id is not None else None
        if chair is not None and not chair.in_service:
            found.append(Collision(a.id, None, chair.name, f"{chair.name} is out of service"))
            continue
        for block in blocks:
            if block.holds_chairs and (block.chair_id is None or block.chair_id == a.chair_id) and overlaps(
                    a.start, a.end, block.start, block.end):
                found.append(Collision(a.id, None, a.chair_name or "",
                                       block_message(block, a.chair_name if block.chair_id else None)))
                break
            if not block.holds_chairs and a.type.kind == "esketamine" and overlaps(
                    a.start, present_end(a), block.start, block.end):
                found.append(Collision(a.id, None, a.chair_name or "", prescriber_away_message(block)))
                break
    return found


def prescriber_away_message(block: BlockedTime) -> str:
    """Why an esketamine block may not run while the prescriber is away (REMS: one on site throughout)."""
    reason = f" ({block.reason})" if block.reason else ""
    return (f"The prescriber is away {span_text(block.start, block.end)}{reason}: an esketamine block needs "
            "one on site throughout")
