"""Booking use cases: book, move, cancel, no-show, the day-of flow, openings, series, waiting list.

Every write checks the rules and writes inside one serialised transaction (`booking_repo.write_lock`),
so two workstations cannot both take a chair; the database's own guard backs this up and its
refusal comes back as a `BookingConflict` naming the booking it collides with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from frontdesk import values
from frontdesk.data import appointments_repo, board_repo, booking_repo, clinic_repo, intake_repo
from frontdesk.data.booking_repo import ChairGuardError, PatientChoice
from frontdesk.rules import board_state, collisions, day_of, spans
from frontdesk.rules import booking as rules
from frontdesk.rules.availability import Opening, TimeFilter, day_openings, time_of_day_filter
from frontdesk.rules.booking import BookingConflict, Problem, Proposal, SoftLimitWarning
from frontdesk.rules.clock import day_bounds_utc, local_to_utc, now_local, utc_to_local
from frontdesk.rules.collisions import Collision
from frontdesk.rules.contact_card import Reach
from frontdesk.rules.intake_records import FlagInfo
from frontdesk.rules.series import PlannedSession, SeriesRequest, Slot, make_up_day, plan_series
from frontdesk.rules.text import display_name
from frontdesk.services import audit, flags, patients
from frontdesk.services.permissions import allowed, require
from frontdesk.settings import ClinicProfile
from frontdesk.values import Actor

__all__ = [
    "BookingConflict", "BookingError", "MakeUp", "Opening", "PatientChoice", "PlannedSession", "SeriesRequest",
    "ShiftedSession", "SoftLimitWarning", "advance", "book", "book_series", "cancel", "chair_time_preview", "make_up",
    "mark_no_show", "move", "openings", "plan", "preview_following", "search_patients",
]

STEP_LABELS = {"arrived": "Arrived", "in_chair": "In chair", "recovery": "Recovery", "discharged": "Discharged"}
_WINDOW = dt.timedelta(days=1)


class BookingError(ValueError):
    """The request itself is wrong (unknown patient, type or chair; appointment already ended)."""


@dataclass(frozen=True)
class ChairTimePreview:
    """What the booking dialog shows before confirming."""

    start: dt.datetime
    treatment_start: dt.datetime
    recovery_start: dt.datetime
    recovery_end: dt.datetime
    end: dt.datetime
    problems: tuple[Problem, ...]
    notices: tuple[str, ...] = ()  # facts to know before confirming that do not stop the booking
    passed: str = ""  # the day has passed: said by the booking and the move dialogs alike
    chair_name: str = ""  # the chair it would take: asked for no chair in particular, the first free one

    @property
    def text(self) -> str:
        return (f"Chair time {spans.span_text(self.start, self.end)}: prep from {self.start:%H:%M}, "
                f"treatment {self.treatment_start:%H:%M}, recovery {self.recovery_start:%H:%M}–"
                f"{self.recovery_end:%H:%M}, chair free {self.end:%H:%M}")


# --- look-ups for the dialogs and the CLI ----------------------------------------------------------


def bookable_type(key: str | int) -> values.AppointmentType | None:
    """A type still offered for booking, by id, code or name; None when it is retired or unknown (a
    dialog's preset, a waiting-list entry of a type retired since: the desk picks another)."""
    return booking_repo.find_type(key)


def resolve_type(key: str | int | values.AppointmentType, *, retired_too: bool = False) -> values.AppointmentType:
    """The type by id, code or name; a retired one only with `retired_too` (to name an existing
    booking's or entry's type), else refused with why."""
    if isinstance(key, values.AppointmentType):
        return key
    found = booking_repo.find_type(key, include_inactive=retired_too)
    if found is None:
        retired = booking_repo.find_type(key, include_inactive=True)
        if retired is not None:
            raise BookingError(f"type: {retired.name} is retired (an administrator brings it back in Clinic "
                               "settings, Types tab)")
        raise BookingError(f"type: no appointment type {str(key)!r}")
    return found


def resolve_chair(key: str | int | None) -> values.Chair | None:
    if key is None or key == "":
        return None
    found = booking_repo.find_chair(key)
    if found is None:
        raise BookingError(f"chair: no chair {str(key)!r}")
    return found


def search_patients(text: str, actor: Actor, limit: int = 20) -> list[PatientChoice]:
    """The patient picker's search as you type: the patient panel's own search (name words, phone digits,
    date of birth, chart number; indexed), so both find the same patients for the same words."""
    return [PatientChoice(p.id, p.name, p.chart_number, p.date_of_birth)
            for p in patients.search(text, limit, actor=actor)]


def patient_label(patient_id: int) -> str:
    """The name the desk calls a patient by, for a preset picker."""
    return booking_repo.patient_name(patient_id)


def appointment_types() -> list[values.AppointmentType]:
    return clinic_repo.appointment_types()


def chairs() -> list[values.Chair]:
    return clinic_repo.chairs()


def _aware(start_local: dt.datetime, profile: ClinicProfile) -> dt.datetime:
    """The clinic-local aware time for a naive wall-clock or any aware date-time."""
    utc = local_to_utc(start_local, profile.tz)
    return utc_to_local(utc, profile.tz)


def _context(start: dt.datetime, end: dt.datetime,
             profile: ClinicProfile) -> tuple[list[values.Appointment], list[values.BlockedTime]]:
    lo = local_to_utc(start, profile.tz) - _WINDOW
    hi = local_to_utc(end, profile.tz) + _WINDOW
    return appointments_repo.between(lo, hi, profile.tz), board_repo.blocks_between(lo, hi, profile.tz)


def check(patient_id: int, kind: values.AppointmentType, chair: values.Chair | None, start: dt.datetime,
          profile: ClinicProfile, ignore_ids: Sequence[int] = ()) -> list[Problem]:
    proposal = Proposal(patient_id, kind, chair if kind.needs_chair else None, start)
    existing, blocks = _context(proposal.start, proposal.end, profile)
    return rules.check(proposal, existing, blocks, profile, ignore_ids=ignore_ids, now=now_local(profile.tz))


def chair_time_preview(patient_id: int | None, type_key: str | int | values.AppointmentType,
                       chair_id: int | None, start_local: dt.datetime,
                       ignore_ids: Sequence[int] = ()) -> ChairTimePreview:
    """The full chair time of a booking and what (if anything) stands in its way, without writing.

    `ignore_ids`: appointments that are being moved (they do not collide with themselves).
    """
    profile = clinic_repo.load_profile()
    kind = resolve_type(type_key)
    start = _aware(start_local, profile)
    chair = booking_repo.get_chair(chair_id) if chair_id is not None else None
    who = patient_id if patient_id is not None else -1
    problems: list[Problem] = []
    if kind.needs_chair and chair is None and not ignore_ids:  # "any free chair": the one booking would take
        try:
            chair, problems = _first_free_chair(who, kind, start, profile)
        except BookingConflict as exc:  # none free, the clinic closed, the patient elsewhere: as booking says
            problems = [Problem(True, str(exc))]
    elif kind.needs_chair and chair is None:
        problems.append(Problem(True, "Choose a chair"))
    else:
        problems = check(who, kind, chair, start, profile, ignore_ids)
    add = spans.add_minutes
    treatment = add(start, kind.prep_minutes)
    recovery = add(treatment, kind.treatment_minutes)
    recovery_end = add(recovery, kind.recovery_minutes)
    return ChairTimePreview(start, treatment, recovery, recovery_end, add(recovery_end, kind.turnover_minutes),
                            tuple(problems), _notices(patient_id, kind), passed=_passed_for(start, ignore_ids, profile),
                            chair_name=chair.name if chair else "")


@dataclass(frozen=True)
class Alternatives:
    """Where a booking that collides could go instead, on the same day: the chairs free at its time, and
    the first time its own chair is free after it (None: not again that day)."""

    free_chairs: tuple[tuple[int, str], ...]  # (id, name)
    chair_free_at: dt.datetime | None
    # With no other chair free at the time: the first opening in another chair, if sooner than chair_free_at.
    first_free: Opening | None = None


def alternatives(patient_id: int | None, type_key: str | int | values.AppointmentType, chair_id: int | None,
                 start_local: dt.datetime, ignore_ids: Sequence[int] = ()) -> Alternatives:
    """What the booking and move dialogs offer when the chosen chair and time are taken (one read of that
    day); `ignore_ids`: the appointment being moved."""
    profile = clinic_repo.load_profile()
    kind = resolve_type(type_key)
    start = _aware(start_local, profile)
    found = openings(kind, start.date(), 1, per_day=None, patient_id=patient_id, now=start, ignore_ids=ignore_ids)
    free = tuple((o.chair_id, o.chair_name or "") for o in found
                 if o.start == start and o.chair_id is not None and o.chair_id != chair_id)
    later = next((o.start for o in found if o.chair_id == chair_id and o.start > start), None)
    sooner = [o for o in found if o.chair_id != chair_id and (later is None or o.start < later)]
    return Alternatives(free, later, sooner[0] if sooner and not free else None)


def _notices(patient_id: int | None, kind: values.AppointmentType) -> tuple[str, ...]:
    """What the desk should know before confirming: esketamine without REMS enrolment on file is
    booked, and flagged for the prescriber."""
    if patient_id is not None and kind.kind == "esketamine" and flags.rems_missing(patient_id):
        return ("No esketamine REMS enrolment on file: booking flags it for the prescriber",)
    return ()


def _passed_for(start: dt.datetime, moving: Sequence[int], profile: ClinicProfile) -> str:
    """_passed for a booking, or for a move that takes a visit to come into the past; not for a move of
    a visit already past (a record being put right)."""
    now = now_local(profile.tz)
    passed = _passed(start, now)
    if passed and moving:
        moved = appointments_repo.get(moving[0], profile.tz)
        if moved is not None and moved.start.date() < now.date():
            return ""
    return passed


def _passed(start: dt.datetime, now: dt.datetime) -> str:
    """A day before today, said (a stray key in the date reached last month, and the dialog said
    "Free"): booked or moved there, it is a visit on the record, not one to come."""
    if start.date() >= now.date():
        return ""
    return f"{start:%a} {start.day} {start:%b %Y} has passed: this puts a past visit on the record, not one to come"


# --- book, move -------------------------------------------------------------------------------------


def book(patient_id: int, type_code_or_id: str | int | values.AppointmentType, chair_id: int | str | None,
         start_local: dt.datetime, actor: Actor, override: bool = False,
         series: tuple[int, int] | None = None, notes: str = "") -> int:
    """Book one appointment and return its id; BookingConflict / SoftLimitWarning when the rules refuse.

    `chair_id` None for a type that needs a chair takes the first chair free at that time.
    `series` is (series id, session number) for a session of a series.
    """
    require(actor, "schedule.book")
    profile = clinic_repo.load_profile()
    with booking_repo.write_lock():
        new_id = _book_locked(patient_id, resolve_type(type_code_or_id), chair_id,
                              _aware(start_local, profile), actor, override, series, notes, profile)
    return new_id


def _book_locked(patient_id: int, kind: values.AppointmentType, chair_key: int | str | None,
                 start: dt.datetime, actor: Actor, override: bool, series: tuple[int, int] | None,
                 notes: str, profile: ClinicProfile) -> int:
    if not booking_repo.patient_exists(patient_id):
        raise BookingError(f"patient: no patient with id {patient_id}")
    chair = _pick_chair(patient_id, kind, chair_key, start, profile)
    problems = check(patient_id, kind, chair, start, profile)
    overridden = rules.raise_for(problems, override=override)
    proposal = Proposal(patient_id, kind, chair, start)
    try:
        new_id = booking_repo.insert_appointment(
            patient_id=patient_id, type_id=kind.id, chair_id=chair.id if chair else None,
            start_utc=local_to_utc(proposal.start, profile.tz), end_utc=local_to_utc(proposal.end, profile.tz),
            created_by=actor.username, override_note=_override_note(actor, overridden),
            series_id=series[0] if series else None, series_index=series[1] if series else None, notes=notes)
    except ChairGuardError:
        raise BookingConflict(_guard_message(proposal, profile)) from None
    detail = f"{chair.name if chair else 'office'} {proposal.start:%Y-%m-%d %H:%M}"
    booking_repo.add_event(new_id, "booked", actor.username, detail)
    if overridden:
        booking_repo.add_event(new_id, "override", actor.username, "; ".join(overridden))
    audit.record(actor, "appointment.book", entity="appointment", entity_id=new_id, patient_id=patient_id)
    if kind.kind == "esketamine":
        flags.check_esketamine_booking(actor, patient_id)  # REMS enrolment missing: flagged at booking
    return new_id


def _pick_chair(patient_id: int, kind: values.AppointmentType, chair_key: int | str | None,
                start: dt.datetime, profile: ClinicProfile) -> values.Chair | None:
    if not kind.needs_chair:
        return None
    if chair_key is not None and chair_key != "":
        chair = booking_repo.get_chair(chair_key) if isinstance(chair_key, int) else resolve_chair(chair_key)
        if chair is None:
            raise BookingError(f"chair: no chair {chair_key!r}")
        return chair
    return _first_free_chair(patient_id, kind, start, profile)[0]


def _first_free_chair(patient_id: int, kind: values.AppointmentType, start: dt.datetime,
                      profile: ClinicProfile) -> tuple[values.Chair, list[Problem]]:
    """The first chair in service free at `start` with nothing to warn about, else the first with only
    soft warnings, and its problems; BookingConflict when every chair is taken (each checked once)."""
    checked = []
    for chair in clinic_repo.chairs(include_out_of_service=False):  # each checked once; the first free ends it
        problems = check(patient_id, kind, chair, start, profile)
        if not problems:
            return chair, problems
        checked.append((chair, problems))
    firsts = set()
    for chair, problems in checked:
        hard = [p for p in problems if p.hard]
        if not hard:
            return chair, problems
        firsts.add(hard[0].message)
    if len(firsts) == 1:  # the same reason everywhere: the clinic is closed, the patient is busy
        raise BookingConflict(firsts.pop())
    raise BookingConflict(f"No chair is free {spans.span_text(start, Proposal(0, kind, None, start).end)}")


def _override_note(actor: Actor, overridden: list[str]) -> str:
    if not overridden:
        return ""
    return f"{actor.username} overrode: " + "; ".join(overridden)


def _guard_message(proposal: Proposal, profile: ClinicProfile) -> str:
    """Name the booking the database guard found (it committed between our check and our write)."""
    existing, _ = _context(proposal.start, proposal.end, profile)
    for a in existing:
        if proposal.chair and a.chair_id == proposal.chair.id and spans.overlaps(
                proposal.start, proposal.end, a.start, a.end):
            return rules.taken_message(a)
    name = proposal.chair.name if proposal.chair else "The chair"
    return f"{name} is taken {spans.span_text(proposal.start, proposal.end)}"


def find_appointment(appointment_id: int) -> values.Appointment | None:
    """One appointment in the clinic's local time, or None when there is no such id."""
    from frontdesk.data.appointments_repo import get

    return get(appointment_id, clinic_repo.load_profile().tz)


def appointment(appointment_id: int) -> values.Appointment:
    """One appointment in the clinic's local time; a `BookingError` naming the id when there is none."""
    return _held(appointment_id, clinic_repo.load_profile())


def _held(appointment_id: int, profile: ClinicProfile) -> values.Appointment:
    from frontdesk.data.appointments_repo import get

    found = get(appointment_id, profile.tz)
    if found is None:
        raise BookingError(f"appointment: no appointment {appointment_id}")
    return found


def move(appointment_id: int, chair_id: int | str | None, start_local: dt.datetime, actor: Actor,
         override: bool = False, type_key: str | int | None = None) -> None:
    """Move one appointment to another chair and/or time (its series' other sessions stay where they are).

    `chair_id` None keeps its chair; `type_key` also changes its type (the chair time follows).
    """
    require(actor, "schedule.change")
    profile = clinic_repo.load_profile()
    new_type = resolve_type(type_key) if type_key not in (None, "") else None
    with booking_repo.write_lock():
        _move_locked(appointment_id, chair_id, _aware(start_local, profile), actor, override, profile, (),
                     new_type=new_type)


def _move_locked(appointment_id: int, chair_key: int | str | None, start: dt.datetime, actor: Actor,
                 override: bool, profile: ClinicProfile, moving: Sequence[int],
                 new_type: values.AppointmentType | None = None) -> None:
    current = _held(appointment_id, profile)
    if day_of.is_under_way(current.flow, current.outcome):
        raise BookingError(f"appointment {appointment_id} is {current.status}: the patient is here, so only its "
                           "chair can change (keeping its times)")
    if not rules.holds_chair(current) or current.flow != "booked":
        raise BookingError(f"appointment {appointment_id} cannot be changed: "
                           f"{day_of.why_not_open(current.flow, current.outcome) or current.status}")
    kind = new_type or booking_repo.get_type(current.type.id) or current.type
    if chair_key is None or chair_key == "":
        chair_key = current.chair_id  # stays in its own chair unless told otherwise
    chair = _pick_chair(current.patient_id, kind, chair_key, start, profile) if kind.needs_chair else None
    problems = check(current.patient_id, kind, chair, start, profile, ignore_ids=(appointment_id, *moving))
    overridden = rules.raise_for(problems, override=override)
    proposal = Proposal(current.patient_id, kind, chair, start)
    try:
        booking_repo.move_appointment(
            appointment_id, chair_id=chair.id if chair else None,
            start_utc=local_to_utc(proposal.start, profile.tz), end_utc=local_to_utc(proposal.end, profile.tz),
            override_note=_override_note(actor, overridden) if overridden else None,
            type_id=new_type.id if new_type else None)
    except ChairGuardError:
        raise BookingConflict(_guard_message(proposal, profile)) from None
    before = f"{current.chair_name or 'office'} {current.start:%Y-%m-%d %H:%M}"
    after = f"{chair.name if chair else 'office'} {proposal.start:%Y-%m-%d %H:%M}"
    if new_type is not None and new_type.id != current.type.id:
        booking_repo.add_event(appointment_id, "type_changed", actor.username,
                               f"{current.type.code} -> {new_type.code}")
    if before != after or new_type is None:
        booking_repo.add_event(appointment_id, "moved", actor.username, f"{before} -> {after}")
    if overridden:
        booking_repo.add_event(appointment_id, "override", actor.username, "; ".join(overridden))
    audit.record(actor, "appointment.move", entity="appointment", entity_id=appointment_id,
                 patient_id=current.patient_id)


def change_chair(appointment_id: int, chair_id: int | str, actor: Actor) -> values.Chair:
    """Move a patient who is already here to another chair, keeping the appointment's times (a pump
    or chair that fails mid-session). Only a hard conflict refuses: the chair taken or out of service."""
    require(actor, "schedule.change")
    profile = clinic_repo.load_profile()
    with booking_repo.write_lock():
        current = _held(appointment_id, profile)
        if not day_of.is_under_way(current.flow, current.outcome):
            raise BookingError(f"appointment {appointment_id} is {current.status}: move it instead")
        chair = resolve_chair(chair_id)
        if chair is None:
            raise BookingError("chair: give the chair to move to")
        if chair.id == current.chair_id:
            return chair
        proposal = Proposal(current.patient_id, current.type, chair, current.start)
        # Only a hard conflict refuses: the patient is in the chair already, soft limits are past asking.
        rules.raise_for(check(current.patient_id, current.type, chair, current.start, profile,
                              ignore_ids=(appointment_id,)), override=True)
        try:
            booking_repo.move_appointment(appointment_id, chair_id=chair.id,
                                          start_utc=local_to_utc(current.start, profile.tz),
                                          end_utc=local_to_utc(current.end, profile.tz))
        except ChairGuardError:
            raise BookingConflict(_guard_message(proposal, profile)) from None
        booking_repo.add_event(appointment_id, "moved", actor.username,
                               f"{current.chair_name or 'office'} -> {chair.name} ({current.flow})")
        audit.record(actor, "appointment.move", entity="appointment", entity_id=appointment_id,
                     patient_id=current.patient_id, detail="chair change under way")
    return chair


def change_type(appointment_id: int, type_key: str | int, actor: Actor, override: bool = False) -> None:
    """Give a booked appointment another type at the same start and chair (its chair time follows)."""
    require(actor, "schedule.change")
    profile = clinic_repo.load_profile()
    kind = resolve_type(type_key)
    with booking_repo.write_lock():
        current = _held(appointment_id, profile)
        if kind.needs_chair != (current.chair_id is not None):
            raise BookingError("type: changing between chair and office types needs a new booking")
        _move_locked(appointment_id, current.chair_id, current.start, actor, override, profile, (), new_type=kind)


def set_notes(appointment_id: int, notes: str, actor: Actor) -> None:
    """The desk's note on an appointment (no clinical content)."""
    require(actor, "schedule.change")
    profile = clinic_repo.load_profile()
    with booking_repo.write_lock():
        current = _held(appointment_id, profile)
        booking_repo.set_fields(appointment_id, notes=notes.strip())
        booking_repo.add_event(appointment_id, "notes", actor.username)
        audit.record(actor, "appointment.notes", entity="appointment", entity_id=appointment_id,
                     patient_id=current.patient_id)


def move_following(appointment_id: int, chair_id: int | str | None, start_local: dt.datetime,
                   actor: Actor, override: bool = False) -> list[int]:
    """Move this session and every later open session of its series by the same shift, all or none.

    Each later session keeps its own chair unless `chair_id` changes this one's chair; a refusal
    names the session ("Session 4 of 6: Chair 2 is taken ...") and nothing is written.
    """
    require(actor, "schedule.change")
    profile = clinic_repo.load_profile()
    with booking_repo.write_lock():
        current = _held(appointment_id, profile)
        following = _following(current, profile)
        start = _aware(start_local, profile)
        shift = start - current.start
        moving = [a.id for a in following]
        # Latest first when moving later (earliest first when earlier) so no session lands on one not yet moved.
        for session in sorted(following, key=lambda a: a.start, reverse=shift > dt.timedelta(0)):
            chair = chair_id if chair_id not in (None, "") else session.chair_id
            when = _shifted(session, shift, profile)
            try:
                _move_locked(session.id, chair, when, actor, override, profile, moving)
            except (BookingConflict, SoftLimitWarning) as exc:
                raise type(exc)(f"Session {session.series_label}: {exc}") from None
    return moving


@dataclass(frozen=True)
class MakeUp:
    """A make-up for a series session that was cancelled or missed: the same patient, type and place in
    the series ("3 of 6"), first suggested at the missed session's time and chair, after the series'
    last booked session and its spacing, on a day the clinic is open (the desk may change any of it)."""

    missed: values.Appointment
    series: tuple[int, int]  # (series id, session number), as book() takes it
    start: dt.datetime  # clinic-local, naive: what the booking dialog shows
    chair_id: int | None

    @property
    def label(self) -> str:
        return f"Make-up for session {self.missed.series_label} (missed {self.missed.start:%a %d %b})"


def make_up(appointment_id: int) -> MakeUp:
    """What a make-up for the cancelled or missed series session `appointment_id` would be; BookingError
    when it is no such session, or when that session number already has a make-up booked."""
    profile = clinic_repo.load_profile()
    missed = _held(appointment_id, profile)
    if missed.series_id is None or missed.series_index is None or missed.outcome not in ("cancelled", "no_show"):
        raise BookingError(f"appointment {appointment_id}: only a cancelled or missed session of a series "
                           "gets a make-up")
    sessions = booking_repo.series_sessions(missed.series_id, profile.tz)
    held = [a for a in sessions if rules.holds_chair(a)]
    taken = _place_taken(sessions, missed)
    if taken is not None:
        raise BookingError(f"session {missed.series_label} already has a make-up on {taken.start:%a %d %b %H:%M}")
    series = booking_repo.get_series(missed.series_id)
    open_days = {weekday for weekday, hours in profile.hours.items() if hours is not None}
    day = make_up_day(missed.start.date(), [a.start.date() for a in held],
                      series.min_days if series is not None else 1, open_days)
    start, chair_id = _make_up_slot(missed, dt.datetime.combine(day, missed.start.time().replace(tzinfo=None)),
                                    profile)
    return MakeUp(missed, (missed.series_id, missed.series_index), start, chair_id)


MAKE_UP_SEARCH_DAYS = 14


def _make_up_slot(missed: values.Appointment, first: dt.datetime,
                  profile: ClinicProfile) -> tuple[dt.datetime, int | None]:
    """The missed session's time on the first day from `first` on (two weeks at most) with a chair free
    then: its own chair if that one is, else the first free one. None free in two weeks: `first` in its own
    chair (the booking dialog then says what is free instead). One read of each day looked at."""
    for offset in range(MAKE_UP_SEARCH_DAYS):
        start = first + dt.timedelta(days=offset)
        if profile.hours.get(start.weekday()) is None:
            continue
        aware = _aware(start, profile)
        found = openings(missed.type, start.date(), 1, per_day=None, patient_id=missed.patient_id, now=aware)
        free = [o.chair_id for o in found if o.start == aware and o.chair_id is not None]
        if free:
            return start, missed.chair_id if missed.chair_id in free else free[0]
    return first, missed.chair_id


def _shifted(session: values.Appointment, shift: dt.timedelta, profile: ClinicProfile) -> dt.datetime:
    """When "this and the following" puts a later session: its start moved by the same elapsed time."""
    return utc_to_local(local_to_utc(session.start, profile.tz) + shift, profile.tz)


@dataclass(frozen=True)
class ShiftedSession:
    """A later session of a series as "this and the following" would move it, and what stands in its way."""

    label: str  # "4 of 6"
    start: dt.datetime  # where it would go, clinic-local
    problems: tuple[Problem, ...]


def preview_following(appointment_id: int, chair_id: int | None, start_local: dt.datetime) -> list[ShiftedSession]:
    """What moving this session to `start_local` (and `chair_id`, if it changes) does to each later open
    session of its series, shifted by the same time as move_following would: checked, nothing written."""
    profile = clinic_repo.load_profile()
    current = _held(appointment_id, profile)
    following = _following(current, profile)
    shift = _aware(start_local, profile) - current.start
    moving = [a.id for a in following]
    shifted = []
    for session in following:
        if session.id == current.id:
            continue
        chair = chair_id if chair_id is not None else session.chair_id
        when = _shifted(session, shift, profile)
        preview = chair_time_preview(session.patient_id, session.type, chair, when, ignore_ids=moving)
        shifted.append(ShiftedSession(session.series_label, when, preview.problems))
    return shifted


def following_ids(appointment_id: int) -> list[int]:
    """This appointment and the later open sessions of its series (what "this and the following" moves)."""
    profile = clinic_repo.load_profile()
    return [a.id for a in _following(_held(appointment_id, profile), profile)]


def _following(current: values.Appointment, profile: ClinicProfile) -> list[values.Appointment]:
    if current.series_id is None:
        return [current]
    sessions = booking_repo.series_sessions(current.series_id, profile.tz)
    return [a for a in sessions if a.start >= current.start and rules.holds_chair(a) and a.flow == "booked"]


# --- cancel, no-show, the day-of flow ---------------------------------------------------------------


def cancel(appointment_id: int, by: str, reason: str, actor: Actor, following: bool = False,
           now: dt.datetime | None = None) -> list[int]:
    """Cancel (by 'patient' or 'clinic'); within 24 h of the start is a late cancellation.

    `following` also cancels the later open sessions of the same series; otherwise the others are
    left untouched. Returns the ids cancelled.
    """
    require(actor, "schedule.change")
    if by not in ("patient", "clinic"):
        raise BookingError("cancelled by: 'patient' or 'clinic'")
    if not reason.strip():
        raise BookingError("reason: say why the appointment is cancelled")
    profile = clinic_repo.load_profile()
    now = now or now_local(profile.tz)
    with booking_repo.write_lock():
        current = _held(appointment_id, profile)
        if not rules.holds_chair(current) or current.flow != "booked":
            raise BookingError(f"appointment {appointment_id} cannot be cancelled: "
                               f"{day_of.why_not_open(current.flow, current.outcome) or current.status}")
        targets = _following(current, profile) if following else [current]
        for a in targets:
            late = rules.is_late_cancel(a.start, now)
            booking_repo.set_fields(a.id, outcome="cancelled", cancelled_by=by, late_cancel=late,
                                    cancel_reason=reason.strip())
            booking_repo.add_event(a.id, "cancelled", actor.username, f"by {by}" + (", late" if late else ""))
            audit.record(actor, "appointment.cancel", entity="appointment", entity_id=a.id, patient_id=a.patient_id)
    return [a.id for a in targets]


@contextmanager
def _day_of_change(appointment_id: int, actor: Actor) -> Iterator[tuple[values.Appointment, ClinicProfile]]:
    """A day-of change (a step, a no-show, taking one back): allowed for the actor, the appointment read
    and written under the booking lock, so two desks pressing at once go one after the other."""
    require(actor, "schedule.checkin")
    profile = clinic_repo.load_profile()
    with booking_repo.write_lock():
        yield _held(appointment_id, profile), profile


def mark_no_show(appointment_id: int, actor: Actor, now: dt.datetime | None = None) -> None:
    """A booked patient who did not come; not before the booked start (`now`: the clinic's clock)."""
    with _day_of_change(appointment_id, actor) as (current, profile):
        if current.outcome is not None or current.flow != "booked":
            raise BookingError(f"appointment {appointment_id} is {current.status}: only a booked one can be a no-show")
        early = day_of.too_early_for_no_show(current.start, now or now_local(profile.tz))
        if early:
            raise BookingError(f"appointment {appointment_id}: {early}")
        booking_repo.set_fields(appointment_id, outcome="no_show")
        booking_repo.add_event(appointment_id, "no_show", actor.username)
        audit.record(actor, "appointment.no_show", entity="appointment", entity_id=appointment_id,
                     patient_id=current.patient_id)


def advance(appointment_id: int, actor: Actor, now: dt.datetime | None = None, *, override: bool = False) -> str:
    """Take the next day-of step (arrived → in chair → recovery → discharged); return the new step.

    Refused for an appointment on a later day (`now`: the clinic's clock); an earlier day's may still
    be closed (a discharge recorded the next morning). An esketamine session's "in chair" without
    REMS enrolment on file asks first (SoftLimitWarning); `override` records it anyway, with a note."""
    with _day_of_change(appointment_id, actor) as (current, profile):
        step = day_of.next_step(current.flow, current.outcome)
        if step is None:
            raise BookingError(f"appointment {appointment_id} is {current.status}: no next step")
        early = day_of.too_early_for_steps(current.start, now or now_local(profile.tz))
        if early:
            raise BookingError(f"appointment {appointment_id}: {early}")
        unenrolled = step == "in_chair" and current.type.kind == "esketamine" and flags.rems_missing(
            current.patient_id)
        occupant = _chair_occupant(current, profile) if step == "in_chair" else None
        unreviewed = _unreviewed_flags(current.patient_id) if step == "in_chair" and current.type.needs_chair else []
        recovery_ends = _recovery_not_over(current, profile, now) if step == "discharged" else None
        warnings = ([f"{current.patient_name} has no esketamine REMS enrolment on file: the session may not "
                     "start until the prescriber has enrolled them"] if unenrolled else []) + \
            ([f"{board_state.still_here_message(occupant)}; seat {current.patient_name} in another chair (drag "
              f"the block there) or discharge {occupant.patient_name} first"] if occupant is not None else []) + \
            ([_unreviewed_words(current.patient_name, unreviewed)] if unreviewed else []) + \
            ([_early_discharge_words(current, recovery_ends)] if recovery_ends is not None else [])
        if warnings and not override:
            raise SoftLimitWarning("; and ".join(warnings))
        fields: dict[str, object] = {"flow": step}
        if step == "discharged":
            fields["outcome"] = "completed"
        booking_repo.set_fields(appointment_id, **fields)
        booking_repo.add_event(appointment_id, step, actor.username)
        if unenrolled:
            booking_repo.add_event(appointment_id, "override", actor.username, "in chair without REMS enrolment")
        if occupant is not None:
            booking_repo.add_event(appointment_id, "override", actor.username,
                                   f"in chair while {occupant.chair_name} still had another patient")
        if unreviewed:
            booking_repo.add_event(appointment_id, "override", actor.username,
                                   f"in chair with {len(unreviewed)} clinical flag(s) not reviewed")
        if recovery_ends is not None:
            booking_repo.add_event(appointment_id, "override", actor.username,
                                   f"discharged before the end of recovery ({recovery_ends:%H:%M})")
        audit.record(actor, f"appointment.{step}", entity="appointment", entity_id=appointment_id,
                     patient_id=current.patient_id)
    return step


def _unreviewed_flags(patient_id: int) -> list[FlagInfo]:
    """The patient's clinical flags nobody has reviewed yet (REMS enrolment is asked about on its own)."""
    return [f for f in flags.open_flags([patient_id]).get(patient_id, []) if f.kind != flags.REMS_ENROLMENT]


def _unreviewed_words(name: str, unreviewed: list[FlagInfo]) -> str:
    labels = "; ".join(dict.fromkeys(f.label for f in unreviewed))  # every role may read these (no detail)
    whom = unreviewed[0].tell[:1].lower() + unreviewed[0].tell[1:]  # urgent first: its "whom to tell"
    count = "a clinical flag" if len(unreviewed) == 1 else f"{len(unreviewed)} clinical flags"
    return f"{name} has {count} not yet reviewed ({labels}): {whom}"


def _recovery_not_over(current: values.Appointment, profile: ClinicProfile,
                       now: dt.datetime | None) -> dt.datetime | None:
    """When the recovery under way ends, if that is still ahead (from its recorded start): a discharge
    before then is asked about, as the type's recovery time is the observation the clinic set."""
    now = now or now_local(profile.tz)
    if current.start.date() != now.date():
        return None  # an earlier day's steps written up afterwards: the times are the record's, not the patient's
    stamps = board_repo.flow_stamps([current.id], profile.tz).get(current.id, [])
    started = next((s.at for s in reversed(stamps) if s.step == "recovery" and s.at.date() == now.date()), None)
    ends = board_state.recovery_due(current, started)  # from the recorded start, else the plan's
    return ends if now < ends else None


def _early_discharge_words(current: values.Appointment, ends: dt.datetime) -> str:
    minimum = " (the esketamine observation minimum)" if current.type.kind == "esketamine" else ""
    return (f"{current.patient_name}'s {current.type.recovery_minutes} minutes of recovery end at {ends:%H:%M}"
            f"{minimum}: discharge before then only on the clinician's word")


def _chair_occupant(current: values.Appointment, profile: ClinicProfile) -> values.Appointment | None:
    """Another patient still sitting in the chair `current` is to be seated in (read with its day)."""
    start_utc, end_utc = day_bounds_utc(current.start.date(), profile.tz)
    return board_state.chair_occupant(appointments_repo.between(start_utc, end_utc, profile.tz), current)


def undo_step(appointment_id: int, actor: Actor, now: dt.datetime | None = None) -> str:
    """Take back the last day-of step (a check-in pressed on the wrong block, a no-show the patient
    turned up after); return the step the appointment is back at. The log keeps both. At the desk only
    on the appointment's day or the next (`now`: the clinic's clock); an admin may correct older ones."""
    with _day_of_change(appointment_id, actor) as (current, profile):
        undone = day_of.step_to_undo(current.flow, current.outcome)
        if undone is None:
            raise BookingError(f"appointment {appointment_id} is {current.status}: no step to take back")
        too_late = day_of.too_late_to_undo(current.start, now or now_local(profile.tz))
        if too_late and not allowed(actor, "schedule.correct_past"):
            raise BookingError(f"appointment {appointment_id}: {too_late}")
        fields: dict[str, object] = {"outcome": None}
        if undone in day_of.RELEASED:
            _no_make_up_since(current, profile)
            _still_free_after(current, profile, undone)
            back = "booked"
            if undone == day_of.CANCELLED:
                fields.update(cancelled_by=None, late_cancel=False, cancel_reason="")  # the log keeps them
        else:
            back = day_of.PREVIOUS_STEP[undone]
        try:
            booking_repo.set_fields(appointment_id, flow=back, **fields)
        except ChairGuardError:  # another workstation booked the chair between the check and this write
            raise BookingConflict(f"appointment {appointment_id}: its chair was booked again after the "
                                  f"{_RELEASE_WORDS[undone]}; book the patient again instead") from None
        booking_repo.add_event(appointment_id, day_of.undone_event(undone), actor.username)
        audit.record(actor, "appointment.step_undone", entity="appointment", entity_id=appointment_id,
                     patient_id=current.patient_id, detail=undone)
    return back


_RELEASE_WORDS = {day_of.NO_SHOW: "no-show", day_of.CANCELLED: "cancellation"}


def _no_make_up_since(released: values.Appointment, profile: ClinicProfile) -> None:
    """A series session cancelled or missed comes back only while no make-up holds its place in the
    series: else the series would count that session twice ("1 of 6" on two days, seven of six)."""
    if released.series_id is None or released.series_index is None:
        return
    make_up = _place_taken(booking_repo.series_sessions(released.series_id, profile.tz), released)
    if make_up is not None:
        raise BookingConflict(f"appointment {released.id}: session {released.series_label} is booked again on "
                              f"{make_up.start:%a %d %b %H:%M} (a make-up); cancel that booking first to bring "
                              "this one back")


def _place_taken(sessions: Sequence[values.Appointment], session: values.Appointment) -> values.Appointment | None:
    """Another booking of `sessions` holding `session`'s place in its series (its make-up), if any."""
    return next((a for a in sessions if a.id != session.id and a.series_index == session.series_index
                 and rules.holds_chair(a)), None)


def _still_free_after(released: values.Appointment, profile: ClinicProfile, how: str) -> None:
    """A no-show or a cancellation freed the chair: it comes back only if nobody took that time (or
    the patient) since."""
    chair = resolve_chair(released.chair_id) if released.chair_id else None
    try:  # a hard conflict only: it was booked once, its soft limits were weighed then
        rules.raise_for(check(released.patient_id, released.type, chair, released.start, profile,
                              ignore_ids=(released.id,)), override=True)
    except BookingConflict as conflict:
        raise BookingConflict(f"appointment {released.id}: not booked again after the {_RELEASE_WORDS[how]}: "
                              f"{conflict}; book the patient at another time instead") from None


def history(appointment_id: int) -> list[booking_repo.EventRecord]:
    return booking_repo.events(appointment_id)


# --- openings ---------------------------------------------------------------------------------------


def openings(type: str | int | values.AppointmentType, from_date: dt.date, days: int = 7,
             chair: int | str | None = None, weekdays: Sequence[int] | None = None,
             time_of_day: str | None = None, per_day: int | None = 3, patient_id: int | None = None,
             now: dt.datetime | None = None, ignore_ids: Sequence[int] = ()) -> list[Opening]:
    """The first free times of `type` on each of the `days` days from `from_date` (earliest first).

    Times already past (before `now`, default the clinic's clock) are never offered; `ignore_ids`:
    appointments being moved (they leave their own place free).
    """
    if not 1 <= days <= 366:
        raise BookingError("days: give a number from 1 to 366")
    profile = clinic_repo.load_profile()
    kind = resolve_type(type)
    one = resolve_chair(chair)
    all_chairs = clinic_repo.chairs()
    chairs_wanted = [one] if one else all_chairs
    wanted = time_of_day_filter(time_of_day)
    now = now or now_local(profile.tz)
    start = dt.datetime.combine(from_date, dt.time(0), tzinfo=profile.tz)
    end = dt.datetime.combine(from_date + dt.timedelta(days=days), dt.time(0), tzinfo=profile.tz)
    existing, blocks = _context(start, end, profile)
    days_appointments = rules.by_day([a for a in existing if a.id not in ignore_ids])
    found: list[Opening] = []
    for offset in range(days):
        day = from_date + dt.timedelta(days=offset)
        if weekdays is not None and day.weekday() not in weekdays:
            continue
        if day < now.date():
            continue
        todays = days_appointments.get(day, [])
        allowed = wanted if day > now.date() else _not_before(wanted, now.time())
        found.extend(day_openings(day, kind, chairs_wanted, todays, blocks, profile,
                                  patient_id=patient_id if patient_id is not None else -1,
                                  wanted=allowed, per_day=per_day))
    return found


def _not_before(wanted: TimeFilter, earliest: dt.time) -> TimeFilter:
    return lambda t: t >= earliest and wanted(t)


# --- series -------------------------------------------------------------------------------------------


PLAN_READ_DAYS = 14  # a series plan reads the bookings a fortnight at a time, as it reaches the days


def plan(patient_id: int, request: SeriesRequest) -> list[PlannedSession]:
    """Preview a series: where each session would go, what blocked the wanted slot, alternatives."""
    profile = clinic_repo.load_profile()
    checkers: dict[dt.date, rules.Checker] = {}  # each day's rules over that day's bookings only

    def read_from(first: dt.date) -> None:
        lo = dt.datetime.combine(first, dt.time(0), tzinfo=profile.tz)
        existing, blocks = _context(lo, lo + dt.timedelta(days=PLAN_READ_DAYS), profile)
        days = rules.by_day(existing)
        for offset in range(PLAN_READ_DAYS):
            day = first + dt.timedelta(days=offset)
            checkers.setdefault(day, rules.Checker(days.get(day, []), blocks, profile))

    def checker(day: dt.date) -> rules.Checker:
        if day not in checkers:
            read_from(day)
        return checkers[day]

    def is_free(chair: values.Chair | None, start: dt.datetime) -> Iterator[Problem]:
        return checker(start.date()).problems(Proposal(patient_id, request.type, chair, start))

    def taken_until(chair: values.Chair | None, start: dt.datetime) -> dt.datetime | None:
        return checker(start.date()).chair_taken_until(Proposal(patient_id, request.type, chair, start))

    return plan_series(request, clinic_repo.chairs(), is_free, profile, taken_until)


def book_series(patient_id: int, type_key: str | int | values.AppointmentType, slots: Sequence[Slot],
                actor: Actor, *, min_days: int = 1, max_per_week: int | None = None,
                override: bool = False, note: str = "") -> tuple[int, list[int]]:
    """Write a series and all its sessions in one transaction; any refusal names the session, writes nothing."""
    require(actor, "schedule.book")
    if not slots:
        raise BookingError("series: no sessions to book")
    profile = clinic_repo.load_profile()
    kind = resolve_type(type_key)
    with booking_repo.write_lock():
        if not booking_repo.patient_exists(patient_id):
            raise BookingError(f"patient: no patient with id {patient_id}")
        series_id = booking_repo.create_series(patient_id=patient_id, type_id=kind.id, planned_count=len(slots),
                                               min_days=min_days, max_per_week=max_per_week, note=note)
        ids = []
        for index, slot in enumerate(sorted(slots, key=lambda s: s.start), start=1):
            try:
                ids.append(_book_locked(patient_id, kind, slot.chair.id if slot.chair else None,
                                        _aware(slot.start, profile), actor, override, (series_id, index), "",
                                        profile))
            except (BookingConflict, SoftLimitWarning) as exc:
                raise type(exc)(f"Session {index} of {len(slots)}: {exc}") from None
        audit.record(actor, "series.book", entity="series", entity_id=series_id, patient_id=patient_id)
    return series_id, ids


# --- collisions after settings changes, boosters, waiting list -----------------------------------------


COLLISIONS_AHEAD_DAYS = 28  # how far a settings change is looked at for the bookings it leaves out of place


def collisions_ahead(days: int = COLLISIONS_AHEAD_DAYS, today: dt.date | None = None) -> list[Collision]:
    """The collisions on the board from today over `days` days (what a settings change just caused, and
    any left from before), for the settings screen to count: the span read in one go, not day by day."""
    profile = clinic_repo.load_profile()
    return _collisions_over(today or now_local(profile.tz).date(), days, profile)


def collisions_for_day(day: dt.date) -> list[Collision]:
    """What the board marks: bookings that collide under today's settings (bookings are never moved)."""
    return _collisions_over(day, 1, clinic_repo.load_profile())


def _collisions_over(first: dt.date, days: int, profile: ClinicProfile) -> list[Collision]:
    """Each day's collisions from `first` over `days` days, from one read of the span's bookings and blocks."""
    from frontdesk.rules.clock import day_bounds_utc

    lo = day_bounds_utc(first, profile.tz)[0]
    hi = day_bounds_utc(first + dt.timedelta(days=days - 1), profile.tz)[1]
    held, blocks = appointments_repo.between(lo, hi, profile.tz), board_repo.blocks_between(lo, hi, profile.tz)
    chairs, now = clinic_repo.chairs(), now_local(profile.tz)
    found = []
    for ahead in range(days):
        day = first + dt.timedelta(days=ahead)
        start = dt.datetime.combine(day, dt.time(0), profile.tz)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), profile.tz)
        found += collisions.collisions_among([a for a in held if a.start.date() == day],
                                             [b for b in blocks if b.start < end and b.end > start], chairs,
                                             profile, now)
    return found


