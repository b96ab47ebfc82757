"""What the printed sheets need from the database, in few queries: appointments, language, medication
classes from the latest intake, and the "sheet printed" history."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import peewee as pw

from frontdesk import values
from frontdesk.data import appointments_repo, prepared
from frontdesk.data import models as m
from frontdesk.data.appointments_repo import with_its_rows
from frontdesk.data.clinic_repo import to_type
from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.text import display_name

SHEET_PRINTED = "sheet_printed"


@dataclass(frozen=True)
class SheetSource:
    """One appointment with what its pre-visit sheet needs about the patient."""

    appointment: values.Appointment
    language: str
    medication_classes: tuple[str, ...]


def sheet_sources(appointment_ids: list[int], tz: ZoneInfo) -> list[SheetSource]:
    """The sheets' inputs for `appointment_ids` (unknown ids are left out), in start order.

    One query per run of ids, rows read as plain tuples: printing one sheet is a desk's most frequent print."""
    rows = prepared.rows_for_ids("sheet sources", appointment_ids, _sheets_query, before=[1])
    sources = [_sheet_source(row, tz) for row in rows]
    return sorted(sources, key=lambda s: (s.appointment.start, s.appointment.chair_name or "", s.appointment.id))


def _sheet_fields() -> tuple[pw.Field, ...]:
    """The columns a sheet reads, in `_sheet_source`'s order (the appointment type's in the model's order)."""
    a, p = m.Appointment, m.Patient
    return (a.id, a.patient, a.chair, a.start_utc, a.end_utc, a.flow, a.outcome, a.series, a.series_index, a.notes,
            p.legal_first, p.legal_last, p.preferred_name, p.language, m.Chair.name, m.Series.planned_count,
            *m.AppointmentType._meta.sorted_fields)


def _sheets_query(ids: list[int]) -> pw.ModelSelect:
    """The sheets' inputs: the appointment with its rows, and the patient's newest intake (its answers)."""
    a, intake = m.Appointment, m.Intake.alias("latest_intake")
    latest = (intake.select(intake.data).where(intake.patient == a.patient)
              .order_by(intake.version.desc()).limit(1))
    return with_its_rows(a.select(*_sheet_fields(), latest)).where(a.id.in_(ids))


def _sheet_source(row: tuple[object, ...], tz: ZoneInfo) -> SheetSource:
    fields = _sheet_fields()
    converted = [field.python_value(value) for field, value in zip(fields, row, strict=False)]
    (appointment_id, patient_id, chair_id, start_utc, end_utc, flow, outcome, series_id, series_index, notes,
     first, last, preferred, language, chair_name, planned) = converted[:16]
    type_values = dict(zip((f.name for f in fields[16:]), converted[16:], strict=True))
    appointment = values.Appointment(
        id=appointment_id, patient_id=patient_id, patient_name=display_name(first, last, preferred),
        type=to_type(m.AppointmentType(**type_values)), chair_id=chair_id,
        chair_name=chair_name if chair_id else None, start=utc_to_local(start_utc, tz), end=utc_to_local(end_utc, tz),
        flow=flow, outcome=outcome, series_id=series_id, series_index=series_index,
        series_total=planned if series_id else None, notes=notes)
    return SheetSource(appointment, language or "en", _classes(str(row[-1])) if row[-1] is not None else ())


def day_sheet_sources(start_utc: dt.datetime, end_utc: dt.datetime, tz: ZoneInfo) -> list[SheetSource]:
    """Inputs for every appointment of a day that still holds its time (cancelled ones left out)."""
    return _with_patient_data(day_appointments(start_utc, end_utc, tz))


def day_appointments(start_utc: dt.datetime, end_utc: dt.datetime, tz: ZoneInfo) -> list[values.Appointment]:
    """The day's appointments that start within [start_utc, end_utc) and hold their time, in start order."""
    local_start = utc_to_local(start_utc, tz)
    return [a for a in appointments_repo.between(start_utc, end_utc, tz) if a.start >= local_start]


def _with_patient_data(appointments: list[values.Appointment]) -> list[SheetSource]:
    patient_ids = sorted({a.patient_id for a in appointments})
    languages = patient_languages(patient_ids)
    classes = medication_classes(patient_ids)
    return [SheetSource(a, languages.get(a.patient_id, "en"), classes.get(a.patient_id, ())) for a in appointments]


def patient_languages(patient_ids: list[int]) -> dict[int, str]:
    if not patient_ids:
        return {}
    query = m.Patient.select(m.Patient.id, m.Patient.language).where(m.Patient.id.in_(patient_ids))
    return {row.id: row.language or "en" for row in query}


def medication_classes(patient_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Medication class codes ticked on each patient's latest intake version (absent → none)."""
    if not patient_ids:
        return {}
    latest = (m.Intake.select(m.Intake.patient, pw.fn.MAX(m.Intake.version).alias("version"))
              .where(m.Intake.patient.in_(patient_ids)).group_by(m.Intake.patient))
    rows = (m.Intake.select(m.Intake.patient, m.Intake.data)
            .join(latest, on=((m.Intake.patient == latest.c.patient_id) & (m.Intake.version == latest.c.version))))
    return {row.patient_id: _classes(row.data) for row in rows}


def _classes(data: str) -> tuple[str, ...]:
    try:
        answers = json.loads(data or "{}")
        codes = answers.get("medications", {}).get("classes", [])
    except (ValueError, AttributeError):
        return ()
    return tuple(str(code) for code in codes) if isinstance(codes, list) else ()


def record_sheet_printed(appointment_ids: list[int], user: str) -> None:
    """Note on each appointment's history that its sheet was printed (who and when)."""
    now = m.utcnow()
    rows = [dict(appointment=i, kind=SHEET_PRINTED, at_utc=now, user=user, detail="") for i in appointment_ids]
    if rows:
        m.AppointmentEvent.insert_many(rows).execute()


def last_sheet_printed(appointment_ids: list[int]) -> dict[int, dt.datetime]:
    """When each appointment's sheet was last printed (naive UTC), for those printed at all."""
    if not appointment_ids:
        return {}
    query = (m.AppointmentEvent
             .select(m.AppointmentEvent.appointment, pw.fn.MAX(m.AppointmentEvent.at_utc).alias("last"))
             .where(m.AppointmentEvent.appointment.in_(appointment_ids) & (m.AppointmentEvent.kind == SHEET_PRINTED))
             .group_by(m.AppointmentEvent.appointment))
    return {row.appointment_id: _as_datetime(row.last) for row in query}


def _as_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def appointment_exists(appointment_id: int) -> bool:
    return bool(m.Appointment.select().where(m.Appointment.id == appointment_id).exists())
