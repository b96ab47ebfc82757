"""The intake area's small hook into the main window: an "Intake" menu and a dockable attention list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from frontdesk.services import rems
from frontdesk.services.permissions import allowed
from frontdesk.ui.schedule.details_pane import LATE_COLOUR
from frontdesk.ui.status_link import StatusLink, install_status_link, link_html
from frontdesk.values import SYSTEM_ACTOR, Actor


def actor_of(window: QMainWindow) -> Actor:
    """The signed-in user, as the main window says (`current_actor()`); the system user until accounts exist."""
    current = getattr(window, "current_actor", None)
    actor = current() if callable(current) else getattr(window, "actor", None)
    return actor if isinstance(actor, Actor) else SYSTEM_ACTOR


def _new_menu(window: Any, help_menu: QMenu | None) -> QMenu:
    """An Intake menu in a window that has none yet: before Help (kept last) when there is one."""
    if help_menu is None:
        return window.menuBar().addMenu("&Intake")
    menu = QMenu("&Intake", window)
    window.menuBar().insertMenu(help_menu.menuAction(), menu)
    return menu


def install(window: Any) -> None:
    """Add the Intake menu: needs attention today (a dock) and a patient's intake (found by typing)."""
    menus = getattr(window, "menus", None)
    menu = menus.get("Intake") if isinstance(menus, dict) else None  # the main window keeps its place
    if menu is None:
        menu = _new_menu(window, menus.get("Help") if isinstance(menus, dict) else None)
    menu.setObjectName("intakeMenu")
    if isinstance(menus, dict):
        menus["Intake"] = menu
    attention = menu.addAction("&Needs attention today")
    attention.setObjectName("needsAttentionAction")
    attention.setShortcut("Ctrl+Shift+A")
    attention.triggered.connect(lambda: _look_at(show_attention(window)))
    patient = menu.addAction("&Patient intake…")
    patient.setObjectName("patientIntakeAction")
    patient.setShortcut("Ctrl+Shift+I")
    patient.triggered.connect(lambda: ask_patient_intake(window))
    forms = menu.addAction("&REMS monitoring forms…")
    forms.setObjectName("remsFormsAction")
    forms.setShortcut("Ctrl+Shift+M")
    forms.setStatusTip("Esketamine sessions whose monitoring form is still to be sent")
    forms.triggered.connect(lambda: show_rems_forms(window))
    menu.addSeparator()
    versions = menu.addAction("&Consent form versions…")
    versions.setObjectName("consentVersionsAction")
    versions.setStatusTip("Admin: a new form version asks earlier signers to renew")
    versions.triggered.connect(lambda: edit_consent_versions(window))
    if isinstance(window, QMainWindow):
        install_forms_reminder(window)
        install_urgent_flags_link(window)
    details = getattr(window, "details", None)
    if details is not None and hasattr(details, "set_rems_form_lookup"):
        details.set_rems_form_lookup(lambda appointment_id: rems.form_of(actor_of(window), appointment_id))
    if details is not None and hasattr(details, "set_flag_lookup"):
        details.set_flag_lookup(lambda patient_id: _flag_lines(window, patient_id))


def _flag_lines(window: QMainWindow, patient_id: int) -> list[str]:
    """The patient's open flags, urgent first, with their detail for clinical staff (the desk reads the
    labels alone: that a flag exists, not what it says)."""
    from frontdesk.services import flags

    return [f"{f.label}: {f.detail}" if f.detail else f.label
            for f in flags.open_flags([patient_id], actor_of(window)).get(patient_id, [])]


def show_rems_forms(window: QMainWindow) -> None:
    from frontdesk.ui.intake.rems_forms_dialog import RemsFormsDialog

    dialog = RemsFormsDialog(actor_of(window), window)
    dialog.exec()
    update_forms_reminder(window)  # also when nothing was marked here: another desk may have
    refresh = getattr(window, "refresh", None)
    if dialog.changed and callable(refresh):
        refresh()  # the selected session's details show its form as it now stands


OVERDUE_COLOUR = LATE_COLOUR
# Forms marked at another workstation arrive with the change feed; the timer catches what no change
# announces: a session's form falling overdue as the days pass.
def install_forms_reminder(window: QMainWindow) -> QLabel:
    """A link at the right of the status bar while REMS monitoring forms are overdue ("2 REMS forms
    overdue"); it opens their list. Read again when the schedule changes anywhere (a form marked at
    another desk, a session completed), every few minutes and after the list closes."""
    link = StatusLink("remsOverdue", "Esketamine sessions whose REMS monitoring form is past its 7 days: click to "
                      "see them", lambda: _overdue_words(window), lambda: show_rems_forms(window))
    return install_status_link(window, link)


def install_urgent_flags_link(window: QMainWindow) -> QLabel:
    """A red link at the right of the status bar while any patient has an urgent flag nobody reviewed
    ("1 urgent flag"), whether or not they are on the board today; it opens the first such patient's
    intake screen (the oldest flag), where clinical staff review it."""
    link = StatusLink("urgentFlags", "A patient's urgent clinical flag nobody has reviewed yet: tell the clinician "
                      "on duty now. Click to open the patient's intake", lambda: _urgent_words(window),
                      lambda: _open_first_urgent(window))
    return install_status_link(window, link)


