"""Date and time fields that Tab leaves in one press.

Qt's date and time edits take Tab to step through their own sections (weekday, day, month, year), so
a form's date cost three or four presses to get past. Here Tab moves on to the next control, as in
every other field; the arrows (and Ctrl+Left / Ctrl+Right) still move between the sections.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget


def _tabbed_on(field: QWidget, event: QEvent) -> bool:
    """Tab or Shift+Tab (without Ctrl or Alt) moved the focus on from `field`, past its sections."""
    if event.type() != QEvent.Type.KeyPress:
        return False
    from PySide6.QtCore import Qt  # here, not above: the date field is on screen before Qt's enums are built

    key, modifiers = event.key(), event.modifiers()  # type: ignore[attr-defined]
    if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or modifiers & (Qt.KeyboardModifier.ControlModifier
                                                                      | Qt.KeyboardModifier.AltModifier):
        return False
    return QWidget.focusNextPrevChild(field, key == Qt.Key.Key_Tab)


class _LeavesOnTab:
    """Mixed in ahead of a Qt date or time edit: Tab is taken before the edit steps to its next section."""

    def event(self, event: QEvent) -> bool:
        return _tabbed_on(self, event) or super().event(event)  # type: ignore[arg-type, misc]


class DateField(_LeavesOnTab, QDateEdit):
    """Also: the keys arrive on the day of the month, not on the weekday ("Mon 30 Nov 2026"). On the
    weekday, digits did nothing and Up stayed inside the month (Mon 30 Nov went to Tue 24 Nov)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.currentSectionIndex() == 0 and not self._shows_no_date():  # not a click on another part
            self.to_day_of_month()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A field that shows "no date" yet ("not measured": its minimum, with that text) starts from today
        at the first digit or arrow: typing went after the words ("not measured1/28") and Up went to
        2 Jan 2000. A digit then types the day; an arrow stops at today, the likeliest day."""
        from PySide6.QtCore import Qt  # here: see frontdesk/ui/first_paint.py

        steps = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if self._shows_no_date() and (event.text().isdigit() or event.key() in steps):
            today = QDate.currentDate()
            self.setDate(min(max(today, self.minimumDate().addDays(1)), self.maximumDate()))
            self.to_day_of_month()
            if event.key() in steps:
                return
        super().keyPressEvent(event)

    def _shows_no_date(self) -> bool:
        return bool(self.specialValueText()) and self.date() == self.minimumDate()

    def to_day_of_month(self) -> None:
        """The day of the month selected, for typing ("15") or stepping. Where the format begins with the
        weekday, Qt counts both as its DaySection (setCurrentSection(DaySection) picks the weekday): the
        day is the next section."""
        day = 1 if self.displayFormat().startswith("ddd") and self.sectionCount() > 1 else 0
        self.setCurrentSectionIndex(day)
        self.lineEdit().setSelection(*self._section_span(day))

    def _section_span(self, index: int) -> tuple[int, int]:
        text, start = self.text(), 0
        for _ in range(index):  # the sections are separated by single spaces in the formats used here
            start = text.index(" ", start) + 1
        end = text.find(" ", start)
        return start, (len(text) if end < 0 else end) - start


class TimeField(_LeavesOnTab, QTimeEdit):
    pass


class DateTimeField(_LeavesOnTab, QDateTimeEdit):
    pass
