"""Find the next free times for a type (any chair or one, weekdays, time of day), then book one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from frontdesk.rules.clock import now_local
from frontdesk.services import booking
from frontdesk.services.schedule import clinic_profile
from frontdesk.ui.forms import confirm_buttons, date_edit, form, read_only_table, stack
from frontdesk.values import SYSTEM_ACTOR, Actor

TIMES_OF_DAY = (("Any time", None), ("Morning", "morning"), ("Afternoon", "afternoon"))
DAY_LETTERS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class FindOpeningDialog(QDialog):
    """Lists the first free times on each day; choosing one returns it (the caller books it)."""

    def __init__(self, parent: QWidget | None = None, *, type_code: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findOpeningDialog")
        self.setWindowTitle("Find opening")
        self._found: list[booking.Opening] = []
        self._build()
        preset = booking.bookable_type(type_code) if type_code else None  # retired since: the first type
        if preset is not None:
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(preset.id)))
        self.search()

    @classmethod
    def ask(cls, parent: QWidget | None = None, **preset: str) -> booking.Opening | None:
        dialog = cls(parent, **preset)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _build(self) -> None:
        self.type_box = QComboBox(objectName="openingType")
        self.type_box.setAccessibleName("Appointment type")
        for kind in booking.appointment_types():
            if kind.needs_chair:
                self.type_box.addItem(kind.name, kind.id)
        self.chair_box = QComboBox(objectName="openingChair")
        self.chair_box.setAccessibleName("Chair")
        self.chair_box.addItem("Any chair", None)
        for chair in booking.chairs():
            if chair.in_service:
                self.chair_box.addItem(chair.name, chair.id)
        self.day_boxes = [QCheckBox(name) for name in DAY_LETTERS]
        for box in self.day_boxes:
            box.setChecked(True)
        self.time_box = QComboBox(objectName="openingTimeOfDay")
        self.time_box.setAccessibleName("Time of day")
        for label, value in TIMES_OF_DAY:
            self.time_box.addItem(label, value)
        today = now_local(clinic_profile().tz).date()
        self.from_edit = date_edit("openingFrom", today)
        self.days = QSpinBox(objectName="openingDays", minimum=1, maximum=90, value=14)
        search = QPushButton("&Search")
        search.clicked.connect(self.search)
        self.table = read_only_table("openingResults", ["Day", "Time", "Chair"], "Free times")
        self.table.doubleClicked.connect(self._choose)
        self.status = QLabel(objectName="openingStatus")
        buttons, self.book_button = confirm_buttons(self, "Book this time", self._choose)
        self._lay_out(search, buttons)
        # Each change searches again (a search takes a few tens of milliseconds): a list found for other
        # choices must never stay on screen to be booked by mistake.
        for changed in (self.type_box.currentIndexChanged, self.chair_box.currentIndexChanged,
                        self.time_box.currentIndexChanged, self.from_edit.dateChanged, self.days.valueChanged,
                        *(box.toggled for box in self.day_boxes)):
            changed.connect(self.search)

    def _lay_out(self, search: QPushButton, buttons: QDialogButtonBox) -> None:
        days = QHBoxLayout()
        for box in self.day_boxes:
            days.addWidget(box)
        fields = form(("&Type", self.type_box), ("C&hair", self.chair_box), ("Weekdays", days),
                      ("Time of &day", self.time_box), ("&From", self.from_edit), ("Days to &look at", self.days))
        stack(self, fields, search, self.table, self.status, buttons)

    def search(self) -> None:
        weekdays = [i for i, box in enumerate(self.day_boxes) if box.isChecked()]
        self._found = booking.openings(int(self.type_box.currentData()), self.from_edit.date().toPython(),
                                       self.days.value(), chair=self.chair_box.currentData(), weekdays=weekdays,
                                       time_of_day=self.time_box.currentData())
        self.table.setRowCount(len(self._found))
        for row, opening in enumerate(self._found):
            cells = (f"{opening.start:%a %d %b}", f"{opening.start:%H:%M}–{opening.end:%H:%M}",
                     opening.chair_name or "office")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.status.setText(f"{len(self._found)} free times" if self._found else "No free times in these days")
        if self._found:
            self.table.selectRow(0)
        self.book_button.setEnabled(bool(self._found))

    def chosen(self) -> booking.Opening | None:
        row = self.table.currentRow()
        return self._found[row] if 0 <= row < len(self._found) else None

    def _choose(self) -> None:
        if self.chosen() is not None:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._choose()
            return
        super().keyPressEvent(event)


def find_and_book(parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR,
                  patient_id: int | None = None) -> int | None:
    """"Find opening" then the booking dialog on the chosen time, for `patient_id` when the desk had
    found them in the patients panel: the new appointment id, or None."""
    from frontdesk.ui.booking.booking_dialog import BookingDialog

    opening = FindOpeningDialog.ask(parent)
    if opening is None:
        return None
    kind = booking.resolve_type(opening.type_id)
    start = opening.start.replace(tzinfo=None)
    return BookingDialog.ask(parent, actor, start=start, chair_id=opening.chair_id, type_code=kind.code,
                             patient_id=patient_id)
