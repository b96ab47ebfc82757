"""The dialogs' shared pieces: what the desk sees and how the keyboard moves through them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from frontdesk.ui.forms import confirm_buttons, date_edit, form, read_only_table, stack


def test_a_read_only_table_lets_tab_move_on_and_shows_no_row_numbers(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    table = read_only_table("found", ["Day", "Time"], "Free times")
    table.setRowCount(2)
    after = QLineEdit(objectName="after")
    stack(dialog, table, after)
    dialog.show()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is after
    assert (table.accessibleName(), table.verticalHeader().isVisible()) == ("Free times", False)


def test_dates_read_like_the_board_and_buttons_confirm_or_close(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    confirmed: list[bool] = []
    buttons, book = confirm_buttons(dialog, "Book", lambda: confirmed.append(True), "bookIt")
    day = date_edit("when", dt.date(2026, 11, 27))
    stack(dialog, form(("&Date", day)), buttons)
    dialog.show()
    assert day.text() == "Fri 27 Nov 2026"
    book.click()
    assert (confirmed, book.objectName()) == ([True], "bookIt")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_dialog_opens_no_larger_than_its_screen_has_room_for(qtbot: QtBot) -> None:
    from frontdesk.ui.forms import size_to_screen

    dialog = QDialog()
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    size_to_screen(dialog, room.width() + 300, room.height() + 300)  # as a 1120-wide dialog on a 1024 screen
    assert (dialog.width(), dialog.height()) == (room.width() - 40, room.height() - 60)
    size_to_screen(dialog, 500, 300)  # room enough: as asked
    assert (dialog.width(), dialog.height()) == (500, 300)


def test_the_confirmation_calls_keep_their_buttons_on_a_small_screen(qtbot: QtBot, sqlite_db: object) -> None:
    from PySide6.QtWidgets import QPushButton

    from frontdesk.ui.booking.calls_dialog import CallsDialog
    from tests.services.intake_helpers import DESK

    dialog = CallsDialog(DESK, dt.date(2026, 3, 4))  # asks for 1060 px: more than the test screen's 800
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= room.width()
    for button in dialog.findChildren(QPushButton):
        if button.isVisible():
            assert button.mapTo(dialog, button.rect().topRight()).x() <= dialog.width(), button.text()


def test_tab_leaves_a_date_field_in_one_press(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDateEdit, QVBoxLayout

    from frontdesk.ui.forms import date_edit

    dialog = QDialog()
    qtbot.addWidget(dialog)
    field, after = date_edit("someDate", dt.date(2026, 11, 30)), QLineEdit()
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(after)
    dialog.show()
    qtbot.waitExposed(dialog)
    field.setFocus()
    field.setCurrentSection(QDateEdit.Section.DaySection)
    qtbot.keyClick(field, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Right: the next part
    assert dialog.focusWidget() is field and field.currentSection() == QDateEdit.Section.MonthSection
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is after  # it took a press per part: weekday, day, month, year


def test_a_date_field_reached_by_the_keys_takes_the_day_of_the_month(qtbot: QtBot) -> None:
    """Tab into "Sun 29 Nov 2026" used to land on the weekday, where digits did nothing and Up stayed in
    its week and month (Mon 30 Nov became Tue 24 Nov). The keys start on the day now: Up is the next
    day, and "15" the 15th of the month shown."""
    from PySide6.QtWidgets import QDateEdit, QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    before, field = QLineEdit(), date_edit("someDate", dt.date(2026, 11, 29))
    layout = QVBoxLayout(dialog)
    layout.addWidget(before)
    layout.addWidget(field)
    dialog.show()
    dialog.activateWindow()  # focus events come to the active window only
    qtbot.waitUntil(dialog.isActiveWindow)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is field and field.currentSection() == QDateEdit.Section.DaySection
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "Mon 30 Nov 2026"  # the next day (on the weekday it was Mon 23 Nov)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.keyClicks(field, "15")
    assert field.date().toPython() == dt.date(2026, 11, 15)
    assert field.text() == "Sun 15 Nov 2026"


def test_a_date_field_that_shows_no_date_yet_starts_from_today(qtbot: QtBot) -> None:
    """"Measured on: not measured" (the field's minimum, shown as words): typing went after the words
    ("not measured28") and Up went to 2 Jan 2000, so a weight's date could not be entered by keyboard."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    field = date_edit("measured")
    field.setMinimumDate(QDate(2000, 1, 1))
    field.setSpecialValueText("not measured")
    field.setDate(QDate(2000, 1, 1))
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    field.setFocus()
    assert field.text() == "not measured"
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.date().toPython() == dt.date.today()  # the first step: today, the likeliest day
    field.setDate(QDate(2000, 1, 1))
    qtbot.keyClicks(field, "15")
    assert field.date().toPython() == dt.date.today().replace(day=15)
