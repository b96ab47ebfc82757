"""The search results table: a thin adapter over `PatientSummary` rows computed by the service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from frontdesk.services.patients import PatientSummary

COLUMNS = ("Name", "DOB", "Phone", "Next appointment", "Chart")
Index = QModelIndex | QPersistentModelIndex


class PatientResultsModel(QAbstractTableModel):
    """One row per patient found: name, DOB, phone, next appointment, chart number."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PatientSummary] = []

    def set_rows(self, rows: list[PatientSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def patient_at(self, row: int) -> PatientSummary | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        patient = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(patient, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(patient)
        if role == Qt.ItemDataRole.UserRole:
            return patient.id
        return None


def tooltip(patient: PatientSummary) -> str:
    lines = [f"Legal name: {patient.legal_name}"] if patient.legal_name else []
    if patient.archived:
        lines.append("Archived record")
    return "\n".join(lines)


def cell_text(patient: PatientSummary, column: int) -> str:
    if column == 0:
        return patient.name + (" (archived)" if patient.archived else "")
    if column == 1:
        return f"{patient.date_of_birth:%m/%d/%Y}" if patient.date_of_birth else ""
    if column == 2:
        return patient.phone
    if column == 3:
        return when_text(patient.next_appointment) if patient.next_appointment else ""
    return patient.chart_number


def when_text(moment: dt.datetime) -> str:
    """"Thu 03 Dec 14:20" as the board's messages say it, with the year only when it is not this year's."""
    if moment.year == dt.date.today().year:
        return f"{moment:%a %d %b %H:%M}"
    return f"{moment:%a %d %b %Y %H:%M}"
