"""The side pane: everything about the selected appointment, and its day-of actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from frontdesk.rules import day_of
from frontdesk.rules.board_state import recovery_due
from frontdesk.rules.day_board import FLOW_LABELS, DayBoard, phases
from frontdesk.rules.pickup import SETTLED, STATE_WORDS
from frontdesk.ui.first_paint import (
    ALIGN_LEFT,
    ALIGN_TOP,
    PLAIN_TEXT,
    RICH_TEXT,
    TEXT_SELECTABLE_BY_MOUSE,
    set_enum,
)
from frontdesk.ui.ink import ink
from frontdesk.ui.schedule.delegate import CONFIRMED_COLOUR, FLAG_COLOURS
from frontdesk.values import Appointment

if TYPE_CHECKING:  # the board paints before the patients' data layer loads
    from frontdesk.rules.confirmations import Standing
    from frontdesk.rules.contact_card import ContactCard
    from frontdesk.services.rems import MonitoringForm

ContactLookup = Callable[[int], "ContactCard | None"]  # patient id -> how to reach them, language, driver
RemsFormLookup = Callable[[int], "MonitoringForm | None"]  # appointment id -> its REMS monitoring form, if owed
ConfirmationLookup = Callable[[int], "Standing | None"]  # appointment id -> confirmation calls made about it
FlagLookup = Callable[[int], list[str]]  # patient id -> the open flags as the signed-in user may read them

UNDO_TIP = "Take back the last step recorded (pressed on the wrong patient, or the patient came after all)"
LATE_COLOUR = FLAG_COLOURS[True]  # the board's urgent red: what is past due

# The words on the button that records each day-of step, and on the one that takes it back.
STEP_BUTTON = {"arrived": "Arrived", "in_chair": "In chair", "recovery": "Recovery", "discharged": "Discharge"}
UNDO_BUTTON = {"arrived": "Undo arrived", "in_chair": "Undo in chair", "recovery": "Undo recovery",
               "discharged": "Undo discharge", day_of.NO_SHOW: "Undo no-show", day_of.CANCELLED: "Undo cancel"}
EMPTY_TEXT = ("Select an appointment on the board to see its details here.\n\n"
              "Double-click or press Enter on a free slot to book it.")


def next_step_label(appointment: Appointment) -> str | None:
    """'Arrived', 'In chair', … for the next flow step, None when there is none."""
    step = day_of.next_step(appointment.flow, appointment.outcome)
    return STEP_BUTTON[step] if step else None


def undo_label(appointment: Appointment) -> str | None:
    """'Undo arrived', 'Undo no-show', … for the last step recorded, None when there is none."""
    step = day_of.step_to_undo(appointment.flow, appointment.outcome)
    return UNDO_BUTTON[step] if step else None


class AppointmentDetailsPane(QWidget):
    """Shows one appointment; its buttons ask for the day-of steps (the window calls the services)."""

    advance_requested = Signal(object)  # Appointment
    no_show_requested = Signal(object)
    cancel_requested = Signal(object)
    undo_requested = Signal(object)
    move_requested = Signal(object)
    appointment_shown = Signal(object)  # Appointment | None: whatever the pane shows now (a new day: None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentDetails")
        self.setAccessibleName("Appointment details")
        self._appointment: Appointment | None = None
        self._board: DayBoard | None = None
        self.actions_enabled = False  # the window turns this on when the booking services exist
        self.move_enabled = False  # the booking screens turn this on: they hold the dialog that moves
        self.may_correct_past: Callable[[], bool] = lambda: False  # the window asks its user's role
        self._contact_lookup: ContactLookup | None = None  # the patients screen hooks it in
        self._rems_lookup: RemsFormLookup | None = None  # the intake area hooks it in
        self._confirmation_lookup: ConfirmationLookup | None = None  # the booking screens hook it in
        self._flag_lookup: FlagLookup | None = None  # the intake area hooks it in
        self.title = QLabel()
        self.title.setObjectName("appointmentTitle")
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel(EMPTY_TEXT)
        self.body.setObjectName("appointmentDetailsText")
        self.body.setWordWrap(True)
        set_enum(self.body, "textInteractionFlags", TEXT_SELECTABLE_BY_MOUSE)
        set_enum(self.body, "alignment", ALIGN_TOP | ALIGN_LEFT)
        # The day's office list changes with every day shown: plain text, so that re-laying out the pane
        # after it changes measures lines of text, not a rich-text document (a day change costs less).
        self.office_heading = QLabel("Office (no chair)")
        bold = QFont(self.office_heading.font())
        bold.setBold(True)
        self.office_heading.setFont(bold)
        self.office = QLabel()
        self.office.setObjectName("officeList")
        set_enum(self.office, "textFormat", PLAIN_TEXT)
        self.office.setWordWrap(True)
        set_enum(self.office, "alignment", ALIGN_TOP | ALIGN_LEFT)
        self._build_buttons()
        self._lay_out()
        self.show_appointment(None, None)

    def _build_buttons(self) -> None:
        self.advance_button = QPushButton("Next step")
        self.advance_button.setObjectName("advanceButton")
        self.advance_button.setToolTip("Record the next day-of step (Ctrl+Enter)")
        self.advance_button.clicked.connect(lambda: self._ask(self.advance_requested))
        self.no_show_button = QPushButton("No-show")
        self.no_show_button.setObjectName("noShowButton")
        self.no_show_button.clicked.connect(lambda: self._ask(self.no_show_requested))
        self.cancel_button = QPushButton("Cancel…")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Cancel this appointment (Delete)")
        self.cancel_button.clicked.connect(lambda: self._ask(self.cancel_requested))
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("undoStepButton")
        self.undo_button.setToolTip(UNDO_TIP)
        self.undo_button.clicked.connect(lambda: self._ask(self.undo_requested))
        self.move_button = QPushButton("Move…")
        self.move_button.setObjectName("moveButton")
        self.move_button.setToolTip("Another time, day, chair or type; this session or the following (Ctrl+M)")
        self.move_button.clicked.connect(lambda: self._ask(self.move_requested))

    def _lay_out(self) -> None:
        # Two rows, so that a narrow pane keeps every word: the day's steps, then the booking itself.
        steps, booking = QHBoxLayout(), QHBoxLayout()
        for row, buttons in ((steps, (self.advance_button, self.no_show_button, self.undo_button)),
                             (booking, (self.move_button, self.cancel_button))):
            for button in buttons:
                row.addWidget(button)
            row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(steps)
        layout.addLayout(booking)
        layout.addSpacing(12)
        layout.addWidget(self.office_heading)
        layout.addWidget(self.office)
        layout.addStretch()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def _ask(self, signal: Signal) -> None:
        if self._appointment is not None:
            signal.emit(self._appointment)

    @property
    def appointment(self) -> Appointment | None:
        return self._appointment

    def set_contact_lookup(self, lookup: ContactLookup | None) -> None:
        """Show the patient's phone, language and driver with each appointment, read by `lookup`."""
        self._contact_lookup = lookup
        self.show_appointment(self._appointment, self._board)

    def set_flag_lookup(self, lookup: FlagLookup | None) -> None:
        """Show each open flag as the signed-in user may read it (clinical staff: with its detail, such
        as "Clinician review before treatment: Brain bleed: yes"), read by `lookup`."""
        self._flag_lookup = lookup
        self.show_appointment(self._appointment, self._board)

    def set_rems_form_lookup(self, lookup: RemsFormLookup | None) -> None:
        """Show an esketamine session's REMS monitoring form (due, overdue, sent), read by `lookup`."""
        self._rems_lookup = lookup
        self.show_appointment(self._appointment, self._board)

    def set_confirmation_lookup(self, lookup: ConfirmationLookup | None) -> None:
        """Show whether a booking still ahead is confirmed (confirmation calls), read by `lookup`."""
        self._confirmation_lookup = lookup
        self.show_appointment(self._appointment, self._board)

    def show_appointment(self, appointment: Appointment | None, board: DayBoard | None) -> None:
        self._appointment, self._board = appointment, board
        if appointment is None or board is None:
            self.title.setText("No appointment selected")
            self.body.setText(EMPTY_TEXT)
            set_enum(self.body, "textFormat", PLAIN_TEXT)
        else:
            self.title.setText(appointment.patient_name)
            set_enum(self.body, "textFormat", RICH_TEXT)
            contact = self._contact_lookup(appointment.patient_id) if self._contact_lookup else None
            form = self._rems_form(appointment)
            confirmation = self._confirmation(appointment, board)
            flags = self._flag_lookup(appointment.patient_id) if self._flag_lookup and appointment.flags else None
            self.body.setText(details_html(appointment, board, contact, form, confirmation, flags))
        self._update_buttons()
        office = office_lines(board) if board else ""
        self.office.setText(office)
        self.office_heading.setVisible(bool(office))
        self.appointment_shown.emit(appointment if board is not None else None)

    def _rems_form(self, appointment: Appointment) -> MonitoringForm | None:
        if self._rems_lookup is None:
            return None
        from frontdesk.rules.rems import needs_form  # here: the pane is built before the first paint

        if not needs_form(appointment.type.kind, appointment.flow, appointment.outcome):
            return None  # no read for the many blocks that owe no form
        return self._rems_lookup(appointment.id)

    def _confirmation(self, appointment: Appointment, board: DayBoard) -> Standing | None:
        if self._confirmation_lookup is None or appointment.flow != "booked" or appointment.outcome is not None:
            return None
        if appointment.start <= board.now:
            return None  # no read for a booking whose time has come: nothing is left to confirm
        return self._confirmation_lookup(appointment.id)

    def _update_buttons(self) -> None:
        """Only what the selected appointment allows now is shown: a booking not yet started offers
        Arrived, No-show and Cancel; one under way its next step and Undo; an ended one Undo alone."""
        a = self._appointment
        step = next_step_label(a) if a else None
        undo = undo_label(a) if a else None
        open_booking = a is not None and a.outcome is None and a.flow == "booked"
        now = self._board.now if self._board else None
        too_early = day_of.too_early_for_steps(a.start, now) if a and now else None
        not_yet_missed = day_of.too_early_for_no_show(a.start, now) if a and now else None
        self.advance_button.setText(step or "Next step")
        self.advance_button.setEnabled(self.actions_enabled and step is not None and not too_early)
        self.advance_button.setToolTip(f"Not yet: {too_early}" if too_early else
                                       "Record the next day-of step (Ctrl+Enter)")
        self.no_show_button.setEnabled(self.actions_enabled and open_booking and not not_yet_missed)
        self.no_show_button.setToolTip(f"Not yet: {not_yet_missed}" if not_yet_missed else
                                       "The patient did not come")
        self.cancel_button.setEnabled(self.actions_enabled and open_booking)
        self.move_button.setEnabled(self.actions_enabled and open_booking)
        too_late = day_of.too_late_to_undo(a.start, now) if a and now and undo and not self.may_correct_past() \
            else None
        self.undo_button.setText(undo or "Undo")
        self.undo_button.setEnabled(self.actions_enabled and undo is not None and not too_late)
        self.undo_button.setToolTip(f"Too late at the desk: {too_late}" if too_late else UNDO_TIP)
        self.advance_button.setVisible(step is not None)
        self.no_show_button.setVisible(open_booking)
        self.cancel_button.setVisible(open_booking)
        self.move_button.setVisible(open_booking and self.move_enabled)
        self.undo_button.setVisible(undo is not None)


