"""Reading the day's chair board, and the few clinic facts the board's window shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from frontdesk import values
from frontdesk.data import appointments_repo, board_repo, clinic_repo, confirmations_repo
from frontdesk.rules import board_state, collisions
from frontdesk.rules.chair_time import day_slots
from frontdesk.rules.clock import day_bounds_utc, now_local
from frontdesk.rules.confirmations import standing
from frontdesk.rules.day_board import DayBoard
from frontdesk.services.attention import with_attention
from frontdesk.settings import ClinicProfile
from frontdesk.values import BlockedTime, FlowStamp

# The board's values (DayBoard, phases, the status labels) live in rules.day_board: the window imports
# them without the data layer.
__all__ = ["clinic_now", "clinic_profile", "database_label", "load_day", "next_open_day"]


def load_day(day: dt.date, profile: ClinicProfile | None = None, now: dt.datetime | None = None) -> DayBoard:
    """The board for `day`: chairs, rows over opening hours, the appointments holding a chair."""
    profile = profile or clinic_repo.load_profile()
    tz = profile.tz
    now = now or now_local(tz)
    start_utc, end_utc = day_bounds_utc(day, tz)
    appointments = _with_confirmations(with_attention(appointments_repo.between(start_utc, end_utc, tz), profile), tz)
    stamps = board_repo.flow_stamps((a.id for a in appointments), tz)
    appointments = _with_pickups(appointments, now, stamps)
    alerts = _alerts(appointments, stamps, now)
    chairs = clinic_repo.chairs()
    blocks = board_repo.blocks_between(start_utc, end_utc, tz)
    warnings = _collisions(appointments, blocks, chairs, profile, now)
    alerts.update({appointment_id: board_state.COLLIDES for appointment_id in warnings})
    for appointment_id, why in board_state.chair_not_free_yet(appointments, now).items():
        alerts.setdefault(appointment_id, board_state.CHAIR_BUSY)  # "late" says more: the patient is not here
        warnings.setdefault(appointment_id, why)
    hours = profile.opening(day)
    return DayBoard(
        day=day,
        chairs=chairs,
        slots=_slots(day, profile, appointments),
        slot_minutes=profile.slot_minutes,
        appointments=appointments,
        is_open=hours is not None and not _closed_throughout(blocks, day, hours, tz),  # a holiday is closed too
        hours=hours,
        now=now,
        alerts=alerts,
        warnings=warnings,
        stamps=stamps,
        blocks=blocks,
        arrival_lead_minutes=profile.arrival_lead_minutes,
    )


LOOK_AHEAD_DAYS = 7  # the next open day is looked for this far


def next_open_day(after: dt.date, profile: ClinicProfile | None = None) -> dt.date:
    """The clinic's first open day after `after`: opening hours neither off nor covered by a
    whole-clinic closure (a holiday); the day after where the week ahead has none."""
    profile = profile or clinic_repo.load_profile()
    for ahead in range(1, LOOK_AHEAD_DAYS + 1):
        day = after + dt.timedelta(days=ahead)
        hours = profile.opening(day)
        if hours is not None and not _closed_all_day(day, hours, profile.tz):
            return day
    return after + dt.timedelta(days=1)


def next_bookable_start(profile: ClinicProfile | None = None, now: dt.datetime | None = None) -> dt.datetime:
    """Where a booking with no time picked starts (naive clinic-local): the next slot from now while
    the clinic is open today, its opening time later today, else the next open day's opening time (at
    04:30, or on a Saturday afternoon, "now" is a time nobody can book)."""
    profile = profile or clinic_repo.load_profile()
    now = (now or now_local(profile.tz)).replace(second=0, microsecond=0, tzinfo=None)
    step = max(1, profile.slot_minutes)
    slot = now + dt.timedelta(minutes=(step - now.minute % step) % step or step)
    hours = profile.opening(slot.date())
    if hours is not None and slot.time() < hours[1] and not _closed_all_day(slot.date(), hours, profile.tz):
        return max(slot, dt.datetime.combine(slot.date(), hours[0]))
    day = next_open_day(slot.date(), profile)
    hours = profile.opening(day)
    return dt.datetime.combine(day, hours[0]) if hours is not None else slot


def _closed_all_day(day: dt.date, hours: tuple[dt.time, dt.time], tz: ZoneInfo) -> bool:
    return _closed_throughout(board_repo.blocks_between(*day_bounds_utc(day, tz), tz), day, hours, tz)


def _closed_throughout(blocks: list[BlockedTime], day: dt.date, hours: tuple[dt.time, dt.time], tz: ZoneInfo) -> bool:
    """Whether whole-clinic blocks (a holiday, say) cover the day's opening hours."""
    from frontdesk.rules.spans import clinic_closed_throughout

    opens, closes = (dt.datetime.combine(day, moment, tz) for moment in hours)
    return clinic_closed_throughout(blocks, opens, closes)


