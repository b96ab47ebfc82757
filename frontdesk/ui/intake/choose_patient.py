"""Which patient's intake to open from the Intake menu: found by typing, as in the patient box."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from frontdesk.services import booking
from frontdesk.ui.forms import confirm_buttons, stack
from frontdesk.ui.patients.picker import PatientPicker
from frontdesk.values import Actor


class ChoosePatientDialog(QDialog):
    """A search box over the matching patients (name, chart number, phone or birth date); Open takes
    the one selected. Opens on the patient selected on the board or in the patient panel, if any."""

    def __init__(self, actor: Actor, parent: QWidget | None = None, *, selected: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choosePatientDialog")
        self.setWindowTitle("Patient intake")
        self.picker = PatientPicker(actor, self)
        if selected is not None:
            self.picker.preset(selected, booking.patient_label(selected))
        buttons, self.open_button = confirm_buttons(self, "Open intake", self._open, "openIntakeButton")
        self.open_button.setEnabled(self.picker.patient_id() is not None)
        self.picker.patient_chosen.connect(lambda _: self.open_button.setEnabled(True))
        stack(self, QLabel("Whose intake? Type a name, chart number, phone or birth date."), self.picker, buttons)
        self.picker.search.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, actor: Actor, selected: int | None = None) -> int | None:
        dialog = cls(actor, parent, selected=selected)
        return dialog.picker.patient_id() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _open(self) -> None:
        if self.picker.patient_id() is not None:
            self.accept()
