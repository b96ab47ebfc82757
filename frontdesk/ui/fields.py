"""Date and time fields that Tab leaves in one press.

Qt's date and time edits take Tab to step through their own sections (weekday, day, month, year), so
a form's date cost three or four presses to get past. Here Tab moves on to the next control, as in
every other field; the left and right arrows still move between the sections, up and down change one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget


class DateField(QDateEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class TimeField(QTimeEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateTimeField(QDateTimeEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
