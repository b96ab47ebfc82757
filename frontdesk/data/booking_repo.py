"""Writes and look-ups for booking: appointments, events, series, blocks, waiting list.

`write_lock()` is the transaction every booking check-and-write runs in: SQLite starts it with
BEGIN IMMEDIATE and PostgreSQL takes a transaction-scoped advisory lock, so two workstations
booking at the same moment run one after the other. The chair-overlap guard of migration 2 stays
the last line of defence; its refusal surfaces here as `ChairGuardError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import peewee as pw

from frontdesk import values
from frontdesk.data import models as m
from frontdesk.data.appointments_repo import LONGEST_APPOINTMENT
from frontdesk.data.clinic_repo import to_chair, to_type
from frontdesk.data.database import database_proxy, is_sqlite
from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.text import display_name

_ADVISORY_KEY = 0x46444B42  # "FDKB": the one lock every booking write takes on PostgreSQL


class ChairGuardError(Exception):
    """The database refused a write because two bookings would overlap in one chair."""


@dataclass(frozen=True)
class PatientChoice:
    id: int
    name: str
    chart_number: str
    date_of_birth: dt.date | None


@dataclass(frozen=True)
class SeriesInfo:
    id: int
    patient_id: int
    type_id: int
    planned_count: int
    min_days: int
    max_per_week: int | None


@dataclass(frozen=True)
class WaitlistItem:
    id: int
    patient_id: int
    patient_name: str
    type_id: int
    type_name: str
    note: str
    created_utc: dt.datetime


@contextmanager
def write_lock() -> Iterator[None]:
    """One serialised transaction for a check followed by a write."""
    db = database_proxy.obj
    if db is not None and db.transaction_depth() > 0:
        with database_proxy.atomic():
            yield
        return
    if db is not None and is_sqlite(db):
        with database_proxy.atomic("IMMEDIATE"):
            yield
        return
    with database_proxy.atomic():
        database_proxy.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_KEY,))
        yield


# --- look-ups -----------------------------------------------------------------------------------


def find_type(key: str | int, include_inactive: bool = False) -> values.AppointmentType | None:
    """A type by id, code or exact name (case-insensitive for code and name)."""
    query = m.AppointmentType.select()
    if not include_inactive:
        query = query.where(m.AppointmentType.active == True)  # noqa: E712
    text = str(key).strip()
    for row in query:
        if text.isdigit() and row.id == int(text):
            return to_type(row)
    for row in query:
        if text.casefold() in (row.code.casefold(), row.name.casefold()):
            return to_type(row)
    return None


def find_chair(key: str | int) -> values.Chair | None:
    """A chair by id or exact name ("Chair 3"), case-insensitive; a bare number is tried as a name too."""
    text = str(key).strip()
    rows = list(m.Chair.select())
    for row in rows:
        if row.name.casefold() == text.casefold():
            return to_chair(row)
    for row in rows:
        if text.isdigit() and row.id == int(text):
            return to_chair(row)
    return None


def get_chair(chair_id: int) -> values.Chair | None:
    row = m.Chair.get_or_none(m.Chair.id == chair_id)
    return to_chair(row) if row else None


def get_type(type_id: int) -> values.AppointmentType | None:
    row = m.AppointmentType.get_or_none(m.AppointmentType.id == type_id)
    return to_type(row) if row else None


def patient_exists(patient_id: int) -> bool:
    return bool(m.Patient.select().where(m.Patient.id == patient_id).exists())


def patient_name(patient_id: int) -> str:
    row = m.Patient.get_or_none(m.Patient.id == patient_id)
    return display_name(row.legal_first, row.legal_last, row.preferred_name) if row else ""


# --- appointment writes --------------------------------------------------------------------------


def insert_appointment(*, patient_id: int, type_id: int, chair_id: int | None, start_utc: dt.datetime,
                       end_utc: dt.datetime, created_by: str, override_note: str = "",
                       series_id: int | None = None, series_index: int | None = None, notes: str = "") -> int:
    _check_span(start_utc, end_utc)
    with _guarded():
        row = m.Appointment.create(
            patient=patient_id, type=type_id, chair=chair_id, start_utc=start_utc, end_utc=end_utc,
            created_by=created_by, override_note=override_note, series=series_id,
            series_index=series_index, notes=notes,
        )
    return int(row.id)


def move_appointment(appointment_id: int, *, chair_id: int | None, start_utc: dt.datetime,
                     end_utc: dt.datetime, override_note: str | None = None, type_id: int | None = None) -> None:
    _check_span(start_utc, end_utc)
    fields: dict[str, object] = dict(chair=chair_id, start_utc=start_utc, end_utc=end_utc, updated_utc=m.utcnow())
    if override_note is not None:
        fields["override_note"] = override_note
    if type_id is not None:
        fields["type"] = type_id
    with _guarded():
        m.Appointment.update(**fields).where(m.Appointment.id == appointment_id).execute()


def _check_span(start_utc: dt.datetime, end_utc: dt.datetime) -> None:
    """Reads look back at most LONGEST_APPOINTMENT before a window (appointments_repo.between): keep it true."""
    if end_utc - start_utc > LONGEST_APPOINTMENT:
        raise ValueError("appointment: longer than a day")


def set_fields(appointment_id: int, **fields: object) -> None:
    fields["updated_utc"] = m.utcnow()
    with _guarded():
        m.Appointment.update(**fields).where(m.Appointment.id == appointment_id).execute()


@contextmanager
def _guarded() -> Iterator[None]:
    """A savepoint around one write, turning the database's chair guard into ChairGuardError."""
    try:
        with database_proxy.atomic():
            yield
    except pw.IntegrityError as exc:
        text = str(exc)
        if "overlap" in text or "exclusion" in text or "conflicting key" in text:
            raise ChairGuardError("chair overlap") from None
        raise


