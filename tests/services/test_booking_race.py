"""Two OS processes book the same chair at the same moment: exactly one wins."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee

from frontdesk.data import models as m
from frontdesk.data.clinic_repo import chairs
from tests.services.workstations import at_once

START = dt.datetime(2026, 3, 2, 10, 0)


def _book_in_child(target: str, patient_id: int, chair_id: int, barrier: Any, results: Any) -> None:
    from frontdesk.data.database import open_database
    from frontdesk.services import booking
    from frontdesk.values import Actor

    open_database(target)
    barrier.wait()
    try:
        results.put(("won", booking.book(patient_id, "iv_mood", chair_id, START, Actor(f"ws{patient_id}", "desk"))))
    except booking.BookingConflict as exc:
        results.put(("refused", str(exc)))
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def test_two_processes_same_chair_same_moment(db: peewee.Database, db_target: str) -> None:
    ana = m.Patient.create(chart_number="R1", legal_first="Ana", legal_last="Diaz").id
    ben = m.Patient.create(chart_number="R2", legal_first="Ben", legal_last="Okafor").id
    chair_id = next(c.id for c in chairs() if c.name == "Chair 3")
    outcomes = at_once(db, _book_in_child, [(db_target, pid, chair_id) for pid in (ana, ben)])
    assert sorted(kind for kind, _ in outcomes) == ["refused", "won"], outcomes
    refusal = next(text for kind, text in outcomes if kind == "refused")
    assert refusal.startswith("Chair 3 is taken 10:00–11:40 by ")
    assert refusal.endswith(", IV ketamine, mood")
    assert m.Appointment.select().count() == 1
