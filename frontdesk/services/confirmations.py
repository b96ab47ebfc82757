"""Confirmation calls: the list of a day's bookings to confirm, and recording each try at reaching a patient.

The list is read in a few queries for the whole day (the board's own read, then the patients' contact
wishes and the day's attempts). Each attempt is one transaction with its audit entry; the patient's
wishes are checked inside it, so a "no texts" saved at another desk a moment before is honoured.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from frontdesk.data import appointments_repo, clinic_repo, confirmations_repo, patients_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules.clock import day_bounds_utc, local_to_utc, now_local
from frontdesk.rules.confirmations import (
    METHODS,
    OUTCOMES,
    TO_CALL,
    Attempt,
    AttemptRefusedError,
    Standing,
    check_attempt,
    clean_note,
    standing,
    usable_methods,
    written_reminder_refusal,
)
from frontdesk.rules.contact import format_us_phone, language_name
from frontdesk.rules.contact_card import Reach
from frontdesk.rules.handout import plan_for, shift
from frontdesk.services import audit
from frontdesk.services.attention import with_attention
from frontdesk.services.clinic_settings import missing_contact_words
from frontdesk.services.permissions import require
from frontdesk.services.schedule import LOOK_AHEAD_DAYS, next_open_day
from frontdesk.settings import ClinicProfile
from frontdesk.values import SYSTEM_ACTOR, Actor
from frontdesk.values import Appointment as Booking


class ConfirmationError(ValueError):
    """A booking that cannot take an attempt; the message names the appointment, not the patient."""


@dataclass(frozen=True)
class Call:
    """One booking on the day's call list, with what the desk needs on the phone."""

    appointment_id: int
    patient_id: int
    patient_name: str
    start: dt.datetime  # clinic-local, as the patient is told it
    arrive_by: dt.datetime
    type_name: str
    chair_name: str  # "" for the office
    reach: Reach
    missing: tuple[str, ...]  # what the booking still misses (ask for it on the call)
    standing: Standing
    attempts: tuple[Attempt, ...]  # oldest first, earlier start times included

    @property
    def language(self) -> str:
        """"Spanish" for a patient to be called in another language than English, else ""."""
        return "" if self.reach.language == "en" else language_name(self.reach.language)

    @property
    def methods(self) -> tuple[str, ...]:
        """The ways the patient's wishes allow, the preferred one first."""
        return usable_methods(self.reach)


# The day whose bookings the desk confirms today: the clinic's next open day.
next_call_day = next_open_day


def calls_for_day(actor: Actor, day: dt.date, now: dt.datetime | None = None) -> list[Call]:
    """The day's bookings still ahead (not begun, their start not yet come), in start order, each with
    where it stands."""
    require(actor, "schedule.view")
    profile = clinic_repo.load_profile()
    now = now or now_local(profile.tz)
    start_utc, end_utc = day_bounds_utc(day, profile.tz)
    # The day's bookings with what each misses, as the board reads them (not the board itself: its
    # alerts and collisions are no part of a call, and its "confirmed" is worked out below from the tries)
    day_bookings = with_attention(appointments_repo.between(start_utc, end_utc, profile.tz), profile)
    booked = [a for a in day_bookings
              if a.flow == "booked" and a.outcome is None and a.start.date() == day and a.start > now]
    reaches = patients_repo.reach_of({a.patient_id for a in booked})
    attempts = confirmations_repo.attempts_for((a.id for a in booked), profile.tz)
    return [_call(a, reaches.get(a.patient_id, Reach(None)), attempts.get(a.id, []), profile) for a in booked]


def summary_words(calls: list[Call]) -> str:
    """"9 bookings · 4 confirmed · 2 to call · 2 awaiting a reply · 1 to act on": every booking counted once
    (awaiting a reply: a message left or no answer; to act on: a wish for another time, a wrong number)."""
    if not calls:
        return "no bookings"
    confirmed = sum(call.standing.confirmed for call in calls)
    to_call = sum(call.standing.state == TO_CALL for call in calls)
    act = sum(call.standing.needs_desk for call in calls)
    awaiting = len(calls) - confirmed - to_call - act
    parts = [f"{len(calls)} booking{'s' if len(calls) != 1 else ''}", f"{confirmed} confirmed", f"{to_call} to call"]
    if awaiting:
        parts.append(f"{awaiting} awaiting a reply")
    if act:
        parts.append(f"{act} to act on")
    return " · ".join(parts)


def _call(booking: Booking, reach: Reach, attempts: list[Attempt], profile: ClinicProfile) -> Call:
    return Call(booking.id, booking.patient_id, booking.patient_name, booking.start,
                shift(booking.start, -profile.arrival_lead_minutes), booking.type.name, booking.chair_name or "",
                reach, booking.readiness, standing(attempts, booking.start), tuple(attempts))


