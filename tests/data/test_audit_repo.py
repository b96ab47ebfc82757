"""The audit trail is append-only and hash-chained: edits are refused, and tampering is found."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import peewee
import pytest

from frontdesk.data import audit_repo
from frontdesk.data import models as m
from frontdesk.data.database import is_sqlite


def _append(n: int) -> list[int]:
    return [audit_repo.append(user="desk", action="patient.view", entity="patient", entity_id=str(i),
                              patient_id=i) for i in range(1, n + 1)]


def test_entries_chain_to_each_other_and_verify(db: peewee.Database) -> None:
    ids = _append(3)
    rows = list(m.AuditEntry.select().order_by(m.AuditEntry.id))
    assert [r.id for r in rows] == ids
    assert rows[0].prev_hash == "" and rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert audit_repo.verify_chain() == audit_repo.ChainReport(True, 3)


def test_database_refuses_update_and_delete_of_entries(db: peewee.Database) -> None:
    _append(2)
    with pytest.raises(peewee.DatabaseError), db.atomic():
        m.AuditEntry.update(user="someone else").execute()
    with pytest.raises(peewee.DatabaseError), db.atomic():
        m.AuditEntry.delete().execute()
    assert [r.user for r in m.AuditEntry.select()] == ["desk", "desk"]
    assert audit_repo.verify_chain().ok


def _drop_guard(db: peewee.Database) -> None:
    if is_sqlite(db):
        db.execute_sql("DROP TRIGGER audit_entry_no_update")
        db.execute_sql("DROP TRIGGER audit_entry_no_delete")
    else:
        db.execute_sql("DROP TRIGGER audit_entry_no_change ON audit_entry")


def test_a_changed_entry_is_reported_as_the_first_broken_one(db: peewee.Database) -> None:
    ids = _append(4)
    _drop_guard(db)
    db.execute_sql(f"UPDATE audit_entry SET patient_id = 99 WHERE id = {ids[1]}")
    report = audit_repo.verify_chain()
    assert not report.ok
    assert report.first_broken_id == ids[1]
    assert "changed" in report.problem


def test_a_removed_entry_breaks_the_link_of_the_next(db: peewee.Database) -> None:
    ids = _append(4)
    _drop_guard(db)
    db.execute_sql(f"DELETE FROM audit_entry WHERE id = {ids[2]}")
    report = audit_repo.verify_chain()
    assert (report.ok, report.first_broken_id) == (False, ids[3])


def test_removing_the_newest_entries_is_found_too(db: peewee.Database) -> None:
    ids = _append(3)
    _drop_guard(db)
    db.execute_sql(f"DELETE FROM audit_entry WHERE id = {ids[2]}")
    report = audit_repo.verify_chain()
    assert not report.ok
    assert "ends early" in report.problem


def test_a_new_entry_in_a_rolled_back_transaction_leaves_the_chain_whole(db: peewee.Database) -> None:
    _append(1)
    with pytest.raises(RuntimeError), db.atomic():
        _append(1)
        raise RuntimeError("the service failed after recording")
    _append(1)
    assert audit_repo.verify_chain() == audit_repo.ChainReport(True, 2)


def test_the_chain_checked_a_run_at_a_time_takes_in_entries_written_meanwhile(db: peewee.Database) -> None:
    _append(5)
    check = audit_repo.ChainCheck()
    assert check.step(2) is None and check.count == 2
    _append(2)  # another workstation writes while the viewer is checking
    assert check.step(2) is None and check.step(2) is None
    assert check.step(2) == audit_repo.ChainReport(True, 7) == audit_repo.verify_chain()
    assert check.step(2) == audit_repo.ChainReport(True, 7)  # done: the report stays


def test_the_chain_checked_a_run_at_a_time_finds_a_change(db: peewee.Database) -> None:
    ids = _append(5)
    _drop_guard(db)
    db.execute_sql(f"UPDATE audit_entry SET detail = 'x' WHERE id = {ids[3]}")
    check = audit_repo.ChainCheck()
    assert check.step(3) is None
    report = check.step(3)
    assert report is not None and (report.ok, report.first_broken_id) == (False, ids[3])


_WRITER = """
import sys
from frontdesk.data.database import open_database
from frontdesk.data import audit_repo
open_database(sys.argv[1])
for i in range(int(sys.argv[2])):
    audit_repo.append(user=sys.argv[3], action="patient.view", entity="patient", entity_id=str(i))
"""


def test_two_processes_appending_at_once_keep_one_chain(db: peewee.Database, db_target: str, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    target = db_target
    writers = [subprocess.Popen([sys.executable, str(script), target, "150", name]) for name in ("desk", "nurse")]
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    assert audit_repo.verify_chain() == audit_repo.ChainReport(True, 300)
    assert m.AuditEntry.select().where(m.AuditEntry.user == "nurse").count() == 150


def test_migration_50_chains_entries_written_before_it(sqlite_db: peewee.Database) -> None:
    from frontdesk.data.migrations import migrate

    sqlite_db.execute_sql("DROP TRIGGER audit_entry_no_update")
    sqlite_db.execute_sql("DROP TRIGGER audit_entry_no_delete")
    sqlite_db.execute_sql("DROP TABLE audit_head")
    for n in range(3):  # as an older version wrote them: no hashes
        m.AuditEntry.insert(user="desk", action="patient.view", entity="patient", entity_id=str(n)).execute()
    m.SchemaMigration.delete().where(m.SchemaMigration.number == 50).execute()
    assert 50 in migrate(sqlite_db)
    assert audit_repo.verify_chain() == audit_repo.ChainReport(True, 3)
    audit_repo.append(user="desk", action="patient.view")
    assert audit_repo.verify_chain() == audit_repo.ChainReport(True, 4)
    with pytest.raises(peewee.IntegrityError):
        m.AuditEntry.delete().execute()