def escape(text: str) -> str:
    """html.escape, loaded at its first use: html and its entity table stay off the way to the first paint."""
    from html import escape as escape_html

    return escape_html(text)


def details_html(a: Appointment, board: DayBoard, contact: ContactCard | None = None,
                 rems_form: MonitoringForm | None = None, confirmation: Standing | None = None,
                 flags: list[str] | None = None) -> str:
    """The details as a two-column table: type, chair and times, phases, series, status, notes, the
    session's REMS monitoring form; then, with `contact`, how to reach the patient, their language and
    who drives them home."""
    rows = [("Type", escape(a.type.name)),
            ("Chair", escape(a.chair_name or "Office (no chair)")),
            ("Time", f"{a.start:%H:%M}–{a.end:%H:%M} ({_minutes(a)} min)"),
            ("Arrive by", f"{a.start - dt.timedelta(minutes=board.arrival_lead_minutes):%H:%M}"),
            ("Phases", "<br>".join(f"{p.name} {p.start:%H:%M}–{p.end:%H:%M}" for p in phases(a)))]
    if a.series_label:
        rows.append(("Series", f"session {a.series_label}"))
    rows.append(("Status", f"<b>{escape(board.status_label(a))}</b>{_stamps(a, board)}"))
    if confirmation is not None:
        rows.append(("Confirmed?", _confirmation_words(confirmation)))
    if a.id in board.warnings:
        rows.append(("Warning", escape(board.warnings[a.id])))
    if a.flags:  # as the reader may read them when the intake area says (`flags`), else the labels
        rows.append(("Flags", "<br>".join(f"⚑ {escape(line)}" for line in flags or a.flags)))
    if a.readiness:
        rows.append(("Missing", escape(", ".join(a.readiness))))
    if a.notes:
        rows.append(("Notes", escape(a.notes).replace("\n", "<br>")))
    if rems_form is not None:
        rows.append(("REMS form", _rems_words(rems_form)))
    if contact is not None:
        rows += _contact_rows(a, contact, board)
    cells = "".join(f"<tr><td style='padding-right:10px'><i>{k}</i></td><td>{v}</td></tr>" if k else
                    f"<tr><td colspan='2' style='padding-left:12px'>{v}</td></tr>" for k, v in rows)
    return f"<table cellspacing='0' cellpadding='2'>{cells}</table>"