def standing_of(actor: Actor, appointment_id: int) -> Standing | None:
    """Where one booking stands (the board's details show it); None once the patient is here or the
    booking has ended, when there is nothing to confirm."""
    require(actor, "schedule.view")
    tz = clinic_repo.load_profile().tz
    booking = appointments_repo.get(appointment_id, tz)
    if booking is None or booking.flow != "booked" or booking.outcome is not None:
        return None
    return standing(confirmations_repo.attempts_for([appointment_id], tz).get(appointment_id, []), booking.start)


def record_attempt(actor: Actor, appointment_id: int, method: str, outcome: str, note: str = "",
                   *, now: dt.datetime | None = None, told_start: dt.datetime | None = None) -> Standing:
    """Record one try at reaching the patient about a booking still ahead; returns where it stands now.

    `told_start`: the start the desk read out (the list's); a booking moved at another desk since is
    refused, not confirmed for a time the patient never heard. Refused too (nothing written) for a
    booking cancelled, begun or past, and for a way the patient's wishes rule out
    (rules.confirmations.check_attempt)."""
    require(actor, "schedule.book")
    note = clean_note(note)
    profile = clinic_repo.load_profile()
    now = now or now_local(profile.tz)
    with database_proxy.atomic():
        booking = appointments_repo.get(appointment_id, profile.tz)
        _check_bookable(appointment_id, booking, now)
        assert booking is not None
        if told_start is not None and booking.start != told_start:
            raise ConfirmationError(f"appointment {appointment_id}: it was moved to {booking.start:%a %d %b %H:%M} "
                                    f"meanwhile (not {told_start:%a %d %b %H:%M}); nothing was recorded")
        reach = patients_repo.reach_of([booking.patient_id]).get(booking.patient_id, Reach(None))
        check_attempt(reach, method, outcome, note)
        confirmations_repo.add_attempt(appointment_id, local_to_utc(booking.start, profile.tz), actor.username,
                                       method, outcome, note)
        audit.record(actor, "appointment.contact_attempt", entity="appointment", entity_id=appointment_id,
                     patient_id=booking.patient_id, detail=f"{method}: {outcome}")
    return standing_of(actor, appointment_id) or standing([], booking.start)


def _check_bookable(appointment_id: int, booking: Booking | None, now: dt.datetime) -> None:
    if booking is None:
        raise ConfirmationError(f"appointment {appointment_id}: no such appointment")
    if booking.outcome in ("cancelled", "no_show"):
        raise ConfirmationError(f"appointment {appointment_id}: it is {booking.status.replace('_', '-')}; "
                                "there is nothing to confirm")
    if booking.flow != "booked" or booking.outcome is not None:
        raise ConfirmationError(f"appointment {appointment_id}: the patient is already here or has been; "
                                "there is nothing to confirm")
    if booking.start <= now:
        raise ConfirmationError(f"appointment {appointment_id}: its start ({booking.start:%a %d %b %H:%M}) "
                                "has passed; there is nothing to confirm")


