"""The change feed: NOTIFY triggers on PostgreSQL, the data_version counter on SQLite."""

from __future__ import annotations

import time

import peewee
import pytest

from frontdesk.data import models as m
from frontdesk.data.changes import ALL_AREAS, TABLE_AREAS, open_change_feed
from frontdesk.data.database import is_sqlite, open_database


def _poll_until(feed, seconds: float = 5.0) -> frozenset[str]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        areas = feed.poll()
        if areas:
            return areas
        time.sleep(0.05)
    return frozenset()


def test_a_quiet_database_reports_no_change(db: peewee.Database) -> None:
    feed = open_change_feed(db)
    time.sleep(0.2)
    assert feed.poll() == frozenset()
    feed.close()


def test_a_new_patient_is_reported_once_as_a_patients_change(db: peewee.Database) -> None:
    feed = open_change_feed(db)
    m.Patient.create(chart_number="C1", legal_first="Ana", legal_last="Núñez")
    areas = _poll_until(feed)
    assert "patients" in areas
    if not is_sqlite(db):
        assert areas == {"patients"}  # PostgreSQL names the area
    assert feed.poll() == frozenset()
    feed.close()


def test_a_rolled_back_change_is_not_reported_on_postgres(db: peewee.Database) -> None:
    feed = open_change_feed(db)
    with db.atomic() as txn:
        m.Patient.create(chart_number="C1", legal_first="Ana", legal_last="Núñez")
        txn.rollback()
    time.sleep(0.3)
    if is_sqlite(db):
        assert feed.poll() in (frozenset(), ALL_AREAS)  # the counter may move; a spare refresh is harmless
    else:
        assert feed.poll() == frozenset()
    feed.close()


@pytest.mark.postgres
def test_every_watched_table_has_a_notify_trigger(postgres_target: str) -> None:
    db = open_database(postgres_target)
    rows = db.execute_sql(
        "SELECT event_object_table FROM information_schema.triggers "
        "WHERE trigger_schema = current_schema() AND trigger_name LIKE %s", ("%notify_change",)
    ).fetchall()
    assert {r[0] for r in rows} == set(TABLE_AREAS)
    db.close()


@pytest.mark.postgres
def test_changes_in_another_schema_are_not_heard(postgres_target: str) -> None:
    from tests.conftest import drop_pg_schema, pg_schema_url

    db = open_database(postgres_target)
    feed = open_change_feed(db)
    db.close()
    other_schema, other_url = pg_schema_url()
    try:
        other = open_database(other_url)
        m.Patient.create(chart_number="C1", legal_first="Ana", legal_last="Núñez")
        other.close()
        time.sleep(0.3)
        assert feed.poll() == frozenset()
    finally:
        feed.close()
        drop_pg_schema(other_schema)


@pytest.mark.postgres
def test_installing_the_triggers_again_changes_nothing(postgres_target: str) -> None:
    from frontdesk.data.changes import install_notify_triggers

    db = open_database(postgres_target)
    install_notify_triggers(db)
    count = db.execute_sql(
        "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = current_schema() "
        "AND trigger_name LIKE %s", ("%notify_change",)
    ).fetchone()[0]
    db.close()
    assert count == len(TABLE_AREAS) * 3  # one row per table and event (insert, update, delete)