def _confirmation_words(standing: Standing) -> str:
    """"Confirmed", and below it the try it comes from ("Phone call: confirmed (desk, Fri 27 Nov 10:00)")."""
    words = escape(standing.words)
    if standing.confirmed:
        words = f"<b style='color:{ink(CONFIRMED_COLOUR)}'>{words}</b>"
    elif standing.needs_desk:
        words = f"<b style='color:{ink(LATE_COLOUR)}'>{words}</b>"
    by = standing.deciding
    return f"{words}<br><small>{escape(by.words)}</small>" if by is not None else words


def _rems_words(form: MonitoringForm) -> str:
    if form.state.submitted:
        return escape(form.state.words)
    due = f"due {form.due:%a %d %b}" if form.state.overdue else f"{form.due:%a %d %b}"
    words = f"{escape(form.state.words)} ({due})"  # "due in 3 days (Mon 30 Nov)", "overdue by 2 days (due …)"
    return f"<b style='color:{ink(LATE_COLOUR)}'>{words}</b>" if form.state.overdue else words


def _contact_rows(a: Appointment, contact: ContactCard, board: DayBoard) -> list[tuple[str, str]]:
    from frontdesk.rules.contact import phones_unbroken  # here: the pane is built before the first paint

    rows = [("Phone", escape(phones_unbroken(contact.phone)))]
    if contact.reach:
        rows += _reach_rows(contact)
    language = escape(contact.language)
    rows.append(("Language", language.replace("interpreter needed", "<b>interpreter needed</b>")))
    rows.append(("Driver", escape(phones_unbroken(contact.driver)) + _pick_up(a, board)))
    return rows


