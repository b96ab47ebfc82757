"""Series, find-opening and cancel dialogs, driven as the desk would."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import peewee
import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.services import booking
from frontdesk.ui.booking.cancel_dialog import CancelDialog
from frontdesk.ui.booking.opening_dialog import FindOpeningDialog
from frontdesk.ui.booking.series_dialog import SeriesDialog
from tests.services.test_booking import DESK, MONDAY, add_patient

FAR_MONDAY = MONDAY + dt.timedelta(days=7 * 52 * 3)  # always in the future, so openings are offered


def test_series_preview_marks_conflict_then_books_all(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    other = add_patient("Ben", "Okafor")
    wednesday = FAR_MONDAY + dt.timedelta(days=2)
    booking.book(other, "iv_mood", booking.resolve_chair("Chair 1").id,  # type: ignore[union-attr]
                 dt.datetime.combine(wednesday, dt.time(9)), DESK)
    add_patient("Ana", "Diaz")
    dialog = SeriesDialog(DESK, first_day=FAR_MONDAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.picker.search, "Ana")
    assert dialog.count.value() == 6  # the mood type's default series
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Chair 1"))
    qtbot.mouseClick(dialog.findChild(type(dialog.book_button), "seriesPreview"), Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 6
    assert dialog.table.item(1, 0).text() == "2 of 6"
    # Another time proposed: said, in brown, not as a failure (a red ✖ is for a session with no time at all).
    assert dialog.table.item(1, 3).text() == ("Moved to 09:00, Chair 2: Chair 1 is taken 09:00–10:40 by Ben Okafor, "
                                              "IV ketamine, mood")
    assert dialog.table.item(1, 3).foreground().color().name() == "#8a4b00"
    assert dialog.table.item(0, 3).text() == "✔ free"
    chosen = dialog.table.cellWidget(1, 2)
    assert isinstance(chosen, QComboBox) and chosen.count() > 1  # alternatives offered
    assert m.Appointment.select().count() == 1  # the preview wrote nothing
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.series_id is not None
    labels = sorted(a.series_index for a in m.Appointment.select().where(m.Appointment.series == dialog.series_id))
    assert labels == [1, 2, 3, 4, 5, 6]


def test_find_opening_lists_free_times(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = FindOpeningDialog(type_code="iv_mood")
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(QDate(FAR_MONDAY.year, FAR_MONDAY.month, FAR_MONDAY.day))
    dialog.days.setValue(1)
    dialog.time_box.setCurrentIndex(dialog.time_box.findData("afternoon"))
    dialog.search()
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(0, 1).text() == "12:00–13:40"
    chosen = dialog.chosen()
    assert chosen is not None and chosen.chair_name == dialog.table.item(0, 2).text()


def test_find_opening_searches_again_on_each_change_so_no_old_list_is_booked(qtbot: QtBot,
                                                                           sqlite_db: peewee.Database) -> None:
    dialog = FindOpeningDialog(type_code="iv_mood")
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(QDate(FAR_MONDAY.year, FAR_MONDAY.month, FAR_MONDAY.day))
    dialog.days.setValue(1)
    iv = dialog.chosen()
    assert iv is not None and iv.type_id == booking.resolve_type("iv_mood").id
    dialog.type_box.setCurrentIndex(dialog.type_box.findData(booking.resolve_type("esketamine").id))
    esketamine = dialog.chosen()  # no Search pressed
    assert esketamine is not None and esketamine.type_id == booking.resolve_type("esketamine").id
    for box in dialog.day_boxes:
        box.setChecked(False)
    assert dialog.table.rowCount() == 0 and dialog.chosen() is None and not dialog.book_button.isEnabled()
    assert dialog.status.text() == "No free times in these days"


def test_cancel_dialog_names_late_and_cancels(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    soon = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0, tzinfo=None) + dt.timedelta(hours=2)
    if soon.hour == 23:  # keep the half-hour consultation inside the 00:00–23:59 test hours
        soon += dt.timedelta(hours=1)
    profile_hours = {d: ("00:00", "23:59") for d in range(7)}
    from frontdesk.services.clinic_settings import update_profile
    from frontdesk.values import Actor

    update_profile(Actor("boss", "admin"), hours=profile_hours, timezone="UTC")
    new_id = booking.book(add_patient("Ana", "Diaz"), "consult", None, soon, DESK)
    dialog = CancelDialog(new_id, DESK)
    qtbot.addWidget(dialog)
    assert dialog.late_label.text() == "Late cancellation (within 24 hours of the start)"
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "✖ reason: say why the appointment is cancelled"
    qtbot.keyClicks(dialog.reason, "feeling unwell")
    assert dialog.error.text() == ""  # the reason is there now: the complaint goes
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.cancelled_ids == [new_id]
    row = m.Appointment.get_by_id(new_id)
    assert (row.outcome, row.late_cancel, row.cancel_reason) == ("cancelled", True, "feeling unwell")


def test_freed_slot_lists_waiting_patients_and_books_with_them_preset(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from frontdesk.ui.booking.booking_dialog import BookingDialog
    from frontdesk.ui.booking.freed_slot_dialog import FreedSlotDialog

    waiting = add_patient("Wen", "Li")
    start = dt.datetime.combine(FAR_MONDAY, dt.time(9))
    freed = booking.book(add_patient("Ben", "Okafor"), "iv_mood", None, start, DESK)
    booking.add_to_waitlist(waiting, "iv_mood", "mornings", DESK)
    booking.cancel(freed, "patient", "travel", DESK)
    fits = booking.who_fits(freed)
    dialog = FreedSlotDialog(freed, fits, DESK)
    qtbot.addWidget(dialog)
    first, note = dialog.list.item(0).text().split("\n")[:2]
    assert re.fullmatch(r"Wen Li — IV ketamine, mood \(waiting since \d\d/\d\d/\d{4}\)", first)
    assert note == "Note: mornings"  # offered an afternoon, the desk sees what they asked for
    assert dialog.list.wordWrap()  # a long line wraps: it was cut mid-date
    fit = fits[0]
    follow_up = BookingDialog(DESK, start=fit.start.replace(tzinfo=None), chair_id=fit.chair_id, type_code="iv_mood",
                              patient_id=fit.entry.patient_id)
    qtbot.addWidget(follow_up)
    assert follow_up.picker.patient_id() == waiting
    assert follow_up.problems.text() == "✔ Free"


def _freed_for_wen(qtbot: QtBot) -> tuple[Any, int, dt.datetime]:
    """Ben's cancelled 09:00 offered to Wen, who waits for it: (the freed-time dialog, Wen's id, the start)."""
    from frontdesk.ui.booking.freed_slot_dialog import FreedSlotDialog

    wen = add_patient("Wen", "Li")
    start = dt.datetime.combine(FAR_MONDAY, dt.time(9))
    freed = booking.book(add_patient("Ben", "Okafor"), "iv_mood", None, start, DESK)
    booking.add_to_waitlist(wen, "iv_mood", "mornings", DESK)
    booking.cancel(freed, "patient", "travel", DESK)
    dialog = FreedSlotDialog(freed, booking.who_fits(freed), DESK)
    qtbot.addWidget(dialog)
    return dialog, wen, start


def test_booking_someone_else_from_the_freed_time_leaves_the_waiting_patient_on_the_list(
        qtbot: QtBot, sqlite_db: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wen declined on the phone and the desk booked Ines in the booking dialog instead: Wen was taken off the
    waiting list (and Ines, never on it, booked)."""
    from frontdesk.ui.booking.booking_dialog import BookingDialog

    dialog, wen, start = _freed_for_wen(qtbot)
    ines = add_patient("Ines", "Adeyemi")
    # What the desk does in the booking dialog: the patient changed to Ines, then Book.
    monkeypatch.setattr(BookingDialog, "ask", staticmethod(
        lambda *args, **kwargs: booking.book(ines, "iv_mood", None, start, DESK)))
    dialog.book_chosen()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.booked_id is not None
    assert [entry.patient_id for entry in booking.waitlist()] == [wen]


