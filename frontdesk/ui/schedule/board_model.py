"""ChairBoardModel: one column per chair, one row per slot, over a precomputed DayBoard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QStandardItemModel

from frontdesk.rules.day_board import DayBoard
from frontdesk.ui.first_paint import ACCESSIBLE_TEXT_ROLE, DISPLAY_ROLE, FOREGROUND_ROLE, TOOLTIP_ROLE, USER_ROLE
from frontdesk.values import Appointment, BlockedTime, Chair

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

# Roles as Qt's numbers (the view hands data() a number): see frontdesk/ui/first_paint.py.
AppointmentRole = USER_ROLE + 1
IsBlockStartRole = USER_ROLE + 2
StatusRole = USER_ROLE + 3  # late | overdue | the appointment's status
StatusLabelRole = USER_ROLE + 4  # "Recovery overdue", "In chair", …
SlotStartRole = USER_ROLE + 5  # aware local start of the row
ChairRole = USER_ROLE + 6
BlockedRole = USER_ROLE + 7  # BlockedTime covering a free cell, or None
OutsideHoursRole = USER_ROLE + 8  # outside opening hours, or the chair is out of service
BlockLabelRole = USER_ROLE + 9  # "lunch", "out of service (…)" on a block's first row
PaintRole = USER_ROLE + 10  # BlockCell | FreeCell: what the delegate paints, in one call


APPOINTMENT_MIME = "application/x-frontdesk-appointment-id"

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class BlockSpan:
    """Where an appointment's block sits on the grid."""

    appointment_id: int
    row: int
    column: int
    rows: int


class BlockCell(NamedTuple):
    """A cell an appointment holds (PaintRole)."""

    appointment: Appointment
    is_start: bool
    status: str  # as StatusRole


class FreeCell(NamedTuple):
    """A cell nobody holds (PaintRole)."""

    outside_hours: bool  # as OutsideHoursRole
    blocked: BlockedTime | None  # as BlockedRole
    label: str | None  # as BlockLabelRole
    on_the_hour: bool  # the row starts a full hour
    away: str | None = None  # "Prescriber away 14:00–16:00: no esketamine then" in such a time


AWAY_COLOUR = "#6b46c1"  # a time the prescriber is away (esketamine asks first then)


