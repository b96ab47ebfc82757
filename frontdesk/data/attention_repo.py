"""What the board's pills read about a day's patients: their open flags and the facts readiness checks.

Tuples and small values only, in one query per fact set: the board's first load reads these without
loading the intake area's records (`intake_repo` builds those from the same queries).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from frontdesk.data import clinic_repo, prepared
from frontdesk.data import models as m

SETTINGS_KEY = "intake"


def open_flag_rows(patient_ids: Iterable[int] | None = None) -> list[tuple[Any, ...]]:
    """Unreviewed flags as (id, patient id, kind, detail, source, raised_utc, reviewed_by, reviewed_utc),
    oldest first (all patients when ids is None)."""
    if patient_ids is None:
        return list(_open_flags_query(None))
    # Plain rows, as the driver returns them: the one column the driver may give as text is read here
    # (a thousand flags on a large clinic's list; peewee reading every value took most of its time).
    rows = [(*row[:5], prepared.as_datetime(row[5]), *row[6:])
            for row in prepared.rows_for_ids("open flags", patient_ids, _open_flags_query)]
    return sorted(rows, key=lambda row: (row[5], row[0]))


def patients_with_open_flags(kinds: Iterable[str]) -> set[int]:
    """Patients with an unreviewed flag of one of `kinds` (the urgent ones are listed whatever the day)."""
    f = m.Flag
    query = f.select(f.patient).where(f.reviewed_utc.is_null() & f.kind.in_(list(kinds))).distinct().tuples()
    return {patient_id for (patient_id,) in query}


def _open_flags_query(patient_ids: list[int] | None) -> Any:
    """FlagRecord's fields in its order, as tuples (the board reads these on every load: no model objects)."""
    f = m.Flag
    query = (f.select(f.id, f.patient, f.kind, f.detail, f.source, f.raised_utc, f.reviewed_by, f.reviewed_utc)
             .where(f.reviewed_utc.is_null()).order_by(f.raised_utc, f.id))
    return (query if patient_ids is None else query.where(f.patient.in_(patient_ids))).tuples()


@dataclass(frozen=True)
class IntakeFacts:
    """What readiness reads about a patient: the contact record's driver and two intake forms' answers."""

    driver_name: str  # the usual driver on the contact record ('' when none)
    latest: dict[str, Any] | None  # answers of the newest intake version (None: no intake yet)
    latest_complete: dict[str, Any] | None  # answers of the newest complete version


def intake_facts(patient_ids: Iterable[int]) -> dict[int, IntakeFacts]:
    """patient id -> IntakeFacts, one query per run of ids; only the two versions used are read and decoded."""
    versions: dict[int, list[tuple[int, str, str]]] = {}
    drivers: dict[int, str] = {}
    for patient_id, driver, version, status, data in prepared.rows_for_ids(
            "intake facts", patient_ids, _intake_facts_query, before=["complete"]):
        drivers[patient_id] = driver or ""
        if version is not None:
            versions.setdefault(patient_id, []).append((version, status, data))
    return {patient_id: _facts(driver, sorted(versions.get(patient_id, []))) for patient_id, driver in drivers.items()}


def _facts(driver: str, versions: list[tuple[int, str, str]]) -> IntakeFacts:
    """From the newest and newest complete rows (oldest first), each decoded once."""
    if not versions:
        return IntakeFacts(driver, None, None)
    latest = json.loads(versions[-1][2] or "{}")
    if versions[-1][1] == "complete":
        return IntakeFacts(driver, latest, latest)
    complete = [data for _, status, data in versions if status == "complete"]
    return IntakeFacts(driver, latest, json.loads(complete[-1] or "{}") if complete else None)


def _intake_facts_query(chunk: list[int]) -> Any:
    """Each patient with (at most) their newest and newest complete intake row: (id, driver, version, status, data)."""
    p, i, j = m.Patient, m.Intake.alias("i"), m.Intake.alias("j")
    newest = j.select(fn.MAX(j.version)).where(j.patient == i.patient)
    newest_complete = newest.where(j.status == "complete")
    chosen = (i.patient == p.id) & ((i.version == newest) | (i.version == newest_complete))
    return (p.select(p.id, p.driver_name, i.version, i.status, i.data)
            .join(i, JOIN.LEFT_OUTER, on=chosen).where(p.id.in_(chunk)).tuples())


def latest_questionnaire_dates(patient_ids: Iterable[int]) -> dict[int, dict[str, dt.date]]:
    """patient id -> instrument -> the latest date a complete one was taken (one with an item left blank
    has no total, and does not count as done)."""
    out: dict[int, dict[str, dt.date]] = {}
    for patient_id, instrument, last in prepared.rows_for_ids("questionnaire dates", patient_ids,
                                                              _questionnaire_dates_query):
        out.setdefault(patient_id, {})[instrument] = prepared.as_date(last)
    return out


def _questionnaire_dates_query(chunk: list[int]) -> Any:
    q = m.QuestionnaireResponse
    return (q.select(q.patient, q.instrument, fn.MAX(q.taken_on).alias("last"))
            .where(q.patient.in_(chunk) & q.total.is_null(False)).group_by(q.patient, q.instrument).tuples())



def latest_consent_versions(patient_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """patient id -> form -> the version of the most recently signed consent of that form (latest_consents, lean)."""
    out: dict[int, dict[str, str]] = {}
    for patient_id, form, version in prepared.rows_for_ids("consent versions", patient_ids, _consent_versions_query):
        out.setdefault(patient_id, {})[form] = version  # signed oldest first: the last one stays
    return out


def _consent_versions_query(chunk: list[int]) -> Any:
    c = m.Consent
    return c.select(c.patient, c.form, c.form_version).where(c.patient.in_(chunk)).order_by(c.signed_on, c.id).tuples()


def load_settings() -> dict[str, Any]:
    value = clinic_repo.setting_value(SETTINGS_KEY)
    return dict(json.loads(value)) if value is not None else {}
