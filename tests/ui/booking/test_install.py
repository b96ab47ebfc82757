"""The booking screens hooked into the real main window."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.ui.booking.booking_dialog import BookingDialog
from frontdesk.ui.booking.cancel_dialog import CancelChoice, CancelDialog
from frontdesk.ui.booking.install import install_booking_screens
from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
from frontdesk.ui.main_window import MainWindow
from tests.services.test_booking import DESK, add_patient
from tests.ui.board_helpers import known_day
from tests.ui.modal import when_modal


def test_menus_and_board_hooks_installed(qtbot: QtBot, sqlite_db: peewee.Database, tmp_path: Path) -> None:
    known_day()
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    actions = install_booking_screens(window)
    names = {a.objectName() for a in actions}
    assert names == {"moveAppointmentAction", "bookSeriesAction", "findOpeningAction", "waitlistAction",
                     "confirmationCallsAction", "pickupsAction", "clinicSettingsAction"}
    appointment_menu = [a.text() for a in window.menus["Appointment"].actions()]
    assert {"Book se&ries…", "&Find opening…", "&Waiting list…", "C&onfirmation calls…",
            "&Pick-ups (drivers to call)…"} <= set(appointment_menu)
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


def _series_on_the_board(qtbot: QtBot, tmp_path: Path, day: int) -> tuple[MainWindow, list[int]]:
    """Ana Diaz's four-session series (1, 3, 7 and 9 December) and the main window, booking screens in,
    showing `day` December."""
    import datetime as dt

    from tests.services.test_booking import _series_of_four

    ids = _series_of_four(add_patient("Ana", "Diaz"))
    window = MainWindow(actor=DESK, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    install_booking_screens(window)
    window.show_day(dt.date(2026, 12, day))
    return window, ids


def test_cancelling_a_series_session_can_book_its_make_up_in_one_go(qtbot: QtBot, sqlite_db: peewee.Database,
                                                                   tmp_path: Path) -> None:
    import datetime as dt

    from frontdesk.services import booking

    window, ids = _series_on_the_board(qtbot, tmp_path, 3)
    assert window.board_view.select_appointment(ids[1])
    headings: list[str] = []

    def cancel_with_make_up(dialog: QWidget) -> None:
        assert isinstance(dialog, CancelDialog) and dialog.make_up.isVisible()
        dialog.reason.setText("flu")
        dialog.make_up.setChecked(True)
        dialog.confirm.click()

    def book_it(dialog: QWidget) -> None:
        assert isinstance(dialog, BookingDialog)
        headings.append(dialog.findChild(QLabel, "bookingMakeUp").text())
        headings.append(f"{dialog.type_box.isEnabled()} {dialog.start():%d %H:%M} {dialog.picker.search.text()} "
                        f"{dialog.picker.results.isHidden()}")
        dialog.book_button.click()

    seen = when_modal(cancel_with_make_up, "cancelDialog")
    booked = when_modal(book_it, "bookingDialog")
    window.board_actions.cancel(window.board_view.selected_appointment())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(booked), timeout=5000)

    assert seen == ["cancelDialog"] and booked == ["bookingDialog"]
    assert headings == ["<b>Make-up for session 2 of 4 (missed Thu 03 Dec)</b>", "False 11 10:00 Ana Diaz True"]
    made = m.Appointment.get((m.Appointment.series == m.Appointment.get_by_id(ids[1]).series)
                             & (m.Appointment.series_index == 2) & m.Appointment.outcome.is_null())
    assert booking.appointment(made.id).start.replace(tzinfo=None) == dt.datetime(2026, 12, 11, 10, 0)
    assert m.Appointment.get_by_id(ids[1]).outcome == "cancelled"
    # Said where it went (the status bar kept "…'s appointment cancelled."), the board still on the day
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Make-up booked: Ana Diaz, Fri 11 Dec "
                                                                           "10:00"))
    assert window.day == dt.date(2026, 12, 3)


def test_the_make_up_comes_before_the_freed_time_is_offered_to_the_waiting_list(
        qtbot: QtBot, sqlite_db: peewee.Database, tmp_path: Path) -> None:
    """The patient cancelling is on the line: their make-up first. The waiting list's offer came first,
    its Book… the default, so a reflex Enter booked somebody else before the make-up was shown."""
    from frontdesk.services import booking
    from tests.services.test_booking import DESK, add_patient

    window, ids = _series_on_the_board(qtbot, tmp_path, 3)
    booking.add_to_waitlist(add_patient("Wen", "Li"), "iv_mood", "any time", DESK)
    assert window.board_view.select_appointment(ids[1])
    order: list[str] = []

    def cancel_with_make_up(dialog: QWidget) -> None:
        dialog.reason.setText("flu")  # type: ignore[attr-defined]
        dialog.make_up.setChecked(True)  # type: ignore[attr-defined]
        dialog.confirm.click()  # type: ignore[attr-defined]

    def noted(dialog: QWidget) -> None:
        order.append(dialog.objectName())
        dialog.reject()  # type: ignore[attr-defined]

    when_modal(cancel_with_make_up, "cancelDialog")
    when_modal(noted, "bookingDialog")
    when_modal(noted, "freedSlotDialog")
    window.board_actions.cancel(window.board_view.selected_appointment())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(order) == 2, timeout=5000)
    assert order == ["bookingDialog", "freedSlotDialog"]


def test_the_make_up_box_is_for_a_series_session_cancelled_alone(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    import datetime as dt

    from tests.services.test_booking import _series_of_four

    ids = _series_of_four(add_patient("Ana", "Diaz"))
    dialog = CancelDialog(ids[1], DESK, write=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.make_up.isVisible() and dialog.make_up.text() == "Then book a &make-up for session 2 of 4"
    dialog.make_up.setChecked(True)
    dialog.following.setChecked(True)  # the series stops here: nothing to make up
    assert not dialog.make_up.isEnabled() and not dialog.wants_make_up()
    from frontdesk.services import booking

    alone = booking.book(add_patient("Ben", "Okafor"), "iv_mood", "Chair 4", dt.datetime(2026, 12, 3, 9, 0), DESK)
    single = CancelDialog(alone, DESK, write=False)
    qtbot.addWidget(single)
    single.show()
    assert not single.make_up.isVisible()


def test_a_missed_series_session_offers_its_make_up_after_the_no_show(qtbot: QtBot, sqlite_db: peewee.Database,
                                                                     tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox

    from frontdesk.services import booking

    # The clinic's clock at 11:00 on the session's day: an hour after its start, so it can be a no-show.
    monkeypatch.setattr(booking, "now_local", lambda tz: dt.datetime(2026, 12, 1, 11, 0, tzinfo=tz))
    window, ids = _series_on_the_board(qtbot, tmp_path, 1)
    missed = next(a for a in window.board_model.board.appointments if a.id == ids[0])  # type: ignore[union-attr]
    questions: list[str] = []

    def yes(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        questions.append(box.text())
        next(b for b in box.buttons() if b.text() == "Book a make-up…").click()

    asked = when_modal(yes, "makeUpQuestion")
    booked = when_modal(lambda dialog: dialog.book_button.click(), "bookingDialog")  # type: ignore[attr-defined]
    window.board_actions.no_show(missed)
    qtbot.waitUntil(lambda: bool(booked), timeout=5000)

    assert asked == ["makeUpQuestion"] and booked == ["bookingDialog"]
    assert questions == ["Ana Diaz missed session 1 of 4 of a series.\n\nBook a make-up for it now? It takes the "
                         "missed session's place in the series."]
    assert m.Appointment.get_by_id(ids[0]).outcome == "no_show"
    made = m.Appointment.get((m.Appointment.series_index == 1) & m.Appointment.outcome.is_null())
    assert made.id not in ids
