"""Likely duplicates of a new patient, shown before it is saved."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.services.patients import PatientSummary
from frontdesk.ui.forms import size_to_screen
from frontdesk.ui.patients.results_model import PatientResultsModel
from frontdesk.ui.patients.view import PatientResultsView


class DuplicatesDialog(QDialog):
    """`ask` returns an existing patient's id to open, SAVE_NEW to add anyway, or None to go back."""

    SAVE_NEW = -1

    def __init__(self, parent: QWidget | None, found: list[PatientSummary]) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle("Possible duplicates")
        self.choice: int | None = None
        self.model = PatientResultsModel(self)
        self.model.set_rows(found)
        self.view = PatientResultsView(self.model)
        self.view.setObjectName("duplicateResults")
        self.view.select_row(0)
        self.view.open_requested.connect(self._choose)
        open_button = QPushButton("&Open selected")
        open_button.setObjectName("openDuplicateButton")
        open_button.setDefault(True)
        open_button.clicked.connect(self.view.open_current)
        new_button = QPushButton("&Save as a new patient")
        new_button.setObjectName("saveNewAnywayButton")
        new_button.clicked.connect(lambda: self._choose(self.SAVE_NEW))
        back = QPushButton("Back")
        back.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(new_button)
        buttons.addStretch()
        buttons.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(found)} existing record(s) have the same name and date of birth, "
                                "or a same phone. Is this one of them?"))
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        size_to_screen(self, 720, 320)

    def _choose(self, choice: int) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, found: list[PatientSummary]) -> int | None:
        dialog = cls(parent, found)
        dialog.exec()
        return dialog.choice
