"""Planning a treatment series: N sessions, spacing, at most K a week, preferred time and chair.

The plan is a preview: each session says where it would go, whether the wanted slot was taken
(and by what) and which alternatives exist. Nothing here writes; the service books the plan the
desk accepted, all sessions in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from frontdesk.rules.booking import Problem
from frontdesk.settings import ClinicProfile
from frontdesk.values import Appointment, AppointmentType, Chair

# Problems of putting the series' type at (chair, start), hard ones first; none when the slot is free.
# Only the first is read: a lazy iterable (rules.booking.Checker.problems) works out no more than that.
SlotCheck = Callable[[Chair | None, dt.datetime], Iterable[Problem]]
# When the bookings of the chair in the way of (chair, start) end (rules.booking.Checker.chair_taken_until),
# None if none is: every later start of that chair before then is taken too, so it need not be asked about.
TakenUntil = Callable[[Chair | None, dt.datetime], dt.datetime | None]


@dataclass(frozen=True)
class SeriesRequest:
    type: AppointmentType
    count: int
    first_day: dt.date
    preferred_time: dt.time
    min_days: int = 2
    max_per_week: int | None = None
    chair: Chair | None = None  # preferred chair; None: the first that fits, then keep it
    weekdays: frozenset[int] | None = None  # 0 = Monday; None: any day the clinic is open
    horizon_days: int = 90

    def validate(self) -> None:
        if not 1 <= self.count <= 40:
            raise ValueError("sessions: give a number from 1 to 40")
        if self.min_days < 1:
            raise ValueError("days between: at least 1")
        if self.max_per_week is not None and not 1 <= self.max_per_week <= 7:
            raise ValueError("a week: give a number from 1 to 7")


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    chair: Chair | None

    @property
    def chair_name(self) -> str:
        return self.chair.name if self.chair else "office"


@dataclass(frozen=True)
class PlannedSession:
    """One proposed session: the slot chosen, what blocked the wanted one, and other free slots."""

    index: int
    count: int
    wanted: Slot | None
    slot: Slot | None  # None: nothing free within the horizon
    conflict: str = ""  # why the wanted slot could not be used
    alternatives: tuple[Slot, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"{self.index} of {self.count}"


def iso_week(day: dt.date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def plan_series(request: SeriesRequest, chairs: Sequence[Chair], is_free: SlotCheck,
                profile: ClinicProfile, taken_until: TakenUntil | None = None) -> list[PlannedSession]:
    """Place each session on the earliest allowed day, at the preferred time and chair if free.

    `taken_until`, when given, lets the search for alternatives on a full day pass over the starts a
    booking already found in the way still covers, instead of asking about each (the plan is the same)."""
    request.validate()
    usable = [c for c in chairs if c.in_service] if request.type.needs_chair else []
    chair = request.chair if request.type.needs_chair else None
    week_counts: Counter[tuple[int, int]] = Counter()
    day, sessions = request.first_day, []
    last_day = request.first_day + dt.timedelta(days=request.horizon_days)
    for index in range(1, request.count + 1):
        session = _place(index, request, day, last_day, chair, usable, is_free, profile, week_counts, taken_until)
        sessions.append(session)
        if session.slot is None:
            continue
        week_counts[iso_week(session.slot.start.date())] += 1
        day = session.slot.start.date() + dt.timedelta(days=request.min_days)
        chair = chair or session.slot.chair
    return sessions


def _allowed_day(day: dt.date, request: SeriesRequest, profile: ClinicProfile,
                 week_counts: Counter[tuple[int, int]]) -> bool:
    if request.weekdays is not None and day.weekday() not in request.weekdays:
        return False
    if request.max_per_week is not None and week_counts[iso_week(day)] >= request.max_per_week:
        return False
    return profile.opening(day) is not None


def _place(index: int, request: SeriesRequest, day: dt.date, last_day: dt.date, chair: Chair | None,
           usable: Sequence[Chair], is_free: SlotCheck, profile: ClinicProfile,
           week_counts: Counter[tuple[int, int]], taken_until: TakenUntil | None) -> PlannedSession:
    first_wanted: Slot | None = None
    first_conflict = ""
    while day <= last_day:
        if _allowed_day(day, request, profile, week_counts):
            wanted = Slot(dt.datetime.combine(day, request.preferred_time, tzinfo=profile.tz),
                          chair or (usable[0] if usable else None))
            first_wanted = first_wanted or wanted
            problem = _first(is_free(wanted.chair, wanted.start))
            if problem is None and wanted == first_wanted:
                return PlannedSession(index, request.count, wanted, wanted)
            first_conflict = first_conflict or (problem.message if problem else "")
            options = ([wanted] if problem is None else []) + _alternatives(wanted, usable, is_free, profile,
                                                                            taken_until)
            if options:
                return PlannedSession(index, request.count, first_wanted, options[0],
                                      first_conflict or "", tuple(options[1:4]))
        day += dt.timedelta(days=1)
    return PlannedSession(index, request.count, first_wanted, None,
                          first_conflict or f"nothing free before {last_day.isoformat()}")


def _alternatives(wanted: Slot, usable: Sequence[Chair], is_free: SlotCheck, profile: ClinicProfile,
                  taken_until: TakenUntil | None = None, limit: int = 4) -> list[Slot]:
    """Free slots on the wanted day: the same time in other chairs, then the nearest other times."""
    from frontdesk.rules.availability import starts_of_day

    chairs: list[Chair | None] = list(usable) if usable else [None]
    if wanted.chair in chairs:
        chairs.remove(wanted.chair)
        chairs.insert(0, wanted.chair)
    starts = starts_of_day(wanted.start.date(), profile, profile.tz)
    starts.sort(key=lambda s: abs((s - wanted.start).total_seconds()))
    taken: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}  # chair's place in `chairs` -> [from, until)
    found: list[Slot] = []
    for start in starts:
        for place, chair in enumerate(chairs):
            slot = Slot(start, chair)
            if slot == wanted or any(since <= start < until for since, until in taken.get(place, ())):
                continue
            if _first(is_free(chair, start)) is None:
                found.append(slot)
                if len(found) >= limit:
                    return found
            elif taken_until is not None and (until := taken_until(chair, start)) is not None:
                taken.setdefault(place, []).append((start, until))
    return found


def _first(problems: Iterable[Problem]) -> Problem | None:
    return next(iter(problems), None)


def make_up_day(missed: dt.date, held: list[dt.date], min_days: int, open_weekdays: set[int]) -> dt.date:
    """The first day a make-up for a missed session fits: `min_days` (at least one) after the series'
    last booked session, never before the day after the missed one, on a weekday the clinic opens."""
    day = max(max(held, default=missed) + dt.timedelta(days=max(1, min_days)), missed + dt.timedelta(days=1))
    for _ in range(7):
        if day.weekday() in open_weekdays or not open_weekdays:
            return day
        day += dt.timedelta(days=1)
    return day


# --- boosters ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoosterState:
    """When a patient who has had a treatment series, with nothing booked ahead, is due their next
    booster: their last visit that held its time plus the clinic's booster interval."""

    last_visit: dt.date
    due: dt.date

    def words(self, today: dt.date) -> str:
        """"Booster due Mon 25 Jan (42 days after the last visit, Mon 14 Dec)", or overdue."""
        days = (self.due - self.last_visit).days
        if self.due <= today:
            return f"Booster overdue since {self.due:%a %d %b %Y}: last visit {self.last_visit:%a %d %b}, " \
                   "nothing booked since"
        return f"Booster due {self.due:%a %d %b %Y} ({days} days after the last visit, {self.last_visit:%a %d %b})"

    def overdue(self, today: dt.date) -> bool:
        return self.due <= today


def booster_state(appointments: Iterable[Appointment], interval_days: int, today: dt.date) -> BoosterState | None:
    """For a patient who has had a series (any session of one), when the next booster is due; None for
    one who never had a series, or who has a visit booked ahead (a series under way, a booster already
    made): the same patients as the clinic's boosters-due list, theirs counted from the last visit."""
    held = [a for a in appointments if a.outcome in (None, "completed")]
    if not any(a.series_id is not None for a in held):
        return None
    last = max(a.start for a in held).date()
    if last > today:
        return None
    return BoosterState(last, last + dt.timedelta(days=interval_days))
