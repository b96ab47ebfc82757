"""The confirmation calls list in the real window: the day's bookings, the ways each patient allows,
recording an outcome, and the board's details saying whether a booking ahead is confirmed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.data.clinic_repo import load_profile
from frontdesk.rules.clock import now_local
from frontdesk.services.confirmations import next_call_day
from frontdesk.ui.booking.calls_dialog import STATUS_COLUMN, CallsDialog
from frontdesk.ui.booking.install import install_booking_screens
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.schedule.details_pane import CONFIRMED_COLOUR
from tests.services.intake_helpers import DESK, NURSE
from tests.ui.board_helpers import book, local, patient
from tests.ui.modal import when_modal


@pytest.fixture
def day(sqlite_db: peewee.Database) -> dt.date:
    """The next open day (bookings still ahead, whatever the time now): Ana at 09:00 prefers texts and
    wants no voicemail; Ben at 10:30 takes calls and messages."""
    day = next_call_day(now_local(load_profile().tz).date())
    ana, ben = patient("Ana", "Núñez"), patient("Ben", "Okafor")
    m.Patient.update(preferred_contact="text", ok_text=True, ok_voicemail=False).where(m.Patient.id == ana.id).execute()
    m.Patient.update(ok_voicemail=True).where(m.Patient.id == ben.id).execute()
    for who, digits in ((ana, "8285550102"), (ben, "8285550103")):
        m.PatientPhone.create(patient=who, number_e164=f"+1{digits}", digits=digits, is_primary=True)
    book(ana, "iv_mood", "Chair 1", local(9, 0, day))
    book(ben, "iv_mood", "Chair 2", local(10, 30, day))
    return day


def _column(dialog: CallsDialog, column: int) -> list[str]:
    return [dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())]


def test_the_list_offers_only_what_each_patient_allows(qtbot: QtBot, day: dt.date) -> None:
    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    assert _column(dialog, 1) == ["Ana Núñez", "Ben Okafor"]
    assert _column(dialog, STATUS_COLUMN) == ["To call", "To call"]
    assert _column(dialog, 0)[0] == "09:00\narrive 08:45"
    assert dialog.summary.text() == "2 bookings · 0 confirmed · 2 to call"
    assert dialog.table.currentRow() == 0 and dialog.method.currentText() == "Text message"  # her preferred way
    buttons = dialog.outcome_buttons
    assert not buttons["no_answer"].isEnabled() and buttons["no_answer"].toolTip() == "Not for a text message"
    dialog.method.setCurrentIndex(dialog.method.findData("call"))
    assert not buttons["message"].isEnabled()
    assert buttons["message"].toolTip() == "Left a message: the patient asked for no voicemail"
    assert buttons["confirmed"].isEnabled() and buttons["no_answer"].isEnabled()
    dialog.table.selectRow(1)
    assert [dialog.method.itemData(i) for i in range(dialog.method.count())] == ["call"]  # Ben: no texts
    assert buttons["message"].isEnabled()


def test_an_outcome_is_recorded_and_the_next_booking_to_call_is_picked(qtbot: QtBot, day: dt.date) -> None:
    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.note, "replied YES")
    qtbot.mouseClick(dialog.outcome_buttons["confirmed"], Qt.MouseButton.LeftButton)

    status = dialog.table.item(0, STATUS_COLUMN)
    assert status.text() == "Confirmed" and status.font().bold()
    assert status.foreground().color().name() == CONFIRMED_COLOUR
    assert dialog.table.currentRow() == 1 and dialog.note.text() == "" and dialog.changed
    assert dialog.summary.text() == "2 bookings · 1 confirmed · 1 to call"
    attempt = m.ContactAttempt.get()
    assert (attempt.user, attempt.method, attempt.outcome, attempt.note) == ("desk1", "text", "confirmed",
                                                                              "replied YES")
    qtbot.mouseClick(dialog.outcome_buttons["message"], Qt.MouseButton.LeftButton)
    # Every booking counted once: a message left awaits the patient's reply (it was counted nowhere)
    assert dialog.summary.text() == "2 bookings · 1 confirmed · 0 to call · 1 awaiting a reply"
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.outcome_buttons["wants_change"], Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == "2 bookings · 1 confirmed · 0 to call · 1 to act on"
    assert dialog.table.currentRow() == 1  # a wish for another time stays picked: the desk moves the booking
    assert dialog.table.item(1, STATUS_COLUMN).text() == "Wants another time"
    assert dialog.history.text().startswith("Ben Okafor: Phone call: left a message (desk1, ")
    assert "; Phone call: wants another time (desk1, " in dialog.history.text()


def test_show_on_board_selects_the_booking_whose_details_say_it_is_confirmed(
        qtbot: QtBot, day: dt.date, tmp_path: Path) -> None:
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    install_booking_screens(window)

    def confirm_ana_then_show(dialog: object) -> None:
        assert isinstance(dialog, CallsDialog)
        qtbot.mouseClick(dialog.outcome_buttons["confirmed"], Qt.MouseButton.LeftButton)
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.board_button, Qt.MouseButton.LeftButton)

    seen = when_modal(confirm_ana_then_show, "confirmationCallsDialog")
    window.findChild(type(window.menus["Appointment"].actions()[0]), "confirmationCallsAction").trigger()
    assert seen == ["confirmationCallsDialog"]
    assert window.day == day
    assert window.findChild(QLabel, "appointmentTitle").text() == "Ana Núñez"
    details = window.findChild(QLabel, "appointmentDetailsText").text()
    assert "Confirmed?" in details and f"color:{CONFIRMED_COLOUR}'>Confirmed</b>" in details
    assert "Text message: confirmed (system, " in details  # the window's user: no one signed in here


def test_the_status_bar_says_how_many_bookings_are_still_to_confirm(qtbot: QtBot, day: dt.date,
                                                                      tmp_path: Path) -> None:
    from frontdesk.services import confirmations
    from frontdesk.ui.status_link import StatusLink

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    install_booking_screens(window)
    link = window.findChild(StatusLink, "callsToMake")
    qtbot.waitUntil(lambda: not link.isHidden())
    assert f"{day:%a}: 2 calls to make</a>" in link.text()
    ana, ben = (call.appointment_id for call in confirmations.calls_for_day(DESK, day))
    confirmations.record_attempt(DESK, ana, "text", "confirmed")
    confirmations.record_attempt(DESK, ben, "call", "no_answer")  # tried: waits for a call back, not the link
    link.refresh()
    assert link.isHidden()
    confirmations.record_attempt(DESK, ben, "call", "wants_change")  # the desk must move it: shown again
    link.refresh()
    assert f"{day:%a}: 1 call to make</a>" in link.text() and not link.isHidden()


def test_enter_after_a_note_neither_closes_the_list_nor_records_anything(qtbot: QtBot, day: dt.date) -> None:
    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.note, "call back after 3")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.wanted is None
    assert m.ContactAttempt.select().count() == 0 and dialog.note.text() == "call back after 3"
    assert dialog.outcome_buttons["confirmed"].text() == "&Confirmed"  # Alt+C, as each outcome has its letter
    qtbot.mouseClick(dialog.outcome_buttons["confirmed"], Qt.MouseButton.LeftButton)
    assert m.ContactAttempt.get().note == "call back after 3"


def test_a_booking_moved_from_the_list_is_confirmed_for_its_new_time_when_the_patient_agreed(
        qtbot: QtBot, day: dt.date) -> None:
    from PySide6.QtCore import QTime
    from PySide6.QtWidgets import QMessageBox

    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(1)  # Ben, 10:30, would rather come at 9
    questions: list[str] = []

    def agree(box: object) -> None:
        assert isinstance(box, QMessageBox)
        questions.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    def move_to_nine(move: object) -> None:
        move.time_edit.setTime(QTime(9, 0))  # type: ignore[attr-defined]
        when_modal(agree)
        move.confirm.click()  # type: ignore[attr-defined]

    seen = when_modal(move_to_nine, "moveDialog")
    dialog.change_time()
    assert seen == ["moveDialog"]
    assert questions == ["Ben Okafor's booking is moved. Did they agree to the new time on this call? It is then "
                         "marked confirmed."]
    assert _column(dialog, 0)[1] == "09:00\narrive 08:45"
    assert dialog.table.item(1, STATUS_COLUMN).text() == "Confirmed" and dialog.table.currentRow() == 1
    attempt = m.ContactAttempt.get()
    assert (attempt.method, attempt.outcome, attempt.note) == ("call", "confirmed", "new time agreed")


def test_a_try_recorded_at_another_desk_shows_with_the_change_feed(qtbot: QtBot, day: dt.date,
                                                                     tmp_path: Path) -> None:
    from frontdesk.services import confirmations
    from frontdesk.ui.changes import watch_database

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.change_monitor = watch_database(window, lambda areas: None)  # type: ignore[attr-defined]
    ben = confirmations.calls_for_day(DESK, day)[1].appointment_id

    def other_desk_confirms_ben(dialog: object) -> None:
        assert isinstance(dialog, CallsDialog)
        dialog.table.selectRow(1)
        qtbot.keyClicks(dialog.note, "typing")
        confirmations.record_attempt(NURSE, ben, "call", "confirmed")  # committed; the feed polls on its own
        qtbot.waitUntil(lambda: dialog.table.item(1, STATUS_COLUMN).text() == "Confirmed", timeout=8000)
        assert dialog.table.currentRow() == 1 and dialog.note.text() == "typing"
        dialog.reject()

    try:
        seen = when_modal(other_desk_confirms_ben, "confirmationCallsDialog")
        from frontdesk.ui.booking.calls_dialog import show_calls

        assert show_calls(window, DESK, day) == (False, None)
        assert seen == ["confirmationCallsDialog"]
    finally:
        window.change_monitor.stop()  # type: ignore[attr-defined]


def test_after_a_try_without_an_answer_the_next_booking_still_to_call_is_picked(qtbot: QtBot, day: dt.date) -> None:
    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    dialog.method.setCurrentIndex(dialog.method.findData("call"))
    qtbot.mouseClick(dialog.outcome_buttons["no_answer"], Qt.MouseButton.LeftButton)  # Ana did not answer
    assert dialog.table.currentRow() == 1 and dialog.selected().patient_name == "Ben Okafor"  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.outcome_buttons["no_answer"], Qt.MouseButton.LeftButton)
    assert dialog.table.currentRow() == 1  # nobody left to call: the desk stays where it was
    assert _column(dialog, STATUS_COLUMN) == ["No answer", "No answer"]


def test_a_booking_cancelled_at_another_desk_while_picked_leaves_nothing_picked(qtbot: QtBot, day: dt.date) -> None:
    from frontdesk.services import booking

    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(1)
    qtbot.keyClicks(dialog.note, "his ride is late")
    ben = dialog.selected()
    assert ben is not None
    dialog.table.selectRow(0)
    dialog.method.setCurrentIndex(dialog.method.findData("call"))  # Ana prefers texts; this time a call
    dialog.follow_changes(frozenset({"schedule"}))  # something changed elsewhere: Ana stays, with the call
    assert dialog.selected().patient_name == "Ana Núñez" and dialog.method.currentData() == "call"  # type: ignore[union-attr]
    dialog.table.selectRow(1)
    booking.cancel(ben.appointment_id, "patient", "no ride", NURSE)  # the other desk
    dialog.follow_changes(frozenset({"schedule"}))
    assert dialog.selected() is None and dialog.table.rowCount() == 1
    assert dialog.history.text().startswith("The booking you had picked is no longer on this day's list")
    assert not any(button.isEnabled() for button in dialog.outcome_buttons.values())
    assert dialog.note.text() == "his ride is late"  # kept, for whoever it was meant for


def test_copy_reminder_puts_the_patients_reminder_on_the_clipboard(qtbot: QtBot, day: dt.date) -> None:
    from PySide6.QtWidgets import QApplication

    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.reminder_button, Qt.MouseButton.LeftButton)  # Ana, picked first
    copied = QApplication.clipboard().text()
    assert copied.startswith("Hello Ana Núñez, this is Blue Ridge Infusion Clinic. A reminder of your visit on ")
    assert dialog.history.text() == f"Copied, in English, to paste into a text message or an email: {copied}"
    dialog.table.selectRow(1)  # Ben takes no texts and has no email: the desk calls him
    assert not dialog.reminder_button.isEnabled()
    assert dialog.reminder_button.toolTip() == "The patient takes no texts and has no email on file: call instead"


def test_print_list_opens_the_days_list_in_the_preview(qtbot: QtBot, day: dt.date) -> None:
    from frontdesk.ui.printing.preview_window import PdfPreviewWindow

    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    assert dialog.print_button.text() == "Print &list…"
    preview = dialog.print_list()
    assert isinstance(preview, PdfPreviewWindow)
    qtbot.addWidget(preview)
    assert preview.job.kind == "call_list" and preview.page_count == 1
    assert preview.windowTitle() == f"Preview: Confirmation calls · {day:%a %d %b %Y}"


def test_a_day_with_nothing_to_confirm_prints_no_empty_list(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = CallsDialog(DESK, next_call_day(now_local(load_profile().tz).date()))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.print_button.isEnabled()


def test_the_landscape_list_opens_in_a_wide_preview_that_fits_the_screen(qtbot: QtBot, day: dt.date) -> None:
    dialog = CallsDialog(DESK, day)
    qtbot.addWidget(dialog)
    preview = dialog.print_list()
    assert preview is not None
    qtbot.addWidget(preview)
    room = preview.screen().availableGeometry()
    assert preview.width() > preview.height()  # the page is wider than tall, and so is its window
    assert preview.width() <= room.width() and preview.height() <= room.height()


def test_a_new_clinic_is_told_its_name_and_phone_are_missing_until_an_admin_enters_them(
        qtbot: QtBot, sqlite_db: peewee.Database, tmp_path: Path) -> None:
    """The first admin clears the example clinic's details: the status bar says what patient papers wait
    for, and its link opens Clinic settings; once saved there, the link goes."""
    from PySide6.QtWidgets import QLineEdit

    from frontdesk.data.clinic_repo import save_profile
    from frontdesk.ui.status_link import StatusLink
    from frontdesk.values import Actor

    save_profile(load_profile().without_contact())
    window = MainWindow(actor=Actor("owner", "admin"),
                        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    install_booking_screens(window)
    link = window.findChild(StatusLink, "clinicDetailsMissing")
    qtbot.waitUntil(lambda: not link.isHidden())
    assert ">Clinic's name and phone not set</a>" in link.text()
    assert "Clinic settings" in link.toolTip()

    def enter_details(dialog: QWidget) -> None:
        dialog.findChild(QLineEdit, "settingsName").setText("Piedmont Infusion")
        dialog.findChild(QLineEdit, "settingsPhone").setText("(336) 555-0142")
        dialog.save_profile()
        assert dialog.status.text().startswith("✔ Saved"), dialog.status.text()
        dialog.done(0)

    seen = when_modal(enter_details, "settingsDialog")
    link.linkActivated.emit("open")
    assert seen == ["settingsDialog"]
    assert link.isHidden()
    assert (load_profile().name, load_profile().phone) == ("Piedmont Infusion", "+13365550142")
