"""Blocked times: holidays, lunch, a chair out of service for a while. Nothing can be booked into them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules.clock import now_local
from frontdesk.services import booking, clinic_settings
from frontdesk.ui.fields import DateTimeField
from frontdesk.ui.forms import DATE_FORMAT, confirm_step
from frontdesk.values import Actor

# The kinds of blocked time, as the form offers them; the list shows the words before the bracket.
KIND_LABELS = {"closed": "Closed (holiday)", "lunch": "Lunch", "out_of_service": "Out of service",
               "prescriber_away": "Prescriber away (esketamine warned)"}


class BlocksPage(QWidget):
    """Blocked times: holidays, lunch, a chair out of service for a while. Nothing can be booked into them."""

    reported = Signal(str)  # "✔ …" after a change, "✖ …" when refused

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self.block_table = QTableWidget(0, 5, objectName="settingsBlocks")
        self.block_table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move inside
        self.block_table.setAccessibleName("Blocked times")
        self.block_table.setHorizontalHeaderLabels(("Where", "What", "From", "To", "Why"))
        self.block_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.block_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.block_where = QComboBox(objectName="blockWhere")
        self.fill_chairs()
        self.block_kind = QComboBox(objectName="blockKind")
        for kind, label in KIND_LABELS.items():
            self.block_kind.addItem(label, kind)
        start = now_local(clinic_settings.profile().tz).replace(hour=12, minute=0, second=0, tzinfo=None)
        self.block_from = DateTimeField(QDateTime(start), objectName="blockFrom", calendarPopup=True,
                                        displayFormat=f"{DATE_FORMAT} HH:mm")
        self.block_to = DateTimeField(QDateTime(start + dt.timedelta(hours=1)), objectName="blockTo",
                                      calendarPopup=True, displayFormat=f"{DATE_FORMAT} HH:mm")
        self.block_reason = QLineEdit(objectName="blockReason")
        self.block_reason.returnPressed.connect(self.add_block)  # the form's last field: Enter blocks the time
        add = QPushButton("Bloc&k this time", objectName="blockAdd")
        add.clicked.connect(self.add_block)
        remove = QPushButton("&Remove selected block", objectName="blockRemove")
        remove.clicked.connect(self.remove_block)
        form = QFormLayout()
        for label, widget in (("Where", self.block_where), ("What", self.block_kind), ("From", self.block_from),
                              ("To", self.block_to), ("Reason", self.block_reason)):
            form.addRow(label, widget)
        layout = QVBoxLayout()
        layout.addWidget(QLabel("Nothing can be booked into a blocked time; bookings already there stay."))
        layout.addWidget(self.block_table)
        layout.addWidget(remove)
        layout.addLayout(form)
        layout.addWidget(add)
        self._fill_blocks()
        self.setLayout(layout)

    def fill_chairs(self) -> None:
        """The places a block can hold, as the chairs are now (the settings' Chairs tab may have renamed,
        added or taken one out of service meanwhile); the one chosen stays chosen."""
        chosen = self.block_where.currentData()
        self.block_where.clear()
        self.block_where.addItem("Whole clinic", None)
        for chair in booking.chairs():
            self.block_where.addItem(chair.name + ("" if chair.in_service else " (out of service)"), chair.id)
        self.block_where.setCurrentIndex(max(0, self.block_where.findData(chosen)))

    def showEvent(self, event: QShowEvent) -> None:
        self.fill_chairs()
        self._fill_blocks()  # the chairs' names in the list, too
        super().showEvent(event)

    def _fill_blocks(self) -> None:
        today = now_local(clinic_settings.profile().tz).date()
        self._blocks = clinic_settings.upcoming_blocks(today)
        names = {c.id: c.name for c in booking.chairs()}
        self.block_table.setRowCount(len(self._blocks))
        for row, block in enumerate(self._blocks):
            where = names.get(block.chair_id, "?") if block.chair_id else "Whole clinic"
            what = KIND_LABELS.get(block.kind, block.kind.replace("_", " ")).split(" (")[0]  # "Prescriber away"
            cells = (where, what, f"{block.start:%a %d %b %Y %H:%M}", f"{block.end:%a %d %b %Y %H:%M}",
                     block.reason or "")
            for column, text in enumerate(cells):
                self.block_table.setItem(row, column, QTableWidgetItem(text))
        self.block_table.resizeColumnsToContents()

    def add_block(self) -> None:
        ends = self.block_to.dateTime().toPython()
        if ends <= now_local(clinic_settings.profile().tz).replace(tzinfo=None):  # it would block nothing
            self.reported.emit(f"✖ That time has passed (it ends {ends:%a %d %b %Y %H:%M}): a blocked time keeps "
                               "bookings out of times to come; check the dates")
            return
        try:
            clinic_settings.add_block(self.block_where.currentData(), self.block_from.dateTime().toPython(),
                                      self.block_to.dateTime().toPython(), str(self.block_kind.currentData()),
                                      self.block_reason.text(), self._actor)
        except (ValueError, PermissionError) as exc:
            self.reported.emit(f"✖ {exc}")
            return
        self.reported.emit("✔ Blocked")
        self._fill_blocks()

    def remove_block(self) -> None:
        """The blocked time picked in the list, once the desk has said yes to it, named (a whole clinic's
        holiday went at one click, with nothing asked)."""
        row = self.block_table.currentRow()
        if not 0 <= row < len(self._blocks) or not self.block_table.selectionModel().hasSelection():
            self.reported.emit("✖ Pick the blocked time to remove in the list above")
            return
        if not self._sure_to_remove(row):
            return
        try:
            clinic_settings.remove_block(self._blocks[row].id, self._actor)
        except (ValueError, PermissionError) as exc:  # removed at another desk meanwhile; not permitted
            self.reported.emit(f"✖ {exc}")
            self._fill_blocks()
            return
        self.reported.emit("✔ Block removed")
        self._fill_blocks()

    def _sure_to_remove(self, row: int) -> bool:
        shown = " · ".join(text for text in (self.block_table.item(row, column).text() for column in range(5)) if text)
        return confirm_step(self, "Remove blocked time",
                            f"Remove this blocked time?\n\n{shown}\n\nBookings can be made in it again.",
                            "removeBlockQuestion", "Remove", "Keep it")
