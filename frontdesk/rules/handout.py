"""What a patient's pre-visit information sheet says, computed from the booking and the clinic profile.

Plain values only: the documents layer turns a `HandoutPlan` into words (from the wording files in
resources/handouts) and a PDF. Nothing here is clinical: the sheet never names a diagnosis or a score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdesk.settings import ClinicProfile
    from frontdesk.values import AppointmentType

# Medication classes an intake may tick, in the order the sheet lists them.
MEDICATION_CLASSES = ("benzodiazepine", "lamotrigine", "stimulant", "maoi", "opioid", "sleep")

# Which parts of the sheet each kind of appointment gets, in print order.
SECTIONS_BY_KIND: dict[str, tuple[str, ...]] = {
    "consult": ("visit", "medications", "bring", "what_happens", "call"),
    "iv_mood": ("visit", "fasting", "medications", "alcohol", "driver", "wear_bring", "what_happens",
                "after", "call"),
    "iv_pain": ("visit", "fasting", "medications", "alcohol", "driver", "wear_bring", "what_happens",
                "after", "call"),
    "esketamine": ("visit", "fasting", "medications", "alcohol", "driver", "wear_bring", "what_happens",
                   "after", "call"),
}
TREATMENT_KINDS = ("iv_mood", "iv_pain", "esketamine")
ALCOHOL_HOURS_AFTER = 24
EVENING_FROM_HOUR = 17  # a cut-off the day before at or after 17:00 reads "the evening before"
NIGHT_UNTIL_HOUR = 5  # a cut-off before 05:00 on the day itself reads "during the night before your visit"


@dataclass(frozen=True)
class Cutoff:
    """A last-moment clock time and how it relates to the appointment's day."""

    at: dt.datetime
    day: str  # same_day | night | evening_before | day_before


@dataclass(frozen=True)
class SeriesDates:
    """Where a visit sits in its treatment series, and the series' sessions still to come after it
    (clinic-local starts, at most MAX_LATER_SESSIONS): the sheet lists them for the patient."""

    position: int
    total: int
    later: tuple[dt.datetime, ...] = ()


MAX_LATER_SESSIONS = 6  # a sheet stays one page; a longer series' rest is on the next sheets


def series_dates(position: int | None, total: int | None, start: dt.datetime,
                 series_starts: list[dt.datetime] | tuple[dt.datetime, ...]) -> SeriesDates | None:
    """This visit's place in its series (None when it is in none) with the later sessions among
    `series_starts` (the series' booked sessions, any order)."""
    if position is None or total is None:
        return None
    later = sorted(moment for moment in series_starts if moment > start)
    return SeriesDates(position, total, tuple(later[:MAX_LATER_SESSIONS]))


@dataclass(frozen=True)
class HandoutPlan:
    """Everything time- and kind-dependent that a pre-visit sheet states."""

    kind: str  # consult | iv_mood | iv_pain | esketamine
    start: dt.datetime
    arrive_by: dt.datetime
    leave_around: dt.datetime
    total_minutes: int
    observation_minutes: int
    food: Cutoff | None
    liquids: Cutoff | None
    alcohol_from: dt.datetime | None
    alcohol_hours_before: int
    alcohol_hours_after: int
    needs_driver: bool
    no_driving_until: dt.date | None
    medication_topics: tuple[str, ...]
    sections: tuple[str, ...]

    @property
    def visit_kind(self) -> str:
        """A neutral name for the visit (never the reason for treatment): consult, infusion or nasal."""
        if self.kind == "consult":
            return "consult"
        return "nasal" if self.kind == "esketamine" else "infusion"


