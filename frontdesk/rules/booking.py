"""Whether a booking may go where the desk wants it: hard conflicts and overridable soft limits.

Plain Python over plain values. Every date-time here is aware and in the clinic's time zone; lengths
are added through UTC so a daylight-saving day never stretches or shrinks a chair time.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from frontdesk.rules import board_state
from frontdesk.rules.collisions import prescriber_away_message
from frontdesk.rules.spans import add_minutes, block_message, overlaps, present_end, span_text
from frontdesk.settings import ClinicProfile
from frontdesk.values import Appointment, AppointmentType, BlockedTime, Chair

LATE_CANCEL_HOURS = 24
NO_CHAIR = "office"


class BookingConflict(Exception):  # noqa: N818 (the name the board and CLI use)
    """A hard rule refuses the booking; the message names what it collides with."""


class SoftLimitWarning(Exception):  # noqa: N818 (a warning the desk may override)
    """A soft limit would be passed; the desk may override it (the override is recorded)."""


@dataclass(frozen=True)
class Proposal:
    """A booking the desk wants to make (or an existing one moved)."""

    patient_id: int
    type: AppointmentType
    chair: Chair | None
    start: dt.datetime

    # Worked out once per proposal: the checks compare them with every other appointment of the day.
    @functools.cached_property
    def end(self) -> dt.datetime:
        return add_minutes(self.start, self.type.chair_minutes)

    @functools.cached_property
    def present_end(self) -> dt.datetime:
        """When the patient leaves: the chair time without turnover."""
        return add_minutes(self.start, self.type.chair_minutes - self.type.turnover_minutes)


@dataclass(frozen=True)
class Problem:
    hard: bool
    message: str


def holds_chair(a: Appointment) -> bool:
    return a.outcome in (None, "completed")


def by_day(appointments: Iterable[Appointment]) -> dict[dt.date, list[Appointment]]:
    """For each day, the appointments a booking starting that day could meet (it may run past midnight,
    one may have started the day before): what the checks need to see instead of a whole season's."""
    days: dict[dt.date, list[Appointment]] = {}
    for a in appointments:
        day = a.start.date() - dt.timedelta(days=1)
        while day <= a.end.date():
            days.setdefault(day, []).append(a)
            day += dt.timedelta(days=1)
    return days


def is_late_cancel(start: dt.datetime, now: dt.datetime) -> bool:
    """A cancellation within 24 hours of the start counts as late."""
    return start - now < dt.timedelta(hours=LATE_CANCEL_HOURS)


# --- the checks ---------------------------------------------------------------------------------


def check(p: Proposal, existing: Iterable[Appointment], blocks: Iterable[BlockedTime],
          profile: ClinicProfile, *, ignore_ids: Sequence[int] = (), now: dt.datetime | None = None) -> list[Problem]:
    """Every problem with `p`, hard ones first. `ignore_ids`: appointments being moved away; `now`, the
    clinic's clock, when where patients actually are counts (a patient still in the chair)."""
    return list(Checker(existing, blocks, profile, ignore_ids=ignore_ids, now=now).problems(p))


class Checker:
    """The rules over one set of bookings and blocks, made ready once for many proposals: finding an
    opening or planning a series asks about every start of a day in every chair, and most are taken.

    Each proposal is compared only with the bookings that can concern it (its chair's for the chair,
    its patient's for the patient), which are the ones the rules would pick out of the whole set."""

    def __init__(self, existing: Iterable[Appointment], blocks: Iterable[BlockedTime], profile: ClinicProfile, *,
                 ignore_ids: Sequence[int] = (), now: dt.datetime | None = None) -> None:
        self.others = [a for a in existing if holds_chair(a) and a.id not in ignore_ids]
        self.blocks = list(blocks)
        self.profile = profile
        self.now = now
        self._by_chair: dict[int | None, list[Appointment]] = {}
        self._by_patient: dict[int, list[Appointment]] = {}
        for a in self.others:
            self._by_chair.setdefault(a.chair_id, []).append(a)
            self._by_patient.setdefault(a.patient_id, []).append(a)

    def problems(self, p: Proposal) -> Iterator[Problem]:
        """`check`'s problems one at a time, hard ones first, each worked out only when asked for (the
        first one tells whether a slot is free)."""
        profile, others = self.profile, self.others
        chair_bookings = self._by_chair.get(p.chair.id, []) if p.chair is not None else []
        # Each rule yields its messages: none of it runs until the one before has said all it had.
        hard = (_hours(p, profile), _blocks(p, self.blocks), _chair(p, chair_bookings),
                _patient(p, self._by_patient.get(p.patient_id, [])))
        soft = (_second_treatment(p, self._by_patient.get(p.patient_id, [])), _still_here(p, chair_bookings, self.now),
                _starts(p, others, profile), _nurses(p, others, profile), _prescriber(p, profile, self.blocks))
        for messages in hard:
            yield from (Problem(True, message) for message in messages)
        for messages in soft:
            yield from (Problem(False, message) for message in messages)

    def allows(self, p: Proposal) -> bool:
        """Whether `p` has no problem at all, stopping at the first one found."""
        return next(self.problems(p), None) is None

    def chair_taken_until(self, p: Proposal) -> dt.datetime | None:
        """When the last of `p`'s chair's bookings in its way ends, or None if none is. Every later start
        before then runs into that booking too (it begins no earlier and lasts as long), so a search for a
        free start in this chair may go on from there."""
        if p.chair is None:
            return None
        return max((a.end for a in _in_its_chair(p, self._by_chair.get(p.chair.id, []))), default=None)