@dataclass(frozen=True)
class BoosterDue:
    patient_id: int
    patient_name: str
    last_session: dt.date
    due: dt.date


def boosters_due(today: dt.date | None = None) -> list[BoosterDue]:
    """Patients who have had a treatment series and whose last visit (the series' last session, or
    their last booster since) is at least the clinic's booster interval ago, with nothing booked since."""
    profile = clinic_repo.load_profile()
    today = today or now_local(profile.tz).date()
    due = []
    for patient, ended in booking_repo.series_ends(profile.tz):
        when = ended.date() + dt.timedelta(days=profile.booster_interval_days)
        if when <= today:
            due.append((patient, ended.date(), when))
    labels = intake_repo.patient_labels(p for p, _, _ in due)
    names = {pid: display_name(first, last, preferred) for pid, (first, last, preferred, _) in labels.items()}
    return sorted((BoosterDue(p, names.get(p, ""), last, when) for p, last, when in due),
                  key=lambda b: (b.due, b.patient_name, b.patient_id))  # the longest overdue first, then by name


def add_to_waitlist(patient_id: int, type_key: str | int, note: str, actor: Actor) -> int:
    require(actor, "schedule.book")
    kind = resolve_type(type_key)
    if not booking_repo.patient_exists(patient_id):
        raise BookingError(f"patient: no patient with id {patient_id}")
    with booking_repo.write_lock():
        entry = booking_repo.add_waitlist(patient_id, kind.id, note.strip())
        audit.record(actor, "waitlist.add", entity="waitlist", entity_id=entry, patient_id=patient_id)
    return entry


