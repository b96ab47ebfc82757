"""What is free instead of a taken chair and time, as links that put the choice in the form.

Shown by the booking and move dialogs under their conflicts: the other chairs free at that time, when
the chosen chair is free again that day, or a sooner time in another chair.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QComboBox, QLabel, QTimeEdit

from frontdesk.services.booking import Alternatives


class AlternativesLabel(QLabel):
    """The alternatives in words; a link sets the dialog's chair box and/or start time."""

    def __init__(self, name: str, chair_box: QComboBox, time_edit: QTimeEdit) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName("Free instead")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self._chair_box, self._time_edit = chair_box, time_edit
        self.linkActivated.connect(self.use)
        self.hide()

    def show_for(self, found: Alternatives | None, start: dt.datetime) -> None:
        """`found` for a booking at `start` in the chair box's chair; None hides the line."""
        self.setText(alternatives_html(found, self._chair_box.currentText(), start) if found is not None else "")
        self.setVisible(found is not None)

    def use(self, link: str) -> None:
        """"chair:3" puts that chair in the form, "time:12:05" that start, "opening:4@15:45" both."""
        what, _, value = link.partition(":")
        if what == "opening":
            value, _, at = value.partition("@")
            what = "chair"
            self._time_edit.setTime(QTime.fromString(at, "HH:mm"))
        if what == "chair":
            self._chair_box.setCurrentIndex(max(0, self._chair_box.findData(int(value))))
        elif what == "time":
            self._time_edit.setTime(QTime.fromString(value, "HH:mm"))


def alternatives_html(found: Alternatives, chair_name: str, start: dt.datetime) -> str:
    """"Free at 10:00: Chair 3 · Chair 4." or "Chair 1 is free again at 16:15. Sooner: Chair 4 at 10:30.",
    each choice a link."""
    parts = []
    if found.free_chairs:
        links = " · ".join(f"<a href='chair:{chair_id}'>{escape(name)}</a>" for chair_id, name in found.free_chairs)
        parts.append(f"Free at {start:%H:%M}: {links}.")
    if found.chair_free_at is not None:
        at = f"{found.chair_free_at:%H:%M}"
        parts.append(f"{escape(chair_name)} is free again at <a href='time:{at}'>{at}</a>.")
    first = found.first_free
    if first is not None and first.chair_id is not None:
        at = f"{first.start:%H:%M}"
        lead = "Sooner:" if parts else "The first chair free that day:"
        parts.append(f"{lead} <a href='opening:{first.chair_id}@{at}'>{escape(first.chair_name or '')} at {at}</a>.")
    if not parts:
        return f"Nothing is free that day from {start:%H:%M}: Appointment ▸ Find opening looks further ahead."
    return " ".join(parts)
