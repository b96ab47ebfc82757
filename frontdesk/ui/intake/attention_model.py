"""AttentionTableModel: the "needs attention today" rows, precomputed; data() never queries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from frontdesk.rules.flag_kinds import listed_label
from frontdesk.services.intake import AttentionItem
from frontdesk.ui.rows_model import Index, RowsTableModel

PatientIdRole = Qt.ItemDataRole.UserRole + 1
URGENT_BACKGROUND = QColor("#fde2e1")


class AttentionTableModel(RowsTableModel[AttentionItem]):
    HEADERS = ("Time", "Patient", "Phone", "Chart", "Flags", "Whom to tell", "Still missing")
    FLAGS_COLUMN = HEADERS.index("Flags")

    def set_rows(self, rows: list[AttentionItem]) -> None:
        self._set_rows(rows, [self._texts(r) for r in rows])

    @staticmethod
    def _texts(row: AttentionItem) -> tuple[str, ...]:
        flags = "; ".join(listed_label(f.label, f.urgent) for f in row.flags)
        tell = row.flags[0].tell if row.flags else ""  # flags come urgent first
        return (row.when or "not booked", row.patient, row.phone, row.chart, flags, tell, ", ".join(row.items))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:  # a cell's whole text, the flags' clinical detail (not for the desk)
            detail = "\n".join(f"{f.label}: {f.detail}" for f in row.flags if f.detail)
            return (detail if index.column() == self.FLAGS_COLUMN else "") or self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.urgent:
            return QBrush(URGENT_BACKGROUND)
        if role == PatientIdRole:
            return row.patient_id
        return super().data(index, role)