def remove_from_waitlist(entry_id: int, actor: Actor) -> None:
    require(actor, "schedule.change")
    with booking_repo.write_lock():
        if not booking_repo.close_waitlist(entry_id):
            raise BookingError(f"waiting list: no entry {entry_id}")
        audit.record(actor, "waitlist.remove", entity="waitlist", entity_id=entry_id)


def settle_waitlist_entry(entry_id: int, patient_id: int, booked_id: int, actor: Actor) -> bool:
    """After a booking made from waiting-list entry `entry_id` (for patient `patient_id`): the entry leaves
    the list if that patient is the one booked (True); the desk may have booked someone else in the end
    (the waiting patient declined on the phone), who was never on this entry, and an entry taken off at
    another desk meanwhile is simply gone: False, the list as it is."""
    made = find_appointment(booked_id)
    if made is None or made.patient_id != patient_id:
        return False
    try:
        remove_from_waitlist(entry_id, actor)
    except BookingError:  # taken off at another desk meanwhile
        return False
    return True


def waitlist() -> list[booking_repo.WaitlistItem]:
    return booking_repo.active_waitlist()


def how_to_reach(patient_ids: Sequence[int]) -> dict[int, Reach]:
    """How to call each of these patients (primary phone, their wishes): the waiting list's last column."""
    from frontdesk.data import patients_repo

    return patients_repo.reach_of(patient_ids)