def _urgent_flags(window: QMainWindow) -> list[Any]:
    from frontdesk.services import flags

    found = [f for patient in flags.open_flags(None, actor_of(window)).values() for f in patient if f.urgent]
    return sorted(found, key=lambda f: (f.raised_utc, f.id))


def _urgent_words(window: QMainWindow) -> str:
    count = len(_urgent_flags(window))
    return link_html(f'{count} urgent flag{"" if count == 1 else "s"}', OVERDUE_COLOUR) if count else ""


def _open_first_urgent(window: QMainWindow) -> None:
    """The intake of the patient whose urgent flag comes first, that flag picked (Mark reviewed a click
    away): a patient on the board shown before anyone else (the one in the clinic today, not the oldest
    flag's patient, who may not be booked at all), then the oldest flag."""
    urgent = _urgent_flags(window)
    if not urgent:
        return
    board = getattr(getattr(window, "board_model", None), "board", None)
    here = {a.patient_id for a in getattr(board, "appointments", ())}
    first = next((f for f in urgent if f.patient_id in here), urgent[0])
    open_patient_intake(window, first.patient_id, flag_id=first.id)


def _overdue_words(window: QMainWindow) -> str:
    count = rems.forms_overdue(actor_of(window))
    return link_html(f'{count} REMS form{"" if count == 1 else "s"} overdue', OVERDUE_COLOUR) if count else ""


def update_forms_reminder(window: QMainWindow) -> None:
    link = window.findChild(StatusLink, "remsOverdue")
    if link is not None:
        link.refresh()


def edit_consent_versions(window: QMainWindow) -> None:
    from frontdesk.services import intake as service
    from frontdesk.ui.intake.consent_versions_dialog import ConsentVersionsDialog

    if not allowed(actor_of(window), "settings.change"):
        QMessageBox.information(window, "Consent form versions", "Only an admin user may change consent forms.")
        return
    changes = ConsentVersionsDialog.ask(service.settings().consent_versions, window)
    try:
        for form, version in (changes or {}).items():
            service.set_consent_version(actor_of(window), form, version)
    except (ValueError, PermissionError) as exc:
        QMessageBox.warning(window, "Consent form versions", str(exc))


def show_attention(window: QMainWindow) -> QDockWidget:
    from frontdesk.ui.intake.attention_view import NeedsAttentionWidget

    dock = window.findChild(QDockWidget, "needsAttentionDock")
    if dock is None:
        dock = QDockWidget("Needs attention today", window)
        dock.setObjectName("needsAttentionDock")
        widget = NeedsAttentionWidget(actor_of(window))
        widget.patient_opened.connect(lambda pid: open_patient_intake(window, pid))
        dock.setWidget(widget)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    else:
        dock.widget().reload()
    dock.show()
    dock.raise_()
    return dock


def _look_at(dock: QDockWidget) -> None:
    """The keys go to the list just asked for (Ctrl+Shift+A), on its first row: arrows and Enter work."""
    view = getattr(dock.widget(), "view", None)
    if view is None:
        return
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if not view.currentIndex().isValid() and view.model().rowCount():
        view.setCurrentIndex(view.model().index(0, 0))


def ask_patient_intake(window: QMainWindow) -> None:
    """Ask whose intake to open (found by typing, as in the patient box), then open it."""
    from frontdesk.ui.intake.choose_patient import ChoosePatientDialog

    patient_id = ChoosePatientDialog.ask(window, actor_of(window), _selected_patient_id(window))
    if patient_id is not None:
        open_patient_intake(window, patient_id)


def open_patient_intake(window: QMainWindow, patient_id: int, *, flag_id: int | None = None) -> None:
    """The patient's intake screen (`flag_id`: that flag picked in its list)."""
    from frontdesk.ui.intake.patient_intake_dialog import PatientIntakeDialog

    PatientIntakeDialog.open_for(actor_of(window), patient_id, window, flag_id=flag_id)
    urgent = window.findChild(StatusLink, "urgentFlags")
    if urgent is not None:
        urgent.refresh()  # a flag reviewed, or a new one raised by a questionnaire entered there
    refresh = getattr(window, "refresh", None)  # the board shows the changes (a review, new flags)
    if callable(refresh):
        refresh()
    dock = window.findChild(QDockWidget, "needsAttentionDock")
    if dock is not None:
        dock.widget().reload()


def _selected_patient_id(window: QMainWindow) -> int | None:
    """The patient of the appointment selected on the board, else the one selected in the patients panel."""
    appointment = getattr(getattr(window, "details", None), "appointment", None)
    if appointment is not None and getattr(appointment, "patient_id", None):
        return int(appointment.patient_id)
    panel = window.findChild(QWidget, "patientPanel")
    current = getattr(getattr(panel, "results", None), "current_patient_id", None)
    found = current() if callable(current) else None
    return int(found) if found else None
