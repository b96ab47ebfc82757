"""Intake versions, questionnaires, flags and consents: stored rows in, plain records out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from frontdesk.data import models as m
from frontdesk.data import prepared
from frontdesk.data.attention_repo import SETTINGS_KEY, open_flag_rows
from frontdesk.data.attention_repo import load_settings as load_settings  # the intake area's settings, read here too
from frontdesk.rules.intake_records import (
    AppointmentBasics,
    ConsentRecord,
    FlagRecord,
    IntakeVersion,
    QuestionnaireRecord,
)


def patient_exists(patient_id: int) -> bool:
    return bool(m.Patient.select().where(m.Patient.id == patient_id).exists())


def patient_labels(patient_ids: Iterable[int]) -> dict[int, tuple[str, str, str, str]]:
    """patient id -> (legal first, legal last, preferred name, chart number)."""
    rows = prepared.rows_for_ids("patient labels", patient_ids, _labels_query)
    return {patient_id: (first, last, preferred, chart) for patient_id, first, last, preferred, chart in rows}


def _labels_query(patient_ids: list[int]) -> Any:
    p = m.Patient
    return (p.select(p.id, p.legal_first, p.legal_last, p.preferred_name, p.chart_number)
            .where(p.id.in_(patient_ids)).tuples())


def contact_people() -> dict[int, dict[str, dict[str, str]]]:
    """patient id -> the record's "driver" and "emergency" ({name, relationship, phone}), for every
    patient whose record names either (one query: the demo clinic's intakes copy them)."""
    p = m.Patient
    query = (p.select(p.id, p.driver_name, p.driver_relationship, p.driver_phone, p.emergency_name,
                      p.emergency_relationship, p.emergency_phone)
             .where((p.driver_name != "") | (p.emergency_name != "")).tuples())
    people: dict[int, dict[str, dict[str, str]]] = {}
    for patient_id, *fields in query:
        for who, (name, relationship, phone) in (("driver", fields[:3]), ("emergency", fields[3:])):
            if name:
                people.setdefault(patient_id, {})[who] = {"name": name, "relationship": relationship,
                                                          "phone": phone}
    return people


# --- intake versions --------------------------------------------------------------------------


def add_intake(patient_id: int, status: str, data: dict[str, Any], entered_by: str) -> IntakeVersion:
    """Store a new version (the next number for this patient); the unique index stops two winners."""
    last = (m.Intake.select(m.Intake.version).where(m.Intake.patient == patient_id)
            .order_by(m.Intake.version.desc()).first())
    version = (last.version if last else 0) + 1
    row = m.Intake.create(patient=patient_id, version=version, status=status,
                          data=json.dumps(data, ensure_ascii=False, sort_keys=True), entered_by=entered_by)
    return _intake(row)


def intake_versions(patient_id: int) -> list[IntakeVersion]:
    query = m.Intake.select().where(m.Intake.patient == patient_id).order_by(m.Intake.version)
    return [_intake(row) for row in query]


def latest_intakes(patient_ids: Iterable[int], *, complete_only: bool = False) -> dict[int, IntakeVersion]:
    """The newest version per patient (or the newest complete one)."""
    out: dict[int, IntakeVersion] = {}
    for chunk in prepared.chunks(patient_ids):
        query = m.Intake.select().where(m.Intake.patient.in_(chunk)).order_by(m.Intake.version)
        if complete_only:
            query = query.where(m.Intake.status == "complete")
        for row in query:
            out[row.patient_id] = _intake(row)
    return out


def _intake(row: m.Intake) -> IntakeVersion:
    return IntakeVersion(id=row.id, patient_id=row.patient_id, version=row.version, status=row.status,
                         data=json.loads(row.data or "{}"), entered_by=row.entered_by,
                         entered_utc=row.entered_utc)


# --- questionnaires ---------------------------------------------------------------------------


def add_questionnaire(patient_id: int, instrument: str, taken_on: dt.date, answers: Sequence[int | None],
                      total: int | None, band: str | None, entered_by: str) -> QuestionnaireRecord:
    row = m.QuestionnaireResponse.create(patient=patient_id, instrument=instrument, taken_on=taken_on,
                                         answers=json.dumps(list(answers)), total=total, band=band,
                                         entered_by=entered_by)
    return _questionnaire(row)


def questionnaires(patient_id: int) -> list[QuestionnaireRecord]:
    query = (m.QuestionnaireResponse.select().where(m.QuestionnaireResponse.patient == patient_id)
             .order_by(m.QuestionnaireResponse.taken_on, m.QuestionnaireResponse.id))
    return [_questionnaire(row) for row in query]


def _questionnaire(row: m.QuestionnaireResponse) -> QuestionnaireRecord:
    return QuestionnaireRecord(id=row.id, patient_id=row.patient_id, instrument=row.instrument,
                               taken_on=prepared.as_date(row.taken_on), answers=tuple(json.loads(row.answers)),
                               total=row.total, band=row.band, entered_by=row.entered_by,
                               entered_utc=row.entered_utc)


# --- flags ------------------------------------------------------------------------------------


def add_flag(patient_id: int, kind: str, detail: str, source: str, *,
             raised_utc: dt.datetime | None = None) -> FlagRecord:
    """A new open flag, raised now (or at `raised_utc`: the demo's flags carry their intake's day)."""
    return _flag(m.Flag.create(patient=patient_id, kind=kind, detail=detail, source=source,
                               raised_utc=raised_utc or m.utcnow()))


def open_flags(patient_ids: Iterable[int] | None = None) -> list[FlagRecord]:
    """Flags nobody has reviewed yet, oldest first (all patients when ids is None)."""
    return [FlagRecord(*row) for row in open_flag_rows(patient_ids)]


def flags_for_patient(patient_id: int) -> list[FlagRecord]:
    query = m.Flag.select().where(m.Flag.patient == patient_id).order_by(m.Flag.raised_utc, m.Flag.id)
    return [_flag(row) for row in query]


def get_flag(flag_id: int) -> FlagRecord | None:
    row = m.Flag.get_or_none(m.Flag.id == flag_id)
    return _flag(row) if row else None


def mark_reviewed(flag_id: int, reviewed_by: str, reviewed_utc: dt.datetime) -> bool:
    """Record the review once; False when it was already reviewed (the first review stands)."""
    changed = (m.Flag.update(reviewed_by=reviewed_by, reviewed_utc=reviewed_utc)
               .where((m.Flag.id == flag_id) & m.Flag.reviewed_utc.is_null()).execute())
    return bool(changed)


def _flag(row: m.Flag) -> FlagRecord:
    return FlagRecord(id=row.id, patient_id=row.patient_id, kind=row.kind, detail=row.detail, source=row.source,
                      raised_utc=row.raised_utc, reviewed_by=row.reviewed_by, reviewed_utc=row.reviewed_utc)


# --- consents ---------------------------------------------------------------------------------


def add_consent(patient_id: int, form: str, form_version: str, signer: str, signed_on: dt.date,
                signature: str, entered_by: str) -> ConsentRecord:
    row = m.Consent.create(patient=patient_id, form=form, form_version=form_version, signer=signer,
                           signed_on=signed_on, signature=signature, entered_by=entered_by)
    return _consent(row)


def consents(patient_id: int) -> list[ConsentRecord]:
    query = m.Consent.select().where(m.Consent.patient == patient_id).order_by(m.Consent.signed_on, m.Consent.id)
    return [_consent(row) for row in query]


def latest_consents(patient_ids: Iterable[int]) -> dict[int, dict[str, ConsentRecord]]:
    """patient id -> form -> the most recently signed consent of that form."""
    out: dict[int, dict[str, ConsentRecord]] = {}
    for chunk in prepared.chunks(patient_ids):
        query = m.Consent.select().where(m.Consent.patient.in_(chunk)).order_by(m.Consent.signed_on, m.Consent.id)
        for row in query:
            out.setdefault(row.patient_id, {})[row.form] = _consent(row)
    return out


def _consent(row: m.Consent) -> ConsentRecord:
    return ConsentRecord(id=row.id, patient_id=row.patient_id, form=row.form, form_version=row.form_version,
                         signer=row.signer, signed_on=prepared.as_date(row.signed_on), signature=row.signature,
                         entered_by=row.entered_by, entered_utc=row.entered_utc)


# --- appointments and settings ------------------------------------------------------------------


def appointment_basics(appointment_ids: Iterable[int]) -> list[AppointmentBasics]:
    out: list[AppointmentBasics] = []
    a, t = m.Appointment, m.AppointmentType
    for chunk in prepared.chunks(appointment_ids):
        query = (a.select(a.id, a.patient, a.start_utc, t.kind, t.needs_chair)
                 .join(t, on=(a.type == t.id)).where(a.id.in_(chunk)).tuples())
        out.extend(AppointmentBasics(id=i, patient_id=p, start_utc=s, kind=k, needs_chair=bool(n))
                   for i, p, s, k, n in query)
    return out


def appointment_ids_between(start_utc: dt.datetime, end_utc: dt.datetime) -> list[int]:
    """Appointments starting in [start_utc, end_utc) that still hold their time (not cancelled)."""
    a = m.Appointment
    query = (a.select(a.id).where((a.start_utc >= start_utc) & (a.start_utc < end_utc)
                                  & (a.outcome.is_null() | (a.outcome == "completed")))
             .order_by(a.start_utc, a.id).tuples())
    return [row[0] for row in query]


def patient_ids_between(start_utc: dt.datetime, end_utc: dt.datetime) -> list[int]:
    a = m.Appointment
    query = (a.select(a.patient).where((a.start_utc >= start_utc) & (a.start_utc < end_utc)
                                       & (a.outcome.is_null() | (a.outcome == "completed")))
             .distinct().tuples())
    return sorted(row[0] for row in query)


def series_session_dates(patient_id: int) -> list[tuple[dt.datetime, int | None, int | None]]:
    """(start_utc, series id, index) of the patient's chair sessions that took place (completed, or under
    treatment now): a booking still ahead is no session on the scores chart yet."""
    a = m.Appointment
    # Completed, under treatment now, or a day gone by whose steps nobody recorded (not cancelled or
    # missed): a clinic that does not record the steps still sees its sessions.
    took_place = (a.outcome == "completed") | (a.outcome.is_null() & (a.flow.in_(("in_chair", "recovery"))
                                                                      | (a.start_utc < m.utcnow())))
    query = (a.select(a.start_utc, a.series, a.series_index)
             .where((a.patient == patient_id) & took_place & a.chair.is_null(False))
             .order_by(a.start_utc).tuples())
    return list(query)


def save_settings(values: dict[str, Any]) -> None:
    payload = json.dumps(values, sort_keys=True)
    if not m.Setting.update(value=payload).where(m.Setting.key == SETTINGS_KEY).execute():
        m.Setting.create(key=SETTINGS_KEY, value=payload)


def chair_sessions_by_patient() -> dict[int, list[tuple[dt.datetime, str]]]:
    """patient id -> (start_utc, type kind) of every chair session not cancelled, oldest first."""
    a, t = m.Appointment, m.AppointmentType
    query = (a.select(a.patient, a.start_utc, t.kind).join(t, on=(a.type == t.id))
             .where(a.chair.is_null(False) & (a.outcome.is_null() | (a.outcome == "completed")))
             .order_by(a.start_utc).tuples())
    out: dict[int, list[tuple[dt.datetime, str]]] = {}
    for patient_id, start_utc, kind in query:
        out.setdefault(patient_id, []).append((start_utc, kind))
    return out


def all_patient_ids() -> list[int]:
    return [row[0] for row in m.Patient.select(m.Patient.id).order_by(m.Patient.id).tuples()]


def patient_basics(patient_id: int) -> tuple[str, str, str, str, dt.date | None] | None:
    """(legal first, legal last, preferred, chart number, date of birth) or None."""
    row = m.Patient.get_or_none(m.Patient.id == patient_id)
    if row is None:
        return None
    dob = prepared.as_date(row.date_of_birth) if row.date_of_birth else None
    return row.legal_first, row.legal_last, row.preferred_name, row.chart_number, dob
