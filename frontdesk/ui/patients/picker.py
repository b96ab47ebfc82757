"""Pick a patient by typing: a search box over a short result list (search as you type). Used wherever
a screen needs one patient: booking, a series, the waiting list, an intake form."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from frontdesk.services import booking
from frontdesk.values import Actor

_WIDEST_LABEL = "Alexandra Montgomery-Nguyen (C000000, born 00/00/0000)"


class PatientPicker(QWidget):
    """A line edit and the matching patients; `patient_chosen(id)` fires when one is selected."""

    patient_chosen = Signal(int)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self.search = QLineEdit()
        self.search.setObjectName("bookingPatientSearch")
        self.search.setAccessibleName("Find patient")
        self.search.setPlaceholderText("Type a name, chart number or phone")
        self.results = QListWidget()
        self.results.setObjectName("bookingPatientResults")
        self.results.setAccessibleName("Matching patients")
        self.results.setMaximumHeight(120)
        # Wide enough for a long name with its chart number and birth date, in whichever dialog it sits.
        self.results.setMinimumWidth(self.fontMetrics().horizontalAdvance(_WIDEST_LABEL) + 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.search.textChanged.connect(self._search)
        self.search.installEventFilter(self)
        self.results.currentItemChanged.connect(self._selected)

    def patient_id(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def preset(self, patient_id: int, label: str) -> None:
        """Show one known patient, already chosen (booking from a patient's record)."""
        self.search.blockSignals(True)
        self.search.setText(label)
        self.search.blockSignals(False)
        self._fill([(patient_id, label)])
        self.results.setCurrentRow(0)

    def _search(self, text: str) -> None:
        found = booking.search_patients(text, self._actor) if len(text.strip()) >= 2 else []
        self._fill([(p.id, self._label(p)) for p in found])

    @staticmethod
    def _label(p: booking.PatientChoice) -> str:
        born = f", born {p.date_of_birth:%m/%d/%Y}" if p.date_of_birth else ""
        return f"{p.name} ({p.chart_number}{born})"

    def _fill(self, rows: list[tuple[int, str]]) -> None:
        self.results.clear()
        for pid, label in rows:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            self.results.addItem(item)
        if len(rows) == 1:
            self.results.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Down in the search box picks from the list instead of confirming the dialog."""
        picking = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down)
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() in picking:
            self._take_first()
            return True
        return super().eventFilter(watched, event)

    def _take_first(self) -> None:
        if self.results.count():
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def _selected(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.patient_chosen.emit(int(current.data(Qt.ItemDataRole.UserRole)))
