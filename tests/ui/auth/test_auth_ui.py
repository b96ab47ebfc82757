"""Signing in, the idle lock, switching user and the admin screens, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QTableView, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.services import accounts
from frontdesk.ui.auth import IdleLock, Session, sign_in
from frontdesk.ui.auth.audit_dialog import AuditDialog
from frontdesk.ui.auth.idle_lock import UnlockDialog
from frontdesk.ui.auth.users_dialog import UsersDialog
from frontdesk.values import SYSTEM_ACTOR, Actor

ADMIN, DESK = Actor("admin", "admin"), Actor("desk", "desk")


@pytest.fixture
def clinic(sqlite_db: peewee.Database) -> peewee.Database:
    accounts.add_demo_users()
    return sqlite_db


@pytest.fixture
def window(qtbot: QtBot, clinic: peewee.Database) -> QMainWindow:
    win = QMainWindow()
    patient = QLabel("Ana Núñez, 10:30 Chair 2")
    patient.setObjectName("patientDetail")
    win.setCentralWidget(patient)
    qtbot.addWidget(win)
    win.show()
    return win


def _unlock(qtbot: QtBot, lock: IdleLock, username: str, password: str) -> None:
    dialog = lock.dialog
    assert isinstance(dialog, UnlockDialog)
    dialog.username.setText(username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def test_environment_signs_in_without_a_dialog(clinic: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_USER", "nurse")
    assert sign_in(None) == Actor("nurse", "clinical")


def test_a_clinic_without_accounts_needs_no_sign_in(sqlite_db: peewee.Database) -> None:
    assert sign_in(None) == SYSTEM_ACTOR


def test_keys_and_the_mouse_in_any_window_keep_the_lock_away(qtbot: QtBot, window: QMainWindow) -> None:
    """Input as the platform delivers it (to the window): typing in the main window, moving the mouse
    over a dialog; once nobody touches anything, the lock comes."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialog

    dialog = QDialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    lock = IdleLock(window, DESK, idle_ms=1000)
    for step in range(10):  # 1.5 s of activity, longer than the idle time
        qtbot.wait(150)
        if step % 2:
            QTest.mouseMove(dialog.windowHandle(), QPoint(5 + step, 5))
        else:
            QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    assert not lock.is_locked
    later = QDialog(window)  # a window opened after the lock was set up: watched once it has the focus
    later.show()
    later.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is later.windowHandle())
    for _ in range(10):
        qtbot.wait(150)
        QTest.keyClick(later.windowHandle(), Qt.Key.Key_Shift)
    assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    later.close()
    dialog.close()


def test_idle_lock_hides_patient_data_and_the_same_user_unlocks(qtbot: QtBot, window: QMainWindow) -> None:
    lock = IdleLock(window, DESK, idle_ms=50)
    qtbot.waitUntil(lambda: lock.is_locked)
    assert not window.findChild(QLabel, "patientDetail").isVisible()
    assert window.findChild(QWidget, "lockCover").isVisible()
    _unlock(qtbot, lock, "desk", "wrong")
    assert lock.is_locked
    assert lock.dialog is not None and lock.dialog.message.text() == "wrong user name or password"
    _unlock(qtbot, lock, "desk", "demo")
    assert not lock.is_locked
    assert window.findChild(QLabel, "patientDetail").isVisible()
    assert [e.action for e in m.AuditEntry.select().order_by(m.AuditEntry.id)][-3:] == \
        ["signin.signout", "signin.failure", "signin.success"]


def test_escape_does_not_unlock(qtbot: QtBot, window: QMainWindow) -> None:
    lock = IdleLock(window, DESK, minutes=10)
    lock.lock()
    assert lock.dialog is not None
    qtbot.keyClick(lock.dialog, Qt.Key.Key_Escape)
    assert lock.is_locked and lock.dialog.isVisible()


def test_another_user_signs_in_at_the_lock(qtbot: QtBot, window: QMainWindow) -> None:
    lock = IdleLock(window, DESK, minutes=10)
    lock.switch_user()
    with qtbot.waitSignal(lock.actor_changed) as changed:
        _unlock(qtbot, lock, "nurse", "demo")
    assert changed.args == [Actor("nurse", "clinical")]
    assert lock.actor == Actor("nurse", "clinical") and not lock.is_locked