def test_a_waiting_entry_taken_off_at_another_desk_meanwhile_does_not_stop_the_booking(
        qtbot: QtBot, sqlite_db: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """It raised "waiting list: no entry 1" after the booking was made, and the dialog stayed open on Wen."""
    from frontdesk.ui.booking.booking_dialog import BookingDialog

    dialog, wen, start = _freed_for_wen(qtbot)
    entry = booking.waitlist()[0].id

    def book_while_another_desk_removes_the_entry(*args: Any, **kwargs: Any) -> int:
        booking.remove_from_waitlist(entry, DESK)
        return booking.book(wen, "iv_mood", None, start, DESK)

    monkeypatch.setattr(BookingDialog, "ask", staticmethod(book_while_another_desk_removes_the_entry))
    dialog.book_chosen()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.booked_id is not None
    assert booking.waitlist() == []


def test_booking_the_waiting_patient_from_the_freed_time_takes_them_off_the_list(
        qtbot: QtBot, sqlite_db: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontdesk.ui.booking.booking_dialog import BookingDialog

    dialog, wen, start = _freed_for_wen(qtbot)
    monkeypatch.setattr(BookingDialog, "ask", staticmethod(
        lambda *args, **kwargs: booking.book(wen, "iv_mood", None, start, DESK)))
    dialog.book_chosen()
    assert dialog.booked_id is not None and booking.waitlist() == []


def test_the_rebook_tab_lists_who_missed_a_visit_and_books_them_again(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QDialog

    from frontdesk.data import clinic_repo
    from frontdesk.rules.clock import local_to_utc, now_local
    from frontdesk.ui.booking.booking_dialog import BookingDialog
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
    from tests.services.intake_helpers import make_appointment
    from tests.ui.modal import when_modal

    tz = clinic_repo.load_profile().tz
    yesterday = (now_local(tz) - dt.timedelta(days=1)).replace(hour=9, minute=0, second=0, tzinfo=None)
    ana = add_patient("Ana", "Núñez")
    missed = make_appointment(ana, local_to_utc(yesterday, tz), "esketamine")
    m.Appointment.update(outcome="no_show").where(m.Appointment.id == missed).execute()
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    cells = [dialog.rebook.item(0, column).text() for column in range(dialog.rebook.columnCount())]
    assert cells[:4] == [f"{yesterday:%a %d %b} 09:00", "Ana Núñez", "Esketamine nasal spray", "no-show"]
    assert dialog.rebook.rowCount() == 1

    seen: list[tuple[int | None, str]] = []

    def look_then_book(form: QDialog) -> None:
        assert isinstance(form, BookingDialog)
        seen.append((form.picker.patient_id(), form.type_box.currentText()))
        form.reject()

    shown = when_modal(look_then_book, "bookingDialog")
    dialog.rebook.selectRow(0)
    dialog.book_again()
    assert shown == ["bookingDialog"]
    assert seen == [(ana, "Esketamine nasal spray")]  # the same patient and type, preset
    assert dialog.rebook.rowCount() == 1 and not dialog.changed  # nothing booked: still to rebook


def test_a_missed_series_session_is_booked_again_as_its_make_up(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QDialog

    from frontdesk.data import clinic_repo
    from frontdesk.rules.clock import local_to_utc, now_local
    from frontdesk.ui.booking.booking_dialog import BookingDialog
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
    from tests.services.intake_helpers import make_appointment
    from tests.ui.modal import when_modal

    tz = clinic_repo.load_profile().tz
    today = now_local(tz).replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None)
    ana = add_patient("Ana", "Núñez")
    series = m.Series.create(patient=ana, type=m.AppointmentType.get(m.AppointmentType.code == "iv_mood"),
                             planned_count=4)
    for number, days in enumerate((-6, -2, 3, 6), start=1):
        session = make_appointment(ana, local_to_utc(today + dt.timedelta(days=days), tz))
        m.Appointment.update(series=series, series_index=number,
                             outcome={1: "completed", 2: "no_show"}.get(number)).where(
            m.Appointment.id == session).execute()
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    assert [dialog.rebook.item(0, column).text() for column in (1, 2, 3)] == [
        "Ana Núñez", "IV ketamine, mood, session 2", "no-show"]  # sessions 3 and 4 ahead do not make it up
    titles: list[str] = []

    def look(form: QDialog) -> None:
        assert isinstance(form, BookingDialog)
        titles.append(form.windowTitle())
        form.reject()

    shown = when_modal(look, "bookingDialog")
    dialog.rebook.selectRow(0)
    dialog.book_again()
    assert shown == ["bookingDialog"] and titles == ["Make-up session"]


def test_the_boosters_tab_says_when_none_is_due_and_books_one_with_the_patient_filled_in(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QDialog

    from frontdesk.data import clinic_repo
    from frontdesk.rules.clock import local_to_utc, now_local
    from frontdesk.ui.booking.booking_dialog import BookingDialog
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
    from tests.services.intake_helpers import make_appointment
    from tests.ui.modal import when_modal

    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    assert dialog.boosters.rowCount() == 0 and not dialog.no_boosters.isHidden()
    tz = clinic_repo.load_profile().tz
    ana = add_patient("Ana", "Núñez")
    series = m.Series.create(patient=ana, type=m.AppointmentType.get(m.AppointmentType.code == "iv_mood"),
                             planned_count=1)
    last = now_local(tz).replace(tzinfo=None, hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(days=60)
    session = make_appointment(ana, local_to_utc(last, tz))
    m.Appointment.update(series=series, series_index=1, outcome="completed", flow="discharged").where(
        m.Appointment.id == session).execute()
    dialog.reload()
    assert dialog.boosters.item(0, 0).text() == "Ana Núñez" and dialog.no_boosters.isHidden()
    seen: list[int | None] = []

    def look(form: QDialog) -> None:
        assert isinstance(form, BookingDialog)
        seen.append(form.picker.patient_id())
        form.reject()

    shown = when_modal(look, "bookingDialog")
    dialog.boosters.selectRow(0)
    dialog.book_booster()
    assert shown == ["bookingDialog"] and seen == [ana]


def test_not_booking_again_asks_why_and_takes_the_patient_off_the_list(qtbot: QtBot,
                                                                       sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QDialog, QInputDialog

    from frontdesk.data import clinic_repo
    from frontdesk.rules.clock import local_to_utc, now_local
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
    from tests.services.intake_helpers import make_appointment
    from tests.ui.modal import when_modal

    tz = clinic_repo.load_profile().tz
    yesterday = (now_local(tz) - dt.timedelta(days=1)).replace(hour=9, minute=0, second=0, tzinfo=None)
    missed = make_appointment(add_patient("Ana", "Núñez"), local_to_utc(yesterday, tz))
    m.Appointment.update(outcome="no_show").where(m.Appointment.id == missed).execute()
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    dialog.rebook.selectRow(0)
    asked: list[str] = []

    def answer(form: QDialog) -> None:
        assert isinstance(form, QInputDialog)
        asked.append(form.labelText())
        form.setTextValue("moving away")
        form.accept()

    when_modal(answer, "notRebookingDialog")
    dialog.not_booking_again()
    assert asked and asked[0].startswith("Why is Ana Núñez not booked again?")
    assert dialog.rebook.rowCount() == 0 and dialog.changed
    assert dialog.status.text() == "✔ Ana Núñez is off the rebook list"
    assert m.RebookClosed.get().reason == "moving away"

    def put_ana_back(form: QDialog) -> None:
        from frontdesk.ui.booking.waitlist_dialog import PutBackDialog

        assert isinstance(form, PutBackDialog)
        assert [form.table.item(0, c).text() for c in (0, 2, 3)] == ["Ana Núñez", DESK.username, "moving away"]
        assert not form.ok.isEnabled()  # nothing picked yet
        form.table.selectRow(0)
        form.ok.click()

    when_modal(put_ana_back, "putBackDialog")
    dialog.put_back()
    assert dialog.status.text() == "✔ Ana Núñez is back on the rebook list"
    assert dialog.rebook.rowCount() == 1 and m.RebookClosed.select().count() == 0
    assert dialog.rebook.currentRow() == 0  # picked, to book at once


def test_enter_in_the_waiting_list_opens_the_booking_and_removes_nothing(qtbot: QtBot,
                                                                         sqlite_db: peewee.Database) -> None:
    from PySide6.QtCore import Qt

    from frontdesk.services import booking
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog

    ana = add_patient("Ana", "Núñez")
    booking.add_to_waitlist(ana, booking.appointment_types()[0].id, "mornings", DESK)
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.entries.selectRow(0)
    dialog.entries.setFocus()
    from tests.ui.modal import when_modal

    seen = when_modal(lambda form: form.reject(), "bookingDialog")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Return)  # opens the booking dialog: left without booking
    assert seen == ["bookingDialog"]
    assert dialog.entries.rowCount() == 1 and len(booking.waitlist()) == 1


def test_put_back_with_nobody_taken_off_only_says_so(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    from frontdesk.ui.booking.waitlist_dialog import PutBackDialog

    dialog = PutBackDialog(DESK)
    qtbot.addWidget(dialog)
    dialog.show()
    assert any(label.text().startswith("Nobody was taken off the rebook list") for label in dialog.findChildren(QLabel))
    box = dialog.findChild(QDialogButtonBox)
    assert box.button(QDialogButtonBox.StandardButton.Close) is not None and not dialog.ok.isVisible()


def test_the_waiting_list_says_how_to_reach_each_patient_and_books_them_off_it(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QDialog

    from frontdesk.ui.booking.booking_dialog import BookingDialog
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
    from tests.ui.modal import when_modal

    ana = add_patient("Ana", "Núñez")
    m.PatientPhone.create(patient=ana, number_e164="+18285550102", digits="8285550102", is_primary=True)
    m.Patient.update(ok_text=True, preferred_contact="text").where(m.Patient.id == ana).execute()
    booking.add_to_waitlist(ana, booking.resolve_type("esketamine").id, "mornings only", DESK)
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    cells = [dialog.entries.item(0, column).text() for column in range(dialog.entries.columnCount())]
    assert cells[0] == "Ana Núñez" and cells[3] == "mornings only"
    assert cells[4].startswith("(828) 555-0102") and "prefers text" in cells[4]

    def book_for_real(form: QDialog) -> None:
        assert isinstance(form, BookingDialog)
        assert (form.picker.patient_id(), form.type_box.currentText()) == (ana, "Esketamine nasal spray")
        book_far_monday_at_nine(form)

    when_modal(book_for_real, "bookingDialog")
    dialog.entries.selectRow(0)
    dialog.book_waiting()
    assert dialog.entries.rowCount() == 0 and dialog.changed  # booked: off the waiting list
    assert dialog.status.text() == "✔ Ana Núñez booked, and off the waiting list"
    assert m.Appointment.select().where(m.Appointment.patient == ana).count() == 1


def book_far_monday_at_nine(form: Any) -> None:
    """Answer an open booking dialog: FAR_MONDAY at 09:00, then Book."""
    form.date_edit.setDate(QDate(FAR_MONDAY.year, FAR_MONDAY.month, FAR_MONDAY.day))
    form.time_edit.setTime(QTime(9, 0))
    form.book_button.click()


def test_a_series_starts_on_an_open_day_and_its_notes_need_no_sideways_scroll(qtbot: QtBot,
                                                                            sqlite_db: peewee.Database) -> None:
    sunday = FAR_MONDAY - dt.timedelta(days=1)  # the clinic is closed on Sundays
    dialog = SeriesDialog(DESK, first_day=sunday)
    qtbot.addWidget(dialog)
    assert dialog.first_day.date().toPython() == FAR_MONDAY
    other = add_patient("Ben", "Okafor")
    for day in (0, 2, 4, 7, 9, 11):  # Chair 1 taken at 09:00 on the series' days: every note says why
        booking.book(other, "iv_mood", "Chair 1", dt.datetime.combine(FAR_MONDAY + dt.timedelta(days=day),
                                                                     dt.time(9)), DESK)
    add_patient("Ana", "Diaz")
    dialog.show()
    qtbot.keyClicks(dialog.picker.search, "Ana")
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Chair 1"))
    dialog.preview()
    assert dialog.table.item(1, 3).text().startswith("Moved to ")
    assert not dialog.table.horizontalScrollBar().isVisible()  # the notes wrap in their column


def test_the_waiting_list_keeps_its_entry_when_someone_else_was_booked_in_the_end(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QDialog

    from frontdesk.ui.booking.booking_dialog import BookingDialog
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
    from tests.ui.modal import when_modal

    ana, ben = add_patient("Ana", "Núñez"), add_patient("Ben", "Okafor")
    booking.add_to_waitlist(ana, booking.resolve_type("iv_mood").id, "", DESK)
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)

    def book_ben(form: QDialog) -> None:
        assert isinstance(form, BookingDialog)
        form.picker.preset(ben, booking.patient_label(ben))
        book_far_monday_at_nine(form)

    when_modal(book_ben, "bookingDialog")
    dialog.entries.selectRow(0)
    dialog.book_waiting()
    assert dialog.entries.rowCount() == 1 and dialog.status.text() == "✔ Booked; the waiting list is as it was"


def test_a_series_session_moved_to_another_day_names_the_day() -> None:
    from frontdesk.rules.series import PlannedSession, Slot
    from frontdesk.ui.booking.series_dialog import _note
    from frontdesk.values import Chair

    chair = Chair(1, "Chair 1", 1)
    monday, tuesday = (dt.datetime.combine(FAR_MONDAY + dt.timedelta(days=n), dt.time(9)) for n in (0, 1))
    later_day = PlannedSession(2, 6, Slot(monday, chair), Slot(tuesday, chair), "Chair 1 is taken 09:00–10:40")
    assert _note(later_day).text() == f"Moved to {tuesday:%a %d %b} 09:00, Chair 1: Chair 1 is taken 09:00–10:40"
    later_time = PlannedSession(2, 6, Slot(monday, chair), Slot(monday.replace(hour=13), chair), "taken")
    assert _note(later_time).text() == "Moved to 13:00, Chair 1: taken"


def test_how_to_reach_puts_an_email_address_on_a_line_of_its_own() -> None:
    from frontdesk.rules.contact import PhoneEntry
    from frontdesk.rules.contact_card import Reach
    from frontdesk.ui.booking.waitlist_dialog import reach_words

    reach = Reach(PhoneEntry("+18285550102", "mobile", True), "email", False, False, "",
                  "anastasia.johanssonwhitfield@example.org", "es")
    lines = reach_words(reach).split("\n")
    assert lines[:3] == ["(828) 555-0102 (mobile)", "prefers email:",
                         "anastasia.johanssonwhitfield@example.org · no voicemail · no texts"]
    assert lines[3] == "speaks Spanish"


def test_the_waiting_list_books_by_keyboard(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """Enter on an entry (or on the focused Book… button) opens the booking dialog for it, and each tab
    and button has its own Alt letter (Alt+B was both Book… and the Boosters tab)."""
    from PySide6.QtWidgets import QDialog, QPushButton, QTabWidget

    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog
    from tests.ui.modal import when_modal

    ana = add_patient("Ana", "Núñez")
    booking.add_to_waitlist(ana, booking.resolve_type("esketamine").id, "", DESK)
    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.findChild(QTabWidget)
    letters = [text.split("&")[1][0].lower() for text in (tabs.tabText(i) for i in range(tabs.count()))]
    book = dialog.findChild(QPushButton, "waitlistBook")
    assert book.text() == "&Book…" and "b" not in letters
    asked: list[int | None] = []

    def look(form: QDialog) -> None:
        asked.append(form.picker.patient_id())  # type: ignore[attr-defined]
        form.reject()

    seen = when_modal(look, "bookingDialog")
    dialog.entries.setFocus()
    dialog.entries.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.entries, Qt.Key.Key_Return)
    assert seen == ["bookingDialog"] and asked == [ana]
    seen = when_modal(look, "bookingDialog")
    book.setFocus()
    qtbot.keyClick(book, Qt.Key.Key_Return)
    assert seen == ["bookingDialog"] and asked == [ana, ana]


def test_a_series_by_keyboard_name_enter_previews_and_enter_again_books(qtbot: QtBot,
                                                                        sqlite_db: peewee.Database) -> None:
    ana = add_patient("Ana", "Diaz")
    dialog = SeriesDialog(DESK, first_day=FAR_MONDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "Preview (Alt+V) or Enter" in dialog.status.text()
    qtbot.keyClicks(dialog.picker.search, "Ana")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)  # the first match, focus on the list
    assert dialog.picker.patient_id() == ana
    qtbot.keyClick(dialog.picker.results, Qt.Key.Key_Return)  # Book series, shown first
    assert dialog.table.rowCount() == 6 and m.Appointment.select().count() == 0
    assert dialog.status.text().endswith("check the sessions, then Book series (Enter)")
    after_table = [dialog.table.nextInFocusChain()]  # Tab: each session's "Booked as", then Book series
    while after_table[-1] is not dialog.book_button and len(after_table) < 40:
        after_table.append(after_table[-1].nextInFocusChain())
    choices = [w for w in after_table if isinstance(w, QComboBox)]
    assert choices == [dialog.table.cellWidget(row, 2) for row in range(6)]  # all of them before Book
    dialog.count.setValue(4)  # a change takes the preview away: Enter shows the new one first
    assert dialog.table.rowCount() == 0
    qtbot.keyClick(dialog.picker.results, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 4 and m.Appointment.select().count() == 0
    qtbot.keyClick(dialog.picker.results, Qt.Key.Key_Return)
    assert len(dialog.session_ids) == 4 and m.Appointment.select().count() == 4


@pytest.mark.parametrize("field", ["count", "first_day", "time_edit"])
def test_enter_in_a_number_date_or_time_field_previews_then_books(qtbot: QtBot, sqlite_db: peewee.Database,
                                                                   field: str) -> None:
    """Enter in Sessions, First day or Preferred time: the first shows the sessions, the second books them.
    Those fields say they changed at every Enter, changed or not: the preview went away each time, and
    Enter there previewed again for ever. A real change still takes the preview away."""
    ana = add_patient("Ana", "Diaz")
    dialog = SeriesDialog(DESK, first_day=FAR_MONDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.picker.search, "Ana")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.picker.patient_id() == ana
    editor = getattr(dialog, field)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 6 and m.Appointment.select().count() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert len(dialog.session_ids) == 6 and m.Appointment.select().count() == 6


def test_a_real_change_in_a_field_still_takes_the_preview_away(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    ana = add_patient("Ana", "Diaz")
    dialog = SeriesDialog(DESK, first_day=FAR_MONDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.picker.search, "Ana")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.picker.patient_id() == ana
    dialog.count.setFocus()
    qtbot.keyClick(dialog.count, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 6
    qtbot.keyClick(dialog.count, Qt.Key.Key_Down)  # 5 sessions now: the 6 shown are not what Enter would book
    assert dialog.table.rowCount() == 0 and dialog.status.text().startswith("Pick the patient, then Preview")
    qtbot.keyClick(dialog.count, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 5 and m.Appointment.select().count() == 0


def test_the_series_preview_shows_all_six_sessions_without_scrolling(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """The request's fields sit in two columns: in one, the preview below them showed four sessions of six
    at 1366×768, the last two under the fold of their table."""
    for n, day in enumerate((0, 2, 4, 7, 9, 11)):  # Chair 1 taken at 09:00 on each day: six two-line notes
        booking.book(add_patient("Ben", f"Okafor{n}"), "iv_mood", booking.resolve_chair("Chair 1").id,  # type: ignore[union-attr]
                     dt.datetime.combine(FAR_MONDAY + dt.timedelta(days=day), dt.time(9)), DESK)
    ana = add_patient("Ana", "Diaz")
    dialog = SeriesDialog(DESK, first_day=FAR_MONDAY)
    qtbot.addWidget(dialog)
    dialog.resize(760, 640)  # what it had, and what a 1366×768 screen leaves it
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.picker.search, "Ana")
    assert dialog.picker.patient_id() == ana
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Chair 1"))
    dialog.preview()
    assert all(dialog.table.item(row, 3).text().startswith("Moved to") for row in range(6))
    last = dialog.table.visualRect(dialog.table.model().index(5, 0))
    assert dialog.table.rowCount() == 6 and 0 < last.bottom() <= dialog.table.viewport().height()


def test_adding_to_the_waiting_list_starts_on_a_chair_type(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """It began on "New-patient consultation": people wait for a freed infusion chair (helper-42)."""
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog

    dialog = WaitlistDialog(DESK)
    qtbot.addWidget(dialog)
    chosen = booking.resolve_type(dialog.type_box.currentData(), retired_too=True)
    assert chosen.needs_chair
    assert chosen == next(kind for kind in booking.appointment_types() if kind.needs_chair)
