"""Which patient's intake to open from the Intake menu: found by typing, as in the patient box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
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
        self.picker.search.installEventFilter(self)  # ahead of the picker's own (the last installed goes first)
        self.picker.search.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the search box with one patient found opens their intake: it only moved to the list,
        and the desk pressed Enter twice (or Down, Enter) for the one name there was. With several found,
        the first Enter still goes to the list, to pick from."""
        if (watched is self.picker.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.picker.results.count() == 1):
            self.picker.results.setCurrentRow(0)
            self._open()
            return True
        return super().eventFilter(watched, event)

    @classmethod
    def ask(cls, parent: QWidget | None, actor: Actor, selected: int | None = None) -> int | None:
        dialog = cls(actor, parent, selected=selected)
        return dialog.picker.patient_id() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _open(self) -> None:
        if self.picker.patient_id() is not None:
            self.accept()
