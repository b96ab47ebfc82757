"""What the desk does to appointments from the board: move, next day-of step, no-show, cancel, book.

Each action calls the booking service with the acting user, shows a refusal as the service words it,
and announces `board_changed` so the window reads the day again. The dialogs are replaceable hooks:
the booking screen sets `ask_booking` and `ask_cancel` to its own dialogs.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from frontdesk.rules.day_board import FLOW_LABELS
from frontdesk.rules.day_of import is_under_way
from frontdesk.values import Actor, Appointment


@dataclass(frozen=True)
class CancelRequest:
    """The answer of a cancel confirmation: who cancelled and why."""

    by: str  # patient | clinic
    reason: str
    following: bool = False  # also the later sessions of its series


T = TypeVar("T")
AskBooking = Callable[[QWidget, int | None, dt.datetime | None], object]
AskCancel = Callable[[QWidget, Appointment], CancelRequest | None]
AskMakeUp = Callable[[QWidget, int], object]  # the missed series session's id -> the make-up booked, or None


def confirm_cancel(parent: QWidget, appointment: Appointment) -> CancelRequest | None:
    """A plain confirmation until the booking screen installs its cancel dialog."""
    return ask_question(
        parent, "cancelConfirmation", "Cancel appointment",
        f"Cancel {appointment.patient_name}'s appointment?\n\n{appointment.type.name}, "
        f"{appointment.start:%a %d %b %H:%M}, {appointment.chair_name or 'office'}",
        [("Cancelled by patient", CancelRequest("patient", "Cancelled by the patient (at the desk)")),
         ("Cancelled by clinic", CancelRequest("clinic", "Cancelled by the clinic (at the desk)"))],
        "Keep appointment", default_first=False)


def ask_question(parent: QWidget, name: str, title: str, text: str, answers: list[tuple[str, T]], keep: str, *,
                 default_first: bool) -> T | None:
    """A question with one button per answer and `keep` (Escape), which answers None."""
    from PySide6.QtWidgets import QMessageBox  # here: loading it builds its enums, which start-up can skip

    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName(name)
    buttons = [(box.addButton(label, QMessageBox.ButtonRole.AcceptRole), value) for label, value in answers]
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[0][0] if default_first else keep_button)
    box.setEscapeButton(keep_button)
    box.exec()
    return next((value for button, value in buttons if button is box.clickedButton()), None)


# Recovery recorded this soon after "in chair" is asked about: a double press (seating a patient the
# moment they arrive is common; ending a treatment seconds after it began is a slip).
AGAIN_WITHIN_S = 3.0

class BoardActions(QObject):
    """The board's write actions, for whoever is signed in (`actor_of()`)."""

    board_changed = Signal(object)  # the appointment id to keep selected, or None
    message = Signal(str)  # a short note for the status bar

    def __init__(self, parent: QWidget, actor_of: Callable[[], Actor]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._actor_of = actor_of
        self.ask_booking: AskBooking | None = None
        self.ask_cancel: AskCancel = confirm_cancel
        self.ask_make_up: AskMakeUp | None = None  # the booking screen's, for a missed series session
        self._last_step: tuple[int, float] | None = None  # (appointment id, when) of the last step recorded

    def book_at(self, chair_id: int | None, start: dt.datetime | None) -> None:
        if self.ask_booking is None:
            self.message.emit("The booking dialog is not installed in this version.")
            return
        booked = self.ask_booking(self._parent, chair_id, start)
        if booked is not None:
            self.board_changed.emit(booked if isinstance(booked, int) else getattr(booked, "id", None))

    def move(self, appointment: Appointment, chair_id: int, start: dt.datetime) -> bool:
        """Move (drag and drop, or cut and paste); a soft limit asks before overriding, a hard rule refuses.

        A series session asks whether the later sessions move by the same shift; they never move silently.
        A patient already here (arrived, in the chair, in recovery) changes chair only, keeping the times.
        """
        if is_under_way(appointment.flow, appointment.outcome):
            return self._change_chair(appointment, chair_id)
        scope = self._ask_series_scope(appointment) if _has_later_sessions(appointment) else "this"
        if scope is None:
            return False
        actor = self._actor_of()

        def attempt(override: bool) -> None:
            from frontdesk.services import booking

            if scope == "following":
                same_chair = chair_id == appointment.chair_id
                booking.move_following(appointment.id, None if same_chair else chair_id, start, actor, override)
            else:
                booking.move(appointment.id, chair_id, start, actor, override=override)

        if not self._run(lambda: attempt(False), "Cannot move the appointment", soft=lambda: attempt(True)):
            return False
        self.message.emit(f"Moved to {start:%a %d %b %H:%M}" + (" with the following sessions." if
                                                                 scope == "following" else "."))
        self.board_changed.emit(appointment.id)
        return True

    def _change_chair(self, appointment: Appointment, chair_id: int) -> bool:
        from frontdesk.services import booking

        moved: list[str] = []
        if not self._run(lambda: moved.append(booking.change_chair(appointment.id, chair_id, self._actor_of()).name),
                         "Cannot change the chair"):
            return False
        self.message.emit(f"{appointment.patient_name} moved to {moved[0]}, same times.")
        self.board_changed.emit(appointment.id)
        return True

    def _ask_series_scope(self, appointment: Appointment) -> str | None:
        """'this', 'following', or None to leave everything where it is."""
        return ask_question(
            self._parent, "seriesScopeQuestion", "Move a series session",
            f"{appointment.patient_name}: session {appointment.series_label} of a series.\n\n"
            "Move only this session, or this one and the following sessions by the same time?",
            [("Only this session", "this"), ("This and the following", "following")], "Don't move",
            default_first=True)

    def advance(self, appointment: Appointment) -> None:
        """The next day-of step: arrived → in chair → recovery → discharged."""
        from frontdesk.rules.day_of import STEP_WORDS, next_step
        from frontdesk.services import booking

        actor = self._actor_of()
        step = next_step(appointment.flow, appointment.outcome)
        if step == "recovery" and self._stepped_a_moment_ago(appointment) and not self._step_again(appointment, step):
            self.message.emit(f"Not done: {appointment.patient_name} stays {FLOW_LABELS[appointment.flow].lower()}.")
            return
        if self._run(lambda: booking.advance(appointment.id, actor), "Cannot record the step",
                     soft=lambda: booking.advance(appointment.id, actor, override=True)):
            self._last_step = (appointment.id, time.monotonic())
            if step in STEP_WORDS:  # said, as Ctrl+Enter leaves the eyes on the board
                self.message.emit(f"{appointment.patient_name} {STEP_WORDS[step]}.")
            self.board_changed.emit(appointment.id)

    def _stepped_a_moment_ago(self, appointment: Appointment) -> bool:
        last = self._last_step
        return last is not None and last[0] == appointment.id and time.monotonic() - last[1] < AGAIN_WITHIN_S

    def _step_again(self, appointment: Appointment, step: str) -> bool:
        """A second step for the same patient within seconds of the first: Ctrl+Enter pressed twice put a
        patient seated a moment ago in recovery (the recovery's start sets the driver's pick-up time)."""
        return ask_question(self._parent, "stepAgainQuestion", "Another step?",
                            f"{appointment.patient_name} was recorded {FLOW_LABELS[appointment.flow].lower()} "
                            f"a moment ago. Record {FLOW_LABELS[step].lower()} as well, now?",
                            [(f"Record {FLOW_LABELS[step].lower()}", True)], "Not now", default_first=False) is True

    def no_show(self, appointment: Appointment) -> bool:
        """Mark a no-show (the block leaves the board); a series session offers its make-up. True when
        recorded."""
        from frontdesk.services import booking

        if not self._run(lambda: booking.mark_no_show(appointment.id, self._actor_of()), "Cannot mark a no-show"):
            return False
        self.message.emit(f"{appointment.patient_name}: no-show recorded.")
        self.board_changed.emit(None)
        if appointment.series_label and self.ask_make_up is not None and self._wants_make_up(appointment):
            self.ask_make_up(self._parent, appointment.id)
        return True

    def undo_step(self, appointment: Appointment) -> None:
        """Take back the last day-of step or the no-show; the status bar says where it stands now."""
        from frontdesk.rules.day_board import FLOW_LABELS
        from frontdesk.services import booking

        back: list[str] = []
        if self._run(lambda: back.append(booking.undo_step(appointment.id, self._actor_of())),
                     "Cannot take the step back"):
            self.message.emit(f"{appointment.patient_name}: back to {FLOW_LABELS[back[0]].lower()}.")
            self.board_changed.emit(appointment.id)

    def _wants_make_up(self, appointment: Appointment) -> bool:
        return bool(ask_question(
            self._parent, "makeUpQuestion", "Missed series session",
            f"{appointment.patient_name} missed session {appointment.series_label} of a series.\n\n"
            "Book a make-up for it now? It takes the missed session's place in the series.",
            [("Book a make-up…", True)], "Not now", default_first=True))

    def cancel(self, appointment: Appointment) -> bool:
        """Cancel after confirmation; the block leaves the board (the patient's history keeps it). True
        when cancelled."""
        request = self.ask_cancel(self._parent, appointment)
        if request is None:
            return False
        from frontdesk.services import booking

        if not self._run(lambda: booking.cancel(appointment.id, request.by, request.reason, self._actor_of(),
                                                following=request.following), "Cannot cancel the appointment"):
            return False
        self.message.emit(f"{appointment.patient_name}'s appointment cancelled.")
        self.board_changed.emit(None)
        return True

    def _run(self, call: Callable[[], object], title: str, soft: Callable[[], object] | None = None) -> bool:
        """Run a service call; show its refusal; offer the override of a soft limit. True when done."""
        from frontdesk.services import booking  # the booking rules load with the first action, not at start-up

        try:
            call()
            return True
        except booking.SoftLimitWarning as warning:
            if soft is None or not self._confirm_override(str(warning)):
                # Said where the step or move would have been said: the board looks the same either way.
                self.message.emit(f"Not done: {str(warning).split(':', 1)[0]}.")
                return False
            return self._run(soft, title)
        except (booking.BookingConflict, ValueError, PermissionError) as refusal:
            self._refuse(title, str(refusal))
            return False

    def _confirm_override(self, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox  # here: see ask_question

        box = QMessageBox(QMessageBox.Icon.Warning, "Check before going on", f"{text}\n\nDo it anyway? The override is "
                          "recorded with your name.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self._parent)
        box.setObjectName("overrideQuestion")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _refuse(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # here: see ask_question

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("refusalMessage")
        box.exec()


def _has_later_sessions(appointment: Appointment) -> bool:
    return (appointment.series_id is not None and appointment.series_index is not None
            and appointment.series_total is not None and appointment.series_index < appointment.series_total)
