"""Bookings that collide now although they were fine when booked: their type was made longer and
runs into the next booking in the chair, a block or a chair taken out of service covers them, or (an
esketamine block) the prescriber is away during it.
Bookings are never moved by this; the board marks them and the desk decides."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frontdesk.rules.spans import add_minutes, block_message, overlaps, present_end, span_text
from frontdesk.values import Appointment, BlockedTime, Chair


@dataclass(frozen=True)
class Collision:
    """One colliding booking: `other_id` is the booking it runs into, None for a block or a chair."""

    appointment_id: int
    other_id: int | None
    chair_name: str
    message: str


def collisions_among(held: Sequence[Appointment], blocks: Sequence[BlockedTime],
                     chairs: Iterable[Chair]) -> list[Collision]:
    """The collisions among one day's chair-holding appointments, given that day's blocks and the chairs."""
    by_id = {chair.id: chair for chair in chairs}
    return [*_longer_types(held), *_blocked(held, blocks, by_id)]


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
