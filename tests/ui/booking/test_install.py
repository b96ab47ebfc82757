"""The booking screens hooked into the real main window."""

from __future__ import annotations

from pathlib import Path

import peewee
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.ui.booking.booking_dialog import BookingDialog
from frontdesk.ui.booking.cancel_dialog import CancelChoice, CancelDialog
from frontdesk.ui.booking.install import install_booking_screens
from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
from frontdesk.ui.main_window import MainWindow
from tests.services.test_booking import DESK, add_patient
from tests.ui.board_helpers import known_day


def test_menus_and_board_hooks_installed(qtbot: QtBot, sqlite_db: peewee.Database, tmp_path: Path) -> None:
    known_day()
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    actions = install_booking_screens(window)
    names = {a.objectName() for a in actions}
    assert names == {"moveAppointmentAction", "bookSeriesAction", "findOpeningAction", "waitlistAction",
                     "clinicSettingsAction"}
    appointment_menu = [a.text() for a in window.menus["Appointment"].actions()]
    assert {"Book &series…", "&Find opening…", "&Waiting list…"} <= set(appointment_menu)
    assert "Clinic &settings…" in [a.text() for a in window.menus["Edit"].actions()]
    assert window.board_actions.ask_booking is not None
    assert window.findChild(QAction, "clinicSettingsAction") is not None


def test_cancel_choice_mode_writes_nothing(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    appointments = known_day()
    first = next(iter(appointments.values()))
    dialog = CancelDialog(first.id, DESK, write=False)
    qtbot.addWidget(dialog)
    dialog.by_clinic.setChecked(True)
    qtbot.keyClicks(dialog.reason, "pump broken")
    dialog.confirm.click()
    assert dialog.choice == CancelChoice("clinic", "pump broken", False)
    assert m.Appointment.get_by_id(first.id).outcome is None


def test_waitlist_add_and_remove(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    add_patient("Wen", "Li")
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.picker.search, "wen")
    dialog.note.setText("mornings")
    dialog.add()
    assert dialog.entries.rowCount() == 1
    assert dialog.entries.item(0, 0).text() == "Wen Li" and dialog.entries.item(0, 3).text() == "mornings"
    dialog.entries.selectRow(0)
    dialog.remove_selected()
    assert dialog.entries.rowCount() == 0


def test_booking_dialog_accepts_the_boards_aware_start(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    import datetime as dt

    from frontdesk.data.clinic_repo import load_profile

    start = dt.datetime(2026, 3, 2, 13, 30, tzinfo=load_profile().tz).replace(tzinfo=None)
    dialog = BookingDialog(DESK, start=start, chair_id=2)
    qtbot.addWidget(dialog)
    assert dialog.time_edit.time().toString("HH:mm") == "13:30"
    assert dialog.chair_box.currentText() == "Chair 2"
