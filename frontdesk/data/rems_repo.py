"""Esketamine REMS monitoring forms: the sessions that may need one, and which were marked sent."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data.database import database_proxy
from frontdesk.data.migrations import REMS_FORMS_SINCE
from frontdesk.data.prepared import as_datetime
from frontdesk.rules.rems import ESKETAMINE
from frontdesk.rules.text import display_name


@dataclass(frozen=True)
class SessionRow:
    """One esketamine appointment in a span, with its form if one was marked sent."""

    appointment_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    start_utc: dt.datetime
    chair_name: str
    flow: str
    outcome: str | None
    submitted_utc: dt.datetime | None
    submitted_by: str
    reference: str


def tracking_since() -> dt.date | None:
    """The clinic-local day from which forms are tracked (set when the table was made)."""
    row = m.Setting.get_or_none(m.Setting.key == REMS_FORMS_SINCE)
    return dt.date.fromisoformat(json.loads(row.value)) if row is not None else None


def set_tracking_since(day: dt.date) -> None:
    m.Setting.insert(key=REMS_FORMS_SINCE, value=json.dumps(day.isoformat())).on_conflict(
        conflict_target=[m.Setting.key], update={m.Setting.value: json.dumps(day.isoformat())}).execute()


def esketamine_sessions(start_utc: dt.datetime, end_utc: dt.datetime, *,
                        sent_from_utc: dt.datetime | None = None) -> list[SessionRow]:
    """Esketamine appointments starting in [start_utc, end_utc), oldest first, whatever their outcome
    (the rules decide which need a form); those whose form was sent only from `sent_from_utc` on, when
    given."""
    a, form = m.Appointment, m.RemsMonitoringForm
    query = _sessions_query().where((a.start_utc >= start_utc) & (a.start_utc < end_utc))
    if sent_from_utc is not None:
        query = query.where(form.id.is_null() | (a.start_utc >= sent_from_utc))
    return [_session(row) for row in query.order_by(a.start_utc, a.id).tuples()]


def esketamine_session(appointment_id: int) -> SessionRow | None:
    """One appointment as esketamine_sessions reads it; None unless it is an esketamine appointment."""
    row = _sessions_query().where(m.Appointment.id == appointment_id).tuples().first()
    return _session(row) if row is not None else None


def _sessions_query() -> pw.ModelSelect:
    a, kind, patient = m.Appointment, m.AppointmentType, m.Patient
    chair, form = m.Chair, m.RemsMonitoringForm
    return (a.select(a.id, a.patient, patient.legal_first, patient.legal_last, patient.preferred_name,
                     patient.chart_number, a.start_utc, chair.name, a.flow, a.outcome,
                     form.submitted_utc, form.submitted_by, form.reference)
            .join(kind, on=(a.type == kind.id))
            .switch(a).join(patient, on=(a.patient == patient.id))
            .switch(a).join(chair, pw.JOIN.LEFT_OUTER, on=(a.chair == chair.id))
            .switch(a).join(form, pw.JOIN.LEFT_OUTER, on=(form.appointment == a.id))
            .where(kind.kind == ESKETAMINE))


def _session(row: tuple[Any, ...]) -> SessionRow:
    (appointment_id, patient_id, first, last, preferred, chart, start, chair_name, flow, outcome,
     submitted, submitted_by, reference) = row
    name = display_name(str(first), str(last), str(preferred or ""))
    return SessionRow(int(appointment_id), int(patient_id), name, str(chart), as_datetime(start),
                      str(chair_name or ""), str(flow), str(outcome) if outcome else None,
                      as_datetime(submitted) if submitted is not None else None, str(submitted_by or ""),
                      str(reference or ""))


def add_form(appointment_id: int, submitted_by: str, reference: str, submitted_utc: dt.datetime | None = None) -> bool:
    """Mark the form sent (now, unless told when); False when it already was (another workstation, a
    moment before)."""
    when = {"submitted_utc": submitted_utc} if submitted_utc is not None else {}
    try:
        with database_proxy.atomic():  # a savepoint: the caller's transaction goes on after a refusal
            m.RemsMonitoringForm.create(appointment=appointment_id, submitted_by=submitted_by, reference=reference,
                                        **when)
    except pw.IntegrityError:
        return False
    return True


def remove_form(appointment_id: int) -> bool:
    deleted = m.RemsMonitoringForm.delete().where(m.RemsMonitoringForm.appointment == appointment_id).execute()
    return bool(deleted)
