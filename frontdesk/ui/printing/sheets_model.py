"""SheetListModel: the day's appointments with their sheet status, over precomputed rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from frontdesk.rules.contact import language_name
from frontdesk.services.printing import SheetListRow
from frontdesk.ui.rows_model import Index, RowsTableModel

AppointmentIdRole = Qt.ItemDataRole.UserRole + 1


class SheetListModel(RowsTableModel[SheetListRow]):
    """One row per appointment; data() only reads the rows it was given."""

    HEADERS = ("Time", "Chair", "Patient", "Language", "Visit", "Sheet")

    def set_rows(self, rows: list[SheetListRow]) -> None:
        self._set_rows(rows, [_texts(row) for row in rows])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == AppointmentIdRole:
            return self._rows[index.row()].appointment_id
        return super().data(index, role)


def _texts(row: SheetListRow) -> tuple[str, ...]:
    printed = f"printed on {row.printed_on:%b %d, %H:%M}" if row.printed_on else "not printed"
    return (f"{row.start:%H:%M}", row.chair, row.patient, language_name(row.language),
            row.visit, printed)
