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

from frontdesk.rules.contact_card import Reach
from frontdesk.services import booking
from frontdesk.ui.booking.waitlist_dialog import reach_words
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
        freed = booking.find_appointment(appointment_id)
        where = f" in {freed.chair_name}" if freed is not None and freed.chair_name else ""
        header = QLabel(f"{first.start:%a %d %b %H:%M}{where} is free again. From the waiting list, these fit:")
        header.setObjectName("freedSlotHeader")
        header.setWordWrap(True)
        self.list = QListWidget(objectName="freedSlotFits")
        self.list.setAccessibleName("Waiting-list patients who fit")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)  # a long name and type wrap, not cut mid-date
        self.list.setSpacing(4)  # each patient a few lines: kept apart
        reach = booking.how_to_reach([fit.entry.patient_id for fit in fits])
        for fit in fits:
            # What the Waiting list tab shows of them too: their note ("after 14:00 only") and how to call them.
            lines = [f"{fit.entry.patient_name} — {fit.entry.type_name} ({fit.reason})",
                     f"Note: {fit.entry.note}" if fit.entry.note.strip() else "",
                     reach_words(reach.get(fit.entry.patient_id, Reach(None)))]
            self.list.addItem(QListWidgetItem("\n".join(line for line in lines if line)))
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
            # Only the patient booked leaves the list: the one picked may have declined on the phone and the
            # desk booked someone else; an entry taken off at another desk meanwhile is simply gone.
            booking.settle_waitlist_entry(fit.entry.id, fit.entry.patient_id, booked, self._actor)
            self.booked_id = booked
            self.accept()
