"""Book one appointment: patient (search as you type), type, chair, start; the full chair time shows first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from frontdesk import values
from frontdesk.services import booking
from frontdesk.services.schedule import clinic_profile, next_bookable_start
from frontdesk.ui.booking.alternatives import AlternativesLabel
from frontdesk.ui.fields import TimeField
from frontdesk.ui.forms import Part, confirm_buttons, date_edit, form, grow_to_fit, stack
from frontdesk.ui.patients.picker import PatientPicker
from frontdesk.values import SYSTEM_ACTOR, Actor

ANY_CHAIR = "Any free chair"


class BookingDialog(QDialog):
    """Choose patient, type, chair and start; the preview shows the chair time and any conflict."""

    def __init__(self, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None, *,
                 start: dt.datetime | None = None, chair_id: int | None = None,
                 type_code: str | None = None, patient_id: int | None = None,
                 make_up: booking.MakeUp | None = None) -> None:
        """`make_up`: book the make-up for a missed series session (its patient, type and series place)."""
        super().__init__(parent)
        self.setObjectName("bookingDialog")
        self.setWindowTitle("Make-up session" if make_up else "New appointment")
        self._actor = actor
        self._profile = clinic_profile()
        self._make_up = make_up
        self._notice = ""  # said under the checks until the dialog closes (a preset's type retired)
        self.booked_id: int | None = None
        self._build()
        if make_up is not None:
            start, chair_id, type_code = make_up.start, make_up.chair_id, make_up.missed.type.code
            patient_id = make_up.missed.patient_id
        self._preset(start, chair_id, type_code)
        if patient_id is not None:
            self.picker.preset(patient_id, booking.patient_label(patient_id))
        self._refresh()

    @classmethod
    def ask(cls, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR, **preset: object) -> int | None:
        """Show the dialog; the new appointment's id once booked, None when the desk cancels."""
        dialog = cls(actor, parent, **preset)  # type: ignore[arg-type]
        return dialog.booked_id if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.picker = PatientPicker(self._actor)
        self.type_box = self._combo("bookingType", "Appointment type")
        for kind in booking.appointment_types():
            self.type_box.addItem(kind.name, kind.id)
        self.chair_box = self._combo("bookingChair", "Chair")
        self.chair_box.addItem(ANY_CHAIR, None)
        for chair in booking.chairs():
            self.chair_box.addItem(chair.name + ("" if chair.in_service else " (out of service)"), chair.id)
        self.date_edit = date_edit("bookingDate")
        self.date_edit.setAccessibleName("Date")
        self.time_edit = TimeField()
        self.time_edit.setObjectName("bookingTime")
        self.time_edit.setAccessibleName("Start time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.notes = QLineEdit(objectName="bookingNotes")
        self.notes.setAccessibleName("Notes")
        self.preview = self._label("bookingPreview", "Chair time")
        self.problems = self._label("bookingProblems", "Conflicts and warnings")
        self.alternatives = AlternativesLabel("bookingAlternatives", self.chair_box, self.time_edit)
        self.override = QCheckBox("Book anyway (the override is recorded)")
        self.override.setObjectName("bookingOverride")
        self.buttons, self.book_button = confirm_buttons(self, "Book", self._confirm, "bookingConfirm")
        self._lay_out()
        for signal in (self.type_box.currentIndexChanged, self.chair_box.currentIndexChanged,
                       self.date_edit.dateChanged, self.time_edit.timeChanged, self.picker.patient_chosen,
                       self.override.toggled):
            signal.connect(self._refresh)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        return box

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        return label

    def _lay_out(self) -> None:
        fields = form(("&Patient", self.picker), ("&Type", self.type_box), ("C&hair", self.chair_box),
                      ("&Date", self.date_edit), ("&Start", self.time_edit), ("N&otes", self.notes))
        parts: list[Part] = [fields, self.preview, self.problems, self.alternatives, self.override, self.buttons]
        if self._make_up is not None:  # whose session this replaces; the series keeps one type
            heading = self._label("bookingMakeUp", "Make-up session")
            heading.setText(f"<b>{self._make_up.label}</b>")
            self.type_box.setEnabled(False)
            self.picker.setEnabled(False)
            self.picker.results.hide()  # the patient is given: no list of matches to pick from
            parts.insert(0, heading)
        stack(self, *parts)

    def _preset(self, start: dt.datetime | None, chair_id: int | None, type_code: str | None) -> None:
        start = start or next_bookable_start(self._profile)
        self.date_edit.setDate(QDate(start.year, start.month, start.day))
        self.time_edit.setTime(QTime(start.hour, start.minute))
        if chair_id is not None:
            self.chair_box.setCurrentIndex(max(0, self.chair_box.findData(chair_id)))
        kinds = booking.appointment_types()
        kind = booking.bookable_type(type_code) if type_code else None
        if type_code and kind is None:  # a make-up or a rebooking of a type retired since
            self._notice = (f"{booking.resolve_type(type_code, retired_too=True).name} is retired: choose the type "
                            "to book")
        kind = kind or next((k for k in kinds if k.needs_chair), None)
        if kind is not None:
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(kind.id)))

    # --- state ---------------------------------------------------------------------------------------

    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date_edit.date().toPython(), self.time_edit.time().toPython())

    def _refresh(self) -> None:
        type_id = self.type_box.currentData()
        if type_id is None:
            return
        kind = booking.resolve_type(int(type_id))
        self.chair_box.setEnabled(kind.needs_chair)
        chair_id = self.chair_box.currentData() if kind.needs_chair else None
        preview = booking.chair_time_preview(self.picker.patient_id(), kind, chair_id, self.start())
        if kind.needs_chair and chair_id is None:  # checked in the chair booking would take, as booking checks it
            first = f" — in the first free chair ({preview.chair_name})" if preview.chair_name else ""
            self.preview.setText(preview.text + first)
        else:
            self.preview.setText(preview.text if kind.needs_chair else
                                 f"Office time {preview.start:%H:%M}–{preview.end:%H:%M} (no chair)")
        problems = preview.problems
        self._show_problems(problems, (*([preview.passed] if preview.passed else []), *preview.notices))
        self._show_alternatives(kind, chair_id, problems)

    def _show_alternatives(self, kind: values.AppointmentType, chair_id: int | None,
                           problems: tuple[booking.Problem, ...]) -> None:
        """When the chosen chair (or every chair) and time are taken: what is free instead."""
        taken = kind.needs_chair and any(p.hard for p in problems)
        found = booking.alternatives(self.picker.patient_id(), kind, chair_id, self.start()) if taken else None
        self.alternatives.show_for(found, self.start())

    def _show_problems(self, problems: tuple[booking.Problem, ...], notices: tuple[str, ...] = ()) -> None:
        hard = [p.message for p in problems if p.hard]
        soft = [p.message for p in problems if not p.hard]
        lines = [f"✖ {m}" for m in hard] + [f"⚠ {m}" for m in soft]
        if self.picker.patient_id() is None:
            lines.append("Choose a patient")
        lines = (lines or ["✔ Free"]) + [f"ℹ {m}" for m in (*notices, *([self._notice] if self._notice else []))]
        self.problems.setText("\n".join(lines))
        self.override.setVisible(bool(soft) and not hard)
        self.book_button.setEnabled(self.picker.patient_id() is not None and not hard
                                    and (not soft or self.override.isChecked()))
        grow_to_fit(self)

    def _confirm(self) -> None:
        patient = self.picker.patient_id()
        if patient is None:
            return
        try:
            self.booked_id = booking.book(patient, int(self.type_box.currentData()), self.chair_box.currentData(),
                                          self.start(), self._actor, override=self.override.isChecked(),
                                          series=self._make_up.series if self._make_up else None,
                                          notes=self.notes.text().strip())
        except (booking.BookingConflict, booking.SoftLimitWarning, booking.BookingError) as exc:
            self.problems.setText(f"✖ {exc}")
            return
        self.accept()
