"""The waiting list (patients who want an earlier slot), the patients whose booster is due, and those
who missed or cancelled a visit and have nothing booked since."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules.clock import utc_to_local
from frontdesk.rules.contact import language_name
from frontdesk.rules.contact_card import Reach
from frontdesk.services import booking, clinic_settings, rebooking
from frontdesk.ui.booking.booking_dialog import BookingDialog
from frontdesk.ui.forms import read_only_table, size_to_screen
from frontdesk.ui.patients.picker import PatientPicker
from frontdesk.values import SYSTEM_ACTOR, Actor

REBOOK_HEADERS = ("Missed", "Patient", "Type", "Why", "How to reach")


def _rebook_cells(r: rebooking.Rebook) -> tuple[str, ...]:
    session = f", session {r.series_session}" if r.series_session else ""
    why = f"{r.why} ({r.misses} in {rebooking.REBOOK_DAYS} days)" if r.misses > 1 else r.why
    return (f"{r.missed:%a %d %b %H:%M}", r.patient_name, f"{r.type_name}{session}", why, reach_words(r.reach))


def reach_words(reach: Reach) -> str:
    """"(828) 555-0123 (mobile)", then the patient's wishes and language, a line each; an email address
    on a line of its own (it has no space to break at: beside its words it would be cut short)."""
    wishes = reach.words.replace(f": {reach.email}", f":\n{reach.email}") if reach.email else reach.words
    language = [] if reach.language == "en" else [f"speaks {language_name(reach.language)}"]
    lines = [reach.phone_words, wishes, *language]
    return "\n".join(line for line in lines if line)


def _make_up_plan(missed: rebooking.Rebook) -> booking.MakeUp | None:
    """The make-up of a missed series session; None for a single visit, or where the session has its
    make-up already or the series cannot take one (a plain booking then)."""
    if missed.series_session is None:
        return None
    try:
        return booking.make_up(missed.appointment_id)
    except booking.BookingError:
        return None


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    return read_only_table(name, list(headers))


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], ids: list[int]) -> None:
    table.setRowCount(len(rows))
    for row, (cells, key) in enumerate(zip(rows, ids, strict=True)):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()


class WaitlistDialog(QDialog):
    """Add and remove waiting-list entries; see whose booster is due, and who missed or cancelled a visit
    and has nothing booked since (to call and book again)."""

    def __init__(self, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitlistDialog")
        self.setWindowTitle("Waiting list, boosters and rebooking")
        self._actor = actor
        self.changed = False
        tabs = QTabWidget()
        tabs.addTab(self._waitlist_tab(), "&Waiting list")
        tabs.addTab(self._boosters_tab(), "Booster&s due")  # Alt+B is the waiting list's Book…
        tabs.addTab(self._rebook_tab(), "To &rebook")
        self.tabs = tabs
        self.status = QLabel(objectName="waitlistStatus")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        # No button is the default, so Enter in a list cannot remove the entry picked in it (the first
        # button of a dialog otherwise answers Enter): Enter on an entry books it (activated), Enter on a
        # focused button presses that button (keyPressEvent). Each button has its letter.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        size_to_screen(self, 940, 520)
        self.reload()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(focused, QPushButton):
            focused.click()  # a button that is not the default ignores Enter, which would do nothing
            return
        super().keyPressEvent(event)

    @classmethod
    def ask(cls, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR) -> bool:
        dialog = cls(actor, parent)
        dialog.exec()
        return dialog.changed

    def _waitlist_tab(self) -> QWidget:
        self.entries = _table("waitlistEntries", ("Patient", "Type", "Waiting since", "Note", "How to reach"))
        self.entries.setAccessibleName("Waiting list")
        self.entries.setWordWrap(True)
        self.entries.activated.connect(lambda _: self.book_waiting())  # Enter or a double-click
        self.picker = PatientPicker(self._actor)
        self.type_box = QComboBox(objectName="waitlistType")
        kinds = booking.appointment_types()
        for kind in kinds:
            self.type_box.addItem(kind.name, kind.id)
        # The first type that takes a chair: people wait for a freed infusion chair, hardly for a consultation
        # (the list began on "New-patient consultation").
        self.type_box.setCurrentIndex(next((i for i, kind in enumerate(kinds) if kind.needs_chair), 0))
        self.note = QLineEdit(objectName="waitlistNote")
        add = QPushButton("&Add to waiting list", objectName="waitlistAdd")
        add.clicked.connect(self.add)
        remove = QPushButton("Re&move selected", objectName="waitlistRemove")
        remove.clicked.connect(self.remove_selected)
        book = QPushButton("&Book…", objectName="waitlistBook")
        book.setToolTip("Book the patient picked (their type filled in); once booked, they leave the waiting list")
        book.clicked.connect(self.book_waiting)
        actions = QHBoxLayout()
        actions.addWidget(book, 1)
        actions.addWidget(remove)
        form = QFormLayout()
        form.addRow("Patient", self.picker)
        form.addRow("Type", self.type_box)
        form.addRow("Note", self.note)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.entries)
        layout.addLayout(actions)
        layout.addLayout(form)
        layout.addWidget(add)
        return page

    def book_waiting(self) -> None:
        """The booking dialog for the patient picked on the waiting list, their type filled in; once
        booked, their entry leaves the list (they have their slot)."""
        row = self.entries.currentRow()
        if not 0 <= row < len(self._waiting):
            self.status.setText("✖ Pick a patient on the waiting list")
            return
        entry = self._waiting[row]
        code = booking.resolve_type(entry.type_id, retired_too=True).code  # a retired one: the dialog says so
        booked = BookingDialog.ask(self, self._actor, patient_id=entry.patient_id, type_code=code)
        if booked is None:
            return
        self.changed = True
        if booking.settle_waitlist_entry(entry.id, entry.patient_id, booked, self._actor):
            self.status.setText(f"✔ {entry.patient_name} booked, and off the waiting list")
        else:  # the desk booked someone else in the end, or the entry went at another desk meanwhile
            self.status.setText("✔ Booked; the waiting list is as it was")
        self.reload()

    def _boosters_tab(self) -> QWidget:
        self.boosters = _table("boostersDue", ("Patient", "Last visit", "Booster due"))
        self.boosters.setAccessibleName("Boosters due")
        self.boosters.activated.connect(lambda _: self.book_booster())  # Enter or a double-click
        self.no_boosters = QLabel("No booster is due: every patient who has had a series has a visit booked or "
                                  "had one within the booster interval.", objectName="noBoostersDue")
        self.no_boosters.setWordWrap(True)
        book = QPushButton("Book b&ooster…", objectName="boosterBook")
        book.clicked.connect(self.book_booster)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.no_boosters)
        layout.addWidget(self.boosters)
        layout.addWidget(book)
        return page

    def book_booster(self) -> None:
        """The booking dialog with the patient whose booster is due filled in; once booked, they leave the list."""
        item = self.boosters.item(self.boosters.currentRow(), 0) if self.boosters.currentRow() >= 0 else None
        if item is None:
            self.status.setText("✖ Pick a patient whose booster is due")
            return
        patient_id = int(item.data(Qt.ItemDataRole.UserRole))
        if BookingDialog.ask(self, self._actor, patient_id=patient_id) is not None:
            self.changed = True
            self.status.setText(f"✔ Booster booked for {item.text()}")
            self.reload()

    def _rebook_tab(self) -> QWidget:
        intro = QLabel(f"No-shows and cancellations of the last {rebooking.REBOOK_DAYS} days (and visits ahead "
                       "cancelled) still waiting for a new booking: call the patient and book again. A series "
                       "session waits for its make-up, even with later sessions booked, and is booked as that "
                       "make-up, keeping its place in the series.")
        intro.setWordWrap(True)
        self.rebook = _table("toRebook", REBOOK_HEADERS)
        self.rebook.setAccessibleName("To rebook")
        self.rebook.setWordWrap(True)
        self.rebook.activated.connect(lambda _: self.book_again())  # Enter or a double-click
        book = QPushButton("Book &again…", objectName="rebookBook")
        book.clicked.connect(self.book_again)
        close = QPushButton("&Not booking again…", objectName="rebookClose")
        close.setToolTip("The patient stops or goes elsewhere: take them off this list, saying why")
        close.clicked.connect(self.not_booking_again)
        put_back = QPushButton("&Put back…", objectName="rebookPutBack")
        put_back.setToolTip(f"The patients taken off this list in the last {rebooking.CLOSED_DAYS} days: put one "
                            "back when they will be booked after all")
        put_back.clicked.connect(self.put_back)
        buttons = QHBoxLayout()
        buttons.addWidget(book, 1)
        buttons.addWidget(close)
        buttons.addWidget(put_back)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.rebook)
        layout.addLayout(buttons)
        return page

    def not_booking_again(self) -> None:
        """Ask why, then take the picked patient off the list (their missed visits stay in their history)."""
        row = self.rebook.currentRow()
        if not 0 <= row < len(self._to_rebook):
            self.status.setText("✖ Pick a patient first")
            return
        missed = self._to_rebook[row]
        ask = QInputDialog(self, objectName="notRebookingDialog")
        ask.setWindowTitle("Not booking again")
        ask.setLabelText(f"Why is {missed.patient_name} not booked again? (for example: stopping treatment, "
                         "treated elsewhere)")
        ask.setTextValue("")
        if ask.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            rebooking.close(self._actor, missed, ask.textValue())
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.changed = True
        self.status.setText(f"✔ {missed.patient_name} is off the rebook list")
        self.reload()

    def put_back(self) -> None:
        """The recent "not booking again" closings; the one picked goes back (its visits may be listed again)."""
        closing = PutBackDialog.ask(self, self._actor)
        if closing is None:
            return
        try:
            reopened = rebooking.reopen(self._actor, closing)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.changed = True
        self.reload()
        listed = next((row for row, r in enumerate(self._to_rebook) if r.patient_id == closing.patient_id), None)
        if listed is not None:
            self.rebook.selectRow(listed)  # picked, to book at once
        if not reopened:
            self.status.setText(f"✔ {closing.patient_name} was put back at another desk already")
        elif listed is not None:
            self.status.setText(f"✔ {closing.patient_name} is back on the rebook list")
        else:
            self.status.setText(f"✔ {closing.patient_name} is put back, but is not listed: the missed visits are older "
                                f"than {rebooking.REBOOK_DAYS} days or booked since (book from the patient's record)")

    def reload(self) -> None:
        items = self._waiting = booking.waitlist()
        tz = clinic_settings.profile().tz
        reach = booking.how_to_reach([e.patient_id for e in items])
        _fill(self.entries, [(e.patient_name, e.type_name, f"{utc_to_local(e.created_utc, tz):%a %d %b %Y}", e.note,
                              reach_words(reach.get(e.patient_id, Reach(None)))) for e in items],
              [e.id for e in items])
        self.entries.resizeRowsToContents()
        due = booking.boosters_due()
        _fill(self.boosters, [(b.patient_name, f"{b.last_session:%a %d %b %Y}", f"{b.due:%a %d %b %Y}") for b in due],
              [b.patient_id for b in due])
        self.no_boosters.setVisible(not due)
        self._to_rebook = rebooking.to_rebook(self._actor)
        _fill(self.rebook, [_rebook_cells(r) for r in self._to_rebook], [r.appointment_id for r in self._to_rebook])
        self.rebook.resizeRowsToContents()

    def book_again(self) -> None:
        """A make-up for a series session (its place in the series kept), else a new booking of the same
        type for the patient; once booked, the patient leaves the list."""
        row = self.rebook.currentRow()
        if not 0 <= row < len(self._to_rebook):
            self.status.setText("✖ Pick a patient to book again")
            return
        missed = self._to_rebook[row]
        plan = _make_up_plan(missed)
        booked = (BookingDialog.ask(self, self._actor, make_up=plan) if plan is not None else
                  BookingDialog.ask(self, self._actor, patient_id=missed.patient_id, type_code=missed.type_code))
        if booked is not None:
            self.changed = True
            self.status.setText(f"✔ {missed.patient_name} booked again")
            self.reload()

    def add(self) -> None:
        patient = self.picker.patient_id()
        if patient is None:
            self.status.setText("✖ Choose a patient")
            return
        try:
            booking.add_to_waitlist(patient, int(self.type_box.currentData()), self.note.text(), self._actor)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.changed = True
        self.note.clear()
        self.status.setText("✔ Added")
        self.reload()

    def remove_selected(self) -> None:
        item = self.entries.item(self.entries.currentRow(), 0) if self.entries.currentRow() >= 0 else None
        if item is None:
            return
        booking.remove_from_waitlist(int(item.data(Qt.ItemDataRole.UserRole)), self._actor)
        self.changed = True
        self.status.setText("✔ Removed")
        self.reload()


class PutBackDialog(QDialog):
    """The desk's "not booking again" of the last weeks, newest first: who, when, by whom and why."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("putBackDialog")
        self.setWindowTitle("Put back on the rebook list")
        self.closings = rebooking.closed_recently(actor)
        intro = QLabel(f"Patients taken off the rebook list in the last {rebooking.CLOSED_DAYS} days. Pick one "
                       "who will be booked again after all." if self.closings else
                       f"Nobody was taken off the rebook list in the last {rebooking.CLOSED_DAYS} days.")
        intro.setWordWrap(True)
        self.table = read_only_table("putBackTable", ["Patient", "Taken off", "By", "Why"], "Taken off the list")
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        _fill(self.table, [(c.patient_name, f"{c.closed_at:%a %d %b %H:%M}", c.user, c.reason) for c in self.closings],
              list(range(len(self.closings))))
        for row, closing in enumerate(self.closings):  # a long reason is cut short in its cell: whole here
            self.table.item(row, 3).setToolTip(closing.reason)
        self.table.doubleClicked.connect(lambda _: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel if self.closings else
                                   QDialogButtonBox.StandardButton.Close)  # nothing to choose: nothing to cancel
        self.ok = buttons.addButton("&Put back on the list", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setVisible(bool(self.closings))
        self.ok.setObjectName("putBackConfirm")
        self.ok.setEnabled(False)
        self.table.itemSelectionChanged.connect(lambda: self.ok.setEnabled(self.chosen() is not None))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def chosen(self) -> rebooking.Closing | None:
        row = self.table.currentRow()
        return self.closings[row] if 0 <= row < len(self.closings) and self.table.selectedItems() else None

    @classmethod
    def ask(cls, parent: QWidget, actor: Actor) -> rebooking.Closing | None:
        dialog = cls(actor, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
