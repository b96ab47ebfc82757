"""Data safety: the admin's view of where the data is, its encryption, its backups and its health."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.services import accounts, backup, encryption
from frontdesk.services.permissions import NotPermittedError
from frontdesk.ui.auth.safety_dialog import DataSafetyDialog
from frontdesk.values import Actor

ADMIN = Actor("admin", "admin")


@pytest.fixture
def clinic(sqlite_db: peewee.Database, tmp_path: Path) -> Path:
    accounts.add_demo_users()
    backup.choose_folder(ADMIN, tmp_path / "backups")
    return Path(sqlite_db.database)


def _open(qtbot: QtBot) -> DataSafetyDialog:
    dialog = DataSafetyDialog(ADMIN)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.health.text() != "checking…")
    return dialog


def test_a_plain_clinic_without_backups_says_so(qtbot: QtBot, clinic: Path, tmp_path: Path) -> None:
    dialog = _open(qtbot)
    assert dialog.database.text() == f"SQLite {clinic}"
    assert dialog.encryption.text().startswith("<b>Off</b>. An admin turns it on with <code>frontdesk encrypt")
    assert f"<code>{tmp_path / 'backups'}</code>. <b>None yet</b>" in dialog.backups.text()
    assert "OK</b>: integrity, foreign keys and audit chain (" in dialog.health.text()
    assert dialog.health.text().endswith(" entries); no backup yet to compare it with.")


def test_back_up_now_lists_the_backup_and_checks_the_trail_against_it(qtbot: QtBot, clinic: Path) -> None:
    dialog = _open(qtbot)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    made = backup.list_backups()[0]
    assert ("1 backup kept (the app keeps up to 7 daily, 4 weekly and 12 monthly); the newest "
            f"<b>{made.name}</b>") in dialog.backups.text()
    assert dialog.backups.text().count(made.name) == 1
    qtbot.waitUntil(lambda: dialog.health.text() != "checking…")
    assert f"matches 1 backup (the oldest {made.name})" in dialog.health.text()


def test_an_encrypted_clinic_names_its_key_file(qtbot: QtBot, clinic: Path, private_database_key: Path) -> None:
    encryption.encrypt(ADMIN)
    dialog = _open(qtbot)
    assert dialog.database.text().endswith("(encrypted)")
    assert f"<b style='color:#2e7d32'>On</b>. The key is in <code>{private_database_key}</code>" in \
        dialog.encryption.text()


def test_a_tampered_trail_is_a_problem_in_red(qtbot: QtBot, clinic: Path) -> None:
    with sqlite3.connect(clinic) as conn:
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute("UPDATE audit_entry SET user = 'someone' WHERE id = 1")
    dialog = _open(qtbot)
    assert "Problems found</b> (tell whoever looks after the data):<br>audit chain: entry 1 was changed after " \
           "it was written" in dialog.health.text()


def test_only_admins_see_it(qtbot: QtBot, clinic: Path) -> None:
    with pytest.raises(NotPermittedError):
        DataSafetyDialog(Actor("desk", "desk"))
