"""Date and time fields that Tab leaves in one press.

Qt's date and time edits take Tab to step through their own sections (weekday, day, month, year), so
a form's date cost three or four presses to get past. Here Tab moves on to the next control, as in
every other field; the arrows (and Ctrl+Left / Ctrl+Right) still move between the sections.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
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
    pass


class TimeField(_LeavesOnTab, QTimeEdit):
    pass


class DateTimeField(_LeavesOnTab, QDateTimeEdit):
    pass
