"""The waiting list (patients who want an earlier slot) and the patients whose booster is due."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import booking
from frontdesk.ui.forms import read_only_table
from frontdesk.ui.patients.picker import PatientPicker
from frontdesk.values import SYSTEM_ACTOR, Actor


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    return read_only_table(name, list(headers))


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], ids: list[int]) -> None:
    table.setRowCount(len(rows))
    for row, (cells, key) in enumerate(zip(rows, ids, strict=True)):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()


class WaitlistDialog(QDialog):
    """Add and remove waiting-list entries; see whose booster is due."""

    def __init__(self, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitlistDialog")
        self.setWindowTitle("Waiting list and boosters")
        self._actor = actor
        self.changed = False
        tabs = QTabWidget()
        tabs.addTab(self._waitlist_tab(), "&Waiting list")
        tabs.addTab(self._boosters_tab(), "&Boosters due")
        self.status = QLabel(objectName="waitlistStatus")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.reload()

    @classmethod
    def ask(cls, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR) -> bool:
        dialog = cls(actor, parent)
        dialog.exec()
        return dialog.changed

    def _waitlist_tab(self) -> QWidget:
        self.entries = _table("waitlistEntries", ("Patient", "Type", "Waiting since", "Note"))
        self.entries.setAccessibleName("Waiting list")
        self.picker = PatientPicker(self._actor)
        self.type_box = QComboBox(objectName="waitlistType")
        for kind in booking.appointment_types():
            self.type_box.addItem(kind.name, kind.id)
        self.note = QLineEdit(objectName="waitlistNote")
        add = QPushButton("&Add to waiting list", objectName="waitlistAdd")
        add.clicked.connect(self.add)
        remove = QPushButton("&Remove selected", objectName="waitlistRemove")
        remove.clicked.connect(self.remove_selected)
        form = QFormLayout()
        form.addRow("Patient", self.picker)
        form.addRow("Type", self.type_box)
        form.addRow("Note", self.note)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.entries)
        layout.addWidget(remove)
        layout.addLayout(form)
        layout.addWidget(add)
        return page

    def _boosters_tab(self) -> QWidget:
        self.boosters = _table("boostersDue", ("Patient", "Last series session", "Booster due"))
        self.boosters.setAccessibleName("Boosters due")
        return self.boosters

    def reload(self) -> None:
        items = booking.waitlist()
        _fill(self.entries, [(e.patient_name, e.type_name, f"{e.created_utc:%Y-%m-%d}", e.note) for e in items],
              [e.id for e in items])
        due = booking.boosters_due()
        _fill(self.boosters, [(b.patient_name, b.last_session.isoformat(), b.due.isoformat()) for b in due],
              [b.patient_id for b in due])

    def add(self) -> None:
        patient = self.picker.patient_id()
        if patient is None:
            self.status.setText("✖ Choose a patient")
            return
        try:
            booking.add_to_waitlist(patient, int(self.type_box.currentData()), self.note.text(), self._actor)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.changed = True
        self.note.clear()
        self.status.setText("✔ Added")
        self.reload()

    def remove_selected(self) -> None:
        item = self.entries.item(self.entries.currentRow(), 0) if self.entries.currentRow() >= 0 else None
        if item is None:
            return
        booking.remove_from_waitlist(int(item.data(Qt.ItemDataRole.UserRole)), self._actor)
        self.changed = True
        self.status.setText("✔ Removed")
        self.reload()