class ChairBoardModel(QStandardItemModel):
    """Cells hold the appointment occupying that chair at that slot; data() never queries.

    A QStandardItemModel only for its table size and header labels: the views ask for those hundreds of
    times per paint, and kept in Qt they are answered without a call into Python. Cells have no items;
    data() answers for them. No flags() of its own: a cell without an item is enabled, selectable,
    draggable and a drop target in QStandardItemModel, and the view drags blocks only (startDrag);
    flags() in Python is asked for every cell painted, and its answer builds the `Qt` namespace's
    enums (see frontdesk/ui/first_paint.py).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._board: DayBoard | None = None
        self._cells: dict[tuple[int, int], tuple[Appointment, bool]] = {}
        self._spans: dict[int, BlockSpan] = {}
        self._blocked: dict[tuple[int, int], BlockedTime] = {}
        self._block_labels: set[tuple[int, int]] = set()
        self._away: dict[int, str] = {}  # row -> the prescriber's absence covering it

    def set_board(self, board: DayBoard) -> None:
        self.beginResetModel()
        self._board = board
        self._cells, self._spans = self._place(board)
        self._blocked = self._place_blocks(board)
        blocked = self.blockSignals(True)  # inside the reset: the views hear of it all at once, at its end
        try:
            self.setRowCount(len(board.slots))
            self.setColumnCount(len(board.chairs))
            # Out of service on a second line: on one, a long name's words were cut at both ends of a column.
            self.setHorizontalHeaderLabels([c.name if c.in_service else f"{c.name}\nout of service"
                                            for c in board.chairs])
            # "08:15" by hand: strftime imports a module on every call, and this runs for every row.
            self.setVerticalHeaderLabels([f"{slot.hour:02d}:{slot.minute:02d}" for slot in board.slots])
            marked_before = self._away
            self._away = board.prescriber_away_rows()  # seldom any
            for row in marked_before:  # the labels are reused from day to day: an absence's mark goes with it
                self._unmark_time(row)
            for row, words in self._away.items():
                self._mark_time(row, words)
        finally:
            self.blockSignals(blocked)
        self.endResetModel()
        if marked_before or self._away:  # "13:00 ⚕" is wider than "13:00": the time column is measured again
            from PySide6.QtCore import Qt

            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, self.rowCount() - 1))

    def _mark_time(self, row: int, words: str) -> None:
        """A time the prescriber is away: its label in the colour of the line above the board that
        names the absence, with the words as a tooltip."""
        from PySide6.QtGui import QBrush, QColor

        from frontdesk.ui.ink import ink

        item = self.verticalHeaderItem(row)
        if item is None:
            return
        item.setText(f"{item.text()} ⚕")
        item.setForeground(QBrush(QColor(ink(AWAY_COLOUR))))  # made lighter on a dark theme, to read
        item.setToolTip(words)

    def _unmark_time(self, row: int) -> None:
        item = self.verticalHeaderItem(row)
        if item is not None:
            item.setData(None, FOREGROUND_ROLE)
            item.setToolTip("")

    @property
    def board(self) -> DayBoard | None:
        return self._board

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        """Every role is read off the cell's one description (paint_cell), so what is painted and what
        tooltips, screen readers and tests are told cannot differ."""
        if not index.isValid() or self._board is None:
            return None
        cell = self.paint_cell(index.row(), index.column())
        if role == PaintRole:
            return cell
        if isinstance(cell, BlockCell):
            return self._block_data(cell, role)
        return self._free_data(cell, index.row(), index.column(), role)

    def _block_data(self, cell: BlockCell, role: int) -> Any:
        assert self._board is not None
        appointment = cell.appointment
        if role in (DISPLAY_ROLE, ACCESSIBLE_TEXT_ROLE):
            return self.cell_text(appointment) if cell.is_start else ""
        if role == TOOLTIP_ROLE:
            return self.cell_text(appointment).replace("\n", "<br>") + _attention_text(appointment)
        if role == AppointmentRole:
            return appointment
        if role == IsBlockStartRole:
            return cell.is_start
        if role == StatusRole:
            return cell.status
        if role == StatusLabelRole:
            return self._board.status_label(appointment)
        return None

    def _free_data(self, cell: FreeCell, row: int, column: int, role: int) -> Any:
        assert self._board is not None
        if role == BlockedRole:
            return cell.blocked
        if role == BlockLabelRole:
            return cell.label
        if role == OutsideHoursRole:  # also a chair out of service: nothing to book there
            return cell.outside_hours
        if role == SlotStartRole:
            return self._board.slots[row]
        if role == ChairRole:
            return self._board.chairs[column]
        if role in (TOOLTIP_ROLE, ACCESSIBLE_TEXT_ROLE):
            chair, slot = self._board.chairs[column], self._board.slots[row]
            what = _blocked_text(cell.blocked) if cell.blocked else "free"
            return f"{chair.name}, {slot:%H:%M}: {what}" + (f" · {cell.away}" if cell.away else "")
        return None

    def paint_cell(self, row: int, column: int) -> BlockCell | FreeCell:
        """Everything the delegate paints for a cell (the roles it would otherwise ask one by one)."""
        assert self._board is not None
        cell = self._cells.get((row, column))
        if cell is not None:
            appointment, is_start = cell
            return BlockCell(appointment, is_start, self._board.alerts.get(appointment.id) or appointment.status)
        blocked = self._blocked.get((row, column))
        slot = self._board.slots[row]
        return FreeCell(outside_hours=not self._board.chairs[column].in_service or self._outside_hours(slot),
                        blocked=blocked,
                        label=_blocked_text(blocked) if blocked and (row, column) in self._block_labels else None,
                        on_the_hour=slot.minute == 0, away=self._away.get(row))

    def setData(self, index: Index, value: Any, role: int = DISPLAY_ROLE) -> bool:
        """Cells are read-only: QStandardItemModel's default flags call them editable, and an accessibility
        client (a screen reader's "set value") would otherwise store an item in the board."""
        return False

    def setItemData(self, index: Index, roles: Any) -> bool:
        return False

    # --- drag and drop: the model only says what is dragged; the view decides where it lands ------

    def mimeTypes(self) -> list[str]:
        return [APPOINTMENT_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        appointment = next((self.appointment_at(i.row(), i.column()) for i in indexes
                            if self.appointment_at(i.row(), i.column())), None)
        if appointment is not None:
            data.setData(APPOINTMENT_MIME, str(appointment.id).encode())
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        from PySide6.QtCore import Qt

        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        from PySide6.QtCore import Qt

        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    # --- lookups for the view and the window --------------------------------------------------------

    def appointment_at(self, row: int, column: int) -> Appointment | None:
        cell = self._cells.get((row, column))
        return cell[0] if cell else None

    def spans(self) -> list[BlockSpan]:
        return list(self._spans.values())

    def span_of(self, appointment: Appointment | int) -> BlockSpan | None:
        key = appointment if isinstance(appointment, int) else appointment.id
        return self._spans.get(key)

    def slot_at(self, row: int) -> dt.datetime | None:
        if self._board is None or not 0 <= row < len(self._board.slots):
            return None
        return self._board.slots[row]

    def chair_at(self, column: int) -> Chair | None:
        if self._board is None or not 0 <= column < len(self._board.chairs):
            return None
        return self._board.chairs[column]

    def row_of_time(self, moment: dt.datetime) -> float | None:
        """Fractional row where `moment` falls (for the now-line), None when off the grid."""
        if self._board is None or not self._board.slots:
            return None
        first = self._board.slots[0]
        rows = (moment - first).total_seconds() / 60 / self._board.slot_minutes
        return rows if 0 <= rows <= len(self._board.slots) else None

    def cell_text(self, a: Appointment) -> str:
        """What a block says: patient; type and series position; times and status."""
        series = f" · {a.series_label}" if a.series_label else ""
        status = self._board.status_label(a) if self._board else a.status
        return f"{a.patient_name}\n{a.type.name}{series}\n{a.start:%H:%M}–{a.end:%H:%M} · {status}"

    # --- placing the day on the grid ----------------------------------------------------------------

    def _outside_hours(self, slot: dt.datetime) -> bool:
        assert self._board is not None
        hours = self._board.hours
        return hours is None or not hours[0] <= slot.time() < hours[1]

    def _rows_covering(self, start: dt.datetime, end: dt.datetime) -> list[int]:
        assert self._board is not None
        step = dt.timedelta(minutes=self._board.slot_minutes)
        return [row for row, slot in enumerate(self._board.slots) if slot < end and start < slot + step]

    def _place(self, board: DayBoard) -> tuple[dict[tuple[int, int], tuple[Appointment, bool]], dict[int, BlockSpan]]:
        columns = {chair.id: col for col, chair in enumerate(board.chairs)}
        cells: dict[tuple[int, int], tuple[Appointment, bool]] = {}
        spans: dict[int, BlockSpan] = {}
        for appointment in board.appointments:
            column = columns.get(appointment.chair_id) if appointment.chair_id is not None else None
            rows = self._rows_covering(appointment.start, appointment.end) if column is not None else []
            rows = [r for r in rows if (r, column) not in cells]  # a collision never hides the earlier one
            if column is None or not rows:
                continue
            for row in rows:
                cells[(row, column)] = (appointment, row == rows[0])
            spans[appointment.id] = BlockSpan(appointment.id, rows[0], column, rows[-1] - rows[0] + 1)
        return cells, spans

    def _place_blocks(self, board: DayBoard) -> dict[tuple[int, int], BlockedTime]:
        blocked: dict[tuple[int, int], BlockedTime] = {}
        self._block_labels = set()
        for block in board.blocks:
            if not block.holds_chairs:  # the prescriber away: every chair stays bookable
                continue
            columns = [c for c, chair in enumerate(board.chairs) if block.chair_id in (None, chair.id)]
            rows = self._rows_covering(block.start, block.end)
            for row in rows:
                for column in columns:
                    blocked.setdefault((row, column), block)
            self._block_labels.update((rows[0], column) for column in columns if rows)
        return blocked


def _blocked_text(block: BlockedTime) -> str:
    kind = {"out_of_service": "out of service", "closed": "clinic closed", "lunch": "lunch"}.get(block.kind, block.kind)
    return f"{kind} ({block.reason})" if block.reason else kind


def _attention_text(a: Appointment) -> str:
    """Flags and readiness gaps for the tooltip (labels only, never clinical detail)."""
    import html  # only for tooltips: not on the way to the board's first paint

    lines = [f"⚑ {label}" for label in a.flags]
    if a.readiness:
        lines.append("Missing: " + ", ".join(a.readiness))
    return "".join(f"<br>{html.escape(line)}" for line in lines)
