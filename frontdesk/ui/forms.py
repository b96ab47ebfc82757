"""Pieces every dialog repeats: a labelled form, a column of parts, the confirm/cancel buttons, a date
field, a read-only table and a cell that must catch the eye."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.fields import DateField
from frontdesk.ui.ink import ink

Part = QWidget | QLayout
# Dates as the board's date navigator shows them ("Fri 27 Nov 2026"), never an ambiguous 27 11 2026.
DATE_FORMAT = "ddd d MMM yyyy"
Button = QDialogButtonBox.StandardButton


def form(*rows: tuple[str, Part]) -> QFormLayout:
    """Label and field per row; a `&` in a label focuses its field (Alt+letter)."""
    layout = QFormLayout()
    for label, field in rows:
        layout.addRow(label, field)
    return layout


def stack(parent: QWidget | None, *parts: Part) -> QVBoxLayout:
    """The parts top to bottom, as `parent`'s layout."""
    layout = QVBoxLayout(parent)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout


def confirm_buttons(dialog: QDialog, text: str, on_confirm: Callable[[], object], name: str = "", *,
                    confirm: Button = Button.Ok, dismiss: Button = Button.Cancel,
                    on_dismiss: Callable[[], object] | None = None) -> tuple[QDialogButtonBox, QPushButton]:
    """The dialog's button row: `text` confirms (Enter), the other button (Escape) closes it."""
    buttons = QDialogButtonBox(confirm | dismiss)
    button = buttons.button(confirm)
    button.setText(text)
    if name:
        button.setObjectName(name)
    buttons.accepted.connect(on_confirm)
    buttons.rejected.connect(on_dismiss or dialog.reject)
    return buttons, button


def size_to_screen(window: QWidget, width: int, height: int, *, minimum: tuple[int, int] = (320, 240)) -> None:
    """Open `window` at `width` × `height`, or smaller where the screen it opens on (a 1024 × 768 desk
    screen, say) has less room: its buttons are never off the screen's edge."""
    screen = window.screen() if window.parentWidget() is None else window.parentWidget().screen()
    room = screen.availableGeometry().size()
    window.resize(max(minimum[0], min(width, room.width() - 40)), max(minimum[1], min(height, room.height() - 60)))


def grow_to_fit(dialog: QDialog) -> None:
    """Taller when its words grew (more problem lines after a change), instead of the lines overlapping
    the fields: a wrapped label's height does not reach the window by itself."""
    layout = dialog.layout()
    layout.activate()
    wanted = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else dialog.sizeHint().height()
    if wanted > dialog.height():
        dialog.resize(dialog.width(), wanted)


def date_edit(name: str, day: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar, showing the date as the board does."""
    edit = DateField(calendarPopup=True, displayFormat=DATE_FORMAT, objectName=name)
    if day is not None:
        edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def read_only_table(name: str, headers: list[str], accessible: str = "", *, whole_rows: bool = True) -> QTableWidget:
    """A list shown as a table: no row numbers, rows a line of text high (a list of 30 shows most of
    them), the last column takes the spare width, and Tab moves on to the next control (arrows move
    inside the table)."""
    table = QTableWidget(0, len(headers), objectName=name)
    table.setAccessibleName(accessible or name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if whole_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    rows = table.verticalHeader()
    rows.hide()
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)  # a line of text, not the style's 30 px
    table.horizontalHeader().setStretchLastSection(True)
    return table


SAVE, DISCARD = "save", "discard"


def ask_to_save(parent: QWidget, text: str) -> str | None:
    """Save / Discard / Cancel, asked before typing not yet saved would be dropped (Escape or Close):
    SAVE, DISCARD, or None to keep editing. Save is the default: Enter never throws work away."""
    from PySide6.QtWidgets import QMessageBox

    button = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", text, button.Save | button.Discard | button.Cancel,
                      parent)
    box.setObjectName("unsavedChangesQuestion")
    box.setDefaultButton(button.Save)
    answer = box.exec()
    return SAVE if answer == button.Save else DISCARD if answer == button.Discard else None


def confirm_step(parent: QWidget, title: str, text: str, name: str, go: str, stay: str, *,
                 warning: bool = False) -> bool:
    """A step that cannot be taken back or moves things, asked first: True only when `go` is clicked.
    `stay` is the default and Escape's (a stray Enter takes no step); `name` is the box's object name."""
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    yes = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is yes


def reject_asking(dialog: QDialog, changed: bool, text: str, save: Callable[[], object]) -> None:
    """A dialog's Escape or Close: at once when nothing `changed`, else after Save / Discard / Cancel
    (Save runs `save`, which closes the dialog when it succeeds; Cancel keeps it open)."""
    answer = ask_to_save(dialog, text) if changed else DISCARD
    if answer == SAVE:
        save()
    elif answer == DISCARD:
        QDialog.reject(dialog)


def stress(item: QTableWidgetItem, colour: str) -> None:
    """A list cell that must catch the eye ("overdue by 2 days", "Confirmed"): bold, in `colour`."""
    item.setForeground(QBrush(QColor(ink(colour))))  # lighter on a dark theme
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)
