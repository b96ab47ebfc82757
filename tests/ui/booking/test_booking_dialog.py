"""The booking dialog as the desk uses it: type a name, see the chair time, confirm."""

from __future__ import annotations

import datetime as dt

import peewee
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.services import booking
from frontdesk.ui.booking.booking_dialog import BookingDialog
from tests.services.test_booking import DESK, add_patient

# A Monday some weeks ahead, whenever the tests run: a day that has passed is said to have passed.
_AHEAD = dt.date.today() + dt.timedelta(weeks=8)
MONDAY_10_15 = dt.datetime.combine(_AHEAD - dt.timedelta(days=_AHEAD.weekday()), dt.time(10, 15))


def _dialog(qtbot: QtBot, **preset: object) -> BookingDialog:
    dialog = BookingDialog(DESK, start=MONDAY_10_15, **preset)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def test_type_name_see_chair_time_confirm(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    add_patient("Ana", "Diaz")
    add_patient("Ben", "Okafor")
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.picker.search, "ana d")
    assert [dialog.picker.results.item(i).text() for i in range(dialog.picker.results.count())] == [
        "Ana Diaz (T00001)"]
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Chair 3"))
    assert dialog.preview.text() == ("Chair time 10:15–11:55: prep from 10:15, treatment 10:30, "
                                     "recovery 11:10–11:40, chair free 11:55")
    assert dialog.problems.text() == "✔ Free"
    assert dialog.book_button.isEnabled()
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == BookingDialog.DialogCode.Accepted
    row = m.Appointment.get_by_id(dialog.booked_id)
    assert (row.patient_id, row.chair.name) == (1, "Chair 3")


def test_taken_chair_is_shown_before_confirming(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    other = add_patient("Ben", "Okafor")
    chair3 = booking.resolve_chair("Chair 3")
    assert chair3 is not None
    booking.book(other, "iv_mood", chair3.id, MONDAY_10_15, DESK)
    add_patient("Ana", "Diaz")
    dialog = _dialog(qtbot, chair_id=chair3.id)
    qtbot.keyClicks(dialog.picker.search, "Ana")
    assert dialog.problems.text() == "✖ Chair 3 is taken 10:15–11:55 by Ben Okafor, IV ketamine, mood"
    assert not dialog.book_button.isEnabled()


def test_a_taken_chair_offers_what_is_free_instead_and_one_click_takes_it(qtbot: QtBot,
                                                                         sqlite_db: peewee.Database) -> None:
    other = add_patient("Ben", "Okafor")
    chair3 = booking.resolve_chair("Chair 3")
    assert chair3 is not None
    booking.book(other, "iv_mood", chair3.id, MONDAY_10_15, DESK)  # Chair 3 taken 10:15-11:55
    add_patient("Ana", "Diaz")
    dialog = _dialog(qtbot, chair_id=chair3.id)
    dialog.show()
    qtbot.keyClicks(dialog.picker.search, "Ana")
    offered = dialog.alternatives
    assert offered.isVisible()
    text = offered.text()
    assert "Free at 10:15: " in text and "<a href='chair:1'>Chair 1</a>" in text and "Chair 3</a>" not in text
    assert "Chair 3 is free again at <a href='time:12:00'>12:00</a>." in text  # the next slot after 11:55
    offered.linkActivated.emit("chair:1")  # as a click on "Chair 1" does
    assert dialog.chair_box.currentText() == "Chair 1"
    assert dialog.problems.text() == "✔ Free" and not offered.isVisible()
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findData(chair3.id))
    offered.linkActivated.emit("time:12:00")
    assert dialog.time_edit.time().toString("HH:mm") == "12:00" and dialog.problems.text() == "✔ Free"
    assert dialog.book_button.isEnabled()


def test_soft_limit_needs_the_override_box(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    for name in ("P1", "P2"):
        booking.book(add_patient(name, "Test"), "iv_mood", None, MONDAY_10_15, DESK)
    add_patient("Ana", "Diaz")
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.picker.search, "Ana")
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Chair 3"))
    assert dialog.problems.text() == "⚠ 3 IV starts in 10:15–10:30 (the limit is 2)"
    assert not dialog.book_button.isEnabled()
    dialog.override.setChecked(True)
    assert dialog.book_button.isEnabled()
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert m.Appointment.get_by_id(dialog.booked_id).override_note.startswith("desk1 overrode: 3 IV starts")


