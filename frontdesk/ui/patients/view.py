"""The results table: arrows move, Enter or a double-click opens the patient."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from frontdesk.ui.patients.results_model import COLUMNS, PatientResultsModel
from frontdesk.ui.viewports import use_own_viewport

PHONE_COLUMN = COLUMNS.index("Phone")


class PatientResultsView(QTableView):
    """Search results; `open_requested(patient_id)` when the desk opens one."""

    open_requested = Signal(int)
    left_at_top = Signal()  # Up on the first row: back to whatever feeds the list (the search box)

    def __init__(self, model: PatientResultsModel) -> None:
        super().__init__()
        use_own_viewport(self)  # not Qt's own: see frontdesk/ui/viewports.py
        self.setObjectName("patientResults")
        self.setAccessibleName("Patients found")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(self._open_index)
        self._title_widths: dict[int, int] = {}
        self.phone_first = False  # the search was a phone number's: see fit_columns
        model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        """In a narrow panel the columns that do not fit are hidden from the right (chart first, then the
        next appointment…), so nothing is cut in half and there is no sideways scrolling; the name stays.
        After a phone search the phone goes before the date of birth: at the panel's usual 300 px the
        phone was the one hidden, and two patients sharing a number's end could not be told apart."""
        available, used = self.viewport().width(), 0
        for column in self._by_priority():
            used += max(self.sizeHintForColumn(column), self._title_width(column))
            hide = column > 0 and used > available
            if hide != self.isColumnHidden(column):  # only real changes: each one lays the view out again
                self.setColumnHidden(column, hide)

    def _by_priority(self) -> list[int]:
        columns = list(range(self.results_model().columnCount()))
        if self.phone_first and PHONE_COLUMN in columns:
            columns.remove(PHONE_COLUMN)
            columns.insert(1, PHONE_COLUMN)
        return columns

    def _title_width(self, column: int) -> int:
        """The column title's width, remembered: a hidden section's own size hint is 0."""
        if not self.isColumnHidden(column):
            self._title_widths[column] = self.horizontalHeader().sectionSizeHint(column)
        return self._title_widths.get(column, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns()

    def results_model(self) -> PatientResultsModel:
        model = self.model()
        assert isinstance(model, PatientResultsModel)
        return model

    def select_row(self, row: int) -> None:
        if 0 <= row < self.results_model().rowCount():
            self.setCurrentIndex(self.results_model().index(row, 0))
            self.selectRow(row)

    def current_patient_id(self) -> int | None:
        row = self.currentIndex().row() if self.currentIndex().isValid() else 0
        patient = self.results_model().patient_at(row)
        return patient.id if patient else None

    def open_current(self) -> None:
        patient_id = self.current_patient_id()
        if patient_id is not None:
            self.open_requested.emit(patient_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return
        if event.key() == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.left_at_top.emit()
            return
        super().keyPressEvent(event)

    def _open_index(self, index: QModelIndex) -> None:
        patient = self.results_model().patient_at(index.row())
        if patient:
            self.open_requested.emit(patient.id)
