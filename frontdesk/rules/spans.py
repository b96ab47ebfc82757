"""Spans of clinic time: adding minutes across a daylight-saving change, whether two spans overlap,
and how a blocked span reads. Shared by the booking rules and the board's collision check."""

from __future__ import annotations

import datetime as dt

from frontdesk.values import Appointment, BlockedTime


def add_minutes(moment: dt.datetime, minutes: int) -> dt.datetime:
    """`moment` plus elapsed minutes, in `moment`'s zone (through UTC, right across DST changes)."""
    if moment.tzinfo is None:
        return moment + dt.timedelta(minutes=minutes)
    utc = moment.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)
    return utc.astimezone(moment.tzinfo)


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Half-open spans overlap; one ending exactly when the other starts (touching) does not."""
    return a_start < b_end and b_start < a_end


def span_text(start: dt.datetime, end: dt.datetime) -> str:
    """"09:00–10:40". By hand, not strftime (which imports a module on every call): finding an opening
    words the first problem of each of thousands of candidate slots."""
    return f"{start.hour:02d}:{start.minute:02d}–{end.hour:02d}:{end.minute:02d}"


def block_message(block: BlockedTime, chair_name: str | None) -> str:
    what = {"out_of_service": "out of service", "lunch": "closed for lunch"}.get(block.kind, "closed")
    who = chair_name or "The clinic"
    reason = f" ({block.reason})" if block.reason else ""
    if block.start.date() != block.end.date():
        return f"{who} is {what} {block.start:%a %d %b %H:%M}–{block.end:%a %d %b %H:%M}{reason}"
    return f"{who} is {what} {span_text(block.start, block.end)}{reason}"


def present_end(a: Appointment) -> dt.datetime:
    """When a booked patient leaves the chair (stored chair time minus the type's turnover)."""
    return max(a.start, min(a.end, add_minutes(a.end, -a.type.turnover_minutes)))


def clinic_closed_throughout(blocks: list[BlockedTime], start: dt.datetime, end: dt.datetime) -> bool:
    """Whether a whole-clinic closure (a holiday; not a prescriber's absence) covers all of [start, end)."""
    return any(block.chair_id is None and block.holds_chairs and block.start <= start and end <= block.end
               for block in blocks)