def test_enter_in_the_search_box_picks_but_does_not_book(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    add_patient("Ana", "Diaz")
    add_patient("Ana", "Lopez")
    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.picker.search, "ana")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.picker.patient_id() == 1
    assert dialog.isVisible() and dialog.booked_id is None
    assert m.Appointment.select().count() == 0


def test_dates_read_like_the_board_and_birth_dates_like_the_patient_panel(qtbot: QtBot,
                                                                           sqlite_db: peewee.Database) -> None:
    from frontdesk.rules.contact import PatientDetails
    from frontdesk.services import patients
    from frontdesk.values import Actor

    patients.create_patient(Actor("a", "admin"), PatientDetails(legal_first="Ana", legal_last="Diaz",
                                                                date_of_birth="1985-03-07"))
    dialog = _dialog(qtbot)
    assert dialog.date_edit.text() == f"Mon {MONDAY_10_15.day} {MONDAY_10_15:%b %Y}"
    qtbot.keyClicks(dialog.picker.search, "ana d")
    assert dialog.picker.results.item(0).text().endswith(", born 03/07/1985)")


def test_keyboard_only_booking_type_a_name_enter_enter(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    add_patient("Ana", "Diaz")
    dialog = _dialog(qtbot, chair_id=booking.resolve_chair("Chair 3").id)  # type: ignore[union-attr]
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.picker.search)  # typing a name comes first
    qtbot.keyClicks(dialog.picker.search, "ana d")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)  # takes the first match, focus on the list
    assert dialog.focusWidget() is dialog.picker.results
    qtbot.keyClick(dialog.picker.results, Qt.Key.Key_Return)  # the dialog's default button: Book
    assert dialog.result() == BookingDialog.DialogCode.Accepted
    assert m.Appointment.get_by_id(dialog.booked_id).chair.name == "Chair 3"


