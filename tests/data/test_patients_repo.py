"""The patient search reads through indexes: no query of a keystroke scans a table (SQLite plans)."""

from __future__ import annotations

from typing import Any

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.services import patients
from frontdesk.services.demo import build_demo


def _plans(db: peewee.Database, text: str) -> list[tuple[str, list[str]]]:
    """The SQL a search for `text` runs, each with SQLite's query plan lines."""
    seen: list[tuple[str, Any]] = []
    original = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append((sql, params))
        return original(sql, params, *args, **kwargs)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        patients.search(text)
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    return [(sql, [row[3] for row in original("EXPLAIN QUERY PLAN " + sql, params).fetchall()])
            for sql, params in seen if sql.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("typed", ["ga", "garcia", "jose gar", "5550123", "(828) 555-01", "0123", "3/7/1985",
                                   "C000012", "C0001"])
def test_every_search_query_uses_an_index(sqlite_db: peewee.Database, typed: str) -> None:
    build_demo(patients=300, days=2, seed=3)
    for sql, plan in _plans(sqlite_db, typed):
        scans = [line for line in plan if line.startswith("SCAN") and "VIRTUAL TABLE" not in line
                 and "setting" not in sql]
        assert scans == [], f"{sql}\n{plan}"


def test_the_name_index_follows_inserts_renames_and_deletes(db: peewee.Database) -> None:
    row = m.Patient.create(chart_number="X1", legal_first="Zoë", legal_last="Quist", search_name="zoe quist")
    assert [p.id for p in patients.search("quist")] == [row.id]
    m.Patient.update(search_name="zoe quarles", legal_last="Quarles").where(m.Patient.id == row.id).execute()
    assert patients.search("quist") == []
    assert [p.id for p in patients.search("quar")] == [row.id]
    m.Patient.delete().where(m.Patient.id == row.id).execute()
    assert patients.search("quar") == []


def test_rebuilding_the_name_index_finds_rows_written_behind_its_back(sqlite_db: peewee.Database) -> None:
    from frontdesk.data import patients_repo

    sqlite_db.execute_sql("DROP TRIGGER patient_fts_insert")
    row = m.Patient.create(chart_number="X2", legal_first="Ola", legal_last="Nordmann", search_name="ola nordmann")
    assert patients.search("nordmann") == []
    patients_repo.rebuild_search_index()
    assert [p.id for p in patients.search("nordmann")] == [row.id]


def test_a_clinic_made_before_the_search_indexes_gets_them(db_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontdesk.data import migrations
    from frontdesk.data.database import open_database

    monkeypatch.setattr(migrations, "MIGRATIONS", [step for step in migrations.MIGRATIONS if step[0] < 20])
    db = open_database(db_target)
    build_demo(patients=30, days=1, seed=2)
    first = m.Patient.get_by_id(1)
    monkeypatch.undo()
    assert migrations.migrate(db) == [n for n, _, _ in migrations.MIGRATIONS if n >= 20]
    assert first.id in [p.id for p in patients.search(first.legal_last)]
    db.close()


def test_keystrokes_of_a_shape_already_seen_build_no_new_sql(db: peewee.Database) -> None:
    from frontdesk.data import prepared

    build_demo(patients=60, days=2, seed=3)
    for first in ("555", "(828) 555-01", "0123", "3/7/1985", "C0001"):
        patients.search(first)
    shapes = prepared.compiled_count()
    found = {typed: patients.search(typed) for typed in ("556", "(828) 555-02", "0124", "4/8/1986", "C0002")}
    assert prepared.compiled_count() == shapes
    assert found["(828) 555-02"] == patients.search("82855502")  # the same answer however it is typed


def _counting_selects(db: peewee.Database, read: Any) -> tuple[Any, int]:
    """What `read()` returns, and how many SELECTs it ran."""
    seen: list[str] = []
    original = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append(sql)
        return original(sql, params, *args, **kwargs)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        result = read()
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    return result, len([sql for sql in seen if sql.lstrip().upper().startswith("SELECT")])


def test_details_of_reads_only_the_patients_asked_for_in_three_queries(sqlite_db: peewee.Database) -> None:
    from frontdesk.data import patients_repo

    build_demo(patients=40, days=2, seed=5)
    wanted = [3, 7, 11]
    found, selects = _counting_selects(sqlite_db, lambda: patients_repo.details_of([*wanted, 7, 9999]))
    assert sorted(found) == wanted  # a repeat and an unknown id asked for too
    assert selects == 3
    for patient_id, details in found.items():
        assert details == patients_repo.get(patient_id)  # the same record as one read alone
    assert patients_repo.details_of([]) == {}


def test_reach_of_reads_the_primary_phone_and_contact_wishes_in_two_queries(sqlite_db: peewee.Database) -> None:
    from frontdesk.data import patients_repo

    build_demo(patients=40, days=2, seed=5)
    with_phone = m.PatientPhone.select(m.PatientPhone.patient).limit(1).scalar()
    m.PatientPhone.create(patient=with_phone, number_e164="+18285550199", digits="8285550199", kind="work",
                          is_primary=False)  # added later, not primary: not the one to call
    bare = m.Patient.create(chart_number="X1", legal_first="No", legal_last="Phone", ok_voicemail=True)
    found, selects = _counting_selects(sqlite_db, lambda: patients_repo.reach_of([with_phone, bare.id, 9999]))
    assert sorted(found) == sorted([with_phone, bare.id])
    assert selects == 2
    details = patients_repo.get(with_phone)
    assert details is not None and found[with_phone].phone == details.primary_phone
    assert found[with_phone].phone is not None and found[with_phone].phone.number != "+18285550199"
    assert found[bare.id].phone is None and found[bare.id].line == "none on file · no texts"
