"""The booking write lock really excludes a second writer, on each backend."""

from __future__ import annotations

import sqlite3

import peewee

from frontdesk.data import booking_repo
from frontdesk.data.database import connect, is_sqlite


def test_write_lock_excludes_a_second_writer(db: peewee.Database, db_target: str) -> None:
    with booking_repo.write_lock():
        if is_sqlite(db):
            other = sqlite3.connect(db_target, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                raise AssertionError("a second writer got in")
            except sqlite3.OperationalError as exc:
                assert "locked" in str(exc)
            finally:
                other.close()
        else:
            other_db = connect(db_target)
            try:
                got = other_db.execute_sql("SELECT pg_try_advisory_lock(%s)", (booking_repo._ADVISORY_KEY,))
                assert got.fetchone()[0] is False
            finally:
                other_db.close()


def test_find_type_and_chair_by_name_code_or_id(db: peewee.Database) -> None:
    mood = booking_repo.find_type("IV ketamine, mood")
    assert mood is not None
    assert booking_repo.find_type("iv_mood") == mood == booking_repo.find_type(str(mood.id))
    assert booking_repo.find_type("ip ketamine") is None
    chair3 = booking_repo.find_chair("chair 3")
    assert chair3 is not None and chair3.name == "Chair 3"
    assert booking_repo.find_chair("Chair 9") is None
