"""Small editors the settings pages share."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLabel, QSpinBox, QTimeEdit, QVBoxLayout, QWidget

from frontdesk.settings import WEEKDAYS
from frontdesk.ui.fields import TimeField


def spin(name: str, low: int, high: int, value: int = 0) -> QSpinBox:
    box = QSpinBox(minimum=low, maximum=high, value=value)
    box.setObjectName(name)
    box.setAccessibleName(name)
    return box


class HoursEditor(QWidget):
    """Seven rows: open or closed, and from–to, for one weekday map (opening or prescriber hours)."""

    def __init__(self, name: str, hours: dict[int, tuple[str, str] | None]) -> None:
        super().__init__()
        self.setObjectName(name)
        grid = QGridLayout(self)
        self.rows: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for day, label in enumerate(WEEKDAYS):
            span = hours.get(day)
            open_box = QCheckBox(label)
            opens = TimeField(QTime.fromString(span[0] if span else "08:00", "HH:mm"))
            closes = TimeField(QTime.fromString(span[1] if span else "18:00", "HH:mm"))
            for edit in (opens, closes):
                edit.setDisplayFormat("HH:mm")
            open_box.setChecked(span is not None)
            open_box.toggled.connect(opens.setEnabled)
            open_box.toggled.connect(closes.setEnabled)
            opens.setEnabled(span is not None)
            closes.setEnabled(span is not None)
            for column, widget in enumerate((open_box, opens, QLabel("to"), closes)):
                grid.addWidget(widget, day, column)
            self.rows.append((open_box, opens, closes))

    def hours(self) -> dict[int, tuple[str, str] | None]:
        return {day: (opens.time().toString("HH:mm"), closes.time().toString("HH:mm")) if box.isChecked() else None
                for day, (box, opens, closes) in enumerate(self.rows)}


def page(layout: QFormLayout | QVBoxLayout) -> QWidget:
    """A tab's page; a form's rows stay together at its top (a taller tab would spread them apart)."""
    widget = QWidget()
    if isinstance(layout, QFormLayout):
        column = QVBoxLayout(widget)
        column.addLayout(layout)
        column.addStretch()
    else:
        widget.setLayout(layout)
    return widget
