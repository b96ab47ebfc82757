"""Reading appointments as plain values, in few queries (never one per row)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import peewee as pw

from frontdesk import values
from frontdesk.data import models as m
from frontdesk.data.clinic_repo import to_type
from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.text import display_name

# No appointment's span (start to end) is longer than this: the SQLite chair guard refuses longer chair rows,
# the settings service caps a type's chair time at 12 hours and booking_repo refuses longer writes. So a query
# for a window only needs rows starting at most this long before it, which lets it use the start_utc index.
LONGEST_APPOINTMENT = dt.timedelta(days=1)


def between(start_utc: dt.datetime, end_utc: dt.datetime, tz: ZoneInfo, *,
            include_released: bool = False) -> list[values.Appointment]:
    """Appointments whose chair time touches [start_utc, end_utc), in start order."""
    query = (
        _base_query()
        .where((m.Appointment.start_utc < end_utc) & (m.Appointment.end_utc > start_utc)
               & (m.Appointment.start_utc > start_utc - LONGEST_APPOINTMENT))
        .order_by(m.Appointment.start_utc, m.Appointment.id)
    )
    if not include_released:
        query = query.where(_holds_chair())
    return _to_values(query, tz)


def for_patient(patient_id: int, tz: ZoneInfo) -> list[values.Appointment]:
    """Every appointment of a patient, cancelled ones included, oldest first."""
    query = _base_query().where(m.Appointment.patient == patient_id).order_by(m.Appointment.start_utc)
    return _to_values(query, tz)


def get(appointment_id: int, tz: ZoneInfo) -> values.Appointment | None:
    rows = _to_values(_base_query().where(m.Appointment.id == appointment_id), tz)
    return rows[0] if rows else None


def _holds_chair() -> pw.Expression:
    return m.Appointment.outcome.is_null() | (m.Appointment.outcome == "completed")


def _base_query() -> pw.ModelSelect:
    return (
        m.Appointment.select(m.Appointment, m.Patient, m.AppointmentType, m.Chair, m.Series)
        .join(m.Patient, on=(m.Appointment.patient == m.Patient.id))
        .switch(m.Appointment)
        .join(m.AppointmentType, on=(m.Appointment.type == m.AppointmentType.id))
        .switch(m.Appointment)
        .join(m.Chair, pw.JOIN.LEFT_OUTER, on=(m.Appointment.chair == m.Chair.id))
        .switch(m.Appointment)
        .join(m.Series, pw.JOIN.LEFT_OUTER, on=(m.Appointment.series == m.Series.id))
    )


def _to_values(query: pw.ModelSelect, tz: ZoneInfo) -> list[values.Appointment]:
    types: dict[int, values.AppointmentType] = {}
    result = []
    for row in query:
        kind = types.get(row.type.id) or types.setdefault(row.type.id, to_type(row.type))
        patient = row.patient
        chair = row.chair if row.chair_id else None
        series = row.series if row.series_id else None
        result.append(values.Appointment(
            id=row.id,
            patient_id=patient.id,
            patient_name=display_name(patient.legal_first, patient.legal_last, patient.preferred_name),
            type=kind,
            chair_id=row.chair_id,
            chair_name=chair.name if chair else None,
            start=utc_to_local(row.start_utc, tz),
            end=utc_to_local(row.end_utc, tz),
            flow=row.flow,
            outcome=row.outcome,
            series_id=row.series_id,
            series_index=row.series_index,
            series_total=series.planned_count if series else None,
            notes=row.notes,
        ))
    return result
