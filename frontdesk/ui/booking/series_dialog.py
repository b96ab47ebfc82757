"""Book a treatment series: plan N sessions, preview them with conflicts and alternatives, then book all."""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from frontdesk.rules.clock import now_local
from frontdesk.rules.series import PlannedSession, SeriesRequest, Slot
from frontdesk.services import booking
from frontdesk.services.schedule import clinic_profile, next_open_day
from frontdesk.ui.fields import TimeField
from frontdesk.ui.forms import confirm_buttons, date_edit, form, read_only_table, size_to_screen, stack
from frontdesk.ui.ink import ink
from frontdesk.ui.patients.picker import PatientPicker
from frontdesk.values import SYSTEM_ACTOR, Actor

COLUMNS = ("Session", "Wanted", "Booked as", "Note")


class SeriesDialog(QDialog):
    """Nothing is written until "Book series"; then every session is booked in one transaction."""

    def __init__(self, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None, *,
                 first_day: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seriesDialog")
        self.setWindowTitle("Book series")
        self._actor = actor
        self._plan: list[PlannedSession] = []
        self._planned_for: tuple[int | None, SeriesRequest] | None = None  # what the preview shown was asked for
        self.series_id: int | None = None
        self.session_ids: list[int] = []  # once booked, in start order
        tomorrow = now_local(clinic_profile().tz).date() + dt.timedelta(days=1)
        day = max(first_day or tomorrow, tomorrow)  # the day the board shows, tomorrow at the earliest
        self._build(next_open_day(day - dt.timedelta(days=1)))  # that day, or the next the clinic is open
        self._type_changed()

    @classmethod
    def ask(cls, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR, **preset: object) -> list[int]:
        """The new series' sessions (appointment ids, first first) once booked, else none."""
        dialog = cls(actor, parent, **preset)  # type: ignore[arg-type]
        return dialog.session_ids if dialog.exec() == QDialog.DialogCode.Accepted else []

    def _build(self, first_day: dt.date) -> None:
        self.picker = PatientPicker(self._actor)
        self.type_box = QComboBox(objectName="seriesType")
        self.type_box.setAccessibleName("Appointment type")
        for kind in booking.appointment_types():
            if kind.needs_chair:
                self.type_box.addItem(kind.name, kind.id)
        self.count = QSpinBox(objectName="seriesCount", minimum=1, maximum=40)
        self.min_days = QSpinBox(objectName="seriesMinDays", minimum=1, maximum=60)
        self.per_week = QSpinBox(objectName="seriesPerWeek", minimum=0, maximum=7, value=3)
        self.per_week.setSpecialValueText("no limit")
        self.first_day = date_edit("seriesFirstDay", first_day)
        self.time_edit = TimeField(QTime(9, 0), objectName="seriesTime")
        self.time_edit.setDisplayFormat("HH:mm")
        self.chair_box = QComboBox(objectName="seriesChair")
        self.chair_box.addItem("Any chair (then keep it)", None)
        for chair in booking.chairs():
            if chair.in_service:
                self.chair_box.addItem(chair.name, chair.id)
        preview = QPushButton("Pre&view", objectName="seriesPreview")
        preview.clicked.connect(self.preview)
        self.table = read_only_table("seriesSessions", list(COLUMNS), "Proposed sessions", whole_rows=False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel(objectName="seriesStatus")
        self.status.setWordWrap(True)
        buttons, self.book_button = confirm_buttons(self, "Book series", self._confirm, "seriesConfirm")
        self.book_button.setToolTip("Shows the sessions first when they are not on screen (Enter: preview, then book)")
        self.type_box.currentIndexChanged.connect(self._type_changed)
        self._lay_out(preview, buttons)
        self.status.setText(PREVIEW_FIRST)
        # A preview shown is for the request as it was: any change takes it away (Book would book it).
        for changed in (self.picker.patient_chosen, self.type_box.currentIndexChanged, self.count.valueChanged,
                        self.min_days.valueChanged, self.per_week.valueChanged, self.first_day.dateChanged,
                        self.time_edit.timeChanged, self.chair_box.currentIndexChanged):
            changed.connect(self._forget_plan)

    def _lay_out(self, preview: QPushButton, buttons: QDialogButtonBox) -> None:
        # The request in two columns beside each other: in one, the preview below it showed four of six
        # sessions at 1366×768, the rest under the fold.
        request = QHBoxLayout()
        request.addLayout(form(("&Type", self.type_box), ("&Sessions", self.count),
                               ("&Minimum days between", self.min_days), ("Sessions a &week, at most", self.per_week)))
        request.addSpacing(16)
        request.addLayout(form(("&First day", self.first_day), ("Pr&eferred time", self.time_edit),
                               ("C&hair", self.chair_box)))
        patient = form(("&Patient", self.picker))
        patient.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)  # the name box beside its label
        layout = stack(self, patient, request, preview, self.table, self.status, buttons)
        layout.setStretchFactor(self.table, 1)  # a taller dialog shows more sessions, not gaps
        size_to_screen(self, 820, 660)

    def _type_changed(self) -> None:
        if self.type_box.currentData() is None:
            return
        kind = booking.resolve_type(int(self.type_box.currentData()))
        self.count.setValue(kind.series_default_count)
        self.min_days.setValue(kind.series_min_days)

    def request(self) -> SeriesRequest:
        chair_id = self.chair_box.currentData()
        chair = next((c for c in booking.chairs() if c.id == chair_id), None)
        return SeriesRequest(
            type=booking.resolve_type(int(self.type_box.currentData())), count=self.count.value(),
            first_day=self.first_day.date().toPython(), preferred_time=self.time_edit.time().toPython(),
            min_days=self.min_days.value(), max_per_week=self.per_week.value() or None, chair=chair)

    def preview(self) -> None:
        patient = self.picker.patient_id()
        if patient is None:
            self.status.setText("Choose a patient first")
            return
        self._plan = booking.plan(patient, self.request())
        self._planned_for = self._asked()
        self.table.setRowCount(len(self._plan))
        for row, session in enumerate(self._plan):
            self._fill_row(row, session)
        unplaced = [s.label for s in self._plan if s.slot is None]
        moved = [s.label for s in self._plan if s.conflict and s.slot is not None]
        self.status.setText(_summary(len(self._plan), moved, unplaced))
        # The sessions' "Booked as" choices are made after the buttons: Tab goes through them first.
        chain = [self.table, *(self.table.cellWidget(row, 2) for row in range(self.table.rowCount())),
                 self.book_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _fill_row(self, row: int, session: PlannedSession) -> None:
        wanted = _slot_text(session.wanted) if session.wanted else "—"
        self.table.setItem(row, 0, QTableWidgetItem(session.label))
        self.table.setItem(row, 1, QTableWidgetItem(wanted))
        choice = QComboBox()
        choice.setAccessibleName(f"Session {session.label}")
        for slot in ([session.slot] if session.slot else []) + list(session.alternatives):
            choice.addItem(_slot_text(slot), slot)
        self.table.setCellWidget(row, 2, choice)
        self.table.setItem(row, 3, _note(session))
        for column in range(3):  # the note wraps in what is left: no sideways scroll to read it
            self.table.resizeColumnToContents(column)
        self.table.resizeRowToContents(row)

    def chosen_slots(self) -> list[Slot]:
        slots = []
        for row in range(self.table.rowCount()):
            widget = self.table.cellWidget(row, 2)
            if isinstance(widget, QComboBox) and widget.currentData() is not None:
                slots.append(widget.currentData())
        return slots

    def _asked(self) -> tuple[int | None, SeriesRequest] | None:
        """Who and what the fields ask for now (None while the type is being changed)."""
        if self.type_box.currentData() is None:
            return None
        return self.picker.patient_id(), self.request()

    def _forget_plan(self, *, whatever_changed: bool = False) -> None:
        """Take the preview away once the fields ask for something else. A spin box or a date says it
        changed at every Enter, changed or not: the preview stays if they still ask for what it shows
        (it went at each Enter, so Enter in Sessions or First day previewed again and never booked)."""
        if self._plan and (whatever_changed or self._asked() != self._planned_for):
            self._plan = []
            self.table.setRowCount(0)
            self.status.setText(PREVIEW_FIRST)

    def _confirm(self) -> None:
        """Book series (Enter): the preview first when none is on screen, so nothing is booked unseen."""
        patient = self.picker.patient_id()
        if patient is None or not self._plan:
            self.preview()
            if self._plan and not any(s.slot is None for s in self._plan):
                self.status.setText(f"{self.status.text()} — check the sessions, then Book series (Enter)")
            return
        if any(session.slot is None for session in self._plan):
            return  # the status names the sessions with no free time
        request = self.request()
        try:
            self.series_id, self.session_ids = booking.book_series(
                patient, request.type, self.chosen_slots(), self._actor, min_days=request.min_days,
                max_per_week=request.max_per_week)
        except (booking.BookingConflict, booking.SoftLimitWarning, booking.BookingError) as exc:
            self._forget_plan(whatever_changed=True)  # Enter shows a fresh preview, not the same times again
            self.status.setText(f"✖ {exc} — nothing was booked; preview again (Enter)")
            return
        self.accept()


PREVIEW_FIRST = "Pick the patient, then Preview (Alt+V) or Enter to see the sessions before booking them"
MOVED_COLOUR = "#8a4b00"  # the wanted time was taken, another is proposed: to look at, not a failure
FAILED_COLOUR = "#b00020"  # no free time at all: the series cannot be booked as it is


def _note(session: PlannedSession) -> QTableWidgetItem:
    """"✔ free"; "Moved: 09:00 taken (…)" in brown when another time is proposed; "✖ No free time: …" in
    red when there is none."""
    if not session.conflict:
        return QTableWidgetItem("✔ free")
    if session.slot is not None:
        moved_day = session.wanted is None or session.slot.start.date() != session.wanted.start.date()
        when = f"{session.slot.start:%a %d %b %H:%M}" if moved_day else f"{session.slot.start:%H:%M}"
        note = QTableWidgetItem(f"Moved to {when}, {session.slot.chair_name}: {session.conflict}")
        note.setForeground(QColor(ink(MOVED_COLOUR)))
    else:
        note = QTableWidgetItem(f"✖ No free time: {session.conflict}")
        note.setForeground(QColor(ink(FAILED_COLOUR)))
    note.setToolTip(session.conflict)
    return note


def _slot_text(slot: Slot) -> str:
    return f"{slot.start:%a %d %b %H:%M}, {slot.chair_name}"


def _summary(count: int, moved: list[str], unplaced: list[str]) -> str:
    parts = [f"{count} sessions planned"]
    if moved:
        parts.append(f"wanted time taken for {', '.join(moved)} (alternative chosen, others offered)")
    if unplaced:
        parts.append(f"no free time for {', '.join(unplaced)}")
    return "; ".join(parts)
