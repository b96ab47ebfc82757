"""The "needs attention today" list: flags and missing items of today's patients, urgent first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import intake as service
from frontdesk.services.schedule import next_open_day
from frontdesk.ui.forms import date_edit
from frontdesk.ui.intake.attention_model import AttentionTableModel, PatientIdRole
from frontdesk.values import Actor

# Column -> the most characters it is given before its words are cut ("…"; the tooltip has them all).
CAPPED_COLUMNS = {"Phone": 56, "Flags": 34, "Whom to tell": 32}


class NeedsAttentionWidget(QWidget):
    """Shows today's list; double-click (or Enter on "Open") opens the patient's intake."""

    patient_opened = Signal(int)

    def __init__(self, actor: Actor, day: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsAttention")
        self.actor = actor
        self.day = day or service.today()
        self.title = QLabel()
        self.title.setObjectName("needsAttentionTitle")
        self.model = AttentionTableModel(self)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move inside
        self.view.setObjectName("attentionList")
        self.view.setAccessibleName("Needs attention today")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)  # one line a patient; a cut cell shows its whole text as a tooltip
        self.view.activated.connect(lambda index: self._open(index.row()))  # Enter or a double-click
        self.date_edit = date_edit("attentionDate", self.day)
        self.date_edit.setAccessibleName("Day to check")
        self.date_edit.dateChanged.connect(lambda date: self.show_day(date.toPython()))
        tomorrow = QPushButton("&Next open day (call ahead)")
        tomorrow.setObjectName("attentionTomorrow")
        tomorrow.setToolTip("The clinic's next open day (Monday's patients, on a Friday)")
        tomorrow.clicked.connect(lambda: self.show_day(next_open_day(service.today())))
        refresh = QPushButton("&Refresh")
        refresh.clicked.connect(self.reload)
        open_button = QPushButton("&Open patient intake")
        open_button.setObjectName("openPatientIntake")
        open_button.clicked.connect(lambda: self._open(self.view.currentIndex().row()))
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch()
        bar.addWidget(self.date_edit)
        bar.addWidget(tomorrow)
        bar.addWidget(open_button)
        bar.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.reload()

    def show_day(self, day: dt.date) -> None:
        self.day = day
        if self.date_edit.date().toPython() != day:
            self.date_edit.setDate(QDate(day.year, day.month, day.day))  # emits dateChanged -> show_day
            return
        self.reload()

    def reload(self) -> None:
        rows = service.needs_attention(self.actor, self.day)
        self.model.set_rows(rows)
        self._fit_columns()
        urgent = sum(1 for r in rows if r.urgent)
        self.title.setText(f"Needs attention {self.day:%a %d %b}: {len(rows)} patients, {urgent} urgent")
        self.setAccessibleDescription(self.title.text())

    def _fit_columns(self) -> None:
        """Each column as wide as its words, but the long ones (phone and how to reach, flags, whom to
        tell) capped, so what is still missing, the reason to call, stays in view at the right."""
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for name, cap in CAPPED_COLUMNS.items():
            column = AttentionTableModel.HEADERS.index(name)
            width = header.fontMetrics().averageCharWidth() * cap
            if header.sectionSize(column) > width:
                header.resizeSection(column, width)

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            patient_id = self.model.index(row, 0).data(PatientIdRole)
            self.patient_opened.emit(int(patient_id))