def raise_for(problems: Sequence[Problem], *, override: bool = False) -> list[str]:
    """Raise the first hard problem; raise the soft ones unless overridden; return the overridden ones."""
    for problem in problems:
        if problem.hard:
            raise BookingConflict(problem.message)
    soft = [p.message for p in problems if not p.hard]
    if soft and not override:
        raise SoftLimitWarning("; ".join(soft))
    return soft


def _hours(p: Proposal, profile: ClinicProfile) -> Iterator[str]:
    day = p.start.date()
    hours = profile.opening(day)
    if hours is None:
        yield f"The clinic is closed on {day:%A} {day.isoformat()}"
        return
    opens = _at(day, hours[0], p.start)
    closes = _at(day, hours[1], p.start)
    if p.start < opens or p.present_end > closes:
        yield (f"Outside opening hours ({span_text(opens, closes)} on {day:%A}): "
               f"{span_text(p.start, p.present_end)} does not fit")


def _at(day: dt.date, time: dt.time, like: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=like.tzinfo)


def _blocks(p: Proposal, blocks: Iterable[BlockedTime]) -> Iterator[str]:
    if p.chair is not None and not p.chair.in_service:
        yield f"{p.chair.name} is out of service"
    for block in blocks:
        if not block.holds_chairs:
            continue
        if block.chair_id is not None and (p.chair is None or block.chair_id != p.chair.id):
            continue
        if overlaps(p.start, p.end, block.start, block.end):
            yield block_message(block, p.chair.name if p.chair and block.chair_id else None)


def _chair(p: Proposal, others: Iterable[Appointment]) -> Iterator[str]:
    yield from (taken_message(a) for a in _in_its_chair(p, others))


def _in_its_chair(p: Proposal, others: Iterable[Appointment]) -> Iterator[Appointment]:
    """The bookings in `p`'s chair whose chair time overlaps its own."""
    if p.chair is None:
        return
    yield from (a for a in others if a.chair_id == p.chair.id and overlaps(p.start, p.end, a.start, a.end))


def taken_message(a: Appointment) -> str:
    """'Chair 3 is taken 10:15–11:45 by Ana Diaz, IV ketamine, mood'."""
    return f"{a.chair_name} is taken {span_text(a.start, a.end)} by {a.patient_name}, {a.type.name}"


def _patient(p: Proposal, others: Iterable[Appointment]) -> Iterator[str]:
    for a in others:
        if a.patient_id == p.patient_id and overlaps(p.start, p.present_end, a.start, present_end(a)):
            where = a.chair_name or NO_CHAIR
            yield f"The patient is already booked {span_text(a.start, present_end(a))} ({a.type.name}, {where})"


def _second_treatment(p: Proposal, patient_bookings: Iterable[Appointment]) -> Iterator[str]:
    """A second ketamine treatment for the patient on the same day (a consultation beside one is fine):
    a soft limit, for the clinician to decide, as a dose is never doubled by a booking slip."""
    if not _is_infusion(p.type):
        return
    for a in patient_bookings:
        if _is_infusion(a.type) and a.start.date() == p.start.date():
            yield (f"The patient already has a treatment that day: {a.type.name} {span_text(a.start, a.end)} "
                   f"({a.chair_name or NO_CHAIR}); a second one only on the clinician's word")


