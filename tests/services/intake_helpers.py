"""Small builders for intake tests: a patient, an appointment, a complete intake."""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontdesk.data import models as m
from frontdesk.rules.intake import SCREENING, empty_data
from frontdesk.values import Actor

DESK = Actor("desk1", "desk")
NURSE = Actor("nurse1", "clinical")
ADMIN = Actor("admin1", "admin")


def make_patient(first: str = "Ada", last: str = "Example", driver: str = "") -> int:
    row = m.Patient.create(chart_number=f"T{m.Patient.select().count() + 1:05d}", legal_first=first,
                           legal_last=last, search_name=f"{first} {last}".lower(), driver_name=driver)
    return int(row.id)


def make_appointment(patient_id: int, start_utc: dt.datetime, kind_code: str = "iv_mood") -> int:
    kind = m.AppointmentType.get(m.AppointmentType.code == kind_code)
    chair = m.Chair.select().order_by(m.Chair.position).first() if kind.needs_chair else None
    end = start_utc + dt.timedelta(minutes=kind.prep_minutes + kind.treatment_minutes + kind.recovery_minutes
                                   + kind.turnover_minutes)
    row = m.Appointment.create(patient=patient_id, type=kind, chair=chair, start_utc=start_utc, end_utc=end)
    return int(row.id)


def complete_data(measured_on: str = "2026-11-20") -> dict[str, Any]:
    data = empty_data()
    data["reason"]["kind"] = "depression"
    data["medications"] = {"none": True, "list": [], "classes": []}
    data["allergies"] = {"none": True, "list": [], "ketamine": "no"}
    data["screening"] = {code: "no" for code in SCREENING}
    data["measurements"] = {"height_cm": 170.18, "weight_kg": 68.0388555, "measured_on": measured_on}
    data["driver"] = {"name": "Sam Driver", "relationship": "friend", "phone": "+18285550111"}
    data["emergency"] = {"name": "Ann Contact", "relationship": "sister", "phone": "+18285550112"}
    return data
