"""Pick-ups: today's patients in recovery, their drivers, when each will be ready, and a button per
outcome of a call to the driver (told, no answer, left a message)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
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

from frontdesk.rules.contact import phones_unbroken
from frontdesk.rules.pickup import CALL_AHEAD, MOVED, NOTE_LIMIT, SETTLED
from frontdesk.services import pickups
from frontdesk.ui.forms import read_only_table, size_to_screen, stack, stress
from frontdesk.ui.schedule.details_pane import CONFIRMED_COLOUR
from frontdesk.values import Actor

HEADERS = ["Ready at", "Patient", "Chair", "Driver", "Call"]
CALL_COLUMN = HEADERS.index("Call")
DUE_COLOUR = "#b45309"  # a call owed now
BUTTONS = {"told": "Driver &told", "no_answer": "No &answer", "message": "Left a &message"}


class PickupsDialog(QDialog):
    """One row per patient in recovery, the soonest ready first; pick a row, ring, press the outcome."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pickupsDialog")
        self.setWindowTitle("Pick-ups")
        self.actor = actor
        self.changed = False
        self.wanted: int | None = None  # "Show on board": the appointment to select
        self._pickups: list[pickups.Pickup] = []
        self._build()
        size_to_screen(self, 900, 420)
        self.reload()
        self.table.setFocus()
        # Calls fall due as the minutes pass (the status bar counts them each minute): read again as often.
        self._clock = QTimer(self, interval=60_000)
        self._clock.timeout.connect(lambda: self.follow_changes(frozenset({"schedule"})))
        self._clock.start()
        self.finished.connect(self._clock.stop)  # closed, it reads nothing more

    def _build(self) -> None:
        self.summary = QLabel(objectName="pickupsSummary")
        self.table = read_only_table("pickupsTable", HEADERS, "Patients in recovery and their drivers")
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)  # one line a patient: the driver's column takes the spare width
        header = self.table.horizontalHeader()
        for column, title in enumerate(HEADERS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if title == "Driver" else
                                        QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.history = QLabel(objectName="pickupsHistory")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLineEdit(objectName="pickupsNote", placeholderText="optional: \"parking outside\"")
        self.note.setAccessibleName("Note")
        self.note.setMaxLength(NOTE_LIMIT)
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)
        outcomes = QHBoxLayout()
        outcomes.addWidget(note_label)
        outcomes.addWidget(self.note, 1)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for outcome, text in BUTTONS.items():
            button = QPushButton(text, objectName=f"pickups_{outcome}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, outcome=outcome: self.record(outcome))
            self.outcome_buttons[outcome] = button
            outcomes.addWidget(button)
        self.board_button = QPushButton("&Show on board", objectName="pickupsShowOnBoard")
        self.board_button.setAutoDefault(False)
        self.board_button.clicked.connect(self._show_on_board)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for button in close.buttons():  # Enter in the note records nothing and closes nothing
            button.setAutoDefault(False)
        closing = QHBoxLayout()
        closing.addWidget(self.board_button)
        closing.addStretch(1)
        closing.addWidget(close)
        stack(self, self.summary, self.table, self.history, outcomes, closing)

    # --- reading ----------------------------------------------------------------------------------

    def reload(self, keep: int | None = None, *, pick: bool = True) -> None:
        """Read the list again. `keep`: that patient stays picked; gone meanwhile (discharged at another
        desk), nothing is picked and the note is cleared, so no call lands on another patient's driver.
        Without `keep`, the first driver owed a call is picked (none with `pick` False)."""
        self._pickups = pickups.pickups(self.actor)
        self.table.setRowCount(len(self._pickups))
        for row, pickup in enumerate(self._pickups):
            for column, text in enumerate(_cells(pickup)):
                self.table.setItem(row, column, _item(text, pickup, column))
        self.table.resizeRowsToContents()
        self.summary.setText(_summary(self._pickups))
        ids = [p.appointment_id for p in self._pickups]
        if keep is not None and keep not in ids:
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
            self.note.clear()
            self._selection_changed()
            self.history.setText("The patient you had picked is no longer in recovery (discharged, perhaps at "
                                 "another desk): pick one from the list again.")
            return
        first_owed = next((i for i, p in enumerate(self._pickups) if p.owed), None) if pick else None
        row = ids.index(keep) if keep is not None else first_owed
        if row is not None:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
        self._selection_changed()

    def follow_changes(self, areas: frozenset[str]) -> None:
        """Another desk's change, or the minute's reading: the same patient stays picked; with none picked,
        none is picked for the desk (a row appearing under the keyboard would take the next call)."""
        if "schedule" in areas:
            picked = self.selected()
            if picked is not None:
                self.reload(keep=picked.appointment_id)
            else:
                self.reload(pick=False)

    def selected(self) -> pickups.Pickup | None:
        row = self.table.currentRow()
        return self._pickups[row] if 0 <= row < len(self._pickups) and self.table.selectedItems() else None

    def _selection_changed(self) -> None:
        picked = self.selected()
        self.history.setText(_history(picked))
        for button in (*self.outcome_buttons.values(), self.board_button):
            button.setEnabled(picked is not None)
        if picked is not None and picked.no_driver:
            self.outcome_buttons["told"].setToolTip("No driver on file: ask the patient who is taking them home, "
                                                    "and note it")
        else:
            self.outcome_buttons["told"].setToolTip("The driver knows when to come")

    # --- writing ----------------------------------------------------------------------------------

    def record(self, outcome: str) -> None:
        picked = self.selected()
        if picked is None:
            return
        try:
            pickups.record_call(self.actor, picked.appointment_id, outcome, self.note.text())
        except (ValueError, PermissionError) as exc:  # refused: nothing written
            QMessageBox.warning(self, "Pick-ups", str(exc))
            self.reload(keep=picked.appointment_id)
            return
        self.changed = True
        self.note.clear()
        self.reload(keep=picked.appointment_id)

    def _show_on_board(self) -> None:
        picked = self.selected()
        if picked is not None:
            self.wanted = picked.appointment_id
            self.accept()


def _cells(pickup: pickups.Pickup) -> tuple[str, ...]:
    return (f"{pickup.ready_at:%H:%M}", pickup.patient_name, pickup.chair_name, phones_unbroken(pickup.driver),
            _call_words(pickup))


def _call_words(pickup: pickups.Pickup) -> str:
    if pickup.state == SETTLED:
        return pickup.last_call
    if pickup.state == MOVED:
        return f"tell them the new time now · {pickup.last_call}"  # the action first: a narrow cell keeps it
    if pickup.no_driver and not pickup.calls:
        return "no driver on file: ask the patient who takes them home"
    when = "now" if pickup.owed else f"from {pickup.call_from:%H:%M}"
    return f"{pickup.last_call} · call again {when}" if pickup.calls else f"call {when}"


def _item(text: str, pickup: pickups.Pickup, column: int) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, pickup.appointment_id)
    if column == CALL_COLUMN and (pickup.owed or pickup.state == SETTLED):
        stress(item, DUE_COLOUR if pickup.owed else CONFIRMED_COLOUR)
    return item


