"""The patient record: every contact field, phones with type and primary, appointments beside them.

A bad field is named next to it and nothing is saved until the whole form is valid. A new patient
that looks like an existing one shows the likely duplicates first. Archive replaces delete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules import day_of
from frontdesk.rules.contact import (
    CARE_TEAM_LABELS,
    CARE_TEAM_ROLES,
    CONTACT_METHODS,
    LANGUAGES,
    PHONE_KINDS,
    CareTeamEntry,
    InvalidPatientError,
    PatientDetails,
    PhoneEntry,
    format_phone,
    language_name,
    minor_warning,
    show_optional_phone,
)
from frontdesk.rules.record_merge import Conflict, merge_changes, merge_summary
from frontdesk.services import patients
from frontdesk.services.permissions import NotPermittedError, allowed
from frontdesk.ui.forms import reject_asking, size_to_screen
from frontdesk.ui.ink import ink
from frontdesk.ui.patients.results_model import when_text
from frontdesk.values import Actor, Appointment

_LINE_FIELDS = {
    "chart_number": "Chart number", "legal_first": "Legal first name", "legal_last": "Legal last name",
    "preferred_name": "Preferred name", "date_of_birth": "Date of birth", "pronouns": "Pronouns",
    "email": "Email", "address_line1": "Street", "address_line2": "Apt / suite", "city": "City",
    "state": "State", "postal_code": "ZIP", "contact_restriction": "Contact only by",
    "emergency_name": "Name", "emergency_relationship": "Relationship", "emergency_phone": "Phone",
    "driver_name": "Name", "driver_relationship": "Relationship", "driver_phone": "Phone",
}
_PHONE_LINES = ("emergency_phone", "driver_phone")
ERROR_COLOUR = "#b00020"
CONFLICT_COLOUR = "#8a4b00"  # another workstation's value beside the desk's own: to check, not wrong


class _KeepsEnter(QObject):
    """Enter or Return on a list: its current row is activated, and the key goes no further."""

    def __init__(self, items: QListWidget, activate: Callable[[QListWidgetItem | None], None]) -> None:
        super().__init__(items)
        self._items, self._activate = items, activate
        items.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.key() not in (  # type: ignore[attr-defined]
                Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        self._activate(self._items.currentItem())
        return True


class PatientDialog(QDialog):
    """A patient's record; `ask` returns the patient's id when something was saved, else None."""

    def __init__(self, parent: QWidget | None, actor: Actor, patient_id: int | None, *, can_book: bool = False) -> None:
        """`can_book`: the window can book and show appointments, so the record offers Book… and an
        appointment of its list opens on the board."""
        super().__init__(parent)
        self.setObjectName("patientDialog")
        self.actor = actor
        self.patient_id = patient_id
        self.can_book = can_book
        self.changed = False
        self.wanted: tuple[object, ...] | None = None  # once closed: ("book",) or ("show", day, appointment id)
        self.record: patients.PatientRecord | None = None
        self.lines: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._build()
        if patient_id is not None:
            self.load(patient_id)
        else:
            self.setWindowTitle("New patient")
            self._show_record(None)
            self.add_phone_row(PhoneEntry("", "mobile", True))
            self._shown = self.details()
        # The keys start in the first name (they were on the tab bar; the chart number above it fills itself).
        self.lines["legal_first"].setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, actor: Actor, patient_id: int | None) -> int | None:
        dialog = cls(parent, actor, patient_id)
        dialog.exec()
        return dialog.patient_id if dialog.changed else None

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.restriction_note = QLabel()
        self.restriction_note.setObjectName("contactRestrictionNote")
        self.restriction_note.setStyleSheet("background: #fff3c4; padding: 4px; font-weight: bold;")
        self.restriction_note.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._identity_tab(), "&Identity")
        self.tabs.addTab(self._contact_tab(), "&Contact")
        self.tabs.addTab(self._people_tab(), "&Emergency && driver")
        self.tabs.addTab(self._care_team_tab(), "Care &team")
        self.tabs.addTab(self._notes_tab(), "N&otes")
        self.appointments = QListWidget()
        self.appointments.setObjectName("patientAppointments")
        self.appointments.setAccessibleName("Appointments")
        # A long line wraps in place, read at a glance, instead of hiding its end behind a sideways scroll.
        self.appointments.setWordWrap(True)
        self.appointments.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.appointments.itemActivated.connect(self._show_on_board)  # double-click or Enter
        # Qt passes Enter on after activating a row: it pressed Save (the default button) under a row
        # that is not on the board, saving half-typed edits and closing the record. The list keeps it.
        self._enter_kept = _KeepsEnter(self.appointments, self._show_on_board)
        self.status_label = QLabel()
        self.status_label.setObjectName("patientStatus")
        self.status_label.setWordWrap(True)
        self.flags_label = QLabel()
        self.flags_label.setObjectName("patientFlags")
        self.flags_label.setStyleSheet(f"color: {ink(CONFLICT_COLOUR)}; font-weight: bold;")
        self.flags_label.hide()
        self.booster_label = QLabel()
        self.booster_label.setObjectName("patientBooster")
        self.booster_label.setWordWrap(True)
        self.booster_label.hide()
        side = QVBoxLayout()
        side.addWidget(self.flags_label)
        side.addWidget(QLabel("<b>Appointments</b>"))
        side.addWidget(self.appointments, 1)
        side.addWidget(self.booster_label)
        body = QHBoxLayout()
        body.addWidget(self.tabs, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.restriction_note)
        layout.addLayout(body, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(self._buttons())
        size_to_screen(self, 1120, 620)

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("savePatientButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.archive_button = QPushButton("&Archive")
        self.archive_button.setObjectName("archivePatientButton")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.merge_button = QPushButton("&Merge a duplicate into this…")
        self.merge_button.setObjectName("mergePatientButton")
        self.merge_button.clicked.connect(self.merge_duplicate)
        self.intake_button = QPushButton("Intake and &flags…")
        self.intake_button.setObjectName("patientIntakeButton")
        self.intake_button.setToolTip("Intake forms, questionnaires, consents and the flags for clinical review")
        self.intake_button.clicked.connect(self.open_intake)
        self.book_button = QPushButton("&Book…")
        self.book_button.setObjectName("bookForPatientButton")
        self.book_button.setToolTip("A new appointment for this patient (the record closes; the board shows it)")
        self.book_button.clicked.connect(lambda: self._close_for(("book",)))
        close = QPushButton("Close")
        close.setObjectName("closePatientButton")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.book_button)
        row.addWidget(self.intake_button)
        row.addWidget(self.archive_button)
        row.addWidget(self.merge_button)
        row.addStretch()
        row.addWidget(self.save_button)
        row.addWidget(close)
        return row

    def _line(self, form: QFormLayout, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{name}Edit")
        edit.setAccessibleName(_LINE_FIELDS[name])
        edit.setPlaceholderText(placeholder)
        self.lines[name] = edit
        form.addRow(_LINE_FIELDS[name], self._with_error(edit, name))
        return edit

    def _with_error(self, widget: QWidget, name: str) -> QWidget:
        """The field with its error label right beside it."""
        error = QLabel()
        error.setObjectName(f"{name}Error")
        error.setStyleSheet(f"color: {ink(ERROR_COLOUR)};")
        error.setWordWrap(True)
        error.hide()
        self.errors[name] = error
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 2)
        row.addWidget(error, 1)
        return box

    def _identity_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self._line(form, "chart_number", "assigned when left empty")
        self._line(form, "legal_first")
        self._line(form, "legal_last")
        self._line(form, "preferred_name")
        self._line(form, "date_of_birth", "MM/DD/YYYY")
        self.sex = QComboBox()
        self.sex.setObjectName("sexCombo")
        self.sex.setEditable(True)
        self.sex.addItems(["", "female", "male", "intersex"])
        form.addRow("Sex", self.sex)
        self._line(form, "pronouns", "she/her, he/him, they/them…")
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.setEditable(True)  # another language is typed in, and kept as typed
        self.language.addItems(list(LANGUAGES.values()))
        form.addRow("Preferred language", self.language)
        self.interpreter = QCheckBox("Interpreter needed")
        self.interpreter.setObjectName("interpreterCheck")
        form.addRow("", self.interpreter)
        return page

    def _contact_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Phones", self._with_error(self._phones_box(), "phones"))
        self._line(form, "email", "name@example.org")
        self._line(form, "address_line1")
        self._line(form, "address_line2")
        self._line(form, "city")
        self._line(form, "state", "NC")
        self._line(form, "postal_code", "28801 or 28801-1234")
        self.preferred_contact = QComboBox()
        self.preferred_contact.setObjectName("preferredContactCombo")
        self.preferred_contact.addItems(list(CONTACT_METHODS))
        form.addRow("Preferred contact", self._with_error(self.preferred_contact, "preferred_contact"))
        self.ok_voicemail = QCheckBox("OK to leave voicemail")
        self.ok_voicemail.setObjectName("okVoicemailCheck")
        self.ok_text = QCheckBox("OK to text")
        self.ok_text.setObjectName("okTextCheck")
        form.addRow("", self.ok_voicemail)
        form.addRow("", self.ok_text)
        self._line(form, "contact_restriction", "as the patient asked, e.g. text only")
        self.alternate_contact = QPlainTextEdit()
        self.alternate_contact.setObjectName("alternateContactEdit")
        self.alternate_contact.setMaximumHeight(60)
        form.addRow("Alternate address / phone", self.alternate_contact)
        return page

    def _phones_box(self) -> QWidget:
        self.phones = QTableWidget(0, 4)
        self.phones.setTabKeyNavigation(False)  # Tab moves on to Add phone and the fields below
        self.phones.setObjectName("phonesTable")
        self.phones.setAccessibleName("Phones")
        self.phones.setHorizontalHeaderLabels(["Number", "Ext.", "Type", "Primary"])
        header = self.phones.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.phones.verticalHeader().hide()
        self.phones.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.phones.setMaximumHeight(130)
        add = QPushButton("Add phone")
        add.setObjectName("addPhoneButton")
        add.clicked.connect(lambda: self.add_phone_row(PhoneEntry("", "mobile", self.phones.rowCount() == 0)))
        remove = QPushButton("Remove phone")
        remove.setObjectName("removePhoneButton")
        remove.clicked.connect(lambda: self.phones.removeRow(self.phones.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.phones)
        column.addLayout(buttons)
        return box

    def add_phone_row(self, phone: PhoneEntry) -> None:
        row = self.phones.rowCount()
        self.phones.insertRow(row)
        shown = format_phone(phone.number) if phone.number.startswith("+") else phone.number
        self.phones.setItem(row, 0, QTableWidgetItem(shown))
        self.phones.setItem(row, 1, QTableWidgetItem(phone.extension))
        kind = QComboBox()
        kind.addItems(list(PHONE_KINDS))
        kind.setCurrentText(phone.kind)
        self.phones.setCellWidget(row, 2, kind)
        primary = QCheckBox()
        primary.setAccessibleName("Primary phone")
        primary.setChecked(phone.is_primary)
        primary.toggled.connect(lambda on, box=primary: self._only_one_primary(box, on))
        self.phones.setCellWidget(row, 3, primary)

    def _only_one_primary(self, chosen: QCheckBox, on: bool) -> None:
        if not on:
            return
        for row in range(self.phones.rowCount()):
            box = self.phones.cellWidget(row, 3)
            if isinstance(box, QCheckBox) and box is not chosen:
                box.setChecked(False)

    def _people_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        for title, prefix in (("Emergency contact", "emergency"), ("Usual driver", "driver")):
            column.addWidget(QLabel(f"<b>{title}</b>"))
            form = QFormLayout()
            for part in ("name", "relationship", "phone"):
                self._line(form, f"{prefix}_{part}", "(828) 555-0123" if part == "phone" else "")
            column.addLayout(form)
        column.addStretch()
        return page

    def _care_team_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        for col, title in enumerate(("", "Name", "Practice", "Phone", "Fax"), start=0):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        self.care: dict[tuple[str, str], QLineEdit] = {}
        for row, role in enumerate(CARE_TEAM_ROLES, start=1):
            grid.addWidget(QLabel(CARE_TEAM_LABELS[role]), row, 0)
            for col, part in enumerate(("name", "practice", "phone", "fax"), start=1):
                edit = QLineEdit()
                edit.setObjectName(f"{role}_{part}Edit")
                edit.setAccessibleName(f"{CARE_TEAM_LABELS[role]} {part}")
                self.care[(role, part)] = edit
                grid.addWidget(edit, row, col)
            error = QLabel()
            error.setObjectName(f"care_team.{role}Error")
            error.setStyleSheet(f"color: {ink(ERROR_COLOUR)};")
            error.hide()
            self.errors[f"care_team.{role}"] = error
            grid.addWidget(error, row, 5)
        grid.setRowStretch(len(CARE_TEAM_ROLES) + 1, 1)
        return page

    def _notes_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.desk_notes = QPlainTextEdit()
        self.desk_notes.setObjectName("deskNotesEdit")
        self.desk_notes.setAccessibleName("Desk notes")
        column.addWidget(QLabel("Desk notes (no clinical content)"))
        column.addWidget(self.desk_notes)
        return page

    # --- showing a record ---------------------------------------------------------------------

    def load(self, patient_id: int) -> None:
        """Show a stored patient (recorded in the audit trail as a view)."""
        self.patient_id = patient_id
        self.record = patients.open_record(self.actor, patient_id)
        self._show_record(self.record)

    def _show_record(self, record: patients.PatientRecord | None) -> None:
        details = record.details if record else PatientDetails(legal_first="", legal_last="")
        self.fill(details)
        self._show_appointments(record)
        archived = bool(record and record.details.archived)
        self.archive_button.setText("Un&archive" if archived else "&Archive")
        self.archive_button.setEnabled(record is not None)
        self.intake_button.setEnabled(record is not None)
        may_merge = allowed(self.actor, "patients.merge")
        self.merge_button.setEnabled(record is not None and not archived and may_merge)
        self.merge_button.setToolTip("" if may_merge else "Merging records is for an administrator")
        if record:
            self.setWindowTitle(f"{details.legal_first} {details.legal_last} — {details.chart_number}")
        self.status_label.setText(self._status_text(record))
        self._show_flag_count(record.open_flags if record else 0)
        self.clear_errors()
        self._shown = self.details()

    def has_unsaved_changes(self) -> bool:
        return self.details() != self._shown

    def reject(self) -> None:
        """Escape or Close: unsaved typing is never dropped without asking."""
        reject_asking(self, self.has_unsaved_changes(), "This record has changes that are not saved.", self.save)

    def _status_text(self, record: patients.PatientRecord | None) -> str:
        if record is None:
            return ""
        if record.merged_into:
            return f"Archived: merged into patient {record.merged_into}."
        return "Archived: hidden from search." if record.details.archived else ""

    def fill(self, details: PatientDetails) -> None:
        for name, edit in self.lines.items():
            value = getattr(details, name)
            if name == "date_of_birth":
                value = f"{value:%m/%d/%Y}" if isinstance(value, dt.date) else (value or "")
            elif name in _PHONE_LINES:
                value = show_optional_phone(value)
            edit.setText(str(value))
        self.sex.setCurrentText(details.sex)
        self.language.setCurrentText(language_name(details.language))
        self.interpreter.setChecked(details.interpreter_needed)
        self.preferred_contact.setCurrentText(details.preferred_contact)
        self.ok_voicemail.setChecked(details.ok_voicemail)
        self.ok_text.setChecked(details.ok_text)
        self.alternate_contact.setPlainText(details.alternate_contact)
        self.desk_notes.setPlainText(details.desk_notes)
        self.phones.setRowCount(0)
        for phone in details.phones:
            self.add_phone_row(phone)
        for edit in self.care.values():
            edit.clear()
        for member in details.care_team:
            for part in ("name", "practice", "phone", "fax"):
                value = getattr(member, part)
                self.care[(member.role, part)].setText(show_optional_phone(value) if part in ("phone", "fax")
                                                       else value)
        restriction = details.contact_restriction.strip()
        self.restriction_note.setText(f"Contact only as the patient asked: {restriction}")
        self.restriction_note.setVisible(bool(restriction))

    def _show_appointments(self, record: patients.PatientRecord | None) -> None:
        booster = record.booster if record is not None else None
        self.booster_label.setVisible(booster is not None)
        if booster is not None and record is not None and record.today is not None:
            self.booster_label.setText(booster.words(record.today))
            overdue = booster.overdue(record.today)
            self.booster_label.setStyleSheet(f"color: {ink(CONFLICT_COLOUR)}; font-weight: bold;" if overdue else "")
        self.appointments.clear()
        archived = record is not None and record.details.archived
        self.book_button.setVisible(self.can_book and record is not None and not archived)
        if record is None:
            self.appointments.addItem("No appointments yet")
            return
        self.appointments.addItem(f"Upcoming ({len(record.upcoming)})")
        for appointment in record.upcoming:
            self._add_appointment(appointment)
        self.appointments.addItem(f"Past ({len(record.past)})")
        for appointment in reversed(record.past):
            self._add_appointment(appointment)
        if self.can_book:
            self.appointments.setToolTip("Double-click an appointment (or Enter) to see it on the board")

    def _add_appointment(self, appointment: Appointment) -> None:
        item = QListWidgetItem("  " + appointment_line(appointment))
        if appointment.chair_id is not None and appointment.outcome not in day_of.RELEASED:  # what the board shows
            item.setData(Qt.ItemDataRole.UserRole, (appointment.start.date(), appointment.id))
        self.appointments.addItem(item)

    def _show_on_board(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        where = item.data(Qt.ItemDataRole.UserRole)
        if self.can_book and where:
            self._close_for(("show", *where))
        elif self.can_book and item.text().startswith("  "):
            self.status_label.setText("That visit is not on the board: cancelled, missed, or in the office")

    def _close_for(self, wanted: tuple[object, ...]) -> None:
        """Close to let the window do `wanted`; unsaved typing is asked about first, as Close asks."""
        self.wanted = wanted
        self.reject()
        if self.isVisible() and self.result() != QDialog.DialogCode.Accepted:  # the desk chose Cancel
            self.wanted = None

    # --- reading the form and saving ----------------------------------------------------------

    def details(self) -> PatientDetails:
        """What the form holds, as typed."""
        values = {name: edit.text() for name, edit in self.lines.items()}
        base = self.record.details if self.record else PatientDetails(legal_first="", legal_last="")
        return replace(
            base, **values, sex=self.sex.currentText().strip(), language=self.language.currentText(),
            interpreter_needed=self.interpreter.isChecked(), preferred_contact=self.preferred_contact.currentText(),
            ok_voicemail=self.ok_voicemail.isChecked(), ok_text=self.ok_text.isChecked(),
            alternate_contact=self.alternate_contact.toPlainText().strip(),
            desk_notes=self.desk_notes.toPlainText().strip(), phones=self._phones(), care_team=self._care_team(),
        )

    def _phones(self) -> tuple[PhoneEntry, ...]:
        phones = []
        for row in range(self.phones.rowCount()):
            number = self.phones.item(row, 0).text() if self.phones.item(row, 0) else ""
            extension = self.phones.item(row, 1).text() if self.phones.item(row, 1) else ""
            kind, primary = self.phones.cellWidget(row, 2), self.phones.cellWidget(row, 3)
            if number.strip():
                phones.append(PhoneEntry(number, kind.currentText(), primary.isChecked(), extension.strip()))
        return tuple(phones)

    def _care_team(self) -> tuple[CareTeamEntry, ...]:
        team = []
        for role in CARE_TEAM_ROLES:
            parts = {part: self.care[(role, part)].text() for part in ("name", "practice", "phone", "fax")}
            if parts["name"].strip():
                team.append(CareTeamEntry(role, **parts))
        return tuple(team)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setStyleSheet(f"color: {ink(ERROR_COLOUR)};")
            label.hide()

    def show_conflicts(self, conflicts: tuple[Conflict, ...]) -> None:
        """Beside each field both workstations changed: the other one's value (the desk's stays in the field)."""
        self.clear_errors()
        for conflict in conflicts:
            label = self.errors.get(conflict.field)
            if label is not None:
                label.setStyleSheet(f"color: {ink(CONFLICT_COLOUR)};")
                label.setText(f"Elsewhere: {conflict.theirs}")
                label.show()
        if conflicts:
            self._show_first_error_tab()

    def show_errors(self, problems: dict[str, str]) -> None:
        self.clear_errors()
        for name, reason in problems.items():
            label = self._error_label(name)
            if label is None:
                continue
            prefix = f"Phone {int(name[7:-1]) + 1}: " if name.startswith("phones[") else ""
            label.setText((label.text() + "\n" if label.text() else "") + prefix + reason)
            label.show()
        self._show_first_error_tab()
        where = self._tabs_holding(problems)
        places = ", ".join(f"{tab} ({count})" for tab, count in where.items())
        count = f"{len(problems)} field{'s' if len(problems) != 1 else ''} to correct"
        # An error on another tab was unseen: the status said how many, not where.
        self.status_label.setText(f"Not saved: {count}" + (f", on {places}." if places else "."))

    def _error_label(self, name: str) -> QLabel | None:
        """The label beside field `name` ("phones[1]": the phones table's)."""
        return self.errors.get("phones" if name.startswith("phones") else name)

    def _tab_of(self, label: QLabel) -> int | None:
        return next((i for i in range(self.tabs.count()) if self.tabs.widget(i).isAncestorOf(label)), None)

    def _tabs_holding(self, problems: dict[str, str]) -> dict[str, int]:
        """Each tab's name (as it reads, without its Alt letter) and how many of `problems` are on it."""
        counts: dict[str, int] = {}
        for name in problems:
            label = self._error_label(name)
            index = self._tab_of(label) if label is not None else None
            if index is not None:
                title = self.tabs.tabText(index).replace("&&", "\0").replace("&", "").replace("\0", "&")
                counts[title] = counts.get(title, 0) + 1
        return counts

    def _show_first_error_tab(self) -> None:
        """Bring the first tab holding an error to the front, so the desk sees what to correct."""
        shown = [index for label in self.errors.values() if label.text() and (index := self._tab_of(label)) is not None]
        if shown:
            self.tabs.setCurrentIndex(min(shown))

    def save(self) -> None:
        """Validate everything; save only when valid (new patients: after showing likely duplicates)."""
        details = self.details()
        try:
            clean = patients.validate(details, patient_id=self.patient_id)
        except InvalidPatientError as exc:
            self.show_errors(exc.problems)
            return
        if not self._age_cleared(clean):
            return
        if self.patient_id is None and not self._duplicates_cleared(clean):
            return
        try:
            self._write(details)
        except InvalidPatientError as exc:
            self.show_errors(exc.problems)
            return
        except patients.ChangedElsewhereError:
            self._take_in_changes_from_elsewhere(details)
            return
        except NotPermittedError as exc:
            self.status_label.setText(str(exc))
            return
        self.changed = True
        self.accept()

    def _take_in_changes_from_elsewhere(self, mine: PatientDetails) -> None:
        """Another workstation saved this record after it was opened here: show the record as saved now
        with the desk's own changes put back on top, and where both changed a field, the other value
        beside it. Nothing is saved until the desk looks and presses Save again."""
        assert self.patient_id is not None
        base = self._shown
        self.load(self.patient_id)  # the record as saved now; what the form shows of it becomes `_shown`
        merged = merge_changes(base, mine, self._shown)
        self.fill(merged.details)
        self.show_conflicts(merged.conflicts)
        self.status_label.setText(merge_summary(merged))

    def _write(self, details: PatientDetails) -> None:
        if self.patient_id is None:
            self.patient_id = patients.create_patient(self.actor, details)
        else:
            patients.update_patient(self.actor, self.patient_id, details,
                                    seen_utc=self.record.saved_utc if self.record else None)

    def _age_cleared(self, details: PatientDetails) -> bool:
        """A date of birth that makes the patient under 18, typed now (not one saved before), is asked
        about once: the clinic treats adults, so it is most likely a typing slip."""
        warning = minor_warning(details.dob, dt.date.today())
        if warning is None or (self.record is not None and self.record.details.dob == details.dob):
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "Under 18", f"Date of birth {details.dob:%m/%d/%Y}: "
                          f"{warning}.", QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("minorQuestion")
        save = box.addButton("Save anyway", QMessageBox.ButtonRole.AcceptRole)
        check = box.addButton("Check the date", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(check)
        box.exec()
        if box.clickedButton() is save:
            return True
        label = self.errors["date_of_birth"]
        label.setStyleSheet(f"color: {ink(CONFLICT_COLOUR)};")
        label.setText(warning[0].upper() + warning[1:])
        label.show()
        self._show_first_error_tab()
        self.lines["date_of_birth"].setFocus()
        self.lines["date_of_birth"].selectAll()
        return False

    def _duplicates_cleared(self, details: PatientDetails) -> bool:
        """True to go on saving a new patient; False when the desk opened an existing one or cancelled."""
        from frontdesk.ui.patients.duplicates_dialog import DuplicatesDialog

        found = patients.find_duplicates(details)
        if not found:
            return True
        choice = DuplicatesDialog.ask(self, found)
        if choice is None:
            return False
        if choice == DuplicatesDialog.SAVE_NEW:
            return True
        self.load(choice)
        self.status_label.setText("Opened the existing record instead of adding a new one.")
        return False

    # --- archive and merge --------------------------------------------------------------------

    def open_intake(self) -> None:
        """The patient's intake screen; back here, the flag count is read again (a review may have cleared one)."""
        if self.record is None or self.patient_id is None:
            return
        from frontdesk.ui.intake.patient_intake_dialog import PatientIntakeDialog

        PatientIntakeDialog.open_for(self.actor, self.patient_id, self)
        self._refresh_flags()

    def _refresh_flags(self) -> None:
        if self.patient_id is None:
            return
        self._show_flag_count(patients.open_flag_count(self.patient_id))

    def _show_flag_count(self, flags: int) -> None:
        self.flags_label.setText(f"{flags} {'flag' if flags == 1 else 'flags'} waiting for clinical review: "
                                 "tell the clinician")
        self.flags_label.setVisible(flags > 0)

    def toggle_archived(self) -> None:
        if self.record is None or self.patient_id is None:
            return
        try:
            patients.set_archived(self.actor, self.patient_id, not self.record.details.archived)
        except NotPermittedError as exc:
            self.status_label.setText(str(exc))
            return
        self.changed = True
        self.load(self.patient_id)

    def merge_duplicate(self) -> None:
        from frontdesk.ui.patients.merge_dialog import MergeDialog

        if self.patient_id is None:
            return
        other = MergeDialog.ask(self, self.patient_id)
        if other is None:
            return
        try:
            patients.merge(self.actor, self.patient_id, other)
        except (NotPermittedError, ValueError, LookupError) as exc:
            self.status_label.setText(str(exc))
            return
        self.changed = True
        self.load(self.patient_id)
        self.status_label.setText(f"Merged patient {other} into this record; it is archived.")


def appointment_line(a: Appointment) -> str:
    """"Tue 01 Dec 09:00 · IV ketamine, mood · Chair 2 · 3 of 6 · booked": the day as the board's messages
    say it, the year only when it is not this year's (a date of birth keeps the US form it is typed in)."""
    parts = [when_text(a.start), a.type.name]
    if a.chair_name:
        parts.append(a.chair_name)
    if a.series_label:
        parts.append(a.series_label)
    parts.append(a.status.replace("_", " "))
    return " · ".join(parts)


__all__ = ["PatientDialog", "appointment_line"]
