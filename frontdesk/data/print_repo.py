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
from frontdesk.rules.clock import utc_to_local

SHEET_PRINTED = "sheet_printed"


@dataclass(frozen=True)
class SheetSource:
    """One appointment with what its pre-visit sheet needs about the patient."""

    appointment: values.Appointment
    language: str
    medication_classes: tuple[str, ...]


def sheet_sources(appointment_ids: list[int], tz: ZoneInfo) -> list[SheetSource]:
    """The sheets' inputs for `appointment_ids` (unknown ids are left out), in start order.

    One query per run of ids, the appointment read as the board reads it: printing one sheet is a desk's
    most frequent print."""
    rows = prepared.rows_for_ids("sheet sources", appointment_ids, _sheets_query, before=[1], plain=False)
    sources = [SheetSource(appointment, language or "en", _classes(str(intake)) if intake is not None else ())
               for appointment, (*_, language, intake) in zip(appointments_repo.read_rows(rows, tz), rows,
                                                               strict=True)]
    return sorted(sources, key=lambda s: (s.appointment.start, s.appointment.chair_name or "", s.appointment.id))


def _sheets_query(ids: list[int]) -> pw.ModelSelect:
    """The sheets' inputs: the appointment with its rows, the patient's language and newest intake (its answers)."""
    a, intake = m.Appointment, m.Intake.alias("latest_intake")
    latest = (intake.select(intake.data).where(intake.patient == a.patient)
              .order_by(intake.version.desc()).limit(1))
    return appointments_repo.select_appointments(m.Patient.language, latest).where(a.id.in_(ids)).tuples()


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


def series_session_starts(series_ids: list[int], tz: ZoneInfo) -> dict[int, list[dt.datetime]]:
    """series id -> the clinic-local starts of its sessions still booked (not cancelled, no no-show, not
    done), in one query for a whole batch of sheets."""
    if not series_ids:
        return {}
    a = m.Appointment
    query = (a.select(a.series, a.start_utc)
             .where(a.series.in_(sorted(set(series_ids))) & a.outcome.is_null())
             .order_by(a.start_utc).tuples())
    starts: dict[int, list[dt.datetime]] = {}
    for series_id, start_utc in query:
        starts.setdefault(int(series_id), []).append(utc_to_local(prepared.as_datetime(start_utc), tz))
    return starts


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
    return {row.appointment_id: prepared.as_datetime(row.last) for row in query}



def appointment_exists(appointment_id: int) -> bool:
    return bool(m.Appointment.select().where(m.Appointment.id == appointment_id).exists())