def plan_handout(*, kind: str, start: dt.datetime, prep_minutes: int, treatment_minutes: int,
                 recovery_minutes: int, food_cutoff_minutes: int | None, liquid_cutoff_minutes: int | None,
                 arrival_lead_minutes: int = 15, alcohol_hours_before: int = 24,
                 medication_classes: list[str] | tuple[str, ...] = ()) -> HandoutPlan:
    """The sheet's times and sections for one appointment starting at `start` (clinic-local, aware)."""
    treatment = kind in TREATMENT_KINDS
    arrive_by = shift(start, -arrival_lead_minutes)
    in_clinic = prep_minutes + treatment_minutes + recovery_minutes
    leave = shift(start, in_clinic)
    return HandoutPlan(
        kind=kind, start=start, arrive_by=arrive_by, leave_around=leave,
        total_minutes=arrival_lead_minutes + in_clinic,
        observation_minutes=recovery_minutes if treatment else 0,
        food=cutoff(start, food_cutoff_minutes) if treatment else None,
        liquids=cutoff(start, liquid_cutoff_minutes) if treatment else None,
        alcohol_from=shift(start, -60 * alcohol_hours_before) if treatment else None,
        alcohol_hours_before=alcohol_hours_before, alcohol_hours_after=ALCOHOL_HOURS_AFTER,
        needs_driver=treatment,
        no_driving_until=start.date() + dt.timedelta(days=1) if treatment else None,
        medication_topics=medication_topics(medication_classes),
        sections=SECTIONS_BY_KIND.get(kind, SECTIONS_BY_KIND["iv_mood"]),
    )


def plan_for(kind: AppointmentType, start: dt.datetime, profile: ClinicProfile,
             medication_classes: list[str] | tuple[str, ...] = ()) -> HandoutPlan:
    """plan_handout for a booking of type `kind` at `start`, with the clinic's arrival and alcohol rules:
    what the sheet and the reminder text both state."""
    return plan_handout(kind=kind.kind, start=start, prep_minutes=kind.prep_minutes,
                        treatment_minutes=kind.treatment_minutes, recovery_minutes=kind.recovery_minutes,
                        food_cutoff_minutes=kind.food_cutoff_minutes, liquid_cutoff_minutes=kind.liquid_cutoff_minutes,
                        arrival_lead_minutes=profile.arrival_lead_minutes,
                        alcohol_hours_before=profile.alcohol_hours_before, medication_classes=medication_classes)


def cutoff(start: dt.datetime, minutes_before: int | None) -> Cutoff | None:
    """The clock time `minutes_before` the start, or None when the type sets no limit."""
    if minutes_before is None:
        return None
    at = shift(start, -minutes_before)
    return Cutoff(at=at, day=relative_day(at, start))


def shift(moment: dt.datetime, minutes: int) -> dt.datetime:
    """`moment` plus real elapsed minutes, shown in its own zone (right across a daylight-saving change;
    plain aware arithmetic would move the wall clock instead and, say, shorten a fast by an hour)."""
    if moment.tzinfo is None:
        return moment + dt.timedelta(minutes=minutes)
    return (moment.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def relative_day(moment: dt.datetime, start: dt.datetime) -> str:
    """same_day, night (small hours of the same day), evening_before (the previous day from 17:00)
    or day_before (earlier than that)."""
    if moment.date() >= start.date():
        return "night" if moment.hour < NIGHT_UNTIL_HOUR and start.hour >= NIGHT_UNTIL_HOUR else "same_day"
    if moment.date() == start.date() - dt.timedelta(days=1) and moment.hour >= EVENING_FROM_HOUR:
        return "evening_before"
    return "day_before"


def medication_topics(classes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The known medication classes among `classes`, each once, in the sheet's order."""
    wanted = {str(code).strip().lower() for code in classes}
    return tuple(code for code in MEDICATION_CLASSES if code in wanted)


def clock_text(moment: dt.datetime | dt.time, am: str = "AM", pm: str = "PM") -> str:
    """12-hour clock time as people read it: 7:05 AM, 12:30 PM."""
    hour = moment.hour % 12 or 12
    suffix = am if moment.hour < 12 else pm
    return f"{hour}:{moment.minute:02d} {suffix}"


def duration_parts(minutes: int) -> tuple[int, int]:
    """Hours and remaining minutes."""
    return divmod(max(0, minutes), 60)


def calendar_event(*, uid: str, start: dt.datetime, end: dt.datetime, summary: str, location: str) -> str:
    """A minimal iCalendar (RFC 5545) event, times in UTC, for a QR code a phone can add to its calendar."""
    stamp = _ical_utc(start)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Front desk//Pre-visit sheet//EN", "BEGIN:VEVENT",
        f"UID:{_ical_text(uid)}", f"DTSTAMP:{stamp}", f"DTSTART:{stamp}", f"DTEND:{_ical_utc(end)}",
        f"SUMMARY:{_ical_text(summary)}", f"LOCATION:{_ical_text(location)}", "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def _ical_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _ical_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n")