def _still_here(p: Proposal, chair_bookings: list[Appointment], now: dt.datetime | None) -> Iterator[str]:
    """The chair's patient before `p` is still there past their time (soon after now: a soft limit)."""
    if now is None or p.chair is None or p.start > now + board_state.STILL_HERE_HORIZON:
        return
    for a in chair_bookings:
        if a.start <= p.start and board_state.overstaying(a, now):
            yield board_state.still_here_message(a)


def _is_infusion(kind: AppointmentType) -> bool:
    return kind.needs_chair and kind.kind != "consult"


def _starts_a_line(kind: AppointmentType) -> bool:
    """An IV infusion, whose line the nurse starts: the staggering limit counts these (a nasal
    esketamine session needs no line; it counts toward the nurse's watch, not the starts)."""
    return kind.needs_chair and kind.kind in ("iv_mood", "iv_pain")


def _starts(p: Proposal, others: Iterable[Appointment], profile: ClinicProfile) -> Iterator[str]:
    """More IV starts than the limit within any `slot_minutes` (15) of each other, `p`'s among them:
    a rolling window, so 09:10, 09:14 and 09:20 count together although they straddle 09:15."""
    if not _starts_a_line(p.type) or profile.max_starts_per_slot <= 0:
        return
    window = dt.timedelta(minutes=max(1, profile.slot_minutes))
    near = sorted(a.start for a in others if _starts_a_line(a.type) and a.chair_id is not None
                  and abs(a.start - p.start) < window)
    if len(near) < profile.max_starts_per_slot:
        return
    starts = sorted([*near, p.start])
    # The windows that hold p's start begin at a start no later than it and less than a window before it.
    busiest = max(((first, sum(1 for t in starts if first <= t < first + window))
                   for first in starts if first <= p.start < first + window), key=lambda found: found[1])
    if busiest[1] > profile.max_starts_per_slot:
        yield (f"{busiest[1]} IV starts in {span_text(busiest[0], busiest[0] + window)} "
               f"(the limit is {profile.max_starts_per_slot})")


@functools.lru_cache(maxsize=4096)  # the same day's appointments are measured again for every proposal
def monitored_span(kind: AppointmentType, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """From the start of treatment to the end of recovery: when a nurse watches the patient."""
    begin = add_minutes(start, kind.prep_minutes)
    return begin, add_minutes(begin, kind.treatment_minutes + kind.recovery_minutes)


def _nurses(p: Proposal, others: Iterable[Appointment], profile: ClinicProfile) -> Iterator[str]:
    limit = profile.nurse_capacity * max(1, profile.nurses_on_duty)
    if not _is_infusion(p.type) or limit <= 0:
        return
    begin, end = monitored_span(p.type, p.start)
    spans = [monitored_span(a.type, a.start) for a in others if _is_infusion(a.type) and a.chair_id]
    spans = [(s, e) for s, e in spans if overlaps(begin, end, s, e)]
    peak = 1 + _peak_overlap(spans, begin, end)
    if peak > limit:
        yield f"{peak} patients monitored at once (nurse capacity {limit})"


def _peak_overlap(spans: list[tuple[dt.datetime, dt.datetime]], begin: dt.datetime, end: dt.datetime) -> int:
    edges = sorted([(max(s, begin), 1) for s, _ in spans] + [(min(e, end), -1) for _, e in spans],
                   key=lambda edge: (edge[0], edge[1]))
    peak = current = 0
    for _, step in edges:
        current += step
        peak = max(peak, current)
    return peak


def _prescriber(p: Proposal, profile: ClinicProfile, blocks: Iterable[BlockedTime] = ()) -> Iterator[str]:
    if p.type.kind != "esketamine":
        return
    for away in blocks:
        if not away.holds_chairs and overlaps(p.start, p.present_end, away.start, away.end):
            yield prescriber_away_message(away)
            return
    day = p.start.date()
    hours = profile.prescriber_hours.get(day.weekday())
    if hours:
        on_site = _at(day, dt.time.fromisoformat(hours[0]), p.start)
        leaves = _at(day, dt.time.fromisoformat(hours[1]), p.start)
        if on_site <= p.start and p.present_end <= leaves:
            return
    yield f"No prescriber on site for the whole esketamine block {span_text(p.start, p.present_end)}"
