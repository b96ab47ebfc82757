"""Files holding patient data are this user's only (0600, folders 0700), whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from frontdesk.cli.main import main
from frontdesk.data import models as m
from frontdesk.data.database import open_database
from frontdesk.private_files import write_private
from frontdesk.services import backup, patients
from frontdesk.values import Actor

ADMIN = Actor("admin", "admin")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The loosest usual umask: what these files get must not depend on the desk's settings."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_database_and_its_wal_are_readable_by_this_user_only(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    db = open_database(str(path))
    try:
        with db.atomic():
            m.Patient.create(chart_number="P1", legal_first="Ana", legal_last="Núñez")
        assert mode(path) == 0o600
        assert mode(path.with_name(path.name + "-wal")) == 0o600
    finally:
        db.close()


def test_an_existing_database_keeps_the_mode_the_clinic_gave_it(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    open_database(str(path)).close()
    path.chmod(0o660)  # a clinic's own choice (a group of desk logins)
    open_database(str(path)).close()
    assert mode(path) == 0o660


def test_a_backup_and_the_folder_made_for_it_are_private(sqlite_db: peewee.Database, tmp_path: Path) -> None:
    made = backup.backup_now(ADMIN, tmp_path / "backups")
    assert mode(made.path) == 0o600 and mode(made.path.parent) == 0o700


def test_an_export_is_private(sqlite_db: peewee.Database, tmp_path: Path) -> None:
    m.Patient.create(chart_number="P1", legal_first="Ana", legal_last="Núñez")
    target = tmp_path / "patients.csv"
    assert patients.export_csv(ADMIN, target) == 1
    assert mode(target) == 0o600 and "Núñez" in target.read_text(encoding="utf-8")


def test_the_intake_summary_from_the_command_line_is_private(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    clinic = str(tmp_path / "demo.sqlite3")
    assert main(["demo", "--db", clinic, "--patients", "3", "--days", "0"]) == 0
    out = tmp_path / "summary.pdf"
    monkeypatch.setenv("FRONTDESK_USER", "nurse")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "demo")
    assert main(["intake-summary", "1", "--db", clinic, "-o", str(out)]) == 0
    assert mode(out) == 0o600 and out.read_bytes().startswith(b"%PDF")


def test_a_write_that_fails_leaves_no_part_behind(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "sheet.pdf"
    with pytest.raises(TypeError):
        write_private(target, "not bytes")  # type: ignore[arg-type]
    assert list(folder.iterdir()) == []