# --- the reminder a text or an email carries ------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """A booking's reminder as the desk pastes it into a text message or an email: the clinic, the day,
    the start and arrive-by times, the eating and drinking cut-offs, the driver rule and whom to call;
    never the reason for the visit nor the treatment's name. Worded in the patient's language."""

    appointment_id: int
    language: str  # en | es
    text: str


def reminder(actor: Actor, appointment_id: int, lang: str | None = None, *,
             now: dt.datetime | None = None) -> Reminder:
    """The reminder for a booking still ahead, in `lang` or the patient's language (English where the
    clinic has no wording in theirs). Refused for a patient who takes neither texts nor email (call
    them), and for a booking begun, ended or past. Copying it out is audited, as a print is."""
    from frontdesk.documents.wording import load_wording, normalise_language

    require(actor, "print")
    if lang is not None and normalise_language(lang) != lang.strip().lower():
        raise ConfirmationError(f"language must be en or es, not {lang!r}")
    profile = clinic_repo.load_profile()
    missing = missing_contact_words(profile, "reminder texts are written")  # "this is ." to a patient: from whom?
    if missing:
        raise ConfirmationError(missing)
    booking = appointments_repo.get(appointment_id, profile.tz)
    if booking is None:
        raise ConfirmationError(f"appointment {appointment_id}: no such appointment")
    if booking.flow != "booked" or booking.outcome is not None:
        raise ConfirmationError(f"appointment {appointment_id}: it is {booking.status.replace('_', '-')}; there is "
                                "nothing to remind the patient of")
    if booking.start <= (now or now_local(profile.tz)):
        raise ConfirmationError(f"appointment {appointment_id}: its start ({booking.start:%a %d %b %H:%M}) has "
                                "passed; there is nothing to remind the patient of")
    reach = patients_repo.reach_of([booking.patient_id]).get(booking.patient_id, Reach(None))
    refused = written_reminder_refusal(reach)
    if refused:
        raise ConfirmationError(f"appointment {appointment_id}: {refused}")
    language = normalise_language(lang or reach.language)
    wording = load_wording(language)
    if not wording.has("reminder"):  # a clinic's own wording file from before reminders existed
        raise ConfirmationError(f"the clinic's handouts/{language}.json has no 'reminder' lines: copy them from "
                                "the shipped file")
    text = reminder_words(booking, profile, wording.text("reminder"), wording)
    audit.record(actor, "appointment.reminder_text", entity="appointment", entity_id=appointment_id,
                 patient_id=booking.patient_id, detail=language)
    return Reminder(appointment_id, language, text)


def reminder_words(booking: Booking, profile: ClinicProfile, lines: dict[str, Any], words: Any) -> str:
    """The reminder's sentences for `booking` from the wording's "reminder" lines (`words`: its dates,
    clock times and cut-off phrases), as one paragraph. Each cut-off the type sets has its sentence."""
    plan = plan_for(booking.type, booking.start, profile)
    articles = lines.get("time_articles", {})

    def at(moment: dt.datetime) -> str:  # "la 1:00 p. m." / "las 9:15 a. m." where the language wants one
        article = articles.get(str(moment.hour % 12 or 12), articles.get("other", ""))
        return f"{article} {words.clock(moment)}".strip()

    def cut_off(cut: Any) -> str:
        return str(words.data["day"][cut.day]).format(time=at(cut.at), date=words.date(cut.at.date()))

    sentences = [lines["greeting"].format(name=booking.patient_name),
                 lines["visit"].format(clinic=profile.name_in_texts, date=words.date(booking.start.date()),
                                       time=at(booking.start), arrive_by=at(plan.arrive_by))]
    if plan.food is not None:
        sentences.append(lines["food"].format(food=cut_off(plan.food)))
    if plan.liquids is not None:
        sentences.append(lines["liquids"].format(liquids=cut_off(plan.liquids)))
    if plan.needs_driver:
        sentences.append(lines["driver"])
    sentences.append(lines["confirm"].format(phone=format_us_phone(profile.phone)) if profile.phone.strip()
                     else lines["confirm_no_phone"])
    # "… a las 7:45 a. m.": the abbreviation's full stop ends the sentence too
    return " ".join(sentence[:-1] if sentence.endswith("..") else sentence for sentence in sentences)


# --- demo ---------------------------------------------------------------------------------------


def add_demo_attempts(seed: int = 1, today: dt.date | None = None) -> int:
    """The demo desk has begun the next open day's calls: most confirmed, a few messages left or not
    answered, one patient who wants another time, the rest still to call."""
    profile = clinic_repo.load_profile()
    today = today or now_local(profile.tz).date()
    rng = random.Random(seed)
    written = 0
    calls = calls_for_day(SYSTEM_ACTOR, next_call_day(today, profile))
    # Made this morning (or, early in the day, just before the demo was built)
    called_at = min(dt.datetime.combine(today, dt.time(10, 0), profile.tz),
                    now_local(profile.tz) - dt.timedelta(minutes=4 * len(calls) + 1))
    with database_proxy.atomic():
        for number, call in enumerate(calls):
            if number % 4 == 3 or not call.methods:
                continue  # still to call (and a patient with no way to reach on file is not tried)
            method = call.methods[0]
            outcome = _demo_outcome(rng, number, method, call.reach)
            at = called_at + dt.timedelta(minutes=4 * number)
            confirmations_repo.add_attempt(call.appointment_id, local_to_utc(call.start, profile.tz), "desk", method,
                                           outcome, "", at_utc=local_to_utc(at, profile.tz))
            written += 1
    return written


def _demo_outcome(rng: random.Random, number: int, method: str, reach: Reach) -> str:
    if number == 5:
        return "wants_change"
    roll = rng.random()
    if roll < 0.7:
        return "confirmed"
    if method == "call" and not reach.ok_voicemail:
        return "no_answer"
    return "message"


__all__ = [
    "LOOK_AHEAD_DAYS",
    "METHODS",
    "OUTCOMES",
    "AttemptRefusedError",
    "Call",
    "ConfirmationError",
    "Reminder",
    "add_demo_attempts",
    "calls_for_day",
    "next_call_day",
    "record_attempt",
    "reminder",
    "standing_of",
    "summary_words",
]
