"""SheetListModel: the day's appointments with their sheet status, over precomputed rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from frontdesk.services.printing import SheetListRow

Index = QModelIndex | QPersistentModelIndex
AppointmentIdRole = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Time", "Chair", "Patient", "Language", "Visit", "Sheet")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


class SheetListModel(QAbstractTableModel):
    """One row per appointment; data() only reads the rows it was given."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SheetListRow] = []

    def set_rows(self, rows: list[SheetListRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> SheetListRow:
        return self._rows[row]

    @property
    def rows(self) -> list[SheetListRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == AppointmentIdRole:
            return row.appointment_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, index.column())
        return None

    def _text(self, row: SheetListRow, column: int) -> str:
        if column == 0:
            return f"{row.start:%H:%M}"
        if column == 1:
            return row.chair
        if column == 2:
            return row.patient
        if column == 3:
            return LANGUAGE_NAMES.get(row.language, row.language)
        if column == 4:
            return row.visit
        return f"printed on {row.printed_on:%b %d, %H:%M}" if row.printed_on else "not printed"
