"""What the sheets read from the database: the chosen appointments in start order, in few queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee
import pytest

from frontdesk.data import clinic_repo, print_repo
from tests.print_helpers import add_intake, add_patient, book


def test_chosen_appointments_come_in_start_order_without_unknown_ids(db: peewee.Database) -> None:
    day = dt.date(2026, 12, 1)
    late = book(add_patient("Ana", "Ruiz"), "iv_mood", dt.datetime.combine(day, dt.time(14)))
    early = book(add_patient("Minh", "Nguyễn", language="es"), "esketamine", dt.datetime.combine(day, dt.time(8)))
    sources = print_repo.sheet_sources([late, 99_999, early], clinic_repo.load_profile().tz)
    assert [s.appointment.id for s in sources] == [early, late]
    assert [s.language for s in sources] == ["es", "en"]


def test_a_batch_costs_a_few_queries_not_one_per_sheet(db: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = []
    for n in range(12):
        patient = add_patient(f"Pat{n}", "Example")
        add_intake(patient, ["opioid"], version=1)
        ids.append(book(patient, "iv_mood", dt.datetime(2026, 12, 2 + n, 9)))
    tz = clinic_repo.load_profile().tz
    queries: list[str] = []
    execute = db.execute_sql

    def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", counting)
    sources = print_repo.sheet_sources(ids, tz)
    assert len(sources) == 12 and all(s.medication_classes == ("opioid",) for s in sources)
    assert len(queries) <= 4