def _summary(found: list[pickups.Pickup]) -> str:
    if not found:
        return "Nobody is in recovery now."
    owed = sum(p.owed for p in found)
    told = sum(p.state == SETTLED for p in found)
    ahead = int(CALL_AHEAD.total_seconds() // 60)
    return (f"{len(found)} in recovery · {owed} driver{'s' if owed != 1 else ''} to call · {told} told · drivers are "
            f"called {ahead} min before recovery ends")


def _history(pickup: pickups.Pickup | None) -> str:
    if pickup is None:
        return "No patient selected."
    if pickup.no_driver and not pickup.calls:
        return (f"{pickup.patient_name}: no driver on file. Ask the patient who is taking them home, call that "
                "person, and note who it is.")
    if not pickup.calls:
        return f"{pickup.patient_name}: the driver has not been called yet."
    lines = [call.words + (f": {call.note}" if call.note else "") for call in pickup.calls]
    return f"{pickup.patient_name}: " + "; ".join(lines)


def show_pickups(window: QWidget, actor: Actor) -> tuple[bool, int | None]:
    """The list, modal; (a call was recorded, the appointment to select on the board or None)."""
    dialog = PickupsDialog(actor, window)
    from frontdesk.ui.changes import exec_following_changes

    exec_following_changes(window, dialog)
    return dialog.changed, dialog.wanted
