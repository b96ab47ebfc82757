"""The patient panel: one search box that finds as you type, the results, new patient and import.

`install(main_window)` puts the panel in the main window (a dock on the left); Ctrl+F focuses
the box (`patientSearch`) from anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import patients
from frontdesk.services.permissions import NotPermittedError
from frontdesk.ui.background import BackgroundTask
from frontdesk.ui.patients.results_model import PatientResultsModel
from frontdesk.ui.patients.view import PatientResultsView
from frontdesk.values import SYSTEM_ACTOR, Actor

ActorProvider = Callable[[], Actor]
PREFERRED_WIDTH = 340


def _tool_button(text: str, name: str, slot: Callable[[], object]) -> QToolButton:
    button = QToolButton(text=text, objectName=name)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.clicked.connect(slot)
    return button


class PatientPanel(QWidget):
    """Search box and results; opens the record dialog; `patients_changed` after any save."""

    patients_changed = Signal()
    exported = Signal(int)  # patients written
    export_failed = Signal(str)

    def __init__(self, actor: ActorProvider | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientPanel")
        self.current_actor: ActorProvider = actor or (lambda: SYSTEM_ACTOR)
        self.search_box = self._build_search_box()
        self.archived_box = QCheckBox("Include archived")
        self.archived_box.setObjectName("patientIncludeArchived")
        self.archived_box.toggled.connect(self.run_search)
        self.model = PatientResultsModel(self)
        self.results = PatientResultsView(self.model)
        self.results.open_requested.connect(self.open_patient)
        self.results.left_at_top.connect(lambda: self.search_box.setFocus(Qt.FocusReason.OtherFocusReason))
        self.count_label = QLabel("")
        self.count_label.setObjectName("patientResultCount")
        self._export: BackgroundTask | None = None  # kept while its thread may still signal
        self._lay_out()

    def _build_search_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName("patientSearch")
        box.setAccessibleName("Patient search")
        box.setPlaceholderText("Name, phone, birth date or chart (Ctrl+F)")
        box.setClearButtonEnabled(True)
        box.textChanged.connect(self.run_search)
        box.installEventFilter(self)
        return box

    def _lay_out(self) -> None:
        """Narrow-friendly: the count shares a line with "Include archived", the commands are compact
        tool buttons, so the dock can give way to the board at 1366×768."""
        self.count_label.setWordWrap(True)
        status = QHBoxLayout()
        status.addWidget(self.count_label, 1)
        status.addWidget(self.archived_box)
        commands = [_tool_button("&New patient…", "newPatientButton", self.new_patient),
                    _tool_button("I&mport…", "importPatientsButton", self.import_patients),
                    _tool_button("E&xport…", "exportPatientsButton", lambda: self.export_patients())]
        self.export_button = commands[-1]
        buttons = QHBoxLayout()
        for button in commands:
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_box)
        layout.addLayout(status)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)
        # Tab goes where the eye goes: the box, what it found, then the rest.
        for before, after in pairwise([self.search_box, self.results, self.archived_box, *commands]):
            QWidget.setTabOrder(before, after)

    def sizeHint(self) -> QSize:
        """Name, birth date and phone at a glance; the board keeps the rest (wider on request)."""
        return QSize(PREFERRED_WIDTH, super().sizeHint().height())

    # --- searching ----------------------------------------------------------------------------

    def run_search(self) -> None:
        text = self.search_box.text()
        found = patients.search(text, include_archived=self.archived_box.isChecked()) if text.strip() else []
        self.results.phone_first = patients.is_phone_search(text)
        self.model.set_rows(found)
        if found:
            self.results.select_row(0)
        self.count_label.setText(self._count_text(text, len(found)))

    def _count_text(self, text: str, count: int) -> str:
        if not text.strip():
            return ""
        if count == 0:
            return "No patient matches"
        return "1 patient" if count == 1 else f"{count} patients"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the box, Down moves into the results and Enter opens the highlighted patient."""
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                self.results.select_row(max(self.results.currentIndex().row(), 0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.results.open_current()
                return True
        return super().eventFilter(watched, event)

    # --- opening and adding -------------------------------------------------------------------

    def open_patient(self, patient_id: int) -> None:
        """The patient's record; closed to book for them or to see one of their appointments, the window
        (its booking screens) does that next."""
        from frontdesk.ui.patients.record_dialog import PatientDialog

        window = self.window()
        book = getattr(window, "book_for_patient", None)
        go_to = getattr(window, "go_to_appointment", None)
        dialog = PatientDialog(self, self.current_actor(), patient_id, can_book=book is not None and go_to is not None)
        dialog.exec()
        if dialog.changed:
            self._changed()
        if dialog.wanted == ("book",) and book is not None:
            book(patient_id)
        elif dialog.wanted and dialog.wanted[0] == "show" and go_to is not None:
            _, day, appointment_id = dialog.wanted
            go_to(day, appointment_id)

    def new_patient(self) -> None:
        from frontdesk.ui.patients.record_dialog import PatientDialog

        patient_id = PatientDialog.ask(self, self.current_actor(), None)
        if patient_id is not None:
            self._changed()

    def import_patients(self) -> None:
        from frontdesk.ui.patients.import_dialog import ImportDialog

        if ImportDialog.ask(self, self.current_actor()) is not None:
            self._changed()

    def export_patients(self, path: str | None = None) -> bool:
        """Write every patient to a CSV file the desk chooses, on a worker thread (a large clinic's export
        takes seconds, and the board must keep answering). True when the export started; `exported`
        (the count) or `export_failed` (the reason) follows."""
        if not self.export_button.isEnabled():  # one export at a time: the button is back once it ended
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export patients", "patients.csv", "CSV files (*.csv)")
        if not path:
            return False
        actor = self.current_actor()
        self._export = task = BackgroundTask(lambda: patients.export_csv(actor, path), self)
        task.finished.connect(lambda count: self._exported(count, path))
        task.failed.connect(self._export_failed)
        self.count_label.setText("Exporting every patient… (the app stays in use meanwhile)")
        self.export_button.setEnabled(False)
        task.start()
        return True

    def _exported(self, count: int, path: str) -> None:
        self.export_button.setEnabled(True)
        self.count_label.setText(f"Exported {count} patients to {path}")
        self.exported.emit(count)

    def _export_failed(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        reason = str(error) if isinstance(error, OSError | NotPermittedError) else "the database did not answer"
        self.count_label.setText(f"Not exported: {reason}")
        self.export_failed.emit(reason)

    def _changed(self) -> None:
        self.run_search()
        self.patients_changed.emit()


def install(main_window: QMainWindow) -> PatientPanel:
    """Add the patient panel to `main_window` as a left dock, reachable with Ctrl+F."""
    actor = getattr(main_window, "current_actor", None)
    panel = PatientPanel(actor if callable(actor) else None)
    refresh = getattr(main_window, "refresh", None)
    if callable(refresh):
        panel.patients_changed.connect(lambda: refresh())
    _show_contacts_with_appointments(main_window, panel.current_actor)
    installer = getattr(main_window, "install_patient_panel", None)
    if callable(installer):
        installer(panel)
        return panel
    dock = QDockWidget("Patients", main_window)
    dock.setObjectName("patientDock")
    dock.setWidget(panel)
    main_window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    _add_find_shortcut(main_window, panel)
    return panel


def _show_contacts_with_appointments(main_window: QMainWindow, actor: ActorProvider) -> None:
    """The board's appointment details show the patient's phone, language and driver from here on."""
    details = getattr(main_window, "details", None)
    if details is not None and hasattr(details, "set_contact_lookup"):
        details.set_contact_lookup(lambda patient_id: patients.contact_card(actor(), patient_id))


def _add_find_shortcut(main_window: QMainWindow, panel: PatientPanel) -> None:
    """Ctrl+F focuses the box, unless the main window already has an action for it."""
    find = QKeySequence(QKeySequence.StandardKey.Find)
    if any(action.shortcut() == find for action in main_window.findChildren(QAction)):
        return
    action = QAction("Find patient", main_window)
    action.setObjectName("findPatientAction")
    action.setShortcut(find)
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.triggered.connect(lambda: focus_search(panel))
    main_window.addAction(action)


def focus_search(panel: PatientPanel) -> None:
    panel.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
    panel.search_box.selectAll()
