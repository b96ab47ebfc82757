"""Change an appointment: another time, day, chair or type, and the desk's note; this one or the following."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from frontdesk.services import booking
from frontdesk.ui.booking.alternatives import AlternativesLabel
from frontdesk.ui.fields import TimeField
from frontdesk.ui.forms import confirm_buttons, date_edit, form, grow_to_fit, stack
from frontdesk.values import SYSTEM_ACTOR, Actor, AppointmentType


class MoveDialog(QDialog):
    """The new start and chair with the chair time and any conflict shown before moving."""

    def __init__(self, appointment_id: int, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveDialog")
        self.setWindowTitle("Change appointment")
        self._id, self._actor = appointment_id, actor
        self.appointment = booking.appointment(appointment_id)
        self.moved_ids: list[int] = []
        self._build()
        self._refresh()

    @classmethod
    def ask(cls, appointment_id: int, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR) -> list[int] | None:
        """The ids moved, or None when the desk leaves it where it is."""
        dialog = cls(appointment_id, actor, parent)
        return dialog.moved_ids if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _build(self) -> None:
        a = self.appointment
        series = f", session {a.series_label}" if a.series_label else ""
        summary = QLabel(f"{a.patient_name}: {a.type.name}, now {a.start:%a %d %b %H:%M}, "
                         f"{a.chair_name or 'office'}{series}", objectName="moveSummary")
        self.date_edit = date_edit("moveDate", a.start.date())
        self.time_edit = TimeField(QTime(a.start.hour, a.start.minute), objectName="moveTime")
        self.time_edit.setDisplayFormat("HH:mm")
        self.chair_box = QComboBox(objectName="moveChair")
        for chair in booking.chairs():
            self.chair_box.addItem(chair.name, chair.id)
        if a.chair_id is not None:
            self.chair_box.setCurrentIndex(self.chair_box.findData(a.chair_id))
        self.chair_box.setEnabled(a.chair_id is not None)
        self.type_box = QComboBox(objectName="moveType")
        self.type_box.setAccessibleName("Appointment type")
        for kind in booking.appointment_types():
            if kind.needs_chair == a.type.needs_chair:
                self.type_box.addItem(kind.name, kind.id)
        if self.type_box.findData(a.type.id) < 0:  # a type retired since: the booking keeps it
            self.type_box.insertItem(0, f"{a.type.name} (retired)", a.type.id)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(a.type.id)))
        self.notes = QLineEdit(a.notes, objectName="moveNotes")
        self.notes.setAccessibleName("Notes")
        self.this_one = QRadioButton("&This one only", objectName="moveThisOne", checked=True)
        self.following = QRadioButton("This and the &following sessions (same shift)", objectName="moveFollowing")
        for button in (self.this_one, self.following):
            button.setVisible(a.series_id is not None)
        self.preview = QLabel(objectName="movePreview")
        self.problems = QLabel(objectName="moveProblems")
        self.problems.setWordWrap(True)
        self.alternatives = AlternativesLabel("moveAlternatives", self.chair_box, self.time_edit)
        self.override = QCheckBox("Move anyway (the override is recorded)", objectName="moveOverride")
        buttons, self.confirm = confirm_buttons(self, "Move", self._confirm, "moveConfirm")
        fields = form(("&Date", self.date_edit), ("&Start", self.time_edit), ("C&hair", self.chair_box),
                      ("T&ype", self.type_box), ("N&otes", self.notes))
        stack(self, summary, fields, self.this_one, self.following, self.preview, self.problems, self.alternatives,
              self.override, buttons)
        for signal in (self.date_edit.dateChanged, self.time_edit.timeChanged, self.chair_box.currentIndexChanged,
                       self.override.toggled, self.following.toggled, self.type_box.currentIndexChanged):
            signal.connect(self._refresh)

    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date_edit.date().toPython(), self.time_edit.time().toPython())

    def _refresh(self) -> None:
        a = self.appointment
        chair_id = self.chair_box.currentData() if a.chair_id is not None else None
        moving = booking.following_ids(a.id) if self.following.isChecked() else [a.id]
        self.type_box.setEnabled(not self.following.isChecked())  # a new type is for this one only
        preview = booking.chair_time_preview(a.patient_id, self._type_id(), chair_id, self.start(), ignore_ids=moving)
        self.preview.setText(preview.text)
        hard = [p.message for p in preview.problems if p.hard]
        soft = [p.message for p in preview.problems if not p.hard]
        if len(moving) > 1:  # each later session where it would land, checked now rather than at Move
            later_hard, later_soft = later_session_lines(booking.preview_following(a.id, chair_id, self.start()))
            hard += later_hard
            soft += [] if hard else later_soft  # while anything clashes, the warnings can wait
        note = f" (and {len(moving) - 1} later sessions by the same shift)" if len(moving) > 1 else ""
        lines = "\n".join([f"✖ {m}" for m in hard] + [f"⚠ {m}" for m in soft]) or f"✔ Free{note}"
        self.problems.setText(lines + (f"\nℹ {preview.passed}" if preview.passed else ""))
        self.override.setVisible(bool(soft) and not hard)
        self.confirm.setEnabled(not hard and (not soft or self.override.isChecked()))
        grow_to_fit(self)
        # What is free instead, for this one (the following sessions each have their own days).
        offer = bool(hard) and chair_id is not None and not self.following.isChecked()
        self.alternatives.show_for(booking.alternatives(a.patient_id, self._type_id(), chair_id, self.start(),
                                                        ignore_ids=moving) if offer else None, self.start())

    def _type_id(self) -> int | AppointmentType:
        """The type chosen: the booking's own as it is (a retired one too), or another by its id."""
        chosen = self.appointment.type.id if self.following.isChecked() else int(self.type_box.currentData())
        return self.appointment.type if chosen == self.appointment.type.id else chosen

    def _confirm(self) -> None:
        chair = self.chair_box.currentData() if self.appointment.chair_id is not None else None
        try:
            if self.following.isChecked():
                self.moved_ids = booking.move_following(self._id, chair, self.start(), self._actor,
                                                        override=self.override.isChecked())
            else:
                chosen = self._type_id()
                new_type = chosen if isinstance(chosen, int) else None
                booking.move(self._id, chair, self.start(), self._actor, override=self.override.isChecked(),
                             type_key=new_type)
                self.moved_ids = [self._id]
            if self.notes.text().strip() != self.appointment.notes:
                booking.set_notes(self._id, self.notes.text(), self._actor)
        except (booking.BookingConflict, booking.SoftLimitWarning, booking.BookingError, PermissionError) as exc:
            self.problems.setText(f"✖ {exc}")
            return
        self.accept()


SHOWN_LATER_SESSIONS = 2  # a whole series clashing would not fit the dialog: the rest are counted


def later_session_lines(sessions: list[booking.ShiftedSession]) -> tuple[list[str], list[str]]:
    """The later sessions' clashes (hard) and warnings (soft), one line per session with its first
    problem, the first two sessions by name and the others counted ("… and 3 more sessions")."""
    lines: tuple[list[str], list[str]] = ([], [])
    for hard, out in ((True, lines[0]), (False, lines[1])):
        found = [(s, next(p.message for p in s.problems if p.hard == hard)) for s in sessions
                 if any(p.hard == hard for p in s.problems)]
        out += [f"Session {s.label} ({s.start:%a %d %b %H:%M}): {message}"
                for s, message in found[:SHOWN_LATER_SESSIONS]]
        rest = len(found) - SHOWN_LATER_SESSIONS
        if rest > 0:
            out.append(f"… and {rest} more session{'s' if rest > 1 else ''} "
                       f"({', '.join(s.label.split(' of ')[0] for s, _ in found[SHOWN_LATER_SESSIONS:])})")
    return lines
