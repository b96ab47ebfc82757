"""ChairBoardModel: one column per chair, one row per slot, over a precomputed DayBoard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from frontdesk.services.schedule import DayBoard
from frontdesk.values import Appointment

AppointmentRole = Qt.ItemDataRole.UserRole + 1
IsBlockStartRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ChairBoardModel(QAbstractTableModel):
    """Cells hold the appointment occupying that chair at that slot; data() never queries."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._board: DayBoard | None = None
        self._cells: dict[tuple[int, int], tuple[Appointment, bool]] = {}

    def set_board(self, board: DayBoard) -> None:
        self.beginResetModel()
        self._board = board
        self._cells = self._place(board)
        self.endResetModel()

    @property
    def board(self) -> DayBoard | None:
        return self._board

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._board else len(self._board.slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._board else len(self._board.chairs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._board is None:
            return None
        cell = self._cells.get((index.row(), index.column()))
        if role == AppointmentRole:
            return cell[0] if cell else None
        if role == IsBlockStartRole:
            return bool(cell and cell[1])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(cell[0]) if cell and cell[1] else ("" if cell else None)
        if role == Qt.ItemDataRole.ToolTipRole and cell:
            return tooltip_text(cell[0])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._board is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._board.chairs[section].name
        return f"{self._board.slots[section]:%H:%M}"

    def appointment_at(self, row: int, column: int) -> Appointment | None:
        cell = self._cells.get((row, column))
        return cell[0] if cell else None

    def span_of(self, appointment: Appointment) -> tuple[int, int, int]:
        """(first row, column, rows) of an appointment's block."""
        cells = [(r, c) for (r, c), (a, _) in self._cells.items() if a.id == appointment.id]
        rows = sorted(r for r, _ in cells)
        return rows[0], cells[0][1], len(rows)

    def _place(self, board: DayBoard) -> dict[tuple[int, int], tuple[Appointment, bool]]:
        columns = {chair.id: col for col, chair in enumerate(board.chairs)}
        step = dt.timedelta(minutes=board.slot_minutes)
        cells: dict[tuple[int, int], tuple[Appointment, bool]] = {}
        for appointment in board.appointments:
            column = columns.get(appointment.chair_id) if appointment.chair_id is not None else None
            if column is None:
                continue
            first = True
            for row, slot in enumerate(board.slots):
                if slot < appointment.end and appointment.start < slot + step:
                    cells[(row, column)] = (appointment, first)
                    first = False
        return cells


def cell_text(a: Appointment) -> str:
    """What a block says: patient, type, series position, status."""
    series = f" · {a.series_label}" if a.series_label else ""
    status = a.status.replace("_", " ")
    return f"{a.patient_name}\n{a.type.name}{series}\n{a.start:%H:%M}–{a.end:%H:%M} · {status}"


def tooltip_text(a: Appointment) -> str:
    return cell_text(a).replace("\n", "<br>")
