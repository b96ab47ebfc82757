"""Confirmation calls: the next open day's bookings, how each patient wants to be reached, and a button
per outcome of a try (confirmed, left a message, no answer, wrong number, wants another time)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from frontdesk.rules.confirmations import (
    METHODS,
    NOTE_LIMIT,
    OUTCOMES,
    OUTCOMES_BY_METHOD,
    TO_CALL,
    AttemptRefusedError,
    check_attempt,
    written_reminder_refusal,
)
from frontdesk.services import confirmations
from frontdesk.ui.fields import DateField
from frontdesk.ui.forms import read_only_table, size_to_screen, stack, stress
from frontdesk.ui.schedule.details_pane import CONFIRMED_COLOUR
from frontdesk.values import Actor

HEADERS = ["Time", "Patient", "Type", "How to reach", "Status", "Still missing"]
STATUS_COLUMN = HEADERS.index("Status")
REMINDER_TIP = ("The reminder for a text message or an email, in the patient's language, on the clipboard to "
                "paste (it names no treatment)")
ACT_COLOUR = "#b45309"  # wants another time, wrong number: a person must act
# The outcome buttons, in the order the desk meets them, each with its mnemonic.
BUTTONS = {"confirmed": "&Confirmed", "message": "Left a &message", "no_answer": "No &answer",
           "wrong_number": "&Wrong number", "wants_change": "Wants another &time"}


class CallsDialog(QDialog):
    """One row per booking of the day; pick a row, the way the patient was reached, then the outcome.

    Only the ways the patient's wishes allow are offered (their preferred one first), and an outcome the
    way cannot have, or one they asked the desk not to leave (a voicemail), is greyed with the reason."""

    def __init__(self, actor: Actor, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmationCallsDialog")
        self.setWindowTitle("Confirmation calls")
        self.actor = actor
        self.changed = False
        self.wanted: tuple[dt.date, int] | None = None  # "Show on board": the day and booking to select
        self._calls: list[confirmations.Call] = []
        self._build(day)
        size_to_screen(self, 1060, 560)
        self.reload()
        self.table.setFocus()

    def _build(self, day: dt.date) -> None:
        self.date_edit = DateField(QDate(day.year, day.month, day.day), objectName="callsDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Bookings on")
        self.date_edit.dateChanged.connect(lambda _: self.reload())
        date_label = QLabel("Bookings &on:")
        date_label.setBuddy(self.date_edit)
        self.summary = QLabel(objectName="callsSummary")
        top = QHBoxLayout()
        top.addWidget(date_label)
        top.addWidget(self.date_edit)
        top.addWidget(self.summary, 1)
        self.table = read_only_table("callsTable", HEADERS, "Bookings to confirm")
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, title in enumerate(HEADERS):  # the two long ones share the width and wrap
            wraps = title in ("How to reach", "Still missing")
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if wraps else
                                        QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())  # wrapped lines fit the width
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.history = QLabel(objectName="callsHistory")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        stack(self, top, self.table, self.history, self._attempt_row(), self._closing_row())

    def _attempt_row(self) -> QHBoxLayout:
        self.method = QComboBox(objectName="callsMethod")
        self.method.setAccessibleName("Reached by")
        self.method.currentIndexChanged.connect(lambda _: self._update_buttons())
        method_label = QLabel("&By:")
        method_label.setBuddy(self.method)
        self.note = QLineEdit(objectName="callsNote", placeholderText="Note (optional)")
        self.note.setAccessibleName("Note")
        self.note.setMaxLength(NOTE_LIMIT)
        row = QHBoxLayout()
        row.addWidget(method_label)
        row.addWidget(self.method)
        row.addWidget(self.note, 1)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for outcome, text in BUTTONS.items():
            button = QPushButton(text, objectName=f"calls_{outcome}")
            button.clicked.connect(lambda _=False, outcome=outcome: self.record(outcome))
            button.setAutoDefault(False)
            self.outcome_buttons[outcome] = button
            row.addWidget(button)
        return row

    def _closing_row(self) -> QHBoxLayout:
        self.reminder_button = QPushButton("Copy &reminder", objectName="callsCopyReminder")
        self.reminder_button.setToolTip(REMINDER_TIP)
        self.reminder_button.clicked.connect(self.copy_reminder)
        self.move_button = QPushButton("Change t&ime…", objectName="callsMove")
        self.move_button.setToolTip("Move the booking to the time the patient asks for, then mark it confirmed")
        self.move_button.clicked.connect(self.change_time)
        self.board_button = QPushButton("&Show on board", objectName="callsShowOnBoard")
        self.board_button.setToolTip("Close this list and select the booking on the board (to cancel it, say)")
        self.board_button.clicked.connect(self._show_on_board)
        self.print_button = QPushButton("Print &list…", objectName="callsPrint")
        self.print_button.setToolTip("This day's list on paper, with a column to write each outcome in (for a "
                                     "second person calling, or a day the computers are down)")
        self.print_button.clicked.connect(self.print_list)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # Enter does nothing here: a note typed and Enter pressed must not close the list or leave for the
        # board; each outcome has its own button and letter (Alt+C confirmed, Alt+M message, …).
        for button in (self.reminder_button, self.move_button, self.board_button, self.print_button,
                       *close.buttons()):
            button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.reminder_button)
        row.addWidget(self.move_button)
        row.addWidget(self.board_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(close)
        return row

    # --- reading ----------------------------------------------------------------------------------

    def day(self) -> dt.date:
        return self.date_edit.date().toPython()  # type: ignore[no-any-return]

    def reload(self, keep: int | None = None, *, next_after: int | None = None, pick: bool = True) -> None:
        """Read the day's list again. `keep`: that booking stays picked (and the way chosen for it); gone
        meanwhile (cancelled, moved, begun at another desk), nothing is picked, so that no note or outcome
        lands on another patient. `next_after`: pick the next booking still to call after that one. With
        neither, the first booking not yet confirmed (none with `pick` False)."""
        kept_method = self.method.currentData() if keep is not None else None
        self._calls = confirmations.calls_for_day(self.actor, self.day())
        self.table.setRowCount(len(self._calls))
        for row, call in enumerate(self._calls):
            for column, text in enumerate(_cells(call)):
                self.table.setItem(row, column, _item(text, call, column))
        self.table.resizeRowsToContents()
        self.summary.setText(confirmations.summary_words(self._calls))
        self.print_button.setEnabled(bool(self._calls))  # a day with nothing to confirm prints no empty page
        ids = [call.appointment_id for call in self._calls]
        if keep is not None and keep not in ids:
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
            self._selection_changed()
            self.history.setText("The booking you had picked is no longer on this day's list (cancelled, moved "
                                 "or begun, perhaps at another desk): pick one from the list again.")
            return
        row = ids.index(keep) if keep is not None else self._next_to_call(next_after) if pick else None
        if row is not None:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
        self._selection_changed(kept_method)

    def _next_to_call(self, after: int | None) -> int | None:
        """The row of the first booking still to call after the booking `after` (then from the top); with
        none to call, that booking's own row; with no `after`, the first booking not yet confirmed."""
        to_call = [i for i, call in enumerate(self._calls) if call.standing.state == TO_CALL]
        ids = [call.appointment_id for call in self._calls]
        if after is None:
            return next((i for i, call in enumerate(self._calls) if not call.standing.confirmed),
                        0 if self._calls else None)
        here = ids.index(after) if after in ids else -1
        return next((i for i in to_call if i > here), to_call[0] if to_call else (here if here >= 0 else None))

    def follow_changes(self, areas: frozenset[str]) -> None:
        """Another desk booked, moved or recorded a try: read the list again, the same booking kept picked
        and the note being typed left alone."""
        if "schedule" in areas:
            call = self.selected()
            if call is not None:
                self.reload(keep=call.appointment_id)
            else:
                self.reload(pick=False)  # the desk picks; a row appearing under the mouse would surprise

    def selected(self) -> confirmations.Call | None:
        row = self.table.currentRow()
        return self._calls[row] if 0 <= row < len(self._calls) and self.table.selectedItems() else None

    def _selection_changed(self, keep_method: str | None = None) -> None:
        """The ways the picked patient allows, their preferred one first (or `keep_method`, the one the
        desk chose, when the same booking is read again)."""
        call = self.selected()
        self.method.blockSignals(True)
        self.method.clear()
        for method in (call.methods if call else ()):
            self.method.addItem(METHODS[method], method)
        if call is not None and "call" not in call.methods:
            self.method.addItem("Phone call (the patient called)", "call")  # a confirmation taken however it came
        if keep_method is not None and self.method.findData(keep_method) >= 0:
            self.method.setCurrentIndex(self.method.findData(keep_method))
        self.method.blockSignals(False)
        self.history.setText(_history(call))
        self.board_button.setEnabled(call is not None)
        self.move_button.setEnabled(call is not None)
        refused = written_reminder_refusal(call.reach) if call is not None else "Pick a booking first"
        self.reminder_button.setEnabled(refused is None)
        self.reminder_button.setToolTip(refused[:1].upper() + refused[1:] if refused else REMINDER_TIP)
        self._update_buttons()

    def _update_buttons(self) -> None:
        call = self.selected()
        method = self.method.currentData()
        for outcome, button in self.outcome_buttons.items():
            why = _refusal(call, method, outcome)
            button.setEnabled(why is None)
            button.setToolTip(why or f"Record: {OUTCOMES[outcome].lower()}")

    # --- writing ----------------------------------------------------------------------------------

    def record(self, outcome: str) -> None:
        call = self.selected()
        method = self.method.currentData()
        if call is None or method is None:
            return
        try:
            confirmations.record_attempt(self.actor, call.appointment_id, method, outcome, self.note.text(),
                                         told_start=call.start)
        except (ValueError, PermissionError) as exc:  # refused: nothing written; say why, show the truth
            self._refused(exc)
            self.reload(keep=call.appointment_id)
            return
        self.changed = True
        self.note.clear()
        if outcome in ("wants_change", "wrong_number"):
            self.reload(keep=call.appointment_id)  # a person must act on this one: it stays picked
        else:
            self.reload(next_after=call.appointment_id)  # on to the next booking still to call

    def _refused(self, exc: Exception) -> None:
        """A refusal from the services, said as it came (nothing was written)."""
        QMessageBox.warning(self, "Confirmation calls", str(exc))

    def copy_reminder(self) -> None:
        """The picked booking's reminder on the clipboard, shown below the list as it was copied."""
        from PySide6.QtWidgets import QApplication

        call = self.selected()
        if call is None:
            return
        try:
            text = confirmations.reminder(self.actor, call.appointment_id)
        except (ValueError, PermissionError) as exc:
            self._refused(exc)
            return
        QApplication.clipboard().setText(text.text)
        language = {"es": "Spanish"}.get(text.language, "English")
        self.history.setText(f"Copied, in {language}, to paste into a text message or an email: {text.text}")

    def change_time(self) -> None:
        """The change dialog for the picked booking; once moved, the patient on the line has agreed to the
        new time, so it can be marked confirmed at once (asked, not assumed: the desk may be moving it
        for another reason)."""
        from frontdesk.ui.booking.move_dialog import MoveDialog

        call = self.selected()
        if call is None or not MoveDialog.ask(call.appointment_id, self, self.actor):
            return
        self.changed = True
        method = self.method.currentData() or "call"
        answer = QMessageBox.question(self, "Confirmation calls", f"{call.patient_name}'s booking is moved. Did "
                                      "they agree to the new time on this call? It is then marked confirmed.")
        if answer == QMessageBox.StandardButton.Yes:
            try:
                confirmations.record_attempt(self.actor, call.appointment_id, method, "confirmed",
                                             self.note.text() or "new time agreed")
            except (ValueError, PermissionError) as exc:
                self._refused(exc)
            self.note.clear()
        self.reload(keep=call.appointment_id)

    def print_list(self) -> QWidget | None:
        """The day's list in the print preview (printing or saving it is audited there)."""
        from frontdesk.ui.printing.menu import preview_call_list

        try:
            return preview_call_list(self, self.day(), self.actor)
        except (ValueError, PermissionError) as exc:
            self._refused(exc)
            return None

    def _show_on_board(self) -> None:
        call = self.selected()
        if call is not None:
            self.wanted = (call.start.date(), call.appointment_id)
            self.accept()


