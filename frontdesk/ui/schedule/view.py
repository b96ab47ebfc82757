"""ChairBoardView: the chair board table — spans per block, the now-line, keyboard and drag and drop."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPointF, QRect, QRectF, QSize, Signal
from PySide6.QtGui import (
    QColor,
    QDragLeaveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from frontdesk.rules.day_board import DayBoard
from frontdesk.ui.first_paint import ALIGN_RIGHT, ALIGN_TOP, MOVE_ACTION, set_enum
from frontdesk.ui.schedule.board_model import APPOINTMENT_MIME, BlockCell, ChairBoardModel
from frontdesk.ui.schedule.delegate import ChairBoardDelegate
from frontdesk.ui.schedule.pictures import copy, fill, fill_path
from frontdesk.ui.viewports import accept_touch, use_own_viewport
from frontdesk.values import Appointment

NOW_LINE_COLOUR = "#e03131"


class ChairBoardView(QTableView):
    """Shows a ChairBoardModel with one block per appointment; announces what the user asks for."""

    appointment_selected = Signal(object)  # Appointment | None
    free_slot_activated = Signal(int, object)  # chair id, aware local start: "book here"
    appointment_activated = Signal(object)  # Appointment: Enter / double-click on a block
    appointment_dropped = Signal(int, int, object)  # appointment id, chair id, aware local start
    cancel_requested = Signal(object)  # Appointment: Delete on a block
    step_refused = Signal(object)  # Appointment | None: Ctrl+Enter reached the board (the step's action is off)

    def __init__(self, model: ChairBoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        use_own_viewport(self, touch=False)  # not Qt's own: see frontdesk/ui/viewports.py; touch: finish_setup
        self.setObjectName("scheduleBoard")
        self.setAccessibleName("Chair board")
        self.setAccessibleDescription("One column per chair, one row per 15 minutes; each block is an appointment")
        if model.parent() is None:
            model.setParent(self)  # the model lives as long as the view showing it
        self.setModel(model)
        self.setItemDelegate(ChairBoardDelegate(self))
        self._now: dt.datetime | None = None
        self._grab_offset = 0
        self._drop_preview: tuple[int, int, int] | None = None
        self.focus_landing = False  # True while gaining focus puts the cursor on a first cell (no one picked it)
        self._painted = False  # until the first paint, nobody can have clicked the board
        self._setup_look()
        self._setup_drag_and_drop()
        model.modelReset.connect(self._apply_spans)
        # Block text follows the visible top of a block, so scrolling must repaint, not blit.
        self.verticalScrollBar().valueChanged.connect(self.viewport().update)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.doubleClicked.connect(self._activate)

    def board_model(self) -> ChairBoardModel:
        model = self.model()
        assert isinstance(model, ChairBoardModel)
        return model

    def _setup_look(self) -> None:
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # arrows move on the board; Tab moves on to the next control
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(110)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        set_enum(rows, "defaultAlignment", ALIGN_RIGHT | ALIGN_TOP)

    def _setup_drag_and_drop(self) -> None:
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # the board outlines the whole landing block instead
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        set_enum(self, "defaultDropAction", MOVE_ACTION)

    def finish_setup(self) -> None:
        """What waits until the board is on screen (it would build the `Qt` namespace's enums before)."""
        accept_touch(self.viewport())

    def startDrag(self, supportedActions: object) -> None:  # noqa: N803 (Qt's name)
        """Only a block is dragged (a free slot is selectable, and the model lets Qt drag any cell)."""
        if self.selected_appointment() is not None:
            super().startDrag(supportedActions)  # type: ignore[arg-type]

    # --- what the board shows -----------------------------------------------------------------------

    def set_now(self, now: dt.datetime | None) -> None:
        """Where the current-time line goes (None: not on this day)."""
        self._now = now
        self.viewport().update()

    def _apply_spans(self) -> None:
        self.clearSpans()
        for span in self.board_model().spans():
            if span.rows > 1:
                self.setSpan(span.row, span.column, span.rows, 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        self._paint_drop_preview(painter)
        self._paint_now_line(painter)
        self._painted = True

    def _paint_drop_preview(self, painter: QPainter) -> None:
        if self._drop_preview is None:
            return
        from PySide6.QtCore import Qt  # while dragging only (see frontdesk/ui/first_paint.py)

        row, column, rows = self._drop_preview
        last = min(row + rows, self.board_model().rowCount()) - 1
        top = self.rowViewportPosition(row)
        bottom = self.rowViewportPosition(last) + self.rowHeight(last)
        rect = QRect(self.columnViewportPosition(column) + 2, top + 1, self.columnWidth(column) - 4, bottom - top - 2)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 4, 4)

    def _paint_now_line(self, painter: QPainter) -> None:
        """Bold across free slots, faint across blocks (so it never strikes out a patient's name)."""
        y = self.now_line_y()
        if y is None:
            return
        model = self.board_model()
        row = self.rowAt(y)
        colour = QColor(NOW_LINE_COLOUR)
        faint = copy(colour)
        faint.setAlphaF(0.35)
        for column in range(model.columnCount()):
            left, width = self.columnViewportPosition(column), self.columnWidth(column)
            busy = model.appointment_at(row, column) is not None
            fill(painter, QRect(left, y, width, 1) if busy else QRect(left, y - 1, width, 2), faint if busy else colour)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dot = QPainterPath()
        dot.addEllipse(QRectF(QPointF(0, y - 4), QPointF(8, y + 4)))
        fill_path(painter, dot, colour)

    def prepare(self, board: DayBoard) -> int:
        """Draw the blocks of `board`, a day not shown (the next or the previous one), at the sizes this view
        gives them today, so that showing it copies pictures instead of laying out every name. Only where
        it has as many chairs as the day shown (its columns are then as wide). Returns the blocks drawn."""
        if len(board.chairs) != self.board_model().columnCount():
            return 0
        ahead = ChairBoardModel()
        ahead.set_board(board)
        row_height = self.verticalHeader().defaultSectionSize()  # rows are all this high (Fixed)
        blocks = []
        for span in ahead.spans():
            cell = ahead.paint_cell(span.row, span.column)
            if isinstance(cell, BlockCell):
                blocks.append((cell.appointment, cell.status,
                               QSize(self.columnWidth(span.column), row_height * span.rows)))
        delegate = self.itemDelegate()
        assert isinstance(delegate, ChairBoardDelegate)
        return delegate.prepare_blocks(blocks, self.viewport().devicePixelRatioF())

    def now_line_y(self) -> int | None:
        """Viewport y of the current-time line, None when now is not on the board."""
        if self._now is None:
            return None
        board = self.board_model().board
        rows = self.board_model().row_of_time(self._now) if board and board.day == self._now.date() else None
        if rows is None:
            return None
        row = min(int(rows), self.board_model().rowCount() - 1)
        return self.rowViewportPosition(row) + round(self.rowHeight(row) * (rows - row))

    def scroll_to_time(self, moment: dt.datetime) -> None:
        """Bring `moment` into view with the blocks running then shown from their start (within reason)."""
        model = self.board_model()
        rows = model.row_of_time(moment)
        if rows is None or model.board is None:
            return
        hour = 60 // max(1, model.board.slot_minutes)
        running = [s.row for s in model.spans() if s.row <= rows < s.row + s.rows]
        visible_rows = max(4, self.viewport().height() // max(1, self.rowHeight(0)))
        first = min([int(rows) - hour, *running])
        first = max(first, int(rows) - visible_rows // 2)  # keep the now-line in the upper half
        self.verticalScrollBar().setValue(self.rowViewportPosition(max(0, first)) + self.verticalScrollBar().value())

    # --- selection ----------------------------------------------------------------------------------

    def selected_appointment(self) -> Appointment | None:
        index = self.currentIndex()
        return self.board_model().appointment_at(index.row(), index.column()) if index.isValid() else None

    def select_appointment(self, appointment_id: int) -> bool:
        span = self.board_model().span_of(appointment_id)
        if span is None:
            return False
        index = self.board_model().index(span.row, span.column)
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        return True

    def select_cell(self, row: int, column: int) -> None:
        """Select a slot; a cell inside a block selects the block, from its first cell, as a click does
        (the block is drawn from that cell, and so is its highlight)."""
        appointment = self.board_model().appointment_at(row, column)
        if appointment is not None and self.select_appointment(appointment.id):
            return
        index = self.board_model().index(row, column)
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        appointment = self.board_model().appointment_at(current.row(), current.column()) if current.isValid() else None
        self.appointment_selected.emit(appointment)

    # --- keyboard and mouse -------------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        """The board gaining focus with no cursor yet puts one in the first chair at the top of what is in
        view (Qt would take the day's first cell, and the first arrow key would scroll the board away from
        the time shown). Its appointment is current then, but nobody picked it (`focus_landing` says so).
        Not for a click (the click picks the cell), which cannot come before the board is painted: its
        reason is not read before then (an enum of the `Qt` namespace, see frontdesk/ui/first_paint.py)."""
        self.focus_landing = not self.currentIndex().isValid()
        try:
            if self.focus_landing and not (self._painted and _by_mouse(event)):
                self._land_in_view()
            super().focusInEvent(event)
        finally:
            self.focus_landing = False

    def _land_in_view(self) -> None:
        row = self.rowAt(0)
        if row >= 0 and self.rowViewportPosition(row) < 0 and row + 1 < self.model().rowCount():
            row += 1  # the top row is half under the header: the first whole one
        if row < 0 or self.model().columnCount() == 0:
            return
        scrolls = self.hasAutoScroll()
        self.setAutoScroll(False)  # the cursor lands where the eye is; the board stays where it is
        try:
            landing = self.model().index(row, 0)
            self.selectionModel().setCurrentIndex(landing, QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self.setAutoScroll(scrolls)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # Ctrl+Enter is "Next step": it reaches the board only while that step cannot be recorded,
            # and must not open the block as plain Enter does.
            index = self.currentIndex()
            at_cursor = self.board_model().appointment_at(index.row(), index.column()) if index.isValid() else None
            self.step_refused.emit(self.selected_appointment() or at_cursor)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
        elif key == Qt.Key.Key_Delete and self.selected_appointment() is not None:
            self.cancel_requested.emit(self.selected_appointment())
        else:
            moves = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageUp,
                     Qt.Key.Key_PageDown)
            if key in moves and not self.currentIndex().isValid() and self.hasFocus():
                # A new day shown while the board had the keys leaves no cursor: the first arrow starts where
                # the eye is, as when the board gains focus (Qt would start at the day's first cell, 08:00).
                self._land_in_view()
            super().keyPressEvent(event)

    def _activate(self, index: QModelIndex) -> None:
        model = self.board_model()
        appointment = model.appointment_at(index.row(), index.column())
        if appointment is not None:
            self.appointment_activated.emit(appointment)
            return
        chair, slot = model.chair_at(index.column()), model.slot_at(index.row())
        if chair is not None and slot is not None:
            self.free_slot_activated.emit(chair.id, slot)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember which row of a block was grabbed, so a drop keeps the block under the pointer."""
        row = self.rowAt(int(event.position().y()))
        column = self.columnAt(int(event.position().x()))
        appointment = self.board_model().appointment_at(row, column)
        span = self.board_model().span_of(appointment) if appointment else None
        self._grab_offset = row - span.row if span else 0
        super().mousePressEvent(event)

    def dragMoveEvent(self, event: QDropEvent) -> None:
        """Autoscroll as usual, and outline where the dragged block would land."""
        if not event.mimeData().hasFormat(APPOINTMENT_MIME):
            event.ignore()
            return
        super().dragMoveEvent(event)
        from PySide6.QtCore import Qt

        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self._drop_preview = self._landing(event)
        self.viewport().update()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self._drop_preview = None
        self.viewport().update()

    def _landing(self, event: QDropEvent) -> tuple[int, int, int] | None:
        """(first row, column, rows) the dragged block would take if dropped here."""
        appointment_id = _dragged_id(event)
        span = self.board_model().span_of(appointment_id) if appointment_id is not None else None
        position = event.position().toPoint()
        row, column = self.rowAt(position.y()) - self._grab_offset, self.columnAt(position.x())
        if span is None or column < 0 or self.rowAt(position.y()) < 0:
            return None
        return max(0, row), column, span.rows

    def dropEvent(self, event: QDropEvent) -> None:
        """A block dropped on the board asks to move there; the window calls the service."""
        if not event.mimeData().hasFormat(APPOINTMENT_MIME):
            event.ignore()
            return
        appointment_id = _dragged_id(event)
        self._drop_preview = None
        self.viewport().update()
        if appointment_id is None:
            event.ignore()
            return
        position = event.position().toPoint()
        row = max(0, self.rowAt(position.y()) - self._grab_offset)
        chair = self.board_model().chair_at(self.columnAt(position.x()))
        slot = self.board_model().slot_at(row)
        # Copy, not move: the view must not clear the source cells; the refreshed board redraws it.
        from PySide6.QtCore import Qt

        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self._grab_offset = 0
        span = self.board_model().span_of(appointment_id)
        unchanged = span is not None and (span.row, span.column) == (row, self.columnAt(position.x()))
        if chair is not None and slot is not None and not unchanged:
            self.appointment_dropped.emit(appointment_id, chair.id, slot)


def _by_mouse(event: QFocusEvent) -> bool:
    from PySide6.QtCore import Qt

    return event.reason() == Qt.FocusReason.MouseFocusReason


def _dragged_id(event: QDropEvent) -> int | None:
    raw = bytes(event.mimeData().data(APPOINTMENT_MIME).data()).decode()
    return int(raw) if raw.isdigit() else None
