"""Prepared queries on SQLite and PostgreSQL: compiled once per shape, run with each call's parameters."""

from __future__ import annotations

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.data import prepared
from tests.services.intake_helpers import make_patient


def _patients_named(first: str) -> peewee.ModelSelect:
    return m.Patient.select(m.Patient.id, m.Patient.legal_last).where(m.Patient.legal_first == first).tuples()


def test_compiled_once_then_run_with_new_parameters(db: peewee.Database) -> None:
    ada, bea = make_patient("Ada", "One"), make_patient("Bea", "Two")
    before = prepared.compiled_count()
    assert list(prepared.run("patients named", ["Ada"], _patients_named, "Ada")) == [(ada, "One")]
    assert list(prepared.run("patients named", ["Bea"], _patients_named, "Bea")) == [(bea, "Two")]
    assert prepared.plain_rows("patients named", ["Nobody"], _patients_named, "Nobody") == []
    assert prepared.compiled_count() == before + 1


def test_parameters_in_another_order_than_the_query_binds_are_refused(db: peewee.Database) -> None:
    def between(low: str, high: str) -> peewee.ModelSelect:
        return m.Patient.select(m.Patient.id).where((m.Patient.legal_last > low) & (m.Patient.legal_last < high))

    with pytest.raises(prepared.ParameterOrderError):
        prepared.run("patients between", ["Z", "A"], between, "A", "Z")
    assert list(prepared.run("patients between", ["A", "Z"], between, "A", "Z")) == []


def test_model_rows_are_read_as_models(db: peewee.Database) -> None:
    pid = make_patient("Cy", "Three")

    def by_id(patient_id: int) -> peewee.ModelSelect:
        return m.Patient.select().where(m.Patient.id == patient_id)

    [row] = prepared.run("patient by id", [pid], by_id, pid)
    assert isinstance(row, m.Patient) and row.legal_last == "Three"


def test_id_lists_are_padded_to_a_few_lengths_without_changing_what_they_match(db: peewee.Database) -> None:
    assert prepared.padded([]) == []
    shortest = prepared.SHORTEST_ID_LIST
    assert prepared.padded([3, 5]) == [3, 5] + [5] * (shortest - 2)
    assert len(prepared.padded(list(range(9)))) == shortest == len(prepared.padded(list(range(shortest))))
    assert len(prepared.padded(list(range(shortest + 1)))) == 2 * shortest
    ids = [make_patient(f"P{n}", "Same") for n in range(3)]

    def named(patient_ids: list[int]) -> peewee.ModelSelect:
        return m.Patient.select(m.Patient.id).where(m.Patient.id.in_(patient_ids)).tuples()

    padded = prepared.padded(ids)
    assert sorted(row[0] for row in prepared.plain_rows(("ids", len(padded)), padded, named, padded)) == ids


def test_rows_for_ids_runs_one_query_per_run_of_ids_and_binds_what_comes_first(
    db: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepared, "CHUNK", 2)
    ids = [make_patient(f"Q{n}", "Last" if n % 2 else "Other") for n in range(5)]

    def named(patient_ids: list[int]) -> peewee.ModelSelect:
        p = m.Patient
        return p.select(p.id).where((p.legal_last == "Last") & p.id.in_(patient_ids)).tuples()

    before = prepared.compiled_count()
    found = prepared.rows_for_ids("last named", [*ids, ids[0]], named, before=["Last"])
    assert sorted(row[0] for row in found) == [ids[1], ids[3]]
    assert prepared.compiled_count() == before + 1  # runs of 2 and 1 ids, padded alike: one SQL text
    assert prepared.rows_for_ids("last named", [], named, before=["Last"]) == []
