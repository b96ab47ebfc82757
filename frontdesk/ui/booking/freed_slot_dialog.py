"""After a cancellation: who on the waiting list fits the freed chair time (slipping series first)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from frontdesk.services import booking
from frontdesk.ui.forms import confirm_buttons, size_to_screen, stack
from frontdesk.values import SYSTEM_ACTOR, Actor


class FreedSlotDialog(QDialog):
    """Lists the fits; "Book" opens the booking dialog for the chosen one and takes them off the list."""

    def __init__(self, appointment_id: int, fits: list[booking.WaitlistFit], actor: Actor = SYSTEM_ACTOR,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("freedSlotDialog")
        self.setWindowTitle("Freed chair time")
        self._actor, self._fits = actor, fits
        self.booked_id: int | None = None
        first = fits[0]
        header = QLabel(f"{first.start:%a %d %b %H:%M} is free again. From the waiting list, these fit:")
        self.list = QListWidget(objectName="freedSlotFits")
        self.list.setAccessibleName("Waiting-list patients who fit")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)  # a long name and type wrap, not cut mid-date
        for fit in fits:
            self.list.addItem(QListWidgetItem(f"{fit.entry.patient_name} — {fit.entry.type_name} ({fit.reason})"))
        self.list.setCurrentRow(0)
        self.list.doubleClicked.connect(self.book_chosen)
        buttons, _ = confirm_buttons(self, "Book…", self.book_chosen, dismiss=QDialogButtonBox.StandardButton.Close)
        stack(self, header, self.list, buttons)
        size_to_screen(self, 560, 320)

    @classmethod
    def offer(cls, appointment_id: int, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR) -> int | None:
        """Show the fits for a cancelled appointment, if any; the id booked from the list, or None."""
        fits = booking.who_fits(appointment_id)
        if not fits:
            return None
        dialog = cls(appointment_id, fits, actor, parent)
        return dialog.booked_id if dialog.exec() == QDialog.DialogCode.Accepted else None

    def book_chosen(self) -> None:
        from frontdesk.ui.booking.booking_dialog import BookingDialog

        row = self.list.currentRow()
        if not 0 <= row < len(self._fits):
            return
        fit = self._fits[row]
        kind = booking.resolve_type(fit.entry.type_id, retired_too=True)  # a retired one: the dialog says so
        booked = BookingDialog.ask(self, self._actor, start=fit.start.replace(tzinfo=None), chair_id=fit.chair_id,
                                   type_code=kind.code, patient_id=fit.entry.patient_id)
        if booked is not None:
            booking.remove_from_waitlist(fit.entry.id, self._actor)
            self.booked_id = booked
            self.accept()