@dataclass(frozen=True)
class WaitlistFit:
    entry: booking_repo.WaitlistItem
    start: dt.datetime
    chair_id: int | None
    series_slipping: bool

    @property
    def reason(self) -> str:
        return "series spacing would slip" if self.series_slipping else \
            f"waiting since {self.entry.created_utc:%m/%d/%Y}"  # month first, as the desk reads dates


def who_fits(appointment_id: int) -> list[WaitlistFit]:
    """Waiting-list patients who could take the chair time a cancelled appointment freed.

    Series patients whose spacing would slip (their next session is already due) come first,
    then everyone else by how long they have waited.
    """
    profile = clinic_repo.load_profile()
    freed = _held(appointment_id, profile)
    chair = booking_repo.get_chair(freed.chair_id) if freed.chair_id else None
    entries = booking_repo.active_waitlist()
    slipping = _series_slipping([e.patient_id for e in entries], freed.start, profile)
    fits = []
    for entry in entries:
        kind = booking_repo.get_type(entry.type_id)
        if kind is None or spans.add_minutes(freed.start, kind.chair_minutes) > freed.end:
            continue
        if not check(entry.patient_id, kind, chair, freed.start, profile, ignore_ids=(appointment_id,)):
            fits.append(WaitlistFit(entry, freed.start, freed.chair_id, entry.patient_id in slipping))
    return sorted(fits, key=lambda f: (not f.series_slipping, f.entry.created_utc, f.entry.id))