def add_event(appointment_id: int, kind: str, user: str, detail: str = "") -> None:
    m.AppointmentEvent.create(appointment=appointment_id, kind=kind, user=user, detail=detail)


@dataclass(frozen=True)
class EventRecord:
    kind: str
    at_utc: dt.datetime
    user: str
    detail: str


def events(appointment_id: int) -> list[EventRecord]:
    query = (m.AppointmentEvent.select().where(m.AppointmentEvent.appointment == appointment_id)
             .order_by(m.AppointmentEvent.at_utc, m.AppointmentEvent.id))
    return [EventRecord(r.kind, r.at_utc, r.user, r.detail) for r in query]


# --- series ---------------------------------------------------------------------------------------


def create_series(*, patient_id: int, type_id: int, planned_count: int, min_days: int,
                  max_per_week: int | None, note: str = "") -> int:
    row = m.Series.create(patient=patient_id, type=type_id, planned_count=planned_count,
                          min_days=min_days, max_per_week=max_per_week, note=note)
    return int(row.id)


def get_series(series_id: int) -> SeriesInfo | None:
    row = m.Series.get_or_none(m.Series.id == series_id)
    if row is None:
        return None
    return SeriesInfo(row.id, row.patient_id, row.type_id, row.planned_count, row.min_days, row.max_per_week)


def series_sessions(series_id: int, tz: ZoneInfo) -> list[values.Appointment]:
    """Every session of a series, released ones included, in session order."""
    from frontdesk.data.appointments_repo import read_rows, select_appointments

    query = select_appointments().where(m.Appointment.series == series_id).order_by(
        m.Appointment.series_index, m.Appointment.start_utc)
    return read_rows(query.tuples(), tz)


def series_for_patients(patient_ids: list[int]) -> list[SeriesInfo]:
    if not patient_ids:
        return []
    query = m.Series.select().where(m.Series.patient.in_(patient_ids))
    return [SeriesInfo(r.id, r.patient_id, r.type_id, r.planned_count, r.min_days, r.max_per_week) for r in query]


def series_ends(tz: ZoneInfo) -> list[tuple[int, dt.datetime]]:
    """(patient, start) of each patient's last appointment that holds its time, for the patients who
    have had a treatment series (their later boosters are single appointments): the booster reminders'
    candidates. One grouped query: the clinic's whole history stays in the database."""
    a = m.Appointment
    last = pw.fn.MAX(a.start_utc)
    had_series = pw.fn.MAX(pw.Case(None, [(a.series.is_null(False), 1)], 0))
    query = (a.select(a.patient, last.python_value(a.start_utc.python_value))
             .where(a.outcome.is_null() | (a.outcome == "completed"))
             .group_by(a.patient).having(had_series == 1).tuples())
    return [(patient_id, utc_to_local(start_utc, tz)) for patient_id, start_utc in query]


# --- blocks ---------------------------------------------------------------------------------------


def add_block(*, chair_id: int | None, start_utc: dt.datetime, end_utc: dt.datetime, kind: str,
              reason: str) -> int:
    row = m.Block.create(chair=chair_id, start_utc=start_utc, end_utc=end_utc, kind=kind, reason=reason)
    return int(row.id)


def delete_block(block_id: int) -> bool:
    return bool(m.Block.delete().where(m.Block.id == block_id).execute())


# --- waiting list ---------------------------------------------------------------------------------


def add_waitlist(patient_id: int, type_id: int, note: str) -> int:
    return int(m.WaitlistEntry.create(patient=patient_id, type=type_id, note=note).id)


def close_waitlist(entry_id: int) -> bool:
    return bool(m.WaitlistEntry.update(active=False).where(m.WaitlistEntry.id == entry_id,
                                                           m.WaitlistEntry.active == True).execute())  # noqa: E712


def active_waitlist() -> list[WaitlistItem]:
    query = (m.WaitlistEntry.select(m.WaitlistEntry, m.Patient, m.AppointmentType)
             .join(m.Patient).switch(m.WaitlistEntry).join(m.AppointmentType)
             .where(m.WaitlistEntry.active == True)  # noqa: E712
             .order_by(m.WaitlistEntry.created_utc, m.WaitlistEntry.id))
    return [WaitlistItem(r.id, r.patient.id, display_name(r.patient.legal_first, r.patient.legal_last,
                                                          r.patient.preferred_name),
                         r.type.id, r.type.name, r.note, r.created_utc) for r in query]


def some_patient_ids(limit: int, offset: int = 0) -> list[int]:
    query = m.Patient.select(m.Patient.id).order_by(m.Patient.id).offset(offset).limit(limit)
    return [r.id for r in query]
