"""Small builders for the printing tests: patients, bookings and intakes written straight to the tables."""

from __future__ import annotations

import datetime as dt
import json

from frontdesk.data import clinic_repo
from frontdesk.data import models as m
from frontdesk.rules.clock import local_to_utc
from frontdesk.rules.text import search_key

_COUNTER = [0]


def add_patient(first: str, last: str, language: str = "en") -> int:
    _COUNTER[0] += 1
    row = m.Patient.create(chart_number=f"T{_COUNTER[0]:06d}-{first[:2]}", legal_first=first, legal_last=last,
                           search_name=search_key(first, last), language=language)
    return int(row.id)


def book(patient_id: int, type_code: str, start: dt.datetime, chair: str | None = "Chair 1") -> int:
    """An appointment of `type_code` at clinic-local `start` (naive), in `chair` (None: office)."""
    profile = clinic_repo.load_profile()
    kind = m.AppointmentType.get(m.AppointmentType.code == type_code)
    minutes = kind.prep_minutes + kind.treatment_minutes + kind.recovery_minutes + kind.turnover_minutes
    chair_id = m.Chair.get(m.Chair.name == chair).id if chair else None
    row = m.Appointment.create(patient=patient_id, type=kind.id, chair=chair_id,
                               start_utc=local_to_utc(start, profile.tz),
                               end_utc=local_to_utc(start + dt.timedelta(minutes=minutes), profile.tz))
    return int(row.id)


def add_intake(patient_id: int, classes: list[str], version: int = 1, **extra: object) -> None:
    data = {"medications": {"classes": classes, "list": [{"name": "Example", "dose": "1 mg"}]}, **extra}
    m.Intake.create(patient=patient_id, version=version, status="complete", data=json.dumps(data))


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as a patient would read it (pypdf extraction)."""
    import io

    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(pdf_pages(pdf)).split())
