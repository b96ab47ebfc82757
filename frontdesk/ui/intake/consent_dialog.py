"""Recording a signed consent: which form, who signed, when, and a typed signature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from frontdesk.rules.readiness import CONSENT_FORMS
from frontdesk.ui.forms import date_edit
from frontdesk.ui.intake.signature_pad import SignaturePad


@dataclass(frozen=True)
class ConsentEntry:
    form: str
    signer: str
    signed_on: dt.date
    signature: str


class ConsentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None, signer: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle("Record consent")
        self.form_box = QComboBox()
        self.form_box.setObjectName("consentForm")
        for code, label in CONSENT_FORMS.items():
            self.form_box.addItem(label, code)
        self.signer = QLineEdit(signer)
        self.signer.setObjectName("consentSigner")
        self.signature = QLineEdit()
        self.signature.setObjectName("consentSignature")
        self.signature.setPlaceholderText("Typed signature")
        self.date_edit = date_edit("consentDate")
        day = today or dt.date.today()
        self.date_edit.setMaximumDate(QDate(day.year, day.month, day.day))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Form", self.form_box)
        form.addRow("&Signed by", self.signer)
        form.addRow("S&ignature (typed)", self.signature)
        self.pad = SignaturePad()
        clear = QPushButton("C&lear")
        clear.clicked.connect(self.pad.clear)
        pad_row = QHBoxLayout()
        pad_row.addWidget(self.pad)
        pad_row.addWidget(clear)
        drawn = QLabel("or d&rawn")  # a pad beside a button is a row of two: the label names the pad itself
        drawn.setBuddy(self.pad)
        form.addRow(drawn, pad_row)
        form.addRow("&Date", self.date_edit)
        self.needs = QLabel(objectName="consentNeeds")
        form.addRow(self.needs)
        form.addRow(self.buttons)
        for changed in (self.signer.textChanged, self.signature.textChanged, self.pad.changed):
            changed.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        """OK once the form says who signed and carries a signature, typed or drawn: with the signer's
        name filled in ahead, Enter recorded a consent nobody had signed."""
        missing = [what for what, there in (("who signed", self.signer.text().strip()),
                                             ("a signature, typed or drawn",
                                              self.signature.text().strip() or not self.pad.is_empty())) if not there]
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)
        self.needs.setText(f"Still needed: {' and '.join(missing)}" if missing else "")

    def entry(self) -> ConsentEntry:
        drawn = "" if self.pad.is_empty() else f"svg:{self.pad.svg_path()}"
        return ConsentEntry(str(self.form_box.currentData()), self.signer.text().strip(),
                            self.date_edit.date().toPython(), drawn or self.signature.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None = None, today: dt.date | None = None, signer: str = "") -> ConsentEntry | None:
        dialog = cls(parent, today, signer)
        return dialog.entry() if dialog.exec() == QDialog.DialogCode.Accepted else None