def test_session_menu_offers_admin_screens_only_to_admins(qtbot: QtBot, window: QMainWindow) -> None:
    session = Session(window, DESK)
    texts = {a.text().replace("&", ""): a.isVisible() for a in session.menu.actions() if a.text()}
    assert texts["Lock now"] and texts["Switch user…"]
    assert not texts["Users…"] and not texts["Audit trail…"] and not texts["Create the first administrator…"]
    assert not texts["Data safety…"]
    assert window.findChild(QLabel, "signedInUser").text() == "Signed in: desk (Front desk)"
    session.idle_lock.switch_user()
    _unlock(qtbot, session.idle_lock, "admin", "demo")
    assert session.actor == ADMIN
    assert window.findChild(QLabel, "signedInUser").text() == "Signed in: admin (Admin)"
    shown = {a.text(): a.isVisible() for a in session.menu.actions()}
    assert shown["&Users…"] and shown["&Data safety…"]
    letters = [a.text().split("&")[1][0].lower() for a in session.menu.actions() if "&" in a.text()]
    assert len(letters) == 9 and len(set(letters)) == 9  # each item its own Alt letter


def test_the_clinics_idle_minutes_set_the_lock_and_a_change_counts_from_the_next_lock(
        qtbot: QtBot, window: QMainWindow) -> None:
    from frontdesk.services import clinic_settings

    clinic_settings.update_profile(ADMIN, idle_lock_minutes=3)
    session = Session(window, DESK)
    assert session.idle_lock.timer.interval() == 3 * 60_000
    clinic_settings.update_profile(ADMIN, idle_lock_minutes=7)  # changed at another desk meanwhile
    session.idle_lock.lock()
    assert session.idle_lock.timer.interval() == 7 * 60_000
    _unlock(qtbot, session.idle_lock, "desk", "demo")


def test_the_daily_backup_is_made_on_a_worker_thread_and_the_status_bar_says_so(
    qtbot: QtBot, window: QMainWindow, clinic: peewee.Database
) -> None:
    from frontdesk.data import models as m

    session = Session(window, DESK)
    session.daily_backup()
    assert window.statusBar().currentMessage() == ""  # returned at once: the window's thread did not wait
    running = session._daily
    assert running is not None and running.name == "frontdesk-daily-backup"
    session.daily_backup()  # asked again meanwhile (the hourly look): no second backup
    assert session._daily is running
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Backup written: frontdesk-"))
    written = Path(clinic.database).parent / "backups" / window.statusBar().currentMessage().split(": ")[1]
    assert written.is_file() and len(list(written.parent.glob("*.sqlite3"))) == 1
    assert m.AuditEntry.select().where(m.AuditEntry.action == "backup.create").count() == 1
    assert session._daily is None  # done: the next look may make one (it skips: today's exists)


def test_a_daily_backup_that_fails_says_so_in_the_status_bar(
    qtbot: QtBot, window: QMainWindow, clinic: peewee.Database, tmp_path: Path
) -> None:
    from frontdesk.services import backup

    not_a_folder = tmp_path / "backups.txt"
    not_a_folder.write_text("a file where the folder should be")
    backup.choose_folder(ADMIN, not_a_folder)
    session = Session(window, DESK)
    session.daily_backup()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Automatic backup failed: "))
    assert "cannot use the backup folder" in window.statusBar().currentMessage()