def _series_slipping(patient_ids: list[int], when: dt.datetime, profile: ClinicProfile) -> set[int]:
    """Patients with an unfinished series whose next session is due by `when` but not booked by then."""
    out = set()
    for info in booking_repo.series_for_patients(patient_ids):
        sessions = [a for a in booking_repo.series_sessions(info.id, profile.tz) if rules.holds_chair(a)]
        if len(sessions) >= info.planned_count:
            continue
        past = [a.start for a in sessions if a.start <= when]
        upcoming = [a.start for a in sessions if a.start > when]
        due = (max(past) + dt.timedelta(days=info.min_days)) if past else when
        if due <= when + dt.timedelta(days=1) and (not upcoming or min(upcoming) - due > dt.timedelta(days=1)):
            out.add(info.patient_id)
    return out


def add_demo_waitlist(report: Any) -> None:
    """Demo clinics get a short waiting list (called from services.demo's hooks)."""
    wanted = [("iv_mood", "any morning this week"), ("esketamine", "after 14:00 only"), ("iv_mood", "")]
    patients = booking_repo.some_patient_ids(len(wanted), offset=3)
    added = 0
    with booking_repo.write_lock():
        for patient_id, (code, note) in zip(patients, wanted, strict=False):
            kind = booking_repo.find_type(code)
            if kind is not None:
                booking_repo.add_waitlist(patient_id, kind.id, note)
                added += 1
    report.extra["waitlist"] = added