def test_esketamine_without_rems_enrolment_is_said_before_confirming_and_still_books(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from frontdesk.services import intake

    pid = add_patient("Linh", "Tran")
    dialog = _dialog(qtbot, type_code="esketamine")
    qtbot.keyClicks(dialog.picker.search, "Linh")
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Chair 2"))
    assert dialog.problems.text() == ("✔ Free\nℹ No esketamine REMS enrolment on file: "
                                      "booking flags it for the prescriber")
    assert dialog.book_button.isEnabled()
    intake.record_consent(DESK, pid, "rems", "Linh Tran", dt.date.today() - dt.timedelta(days=1))
    dialog.time_edit.setTime(dialog.time_edit.time().addSecs(15 * 60))  # read again
    assert dialog.problems.text() == "✔ Free"


def test_with_nothing_free_at_that_time_the_first_free_chair_that_day_or_the_way_further_is_said() -> None:
    from frontdesk.rules.availability import Opening
    from frontdesk.ui.booking.alternatives import alternatives_html

    later = Opening(dt.datetime(2026, 3, 2, 15, 45), dt.datetime(2026, 3, 2, 17, 25), 4, "Chair 4", 1, "IV")
    assert alternatives_html(booking.Alternatives((), None, later), "Chair 1", MONDAY_10_15) == (
        "The first chair free that day: <a href='opening:4@15:45'>Chair 4 at 15:45</a>.")
    assert alternatives_html(booking.Alternatives((), dt.datetime(2026, 3, 2, 16, 15), later), "Chair 1",
                             MONDAY_10_15) == ("Chair 1 is free again at <a href='time:16:15'>16:15</a>. "
                                               "Sooner: <a href='opening:4@15:45'>Chair 4 at 15:45</a>.")
    assert alternatives_html(booking.Alternatives((), None, None), "Chair 1", MONDAY_10_15) == (
        "Nothing is free that day from 10:15: Appointment ▸ Find opening looks further ahead.")


def test_the_first_free_chair_link_puts_both_chair_and_time_in_the_form(qtbot: QtBot,
                                                                       sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot, chair_id=booking.resolve_chair("Chair 1").id)  # type: ignore[union-attr]
    dialog.alternatives.linkActivated.emit("opening:4@15:45")
    assert (dialog.chair_box.currentText(), dialog.time_edit.time().toString("HH:mm")) == ("Chair 4", "15:45")


def test_any_free_chair_is_checked_in_the_chair_booking_would_take(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """"Any free chair" says which chair, and refuses before Book what booking would refuse: every chair
    taken, the clinic closed; a soft limit asks for the override as with a chair named."""
    add_patient("Ana", "Diaz")
    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.keyClicks(dialog.picker.search, "Ana")
    assert dialog.chair_box.currentText() == "Any free chair"
    assert dialog.preview.text().endswith(" — in the first free chair (Chair 1)")
    assert dialog.problems.text() == "✔ Free" and dialog.book_button.isEnabled()
    for n in range(1, 7):  # every chair taken at 10:15, starts staggered (at most 2 in 15 minutes)
        booking.book(add_patient(f"P{n}", "Test"), "iv_mood", f"Chair {n}", MONDAY_10_15 - dt.timedelta(
            minutes=15 * (n // 2)), DESK, override=True)
    dialog.time_edit.setTime(dialog.time_edit.time().addSecs(60))  # read again, as any change does
    dialog.time_edit.setTime(dialog.time_edit.time().addSecs(-60))
    assert dialog.problems.text() == "✖ No chair is free 10:15–11:55"
    assert not dialog.book_button.isEnabled()
    assert dialog.alternatives.isVisible() and "The first chair free that day:" in dialog.alternatives.text()
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(6))  # Sunday: closed
    assert dialog.problems.text().startswith("✖ The clinic is closed") and not dialog.book_button.isEnabled()


def test_a_preset_type_retired_since_leaves_the_desk_to_choose_one_and_says_so(qtbot: QtBot,
                                                                               sqlite_db: peewee.Database) -> None:
    """A make-up, a rebooking or a waiting-list entry of a type retired since raised from the dialog's
    start, and nothing opened."""
    from frontdesk.services import clinic_settings
    from frontdesk.ui.booking.opening_dialog import FindOpeningDialog
    from tests.ui.settings.test_settings_dialog import ADMIN

    old = clinic_settings.add_type_like("Booster (old)", "iv_mood", ADMIN)
    clinic_settings.set_type_active(old.id, False, ADMIN)
    dialog = _dialog(qtbot, type_code=old.code, patient_id=add_patient())
    assert dialog.type_box.currentText() != "Booster (old)"
    assert "ℹ Booster (old) is retired: choose the type to book" in dialog.problems.text()
    opening = FindOpeningDialog(type_code=old.code)
    qtbot.addWidget(opening)
    assert opening.type_box.currentText() not in ("", "Booster (old)")  # opens on a type still offered


def test_a_day_that_has_passed_is_said_before_booking_it(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """A stray key in the date reached last month and the dialog said "✔ Free": a past day is said, and
    booking it stays possible (a visit put on the record afterwards)."""
    from frontdesk.rules.clock import now_local
    from frontdesk.services.clinic_settings import profile

    add_patient("Ana", "Diaz")
    today = now_local(profile().tz).date()
    past = dt.datetime.combine(today - dt.timedelta(days=26), dt.time(10, 15))
    dialog = BookingDialog(DESK, start=past)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.picker.search, "Ana")
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Chair 2"))
    said = dialog.problems.text()
    if "closed" not in said:  # a weekend or a holiday 26 days ago says that first
        assert said.startswith("✔ Free\n")
    day = f"{past:%a} {past.day} {past:%b %Y}"  # as the board writes a day: "Mon 2 Nov 2026"
    assert f"ℹ {day} has passed: this puts a past visit on the record, not one to come" in said
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(40))  # a day to come: nothing said of it
    assert "has passed" not in dialog.problems.text()
