"""Moving from the dialog: another day, this one or this and the following, conflicts shown first."""

from __future__ import annotations

import peewee
from PySide6.QtCore import QDate, QTime
from pytestqt.qtbot import QtBot

from frontdesk.data import clinic_repo
from frontdesk.data.appointments_repo import get
from frontdesk.services import booking
from frontdesk.ui.booking.move_dialog import MoveDialog
from tests.services.test_booking import DESK, _series, add_patient, at, chair


def _dialog(qtbot: QtBot, appointment_id: int) -> MoveDialog:
    dialog = MoveDialog(appointment_id, DESK)
    qtbot.addWidget(dialog)
    return dialog


def test_move_to_another_day_shows_free_then_moves(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", chair("Chair 2"), at(9), DESK)
    dialog = _dialog(qtbot, new_id)
    assert dialog.problems.text() == "✔ Free"  # its own time does not collide with itself
    dialog.date_edit.setDate(QDate(2026, 3, 3))
    dialog.time_edit.setTime(QTime(14, 0))
    assert dialog.preview.text().startswith("Chair time 14:00–15:40")
    dialog.confirm.click()
    moved = get(new_id, clinic_repo.load_profile().tz)
    assert moved is not None and f"{moved.start:%Y-%m-%d %H:%M}" == "2026-03-03 14:00"


def test_a_taken_time_offers_what_is_free_instead_counting_the_moved_ones_own_place_free(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    mine = booking.book(add_patient(), "iv_mood", chair("Chair 2"), at(9), DESK)  # Chair 2 09:00-10:40
    for n, start in ((1, at(9, 30)), (3, at(9, 30)), (4, at(9, 45)), (5, at(9, 45)), (6, at(9, 15))):
        booking.book(add_patient("P", f"Chair{n}"), "iv_mood", chair(f"Chair {n}"), start, DESK)  # all taken at 10
    dialog = _dialog(qtbot, mine)
    dialog.show()
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findData(chair("Chair 1")))
    dialog.time_edit.setTime(QTime(10, 0))
    offered = dialog.alternatives
    assert offered.isVisible() and not dialog.confirm.isEnabled()
    # Chair 2 counts as free at 10:00: the appointment being moved leaves its own place
    assert f"Free at 10:00: <a href='chair:{chair('Chair 2')}'>Chair 2</a>." in offered.text()
    offered.linkActivated.emit(f"chair:{chair('Chair 2')}")
    assert dialog.chair_box.currentText() == "Chair 2" and not offered.isVisible()
    assert dialog.problems.text().startswith("✔ Free") and dialog.confirm.isEnabled()


def test_conflict_disables_move(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    mine = booking.book(add_patient(), "iv_mood", chair("Chair 2"), at(9), DESK)
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 2"), at(13), DESK)
    dialog = _dialog(qtbot, mine)
    dialog.time_edit.setTime(QTime(12, 0))
    assert dialog.problems.text() == "✖ Chair 2 is taken 13:00–14:40 by Ben Okafor, IV ketamine, mood"
    assert not dialog.confirm.isEnabled()


def test_this_and_following_moves_later_sessions(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    _, ids = _series(add_patient())
    dialog = _dialog(qtbot, ids[1])
    assert dialog.following.isVisibleTo(dialog)
    dialog.following.setChecked(True)
    dialog.time_edit.setTime(QTime(11, 0))
    assert dialog.problems.text() == "✔ Free (and 2 later sessions by the same shift)"
    dialog.confirm.click()
    tz = clinic_repo.load_profile().tz
    assert [f"{get(i, tz).start:%H:%M}" for i in ids] == ["09:00", "11:00", "11:00", "11:00"]  # type: ignore[union-attr]
    assert dialog.moved_ids == ids[1:]


def test_change_type_and_note_from_the_dialog(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    mine = booking.book(add_patient(), "iv_mood", chair("Chair 2"), at(9), DESK)
    dialog = _dialog(qtbot, mine)
    dialog.type_box.setCurrentIndex(dialog.type_box.findText("Esketamine nasal spray"))
    assert dialog.preview.text().startswith("Chair time 09:00–11:45")
    dialog.notes.setText("needs a blanket")
    dialog.confirm.click()
    changed = get(mine, clinic_repo.load_profile().tz)
    assert changed is not None and changed.type.code == "esketamine" and changed.notes == "needs a blanket"
    assert [e.kind for e in booking.history(mine)] == ["booked", "type_changed", "notes"]


def test_this_and_following_shows_a_later_sessions_clash_before_moving(qtbot: QtBot,
                                                                      sqlite_db: peewee.Database) -> None:
    import datetime as dt

    _, ids = _series(add_patient())  # Mon 2, Wed 4, Fri 6 and Mon 9 March at 09:00, Chair 1
    booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 1"), at(11, day=dt.date(2026, 3, 9)), DESK)
    dialog = _dialog(qtbot, ids[1])
    dialog.following.setChecked(True)
    dialog.time_edit.setTime(QTime(11, 0))

    assert dialog.problems.text() == ("✖ Session 4 of 4 (Mon 09 Mar 11:00): Chair 1 is taken 11:00–12:40 by "
                                      "Ben Okafor, IV ketamine, mood")
    assert not dialog.confirm.isEnabled()
    dialog.time_edit.setTime(QTime(13, 0))  # after Ben: every session fits
    assert dialog.problems.text() == "✔ Free (and 2 later sessions by the same shift)" and dialog.confirm.isEnabled()


def test_a_whole_series_clashing_names_two_sessions_counts_the_rest_and_the_dialog_grows(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    import datetime as dt

    _, ids = _series(add_patient(), count=6)  # 2, 4, 6, 9, 11 and 13 March at 09:00, Chair 1
    for day in (2, 4, 6, 9, 11, 13):
        booking.book(add_patient("Ben", f"Day{day}"), "iv_mood", chair("Chair 1"), at(11, day=dt.date(2026, 3, day)),
                     DESK)
    dialog = _dialog(qtbot, ids[0])
    dialog.show()
    dialog.following.setChecked(True)
    dialog.time_edit.setTime(QTime(11, 0))

    lines = dialog.problems.text().split("\n")
    assert lines == ["✖ Chair 1 is taken 11:00–12:40 by Ben Day2, IV ketamine, mood",
                     "✖ Session 2 of 6 (Wed 04 Mar 11:00): Chair 1 is taken 11:00–12:40 by Ben Day4, IV ketamine, mood",
                     "✖ Session 3 of 6 (Fri 06 Mar 11:00): Chair 1 is taken 11:00–12:40 by Ben Day6, IV ketamine, mood",
                     "✖ … and 3 more sessions (4, 5, 6)"]
    label, field = dialog.problems, dialog.date_edit  # the dialog grew: every line in full, no field squeezed
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert field.height() >= field.sizeHint().height()


def test_a_booking_of_a_retired_type_moves_keeping_its_type(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """Its type was missing from the dialog's list, which then showed (and would have booked) the first
    type in it: moving a booking changed its treatment."""
    from frontdesk.services import clinic_settings
    from tests.ui.settings.test_settings_dialog import ADMIN

    old = clinic_settings.add_type_like("Booster (old)", "iv_mood", ADMIN)
    appointment = booking.book(add_patient(), old.code, chair("Chair 1"), at(9), DESK)
    clinic_settings.set_type_active(old.id, False, ADMIN)
    dialog = _dialog(qtbot, appointment)
    assert dialog.type_box.currentText() == "Booster (old) (retired)"
    assert "✖" not in dialog.problems.text()
    dialog.time_edit.setTime(QTime(11, 0))
    dialog._confirm()
    moved = get(appointment, clinic_repo.load_profile().tz)
    assert moved is not None and (moved.type.name, f"{moved.start:%H:%M}") == ("Booster (old)", "11:00")


def test_a_day_that_has_passed_is_said_before_moving_a_visit_to_come_there(qtbot: QtBot,
                                                                             sqlite_db: peewee.Database) -> None:
    """The booking dialog said it; the move dialog said "✔ Free" for last month. A visit already past
    (a record being put right) is moved without it."""
    import datetime as dt

    from frontdesk.rules.clock import now_local

    today = now_local(clinic_repo.load_profile().tz).date()
    coming = booking.book(add_patient(), "iv_mood", chair("Chair 2"), at(9, day=today + dt.timedelta(days=28)), DESK)
    dialog = _dialog(qtbot, coming)
    assert "has passed" not in dialog.problems.text()
    past = today - dt.timedelta(days=26)
    dialog.date_edit.setDate(QDate(past.year, past.month, past.day))
    assert (f"ℹ {past:%a} {past.day} {past:%b %Y} has passed: this puts a past visit on the record, not one to come"
            in dialog.problems.text())
    gone = booking.book(add_patient("Ben", "Okafor"), "iv_mood", chair("Chair 3"), at(9), DESK)  # March 2026
    assert "has passed" not in _dialog(qtbot, gone).problems.text()
