"""Reading appointments as plain values, in few queries (never one per row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

import peewee as pw

from frontdesk import values
from frontdesk.data import models as m
from frontdesk.data import prepared
from frontdesk.data.clinic_repo import to_type
from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.contact import language_name
from frontdesk.rules.text import display_name

# No appointment's span (start to end) is longer than this: the SQLite chair guard refuses longer chair rows,
# the settings service caps a type's chair time at 12 hours and booking_repo refuses longer writes. So a query
# for a window only needs rows starting at most this long before it, which lets it use the start_utc index.
LONGEST_APPOINTMENT = dt.timedelta(days=1)


def between(start_utc: dt.datetime, end_utc: dt.datetime, tz: ZoneInfo, *,
            include_released: bool = False) -> list[values.Appointment]:
    """Appointments whose chair time touches [start_utc, end_utc), in start order."""
    earliest = start_utc - LONGEST_APPOINTMENT
    params: list[object] = [end_utc, start_utc, earliest] + ([] if include_released else ["completed"])
    # Plain rows, as the driver returns them (read_rows reads the few columns that need it): peewee reading
    # every value of every row took two thirds of this read on a busy day (1.1 ms of 1.6).
    rows = prepared.plain_rows(("appointments between", include_released), params, _between_query, start_utc,
                               end_utc, earliest, include_released)
    return read_rows(rows, tz)


def _between_query(start_utc: dt.datetime, end_utc: dt.datetime, earliest: dt.datetime,
                   include_released: bool) -> pw.ModelSelect:
    query = (
        select_appointments()
        .where((m.Appointment.start_utc < end_utc) & (m.Appointment.end_utc > start_utc)
               & (m.Appointment.start_utc > earliest))
        .order_by(m.Appointment.start_utc, m.Appointment.id)
    )
    return (query if include_released else query.where(_holds_chair())).tuples()


def for_patient(patient_id: int, tz: ZoneInfo) -> list[values.Appointment]:
    """Every appointment of a patient, cancelled ones included, oldest first."""
    query = select_appointments().where(m.Appointment.patient == patient_id).order_by(m.Appointment.start_utc)
    return _to_values(query, tz)


def get(appointment_id: int, tz: ZoneInfo) -> values.Appointment | None:
    rows = _to_values(select_appointments().where(m.Appointment.id == appointment_id), tz)
    return rows[0] if rows else None


def _holds_chair() -> pw.Expression:
    return m.Appointment.outcome.is_null() | (m.Appointment.outcome == "completed")


_TYPE_FIELDS = tuple(m.AppointmentType._meta.sorted_fields)
_HEAD = 17  # read_rows' columns before the appointment type's


def select_appointments(*extra: Any) -> pw.ModelSelect:
    """The columns read_rows reads (as tuples: no model objects per row), from the appointment and its patient,
    chair, series and type; then `extra` columns, which read_rows leaves to the caller."""
    a = m.Appointment
    return with_its_rows(
        a.select(a.id, a.patient, a.chair, a.start_utc, a.end_utc, a.flow, a.outcome, a.series, a.series_index,
                 a.notes, m.Patient.legal_first, m.Patient.legal_last, m.Patient.preferred_name, m.Chair.name,
                 m.Series.planned_count, m.Patient.interpreter_needed, m.Patient.language, *_TYPE_FIELDS, *extra))


def with_its_rows(query: pw.ModelSelect) -> pw.ModelSelect:
    """A select on appointments joined to its patient and type, and to its chair and series when it has them."""
    a = m.Appointment
    return (
        query.join(m.Patient, on=(a.patient == m.Patient.id))
        .switch(a)
        .join(m.AppointmentType, on=(a.type == m.AppointmentType.id))
        .switch(a)
        .join(m.Chair, pw.JOIN.LEFT_OUTER, on=(a.chair == m.Chair.id))
        .switch(a)
        .join(m.Series, pw.JOIN.LEFT_OUTER, on=(a.series == m.Series.id))
    )


def _to_values(query: pw.ModelSelect, tz: ZoneInfo) -> list[values.Appointment]:
    return read_rows(list(query.tuples()), tz)


def read_rows(rows: Iterable[tuple[Any, ...]], tz: ZoneInfo) -> list[values.Appointment]:
    """Rows of select_appointments as plain values; each type is made once. The rows may come read by peewee
    or as the driver returns them (prepared.plain_rows): the columns a driver may give otherwise than as their
    Python value (instants as text, flags as 0/1 from SQLite) are read here either way."""
    types: dict[tuple[Any, ...], values.AppointmentType] = {}
    found: list[values.Appointment] = []
    for row in rows:
        (appointment_id, patient_id, chair_id, start_utc, end_utc, flow, outcome, series_id, series_index, notes,
         first, last, preferred, chair_name, planned, needs_interpreter, language) = row[:_HEAD]
        type_row = tuple(row[_HEAD:_HEAD + len(_TYPE_FIELDS)])
        kind = types.get(type_row)
        if kind is None:
            kind = types[type_row] = to_type(m.AppointmentType(**{
                f.name: f.python_value(v) for f, v in zip(_TYPE_FIELDS, type_row, strict=True)}))
        found.append(values.Appointment(
            id=appointment_id,
            patient_id=patient_id,
            patient_name=display_name(first, last, preferred),
            type=kind,
            chair_id=chair_id,
            chair_name=chair_name if chair_id else None,
            start=utc_to_local(prepared.as_datetime(start_utc), tz),
            end=utc_to_local(prepared.as_datetime(end_utc), tz),
            flow=flow,
            outcome=outcome,
            series_id=series_id,
            series_index=series_index,
            series_total=planned if series_id else None,
            notes=notes,
            interpreter=language_name(language or "en") if needs_interpreter else "",
        ))
    return found
