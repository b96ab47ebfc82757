"""The Intake menu in the main window opens the needs-attention dock."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow
from pytestqt.qtbot import QtBot

from frontdesk.ui.intake import hook


def test_menu_action_opens_the_attention_dock(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.menus = {"Help": window.menuBar().addMenu("&Help")}  # type: ignore[attr-defined]
    hook.install(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Intake", "&Help"]
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "needsAttentionAction")
    action.trigger()
    dock = window.findChild(QDockWidget, "needsAttentionDock")
    assert dock is not None and dock.widget().objectName() == "needsAttention"
    assert window.focusWidget() is dock.widget().view  # the keys go to the list asked for (Ctrl+Shift+A)


def test_consent_versions_dialog_returns_only_changes(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from frontdesk.ui.intake.consent_versions_dialog import ConsentVersionsDialog

    before = {"treatment": "1", "privacy": "1", "financial": "1", "communication": "1", "rems": "1"}
    dialog = ConsentVersionsDialog(before)
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "consentVersion_privacy").setText("2026-2")
    dialog.findChild(QLineEdit, "consentVersion_rems").setText("")
    assert dialog.changed(before) == {"privacy": "2026-2"}


def test_patient_intake_is_chosen_by_typing_a_name(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from frontdesk.rules.contact import PatientDetails, PhoneEntry
    from frontdesk.services import patients
    from frontdesk.ui.intake.choose_patient import ChoosePatientDialog
    from frontdesk.values import Actor

    admin = Actor("admin", "admin")
    ana = patients.create_patient(admin, PatientDetails(
        legal_first="Ana", legal_last="García", date_of_birth="1985-03-07", phones=(PhoneEntry("828-555-0123"),)))
    ben = patients.create_patient(admin, PatientDetails(
        legal_first="Ben", legal_last="Okafor", date_of_birth="1990-01-02", phones=(PhoneEntry("828-555-0124"),)))
    dialog = ChoosePatientDialog(admin)
    qtbot.addWidget(dialog)
    assert not dialog.open_button.isEnabled()  # nobody chosen yet
    qtbot.keyClicks(dialog.picker.search, "garc")
    assert [dialog.picker.results.item(i).text() for i in range(dialog.picker.results.count())] == [
        "Ana García (P000001, born 03/07/1985)"]
    assert dialog.picker.patient_id() == ana and dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    preset = ChoosePatientDialog(admin, selected=ben)  # the patient selected on the board or in the panel
    qtbot.addWidget(preset)
    assert preset.picker.patient_id() == ben and preset.open_button.isEnabled()
    assert preset.picker.search.text() == "Ben Okafor"

    # By keyboard: the one patient found opens at the first Enter (it took two, or Down and Enter).
    typed = ChoosePatientDialog(admin)
    qtbot.addWidget(typed)
    qtbot.keyClicks(typed.picker.search, "okafor")
    qtbot.keyClick(typed.picker.search, Qt.Key.Key_Return)
    assert typed.result() == QDialog.DialogCode.Accepted and typed.picker.patient_id() == ben
    several = ChoosePatientDialog(admin)  # two found: the first Enter goes to the list, to pick from
    qtbot.addWidget(several)
    qtbot.keyClicks(several.picker.search, "828 555")
    assert several.picker.results.count() == 2
    qtbot.keyClick(several.picker.search, Qt.Key.Key_Return)
    assert several.result() != QDialog.DialogCode.Accepted and several.picker.patient_id() == ana


def test_an_urgent_flag_of_a_patient_not_on_the_board_shows_in_the_status_bar(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from frontdesk.services import intake as service
    from frontdesk.ui.status_link import StatusLink
    from tests.services.intake_helpers import DESK, make_patient

    window = QMainWindow()
    qtbot.addWidget(window)
    window.menus = {"Help": window.menuBar().addMenu("&Help")}  # type: ignore[attr-defined]
    hook.install(window)
    link = window.findChild(StatusLink, "urgentFlags")
    link.refresh()
    assert link.text() == ""  # nobody flagged: nothing said
    pid = make_patient("Una", "Urgent")  # booked on no day: the board and its lists never show her
    service.record_questionnaire(DESK, pid, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], service.today())
    link.refresh()
    assert "1 urgent flag<" in link.text() and link.isVisibleTo(window)


@pytest.mark.parametrize(("role", "shown"), [
    ("clinical", "⚑ Clinician review before treatment: Brain bleed: yes"),
    ("desk", "⚑ Clinician review before treatment<"),
])
def test_the_appointment_details_give_a_flag_its_detail_for_clinical_staff_only(
        qtbot: QtBot, sqlite_db: peewee.Database, tmp_path: Path, role: str, shown: str) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLabel

    from frontdesk.rules.flag_kinds import CLINICIAN_REVIEW
    from frontdesk.services import flags
    from frontdesk.ui.main_window import MainWindow
    from frontdesk.values import Actor
    from tests.ui.board_helpers import DAY, known_day

    ana = known_day()["ana"]
    with sqlite_db.atomic():
        flags.raise_flag(Actor("desk1", "desk"), ana.patient.id, CLINICIAN_REVIEW, "Brain bleed: yes", "intake")
    window = MainWindow(actor=Actor("someone", role),
                        settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.menus = {"Help": window.menuBar().addMenu("&Help")}  # type: ignore[attr-defined]
    hook.install(window)
    window.show_day(DAY)
    assert window.board_view.select_appointment(ana.id)
    text = window.findChild(QLabel, "appointmentDetailsText").text()
    assert shown in text
    assert ("Brain bleed" in text) is (role == "clinical")


def test_the_urgent_flags_link_opens_the_patient_on_the_board_first_with_the_flag_picked(
        qtbot: QtBot, sqlite_db: peewee.Database, tmp_path: Path) -> None:
    """It opened the oldest urgent flag's patient (not booked at all) before the one in the clinic today,
    and picked no flag, so Mark reviewed stayed greyed until a row was clicked (helper-44)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QPushButton, QTableWidget, QWidget

    from frontdesk.services import intake as service
    from frontdesk.ui.main_window import MainWindow
    from frontdesk.ui.status_link import StatusLink
    from frontdesk.values import Actor
    from tests.services.intake_helpers import DESK, make_patient
    from tests.ui.board_helpers import DAY, known_day
    from tests.ui.modal import when_modal

    una = make_patient("Una", "Urgent")  # the oldest urgent flag, booked on no day
    service.record_questionnaire(DESK, una, "phq9", [0] * 8 + [1], service.today())
    ana = known_day()["ana"]
    service.record_questionnaire(DESK, ana.patient.id, "phq9", [0] * 8 + [2], service.today())
    window = MainWindow(actor=Actor("nurse1", "clinical"),
                        settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.menus = {"Help": window.menuBar().addMenu("&Help")}  # type: ignore[attr-defined]
    hook.install(window)
    window.show_day(DAY)
    seen: list[tuple[str, str, bool]] = []

    def look(dialog: QWidget) -> None:
        flags = dialog.findChild(QTableWidget, "flagList")
        seen.append((dialog.windowTitle(), flags.item(flags.currentRow(), 0).text(),
                     dialog.findChild(QPushButton, "reviewFlagButton").isEnabled()))
        dialog.close()

    when_modal(look, "patientIntakeDialog")
    hook._open_first_urgent(window)
    assert seen == [("Intake — Ana Núñez", "Urgent: clinician review", True)]
    assert window.findChild(StatusLink, "urgentFlags") is not None
