"""Two OS processes save the same patient record, both opened before either saved: exactly one wins."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import peewee

from frontdesk.rules.contact import PatientDetails, PhoneEntry
from frontdesk.services import patients
from frontdesk.values import Actor
from tests.services.workstations import at_once

ADMIN = Actor("tester", "admin")


def _save_in_child(target: str, patient_id: int, seen_utc: dt.datetime, email: str, barrier: Any,
                   results: Any) -> None:
    from frontdesk.data.database import open_database

    open_database(target)
    details = patients.open_record(ADMIN, patient_id).details
    barrier.wait()
    try:
        patients.update_patient(ADMIN, patient_id, replace(details, email=email), seen_utc=seen_utc)
        results.put(("saved", email))
    except patients.ChangedElsewhereError as exc:
        results.put(("refused", str(exc)))
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def test_two_workstations_saving_one_record_at_once(db: peewee.Database, db_target: str) -> None:
    details = PatientDetails(legal_first="Ana", legal_last="Diaz", date_of_birth="1985-03-07",
                             phones=(PhoneEntry("828-555-0123"),))
    pid = patients.create_patient(ADMIN, details)
    seen = patients.open_record(ADMIN, pid).saved_utc
    assert seen is not None
    outcomes = at_once(db, _save_in_child, [(db_target, pid, seen, email)
                                            for email in ("one@example.org", "two@example.org")])
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"], outcomes
    winner = next(text for kind, text in outcomes if kind == "saved")
    assert patients.open_record(ADMIN, pid).details.email == winner
