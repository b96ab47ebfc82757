"""What the desk does to appointments from the board: move, next day-of step, no-show, cancel, book.

Each action calls the booking service with the acting user, shows a refusal as the service words it,
and announces `board_changed` so the window reads the day again. The dialogs are replaceable hooks:
by default the booking screen's dialogs (loaded when first used, so start-up stays light).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.services import booking, schedule
from frontdesk.values import Actor, Appointment

AskBooking = Callable[[QWidget, Actor, int | None, dt.datetime | None], int | None]
AskCancel = Callable[[QWidget, Actor, Appointment], list[int] | None]


def booking_dialog(parent: QWidget, actor: Actor, chair_id: int | None, start: dt.datetime | None) -> int | None:
    """The booking screen's dialog, preset to the chosen chair and slot; the new appointment's id."""
    from frontdesk.ui.booking.booking_dialog import BookingDialog  # loaded when first used, not at start-up

    return BookingDialog.ask(parent, actor, start=start, chair_id=chair_id)


def cancel_dialog(parent: QWidget, actor: Actor, appointment: Appointment) -> list[int] | None:
    """The booking screen's cancel dialog (who, why, this or the following); the ids it cancelled."""
    from frontdesk.ui.booking.cancel_dialog import CancelDialog

    return CancelDialog.ask(appointment.id, parent, actor)


class BoardActions(QObject):
    """The board's write actions, for whoever is signed in (`actor_of()`)."""

    board_changed = Signal(object)  # the appointment id to keep selected, or None
    message = Signal(str)  # a short note for the status bar

    def __init__(self, parent: QWidget, actor_of: Callable[[], Actor]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._actor_of = actor_of
        self.ask_booking: AskBooking = booking_dialog
        self.ask_cancel: AskCancel = cancel_dialog

    def book_at(self, chair_id: int | None, start: dt.datetime | None) -> None:
        """Book, preset to a free slot when one is chosen; the new block is selected afterwards."""
        booked = self.ask_booking(self._parent, self._actor_of(), chair_id, start)
        if booked is not None:
            self.message.emit("Booked.")
            self.board_changed.emit(booked)

    def move(self, appointment_id: int, chair_id: int, start: dt.datetime) -> bool:
        """Move (drag and drop, or cut and paste); a soft limit asks before overriding, a hard rule refuses."""
        def attempt(override: bool) -> None:
            booking.move(appointment_id, chair_id, start, self._actor_of(), override=override)

        if not self._run(lambda: attempt(False), "Cannot move the appointment", soft=lambda: attempt(True)):
            return False
        self.message.emit(f"Moved to {start:%a %d %b %H:%M}.")
        self.board_changed.emit(appointment_id)
        return True

    def advance(self, appointment: Appointment) -> None:
        """The next day-of step: arrived → in chair → recovery → discharged."""
        if self._run(lambda: booking.advance(appointment.id, self._actor_of()), "Cannot record the step"):
            self.board_changed.emit(appointment.id)

    def no_show(self, appointment: Appointment) -> None:
        if self._run(lambda: booking.mark_no_show(appointment.id, self._actor_of()), "Cannot mark a no-show"):
            self.message.emit(f"{appointment.patient_name}: no-show recorded.")
            self.board_changed.emit(None)
            self._offer_waiting_list(appointment)

    def cancel(self, appointment: Appointment) -> None:
        """Cancel after confirmation; the block leaves the board (the patient's history keeps it)."""
        if appointment.outcome is not None or appointment.flow != "booked":
            self._refuse("Cannot cancel the appointment", f"{appointment.patient_name} has already "
                         "started or finished this appointment; it can no longer be cancelled.")
            return
        cancelled = self.ask_cancel(self._parent, self._actor_of(), appointment)
        if cancelled:
            self.message.emit(f"Cancelled {len(cancelled)} appointment(s) of {appointment.patient_name}.")
            self.board_changed.emit(None)
            self._offer_waiting_list(appointment)

    def _offer_waiting_list(self, freed: Appointment) -> None:
        """Tell the desk who on the waiting list fits the chair time just freed (series slipping first)."""
        try:
            fits = schedule.waiting_list_fits(freed.id)
        except ValueError:
            return
        if not fits:
            return
        names = "\n".join(f"• {f.entry.patient_name} ({f.entry.type_name}): {f.reason}" for f in fits[:8])
        box = QMessageBox(QMessageBox.Icon.Information, "Waiting list",
                          f"{freed.chair_name or 'The office'} is free {freed.start:%a %d %b %H:%M}–{freed.end:%H:%M}."
                          f"\n\nOn the waiting list and fitting:\n{names}", QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("waitingListFits")
        box.exec()

    def _run(self, call: Callable[[], object], title: str, soft: Callable[[], object] | None = None) -> bool:
        """Run a service call; show its refusal; offer the override of a soft limit. True when done."""
        try:
            call()
            return True
        except booking.SoftLimitWarning as warning:
            if soft is None or not self._confirm_override(str(warning)):
                return False
            return self._run(soft, title)
        except (booking.BookingConflict, ValueError, PermissionError) as refusal:
            self._refuse(title, str(refusal))
            return False

    def _confirm_override(self, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "Over a limit", f"{text}\n\nDo it anyway? The override is "
                          "recorded with your name.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self._parent)
        box.setObjectName("overrideQuestion")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _refuse(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("refusalMessage")
        box.exec()