def _reach_rows(contact: ContactCard) -> list[tuple[str, str]]:
    """The Contact row; the email address it names goes on a line of its own across the pane (an
    address has no space to break at: in the value column alone it would push the whole column out of
    sight)."""
    if not contact.email:
        return [("Contact", escape(contact.reach))]
    before, _, after = (part.strip() for part in contact.reach.partition(contact.email))
    rows = [("Contact", escape(before or "email:")), ("", escape(contact.email))]
    return [*rows, ("", escape(after))] if after else rows


def _pick_up(a: Appointment, board: DayBoard) -> str:
    """In recovery, when the patient is ready to go home (from the recorded start of recovery, as the
    pick-ups list says it) and whether the driver was told: the desk calls them ahead of it."""
    if a.flow != "recovery" or a.outcome is not None:
        return ""
    started = next((s.at for s in reversed(board.stamps.get(a.id, [])) if s.step == "recovery"), None)
    call = f" · {STATE_WORDS[a.pickup].lower()}" if a.pickup in STATE_WORDS else ""  # nothing before it is due
    call += " (Ctrl+Shift+D)" if a.pickup in STATE_WORDS and a.pickup != SETTLED else ""
    return f"<br><b>ready to go home {recovery_due(a, started):%H:%M}</b>{call}"


def office_lines(board: DayBoard) -> str:
    """The day's appointments that need no chair (consultations), a line each, listed under the details."""
    return "\n".join(f"{a.start:%H:%M} {a.patient_name} · {a.type.name}" for a in board.office)


def _minutes(a: Appointment) -> int:
    return int((a.end - a.start).total_seconds() // 60)


def _stamps(a: Appointment, board: DayBoard) -> str:
    stamps = board.stamps.get(a.id, [])
    lines = [f"{FLOW_LABELS.get(s.step, s.step)} {s.at:%H:%M}" + (f" by {escape(s.user)}" if s.user else "")
             for s in stamps]
    return "".join(f"<br>{line}" for line in lines)