def clinic_profile() -> ClinicProfile:
    return clinic_repo.load_profile()


def clinic_now(profile: ClinicProfile) -> dt.datetime:
    """The clinic's wall-clock time now (aware)."""
    return now_local(profile.tz)


def database_label() -> str:
    """The database in use, without any password (for the status bar)."""
    from frontdesk.data.database import database_proxy, describe

    return describe(database_proxy.obj)


def _collisions(appointments: list[values.Appointment], blocks: list[BlockedTime],
                chairs: list[values.Chair], profile: ClinicProfile, now: dt.datetime) -> dict[int, str]:
    """Bookings that now run into the next one in their chair, that a block or a chair out of service
    covers, or that the weekly hours no longer hold."""
    found: dict[int, str] = {}
    for collision in collisions.collisions_among(appointments, blocks, chairs, profile, now):
        found.setdefault(collision.appointment_id, collision.message)
    return found


def _with_confirmations(appointments: list[values.Appointment], tz: ZoneInfo) -> list[values.Appointment]:
    """The bookings not yet begun whose patient confirmed their time (the board's "Confirmed" pill)."""
    waiting = {a.id: a for a in appointments if a.flow == "booked" and a.outcome is None}
    attempts = confirmations_repo.attempts_for(waiting, tz)
    confirmed = {i for i, tries in attempts.items() if standing(tries, waiting[i].start).confirmed}
    return [replace(a, confirmed=True) if a.id in confirmed else a for a in appointments]


def _with_pickups(appointments: list[values.Appointment], now: dt.datetime,
                  stamps: dict[int, list[FlowStamp]]) -> list[values.Appointment]:
    """Patients in recovery, with where the call to their driver stands (the board's "Call driver" pill).
    Nothing is read on a day nobody is in recovery."""
    if not any(a.flow == "recovery" and a.outcome is None and a.start.date() == now.date() for a in appointments):
        return appointments  # only today's: the pick-ups list is today's, and a day gone has nobody to fetch
    from frontdesk.services.pickups import states_for

    states = states_for(appointments, now, stamps)
    return [replace(a, pickup=states[a.id]) if a.id in states else a for a in appointments]


def _alerts(appointments: list[values.Appointment], stamps: dict[int, list[FlowStamp]],
            now: dt.datetime) -> dict[int, str]:
    alerts = {}
    for a in appointments:
        recovery = next((s.at for s in reversed(stamps.get(a.id, [])) if s.step == "recovery"), None)
        found = board_state.alert(a, now, recovery)
        if found:
            alerts[a.id] = found
    return alerts


def _slots(day: dt.date, profile: ClinicProfile, appointments: list[values.Appointment]) -> list[dt.datetime]:
    """Rows over opening hours, widened to show any appointment that lies outside them."""
    hours = profile.opening(day) or (dt.time(8), dt.time(17))
    opens, closes = hours
    if appointments:
        opens = min(opens, min(a.start for a in appointments).time().replace(minute=0))
        last_end = max(a.end for a in appointments)
        closes = dt.time(23, 59) if last_end.date() > day else max(closes, last_end.time())
    tz = profile.tz
    return [dt.datetime.combine(day, t, tzinfo=tz) for t in day_slots(opens, closes, profile.slot_minutes)]

