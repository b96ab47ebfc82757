"""Cancel an appointment with a reason: by patient or by clinic, this one or this and the following."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from frontdesk.rules.booking import is_late_cancel
from frontdesk.rules.clock import now_local
from frontdesk.services import booking
from frontdesk.services.schedule import clinic_profile
from frontdesk.ui.forms import confirm_buttons, form, stack
from frontdesk.values import SYSTEM_ACTOR, Actor


@dataclass(frozen=True)
class CancelChoice:
    """What the desk chose, for a caller that cancels itself (the board's `ask_cancel` hook)."""

    by: str  # patient | clinic
    reason: str
    following: bool = False
    make_up: bool = False  # then book a make-up for this series session


class CancelDialog(QDialog):
    """Shows what is being cancelled and whether it counts as late; cancels on confirm."""

    def __init__(self, appointment_id: int, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None, *,
                 write: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("cancelDialog")
        self.setWindowTitle("Cancel appointment")
        self._id, self._actor = appointment_id, actor
        profile = clinic_profile()
        self.appointment = found = booking.appointment(appointment_id)
        self.cancelled_ids: list[int] = []
        self.choice: CancelChoice | None = None
        self._write = write
        self._build(is_late_cancel(found.start, now_local(profile.tz)))

    @classmethod
    def ask(cls, appointment_id: int, parent: QWidget | None = None,
            actor: Actor = SYSTEM_ACTOR) -> list[int] | None:
        """The ids cancelled, or None when the desk keeps the appointment."""
        dialog = cls(appointment_id, actor, parent)
        return dialog.cancelled_ids if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask_choice(cls, parent: QWidget | None, appointment_id: int) -> CancelChoice | None:
        """Who cancelled, why and how far, without cancelling (the caller does it)."""
        dialog = cls(appointment_id, SYSTEM_ACTOR, parent, write=False)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _build(self, late: bool) -> None:
        a = self.appointment
        series = f" — session {a.series_label}" if a.series_label else ""
        summary = QLabel(f"{a.patient_name}: {a.type.name}, {a.chair_name or 'office'}, "
                         f"{a.start:%a %d %b %Y %H:%M}{series}")
        summary.setObjectName("cancelSummary")
        self.late_label = QLabel("Late cancellation (within 24 hours of the start)" if late else "")
        self.late_label.setObjectName("cancelLate")
        self.by_patient = QRadioButton("By the &patient")
        self.by_clinic = QRadioButton("By the &clinic")
        self.by_patient.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_patient)
        group.addButton(self.by_clinic)
        self.reason = QLineEdit(objectName="cancelReason")
        self.reason.setAccessibleName("Reason")
        self.following = QCheckBox("Also cancel the &following sessions of this series")
        self.following.setObjectName("cancelFollowing")
        self.following.setVisible(a.series_id is not None)
        self.make_up = QCheckBox(f"Then book a &make-up for session {a.series_label}")
        self.make_up.setObjectName("cancelMakeUp")
        self.make_up.setToolTip("The series keeps its number of sessions: the make-up takes this one's place")
        self.make_up.setVisible(a.series_id is not None)
        self.following.toggled.connect(lambda on: self.make_up.setEnabled(not on))  # a series stopped: none
        self.error = QLabel(objectName="cancelError")
        self.reason.textEdited.connect(lambda _text: self.error.clear())  # "say why…" stayed while one was typed
        buttons, self.confirm = confirm_buttons(self, "Cancel appointment", self._confirm, "cancelConfirm")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Keep it")
        who = QHBoxLayout()
        who.addWidget(self.by_patient)
        who.addWidget(self.by_clinic)
        fields = form(("Cancelled", who), ("&Reason", self.reason))
        stack(self, summary, self.late_label, fields, self.following, self.make_up, self.error, buttons)
        self.reason.setFocus()  # the one thing to type; Alt+P / Alt+C say who cancelled

    def wants_make_up(self) -> bool:
        return self.make_up.isVisible() and self.make_up.isEnabled() and self.make_up.isChecked()

    def _confirm(self) -> None:
        by = "patient" if self.by_patient.isChecked() else "clinic"
        if not self._write:
            if not self.reason.text().strip():
                self.error.setText("✖ reason: say why the appointment is cancelled")
                self.reason.setFocus()
                return
            self.choice = CancelChoice(by, self.reason.text().strip(), self.following.isChecked(),
                                       self.wants_make_up())
            self.accept()
            return
        try:
            self.cancelled_ids = booking.cancel(self._id, by, self.reason.text(), self._actor,
                                                following=self.following.isChecked())
        except booking.BookingError as exc:
            self.error.setText(f"✖ {exc}")
            return
        self.accept()