def test_admin_adds_a_user_and_changes_a_role_on_the_users_screen(qtbot: QtBot, clinic: peewee.Database) -> None:
    dialog = UsersDialog(ADMIN)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableView, "usersTable")
    assert [table.model().index(r, 0).data() for r in range(table.model().rowCount())] == ["admin", "desk", "nurse"]
    dialog.new_username.setText("sam")
    dialog.new_password.setText("short")
    qtbot.mouseClick(dialog.findChild(type(dialog.toggle), "addUserButton"), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "password: at least 8 characters"
    dialog.new_password.setText("long enough")
    dialog.new_role.setCurrentIndex(dialog.new_role.findData("clinical"))
    qtbot.mouseClick(dialog.findChild(type(dialog.toggle), "addUserButton"), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "sam added."
    assert table.model().index(3, 2).data() == "Clinical"
    dialog.select("desk")
    dialog.role.setCurrentIndex(dialog.role.findData("admin"))
    qtbot.mouseClick(dialog.findChild(type(dialog.toggle), "setRoleButton"), Qt.MouseButton.LeftButton)
    assert table.model().index(1, 2).data() == "Admin"
    dialog.select("nurse")
    qtbot.mouseClick(dialog.toggle, Qt.MouseButton.LeftButton)
    assert table.model().index(2, 3).data() == "disabled"


def test_audit_viewer_filters_by_user_and_patient(qtbot: QtBot, clinic: peewee.Database) -> None:
    from frontdesk.services import audit

    audit.record(DESK, "patient.view", entity="patient", entity_id=7, patient_id=7)
    audit.record(Actor("nurse", "clinical"), "patient.view", entity="patient", entity_id=8, patient_id=8)
    dialog = AuditDialog(ADMIN)
    qtbot.addWidget(dialog)
    model = dialog.table.model()
    dialog.user.setCurrentIndex(dialog.user.findData("desk"))
    dialog.refresh()
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == ["patient.view"]
    dialog.user.setCurrentIndex(0)
    dialog.patient.setText("8")
    dialog.refresh()
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["nurse"]
    qtbot.waitUntil(lambda: "backup" in dialog.status.text())  # checked after the dialog shows
    assert dialog.status.text().startswith("1 entry shown; chain verified (")
    assert dialog.status.text().endswith("entries); no backup yet to compare it with")
    dialog.patient.clear()
    dialog.action.setText("user.create")
    dialog.refresh()
    assert {model.index(r, 3).data() for r in range(model.rowCount())} == {"user admin", "user desk", "user nurse"}
    dialog.patient.setText("Ana")
    dialog.refresh()
    assert dialog.status.text() == ("Patient: no chart number Ana; give the chart number (as on the patient's "
                                    "record) or the patient's id number.")
    from frontdesk.data import models as m
    from tests.services.intake_helpers import make_patient

    zofia = make_patient("Zofia", "Jones")
    m.Patient.update(chart_number="C000042").where(m.Patient.id == zofia).execute()
    audit.record(Actor("nurse", "clinical"), "patient.view", entity="patient", entity_id=zofia, patient_id=zofia)
    dialog.action.clear()
    dialog.patient.setText("c000042")  # the chart number the desk reads off the record, not the id
    dialog.refresh()
    assert [(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())] == [
        ("nurse", "patient.view")]


def test_audit_viewer_says_when_the_trail_no_longer_agrees_with_a_backup(
    qtbot: QtBot, clinic: peewee.Database, tmp_path: Path
) -> None:
    import sqlite3

    from frontdesk.data.audit_repo import seal_unchained
    from frontdesk.services import backup

    backup.choose_folder(ADMIN, tmp_path / "backups")
    made = backup.backup_now(ADMIN).path
    with sqlite3.connect(clinic.database) as conn:  # someone rewrites an entry and works out every hash again
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute("UPDATE audit_entry SET user = 'someone' WHERE id = 1")
        conn.execute("UPDATE audit_entry SET hash = ''")
    seal_unchained()
    with sqlite3.connect(made) as conn:
        last_in_backup = conn.execute("SELECT max(id) FROM audit_entry").fetchone()[0]
    dialog = AuditDialog(ADMIN)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "BACKUPS" in dialog.status.text())
    assert "chain verified (" in dialog.status.text()  # the chain alone holds
    assert dialog.status.text().endswith(f"; DOES NOT MATCH THE BACKUPS: entry 1 differs from the backup "
                                         f"{made.name}: the trail from there on was rewritten after that backup")
    assert last_in_backup > 1  # the rewrite is named where it begins, not at the backup's end


def test_audit_viewer_says_when_the_server_stops_answering_during_the_chain_check(
    qtbot: QtBot, clinic: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontdesk.data.audit_repo import ChainCheck
    from frontdesk.services.changes import DatabaseUnavailable

    def away(self: ChainCheck, rows: int = 2000) -> None:
        raise DatabaseUnavailable()

    monkeypatch.setattr(ChainCheck, "step", away)
    dialog = AuditDialog(ADMIN)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "not checked" in dialog.status.text())
    assert dialog.status.text().endswith("; chain not checked: the database server is not answering")


def test_lock_covers_every_open_window(qtbot: QtBot, window: QMainWindow) -> None:
    from PySide6.QtWidgets import QDialog

    form = QDialog(window)
    form.setObjectName("patientForm")
    qtbot.addWidget(form)
    form.show()
    lock = IdleLock(window, DESK, minutes=10)
    lock.lock()
    assert form.findChild(QWidget, "lockCover").isVisible()
    _unlock(qtbot, lock, "desk", "demo")
    assert form.isVisible()
    assert not any(cover.isVisible() for cover in form.findChildren(QWidget, "lockCover"))


def test_when_someone_else_signs_in_the_previous_users_forms_close(qtbot: QtBot, window: QMainWindow) -> None:
    from PySide6.QtWidgets import QDialog

    form = QDialog(window)
    qtbot.addWidget(form)
    form.show()
    _someone_else_signs_in(qtbot, window, DESK, "nurse")
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Rejected


def _someone_else_signs_in(qtbot: QtBot, window: QMainWindow, previous: Actor, username: str) -> IdleLock:
    """`previous` switches user and `username` signs in at the lock (password demo)."""
    lock = IdleLock(window, previous, minutes=10)
    lock.switch_user()
    _unlock(qtbot, lock, username, "demo")
    return lock


def test_sign_in_dialog_keeps_asking_after_a_wrong_password(qtbot: QtBot, clinic: peewee.Database) -> None:
    from frontdesk.ui.auth.sign_in_dialog import SignInDialog

    dialog = SignInDialog(None, "desk")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.message.text() == "Demo clinic: sign in as admin, desk or nurse, password demo."
    qtbot.keyClicks(dialog.password, "nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text() == "wrong user name or password" and dialog.actor is None
    qtbot.keyClicks(dialog.password, "demo")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor == DESK


def test_first_administrator_is_created_from_the_dialog(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from frontdesk.ui.auth.sign_in_dialog import FirstAdminDialog

    dialog = FirstAdminDialog()
    qtbot.addWidget(dialog)
    dialog.username.setText("owner")
    dialog.password.setText("owner password")
    dialog.again.setText("owner passwort")
    dialog.try_create()
    assert dialog.message.text() == "The two passwords differ." and not accounts.has_users()
    dialog.again.setText("owner password")
    dialog.try_create()
    assert dialog.actor == Actor("owner", "admin")
    assert accounts.sign_in("owner", "owner password").role == "admin"


def test_the_main_window_board_is_hidden_while_locked_and_follows_switch_user(
    qtbot: QtBot, clinic: peewee.Database
) -> None:
    from frontdesk.ui.auth import install_session
    from frontdesk.ui.main_window import MainWindow

    window = MainWindow(db_label="test", actor=DESK)
    qtbot.addWidget(window)
    window.session = install_session(window, DESK)
    window.show()
    board = window.findChild(QWidget, "scheduleBoard")
    assert board.isVisible()
    window.session.idle_lock.lock()
    assert not board.isVisible()
    _unlock(qtbot, window.session.idle_lock, "nurse", "demo")
    assert board.isVisible()
    assert window.current_actor() == Actor("nurse", "clinical") == window.actor


def test_a_busy_database_is_a_message_and_the_form_stays(qtbot: QtBot, clinic: peewee.Database) -> None:
    import sqlite3

    dialog = UsersDialog(ADMIN)
    qtbot.addWidget(dialog)
    dialog.new_username.setText("sam")
    dialog.new_password.setText("long enough")
    clinic.execute_sql("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(clinic.database)
    other.execute("BEGIN EXCLUSIVE")
    try:
        dialog.add_user()
    finally:
        other.rollback()
        other.close()
    assert dialog.message.text() == "the database is busy (locked by another program); try again"
    assert (dialog.new_username.text(), dialog.new_password.text()) == ("sam", "long enough")
    assert not accounts.role_of("sam")


def test_enter_in_the_users_screen_acts_on_its_own_field_never_on_set_role(qtbot: QtBot,
                                                                          clinic: peewee.Database) -> None:
    """Enter in "Add a user" added nobody and made the selected user what the role box showed ("nurse is now
    Admin."); Enter in "New password" changed no password and said "desk is now Front desk."."""
    from PySide6.QtWidgets import QGroupBox

    dialog = UsersDialog(ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select("nurse")
    assert dialog.findChild(QGroupBox).title() == "Selected user: nurse"
    dialog.role.setCurrentIndex(dialog.role.findData("admin"))  # picked, not set
    dialog.new_username.setText("maria")
    dialog.new_name.setText("Maria Lopez")
    dialog.new_password.setFocus()
    qtbot.keyClicks(dialog.new_password, "long enough")
    qtbot.keyClick(dialog.new_password, Qt.Key.Key_Return)
    assert dialog.message.text() == "maria added."
    assert accounts.role_of("nurse") == "clinical" and accounts.role_of("maria") == "desk"
    dialog.select("desk")
    qtbot.keyClicks(dialog.reset, "a new secret")
    qtbot.keyClick(dialog.reset, Qt.Key.Key_Enter)
    assert dialog.message.text() == "New password set for desk."
    assert accounts.role_of("desk") == "desk" and dialog.reset.text() == ""
    assert accounts.sign_in("desk", "a new secret").username == "desk"
    assert dialog.isVisible()  # Enter closed nothing either


def test_a_refused_role_change_puts_the_role_box_back_to_the_users_role(qtbot: QtBot,
                                                                        clinic: peewee.Database) -> None:
    dialog = UsersDialog(ADMIN)
    qtbot.addWidget(dialog)
    dialog.select("admin")
    dialog.role.setCurrentIndex(dialog.role.findData("desk"))
    dialog.apply_role()
    assert "at least one active admin" in dialog.message.text()
    assert dialog.role.currentData() == "admin"


def test_a_wrong_current_password_is_named_as_such(qtbot: QtBot, clinic: peewee.Database) -> None:
    from frontdesk.ui.auth.users_dialog import ChangePasswordDialog

    dialog = ChangePasswordDialog(DESK)
    qtbot.addWidget(dialog)
    dialog.current.setText("not it")
    dialog.new.setText("brand new one")
    dialog.again.setText("brand new one")
    dialog.try_change()
    assert dialog.message.text() == "The current password is not right."


def test_another_user_signing_in_closes_the_previous_users_settings_without_asking(
        qtbot: QtBot, window: QMainWindow) -> None:
    """The admin left Clinic settings with an edit not saved; desk signed in at the lock and was asked
    "Save?" of it, and Save stored it as the admin's, Cancel left the admin's settings open to desk."""
    from frontdesk.data import audit_repo
    from frontdesk.services import clinic_settings
    from frontdesk.ui.settings.settings_dialog import SettingsDialog

    name_before = clinic_settings.profile().name
    settings = SettingsDialog(ADMIN, window)
    qtbot.addWidget(settings)
    settings.show()
    settings.name_edit.setText("Renamed by nobody")
    _someone_else_signs_in(qtbot, window, ADMIN, "desk")
    assert not settings.isVisible()
    assert clinic_settings.profile().name == name_before  # dropped, not saved in the admin's name
    assert not audit_repo.search(user="admin", action="settings.profile")


def test_another_user_signing_in_closes_the_previous_users_preview_but_not_a_running_import(
        qtbot: QtBot, window: QMainWindow) -> None:
    """A sheet's preview (a window of its own, not a dialog) stayed open for the next user, its Print and
    Save in the previous user's name (helper-43); a patient import still running is left to finish."""
    from PySide6.QtWidgets import QDialog

    class Importing(QDialog):
        def busy(self) -> bool:
            return True

    preview = QMainWindow()
    preview.setWindowTitle("Pre-visit sheet — Ana Núñez")
    qtbot.addWidget(preview)
    preview.show()
    importing = Importing(window)
    qtbot.addWidget(importing)
    importing.show()
    _someone_else_signs_in(qtbot, window, ADMIN, "desk")
    assert not preview.isVisible()
    assert importing.isVisible()
    assert window.isVisible()  # the main window itself stays, for the new user
