"""Choose the duplicate record to merge into the one open: find it, check it, confirm."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.services import patients
from frontdesk.ui.forms import size_to_screen
from frontdesk.ui.patients.results_model import PatientResultsModel
from frontdesk.ui.patients.view import PatientResultsView


class MergeDialog(QDialog):
    """`ask` returns the id of the record to merge away (moved into `keep_id`, then archived)."""

    def __init__(self, parent: QWidget | None, keep_id: int) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Merge a duplicate record")
        self.keep_id = keep_id
        self.chosen: int | None = None
        self.search_box = QLineEdit()
        self.search_box.setObjectName("mergeSearch")
        self.search_box.setAccessibleName("Find the duplicate")
        self.search_box.setPlaceholderText("Name, phone, birth date or chart of the duplicate")
        self.search_box.textChanged.connect(self._search)
        self.model = PatientResultsModel(self)
        self.view = PatientResultsView(self.model)
        self.view.setObjectName("mergeResults")
        self.view.open_requested.connect(self._choose)
        merge = QPushButton("&Merge into the open record")
        merge.setObjectName("confirmMergeButton")
        merge.clicked.connect(self.view.open_current)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(merge)
        buttons.addStretch()
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Its appointments, intake forms, notes and phones move to the open record; "
                                "the duplicate is archived. This is recorded."))
        layout.addWidget(self.search_box)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        size_to_screen(self, 720, 360)

    def _search(self, text: str) -> None:
        found = [p for p in patients.search(text) if p.id != self.keep_id] if text.strip() else []
        self.model.set_rows(found)
        self.view.select_row(0)

    def _choose(self, patient_id: int) -> None:
        self.chosen = patient_id
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, keep_id: int) -> int | None:
        dialog = cls(parent, keep_id)
        dialog.exec()
        return dialog.chosen
