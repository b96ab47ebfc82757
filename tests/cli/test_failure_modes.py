"""Full disk, a busy (locked) database, no patient data in messages: one clear line, nothing corrupted."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee
import pytest

from frontdesk.cli.errors import describe_failure
from frontdesk.cli.main import main
from frontdesk.data import models as m
from frontdesk.data.database import open_database
from frontdesk.services import accounts
from frontdesk.values import Actor

CLI = [sys.executable, "-m", "frontdesk.cli.main"]


def _file_size_limit(limit: int) -> None:
    """In the child: writing past `limit` bytes fails as it would on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def _check_clean(db: str) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert main(["check", "--db", db]) == 0


def test_demo_on_a_full_disk_says_so_and_leaves_no_half_clinic(tmp_path: Path) -> None:
    db = str(tmp_path / "clinic.sqlite3")
    open_database(db).close()
    size = Path(db).stat().st_size
    run = subprocess.run([*CLI, "demo", "--db", db, "--patients", "400"], capture_output=True, text=True,
                         preexec_fn=lambda: _file_size_limit(size + 64 * 1024))
    assert run.returncode == 1
    assert run.stderr == "frontdesk demo: the disk could not be written (full or failing); nothing was saved\n"
    assert "Traceback" not in run.stderr
    _check_clean(db)
    open_database(db)
    assert m.Patient.select().count() == 0


def test_backup_on_a_full_disk_leaves_no_partial_file(tmp_path: Path) -> None:
    db = str(tmp_path / "clinic.sqlite3")
    assert main(["demo", "--db", db, "--patients", "60", "--days", "3"]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    half = Path(db).stat().st_size // 2  # room for the sign-in's few pages of log, not for a copy
    folder = tmp_path / "backups"
    run = subprocess.run([*CLI, "backup", "--db", db, "--to", str(folder)], capture_output=True, text=True,
                         preexec_fn=lambda: _file_size_limit(half))
    assert run.returncode == 2
    assert run.stderr.startswith("frontdesk backup: the backup was not written:")
    assert list(folder.iterdir()) == []
    _check_clean(db)


def test_signing_in_on_a_full_disk_is_one_clear_line(tmp_path: Path) -> None:
    db = str(tmp_path / "clinic.sqlite3")
    assert main(["demo", "--db", db, "--patients", "60", "--days", "3"]) == 0
    run = subprocess.run([*CLI, "check", "--db", db], capture_output=True, text=True,
                         preexec_fn=lambda: _file_size_limit(16 * 1024))
    assert (run.returncode, run.stderr) == (
        1, "frontdesk check: the disk could not be written (full or failing); nothing was saved\n")
    _check_clean(db)


def test_a_locked_database_is_a_clear_message_and_nothing_changes(sqlite_db: peewee.Database) -> None:
    accounts.add_demo_users()
    sqlite_db.execute_sql("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(sqlite_db.database)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(peewee.OperationalError) as caught:
            accounts.set_role(Actor("admin", "admin"), "desk", "clinical")
    finally:
        other.rollback()
        other.close()
    assert describe_failure(caught.value) == "the database is busy (locked by another program); try again"
    assert m.User.get(m.User.username == "desk").role == "desk"


def test_error_messages_carry_no_patient_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "clinic.sqlite3")
    open_database(db)
    patient = m.Patient.create(chart_number="C1", legal_first="Zelda", legal_last="Quokka")
    with pytest.raises(peewee.IntegrityError) as caught:
        m.Patient.create(chart_number="C1", legal_first="Zelda", legal_last="Quokka")
    assert "Zelda" not in describe_failure(caught.value) and "C1" not in describe_failure(caught.value)
    with pytest.raises(PermissionError) as refused:
        accounts.create_user(Actor("desk", "desk"), "x1", "long enough", "desk")
    assert str(patient.id) not in str(refused.value).split()
    assert "Quokka" not in capsys.readouterr().err


def test_no_patient_data_reaches_the_logs_even_at_debug_level(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    db = str(tmp_path / "clinic.sqlite3")
    assert main(["demo", "--db", db, "--patients", "10", "--days", "1"]) == 0
    open_database(db)
    m.Patient.create(chart_number="C999", legal_first="Zelda", legal_last="Quokka")
    assert main(["schedule", "--db", db]) == 0
    assert "Quokka" not in caplog.text and "C999" not in caplog.text