def _refusal(call: confirmations.Call | None, method: str | None, outcome: str) -> str | None:
    """Why the outcome cannot be recorded now (the same check the service makes), or None."""
    if call is None or method is None:
        return "Pick a booking first"
    if outcome not in OUTCOMES_BY_METHOD[method]:
        return f"Not for a {METHODS[method].lower()}"
    try:
        check_attempt(call.reach, method, outcome)
    except AttemptRefusedError as exc:
        return str(exc)[:1].upper() + str(exc)[1:]
    return None


def _cells(call: confirmations.Call) -> tuple[str, ...]:
    reach = call.reach.line + (f"\nspeaks {call.language}" if call.language else "")
    return (f"{call.start:%H:%M}\narrive {call.arrive_by:%H:%M}", call.patient_name, call.type_name, reach,
            call.standing.words, ", ".join(call.missing))


def _item(text: str, call: confirmations.Call, column: int) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, call.appointment_id)
    if column == STATUS_COLUMN and (call.standing.confirmed or call.standing.needs_desk):
        stress(item, CONFIRMED_COLOUR if call.standing.confirmed else ACT_COLOUR)
    return item


def _history(call: confirmations.Call | None) -> str:
    if call is None:
        return "No booking selected."
    if not call.attempts:
        return f"{call.patient_name}: not tried yet."
    moved = [a for a in call.attempts if a.for_start != call.start]
    lines = [a.words for a in call.attempts if a.for_start == call.start]
    if moved:
        lines.append(f"{len(moved)} earlier tr{'y' if len(moved) == 1 else 'ies'} about the time before the "
                     "booking was moved")
    return f"{call.patient_name}: " + "; ".join(lines)


def show_calls(window: QWidget, actor: Actor, day: dt.date) -> tuple[bool, tuple[dt.date, int] | None]:
    """The list, modal; (something was recorded, (day, appointment) to select on the board or None).
    With several desks, what another records or moves meanwhile shows within the change feed's poll."""
    dialog = CallsDialog(actor, day, window)
    from frontdesk.ui.changes import exec_following_changes

    exec_following_changes(window, dialog)
    return dialog.changed, dialog.wanted
