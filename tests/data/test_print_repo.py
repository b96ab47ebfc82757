"""What the sheets read from the database: the chosen appointments in start order, in few queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee
import pytest

from frontdesk.data import appointments_repo, clinic_repo, print_repo
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


def test_one_query_reads_the_same_appointment_values_as_the_board(db: peewee.Database) -> None:
    """The sheets' own query gives what appointments_repo gives: type, chair (or none), times, name."""
    day = dt.datetime(2026, 12, 3)
    with_intake = add_patient("María José", "Núñez", language="es")
    add_intake(with_intake, ["opioid"], version=1)
    add_intake(with_intake, ["maoi", "stimulant"], version=2)
    chair_visit = book(with_intake, "iv_mood", day.replace(hour=9))
    office_visit = book(add_patient("Lee", "Park"), "consult", day.replace(hour=11), chair=None)
    tz = clinic_repo.load_profile().tz
    sources = print_repo.sheet_sources([office_visit, chair_visit], tz)
    assert [s.appointment for s in sources] == [appointments_repo.get(i, tz) for i in (chair_visit, office_visit)]
    assert [(s.language, s.medication_classes) for s in sources] == [("es", ("maoi", "stimulant")), ("en", ())]
    assert sources[1].appointment.chair_name is None and sources[0].appointment.type.needs_chair is True
