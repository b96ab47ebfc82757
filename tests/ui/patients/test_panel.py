"""The patient panel and record dialog, driven like the desk drives them (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.rules.contact import PatientDetails, PhoneEntry
from frontdesk.services import patients
from frontdesk.ui.patients.duplicates_dialog import DuplicatesDialog
from frontdesk.ui.patients.import_dialog import ImportDialog
from frontdesk.ui.patients.merge_dialog import MergeDialog
from frontdesk.ui.patients.panel import PatientPanel, install
from frontdesk.ui.patients.record_dialog import PatientDialog
from frontdesk.values import Actor
from tests.ui.modal import when_modal

ADMIN = Actor("tester", "admin")


@pytest.fixture
def clinic(sqlite_db: peewee.Database) -> dict[str, int]:
    def add(first: str, last: str, dob: str, phone: str, **more: object) -> int:
        return patients.create_patient(ADMIN, PatientDetails(
            legal_first=first, legal_last=last, date_of_birth=dob, phones=(PhoneEntry(phone),), **more))  # type: ignore[arg-type]

    return {
        "jose": add("José", "García", "1985-03-07", "(828) 555-0123", chart_number="C1"),
        "ana": add("Ana", "Rivera", "1990-01-02", "(704) 555-0150", chart_number="C2"),
        "joseph": add("Joseph", "Smith", "1970-05-05", "(919) 555-0177", chart_number="C3",
                      contact_restriction="text only"),
    }


@pytest.fixture
def panel(qtbot: QtBot, clinic: dict[str, int]) -> PatientPanel:
    widget = PatientPanel(lambda: ADMIN)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def rows(panel: PatientPanel) -> list[list[str]]:
    view = panel.findChild(QTableView, "patientResults")
    model = view.model()
    return [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]


def window_focus(panel: PatientPanel) -> QWidget | None:
    return panel.window().focusWidget()


def type_search(qtbot: QtBot, panel: PatientPanel, text: str) -> None:
    box = panel.findChild(QLineEdit, "patientSearch")
    box.clear()
    qtbot.keyClicks(box, text)


def test_typing_a_name_without_accents_finds_the_patient(qtbot: QtBot, panel: PatientPanel) -> None:
    type_search(qtbot, panel, "jose g")
    assert rows(panel) == [["José García", "03/07/1985", "(828) 555-0123", ""]]
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Legal name: José García"
    assert panel.findChild(QLabel, "patientResultCount").text() == "1 patient"


def test_phone_and_birth_date_and_prefix(qtbot: QtBot, panel: PatientPanel) -> None:
    type_search(qtbot, panel, "555-0150")
    assert [r[0] for r in rows(panel)] == ["Ana Rivera"]
    type_search(qtbot, panel, "3/7/1985")
    assert [r[0] for r in rows(panel)] == ["José García"]
    type_search(qtbot, panel, "jos")
    assert [r[0] for r in rows(panel)] == ["José García", "Joseph Smith"]
    type_search(qtbot, panel, "nobody")
    assert rows(panel) == []
    assert panel.findChild(QLabel, "patientResultCount").text() == "No patient matches"


def test_next_appointment_shows_in_results(qtbot: QtBot, panel: PatientPanel, clinic: dict[str, int]) -> None:
    kind = m.AppointmentType.get(m.AppointmentType.needs_chair == False)  # noqa: E712
    start = dt.datetime(2099, 3, 2, 15, 0)
    m.Appointment.create(patient=clinic["ana"], type=kind, start_utc=start, end_utc=start + dt.timedelta(hours=1))
    type_search(qtbot, panel, "rivera")
    assert rows(panel)[0][3] == "Mon 02 Mar 2099 10:00"  # the day as the board says it, never 03/02


def test_down_and_enter_open_the_record_and_audit_the_view(qtbot: QtBot, panel: PatientPanel,
                                                            clinic: dict[str, int]) -> None:
    type_search(qtbot, panel, "jos")
    titles: list[str] = []

    def check(dialog: QWidget) -> None:
        titles.append(dialog.windowTitle())
        dialog.reject()

    when_modal(check)
    box = panel.findChild(QLineEdit, "patientSearch")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    view = panel.findChild(QTableView, "patientResults")
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    second = view.model().index(1, 0).data()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert len(titles) == 1 and titles[0].startswith(second.split()[0])
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window_focus(panel) is box
    assert m.AuditEntry.select().where(m.AuditEntry.action == "patient.view").count() == 1


def test_enter_in_the_box_opens_the_first_result(qtbot: QtBot, panel: PatientPanel) -> None:
    type_search(qtbot, panel, "rivera")
    seen = when_modal(lambda dialog: dialog.reject())
    qtbot.keyClick(panel.findChild(QLineEdit, "patientSearch"), Qt.Key.Key_Return)
    assert seen == ["patientDialog"]


def test_record_shows_fields_and_the_contact_restriction(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, clinic["joseph"])
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLineEdit, "legal_firstEdit").text() == "Joseph"
    assert dialog.findChild(QLineEdit, "date_of_birthEdit").text() == "05/05/1970"
    assert dialog.phones.item(0, 0).text() == "(919) 555-0177"
    note = dialog.findChild(QLabel, "contactRestrictionNote")
    assert not note.isHidden() and "text only" in note.text()
    assert dialog.findChild(QLabel, "patientFlags").isHidden()


def test_the_record_names_the_language_and_keeps_its_code(qtbot: QtBot, clinic: dict[str, int]) -> None:
    maria = patients.create_patient(ADMIN, PatientDetails(legal_first="María", legal_last="Soto", language="Español",
                                                          phones=(PhoneEntry("(828) 555-0161"),)))
    assert patients.open_record(ADMIN, maria).details.language == "es"  # the word, kept as the code
    dialog = PatientDialog(None, ADMIN, maria)
    qtbot.addWidget(dialog)
    combo = dialog.findChild(QComboBox, "languageCombo")
    assert combo.currentText() == "Spanish"  # not "es"
    assert [combo.itemText(i) for i in range(combo.count())] == ["English", "Spanish"]
    combo.setCurrentText("English")
    dialog.save()
    assert patients.open_record(ADMIN, maria).details.language == "en"  # the sheets print by the code


def test_record_shows_that_a_flag_waits_and_series_progress(qtbot: QtBot, clinic: dict[str, int]) -> None:
    m.Flag.create(patient=clinic["ana"], kind="clinician_review", detail="not for the desk")
    kind = m.AppointmentType.get(m.AppointmentType.code == "iv_mood")
    series = m.Series.create(patient=clinic["ana"], type=kind, planned_count=6)
    start = dt.datetime(2099, 3, 2, 15, 0)
    m.Appointment.create(patient=clinic["ana"], type=kind, start_utc=start, end_utc=start + dt.timedelta(hours=1),
                         series=series, series_index=3)
    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    flags = dialog.findChild(QLabel, "patientFlags")
    assert not flags.isHidden() and flags.text().startswith("1 flag waiting")
    assert "not for the desk" not in flags.text()
    lines = [dialog.appointments.item(i).text() for i in range(dialog.appointments.count())]
    assert lines[0] == "Upcoming (1)"
    assert lines[1].strip().startswith("Mon 02 Mar 2099 10:00") and "3 of 6" in lines[1]  # not this year: with it
    dialog.resize(700, 500)  # a narrow record: a long line wraps in place, its end not behind a sideways scroll
    dialog.show()
    assert dialog.appointments.horizontalScrollBar().maximum() == 0
    assert dialog.findChild(QLabel, "patientBooster").isHidden()  # a series under way: no booster to speak of


def test_a_patient_whose_booster_is_overdue_says_so_on_the_record(qtbot: QtBot, clinic: dict[str, int]) -> None:
    kind = m.AppointmentType.get(m.AppointmentType.code == "iv_mood")
    series = m.Series.create(patient=clinic["jose"], type=kind, planned_count=2)
    start = dt.datetime(2026, 3, 2, 15, 0)
    m.Appointment.create(patient=clinic["jose"], type=kind, start_utc=start, end_utc=start + dt.timedelta(hours=1),
                         series=series, series_index=2, outcome="completed", flow="discharged")
    dialog = PatientDialog(None, ADMIN, clinic["jose"])
    qtbot.addWidget(dialog)
    booster = dialog.findChild(QLabel, "patientBooster")
    assert booster.text() == "Booster overdue since Mon 13 Apr 2026: last visit Mon 02 Mar, nothing booked since"
    assert "bold" in booster.styleSheet()
    other = PatientDialog(None, ADMIN, clinic["joseph"])  # never had a series: nothing said
    qtbot.addWidget(other)
    assert other.findChild(QLabel, "patientBooster").isHidden()


def test_the_record_opens_the_intake_screen_and_a_review_there_clears_the_flag(
        qtbot: QtBot, clinic: dict[str, int]) -> None:
    from PySide6.QtWidgets import QDialog, QPushButton, QTableWidget

    m.Flag.create(patient=clinic["ana"], kind="clinician_review", detail="screening answer: unsure")
    nurse = Actor("nurse1", "clinical")
    dialog = PatientDialog(None, nurse, clinic["ana"])
    qtbot.addWidget(dialog)
    seen: dict[str, object] = {}

    def review_in_the_intake_screen() -> None:
        screen = QApplication.activeModalWidget()
        assert isinstance(screen, QDialog) and screen is not dialog
        flags = screen.findChild(QTableWidget, "flagList")
        seen["flag"] = flags.item(0, 0).text()
        flags.selectRow(0)
        when_modal(lambda box: next(b for b in box.buttons() if b.text() == "Mark reviewed").click(),  # type: ignore[attr-defined]
                   "reviewFlagQuestion")
        screen.findChild(QPushButton, "reviewFlagButton").click()
        screen.reject()

    QTimer.singleShot(0, review_in_the_intake_screen)
    dialog.findChild(QPushButton, "patientIntakeButton").click()
    assert "clinician review" in str(seen["flag"]).lower()
    assert dialog.findChild(QLabel, "patientFlags").isHidden()  # read again on the way back


def test_saving_over_a_change_made_on_another_workstation_is_refused_and_the_form_kept(
        qtbot: QtBot, clinic: dict[str, int]) -> None:
    from dataclasses import replace

    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    elsewhere = patients.open_record(ADMIN, clinic["ana"])
    patients.update_patient(ADMIN, clinic["ana"], replace(elsewhere.details, email="ana@example.org"),
                            seen_utc=elsewhere.saved_utc)
    dialog.lines["email"].setText("mine@example.org")
    dialog.save()
    assert "another workstation" in dialog.findChild(QLabel, "patientStatus").text()
    assert dialog.result() != PatientDialog.DialogCode.Accepted and dialog.lines["email"].text() == "mine@example.org"
    assert patients.open_record(ADMIN, clinic["ana"]).details.email == "ana@example.org"


def test_after_a_save_elsewhere_the_form_takes_in_their_changes_and_keeps_the_desks(
        qtbot: QtBot, clinic: dict[str, int]) -> None:
    from dataclasses import replace

    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    dialog.lines["email"].setText("ana.r@example.org")  # the desk's own change
    dialog.lines["city"].setText("Black Mountain")      # both change the city
    elsewhere = patients.open_record(ADMIN, clinic["ana"])
    patients.update_patient(ADMIN, clinic["ana"], replace(
        elsewhere.details, city="Asheville", driver_name="Luis Rivera",
        phones=(PhoneEntry("(704) 555-0199"),)), seen_utc=elsewhere.saved_utc)

    dialog.save()

    assert dialog.result() != PatientDialog.DialogCode.Accepted
    assert patients.open_record(ADMIN, clinic["ana"]).details.email == ""  # nothing of the desk's saved yet
    status = dialog.findChild(QLabel, "patientStatus").text()
    assert status == ("Someone saved this record on another workstation while you had it open. Their changes are "
                      "now in the form (phone numbers and driver's name); yours are kept. Both of you changed the "
                      "city: yours are shown, theirs beside each. Check, then Save again.")
    assert dialog.lines["email"].text() == "ana.r@example.org"
    assert dialog.lines["driver_name"].text() == "Luis Rivera"
    assert dialog.phones.item(0, 0).text() == "(704) 555-0199"
    assert dialog.lines["city"].text() == "Black Mountain"
    beside = dialog.findChild(QLabel, "cityError")
    assert beside.text() == "Elsewhere: Asheville" and not beside.isHidden()
    assert dialog.has_unsaved_changes()

    dialog.save()  # the desk checked: now it goes in, with both workstations' changes

    assert dialog.result() == PatientDialog.DialogCode.Accepted
    saved = patients.open_record(ADMIN, clinic["ana"]).details
    assert (saved.email, saved.city, saved.driver_name, saved.phones[0].number) == (
        "ana.r@example.org", "Black Mountain", "Luis Rivera", "+17045550199")


def test_a_new_patient_has_no_intake_to_open(qtbot: QtBot, clinic: dict[str, int]) -> None:
    from PySide6.QtWidgets import QPushButton

    dialog = PatientDialog(None, ADMIN, None)
    qtbot.addWidget(dialog)
    assert not dialog.findChild(QPushButton, "patientIntakeButton").isEnabled()


def test_bad_fields_are_named_beside_them_and_nothing_is_saved(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.findChild(QLineEdit, "emailEdit").setText("ana@")
    dialog.findChild(QLineEdit, "postal_codeEdit").setText("123")
    dialog.phones.item(0, 0).setText("555-0150")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLabel, "emailError").text() == "not an email address (name@example.org)"
    assert "ZIP" in dialog.findChild(QLabel, "postal_codeError").text()
    assert "Phone 1: a US phone needs 10 digits" in dialog.findChild(QLabel, "phonesError").text()
    assert patients.open_record(ADMIN, clinic["ana"]).details.email == ""
    assert dialog.status_label.text() == "Not saved: 3 fields to correct, on Contact (3)."
    dialog.findChild(QLineEdit, "driver_phoneEdit").setText("555-0142")  # on another tab, unseen from Contact
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == "Not saved: 4 fields to correct, on Contact (3), Emergency & driver (1)."
    dialog.findChild(QLineEdit, "driver_phoneEdit").setText("")
    dialog.findChild(QLineEdit, "emailEdit").setText("ana@example.org")
    dialog.findChild(QLineEdit, "postal_codeEdit").setText("28801")
    dialog.phones.item(0, 0).setText("704 555 0151")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = patients.open_record(ADMIN, clinic["ana"]).details
    assert (saved.email, saved.postal_code, saved.phones[0].number) == ("ana@example.org", "28801", "+17045550151")
    assert dialog.changed


def test_new_patient_shows_likely_duplicates_before_saving(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, None)
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "legal_firstEdit").setText("Jose")
    dialog.findChild(QLineEdit, "legal_lastEdit").setText("Garcia")
    dialog.findChild(QLineEdit, "date_of_birthEdit").setText("3/7/1985")
    shown: list[list[str]] = []

    def check(duplicates: QWidget) -> None:
        view = duplicates.findChild(QTableView, "duplicateResults")
        shown.append([view.model().index(r, 0).data() for r in range(view.model().rowCount())])
        duplicates.reject()  # back to the form: nothing saved

    when_modal(check)
    dialog.save()
    assert shown == [["José García"]]
    assert m.Patient.select().count() == 3
    dialog.findChild(QLineEdit, "legal_firstEdit").setText("Pepe")
    dialog.findChild(QLineEdit, "date_of_birthEdit").setText("")
    dialog.phones.item(0, 0).setText("919.555.0177")  # Joseph Smith's phone, typed another way
    when_modal(check)
    dialog.save()
    assert shown[-1] == ["Joseph Smith"]
    when_modal(lambda duplicates: duplicates.findChild(QWidget, "saveNewAnywayButton").click())
    dialog.save()
    assert m.Patient.select().count() == 4


def test_a_date_of_birth_under_18_is_asked_about_before_saving(qtbot: QtBot, clinic: dict[str, int]) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    dialog.show()
    born = dt.date.today().replace(year=dt.date.today().year - 16) - dt.timedelta(days=10)
    dob = dialog.findChild(QLineEdit, "date_of_birthEdit")
    dob.setText(f"{born:%m/%d/%Y}")
    texts: list[str] = []

    def answer(button: str) -> Callable[[QWidget], None]:
        def press(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            texts.append(box.text())
            next(b for b in box.buttons() if b.text() == button).click()
        return press

    when_modal(answer("Check the date"), "minorQuestion")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert texts == [f"Date of birth {born:%m/%d/%Y}: under 18 (16 years old): the clinic treats adults; check "
                     "the date of birth."]
    assert patients.open_record(ADMIN, clinic["ana"]).details.dob != born  # nothing saved
    assert dialog.findChild(QLabel, "date_of_birthError").text().startswith("Under 18 (16 years old)")
    assert dialog.focusWidget() is dob and dialog.isVisible()
    seen = when_modal(answer("Save anyway"), "minorQuestion")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert seen == ["minorQuestion"] and patients.open_record(ADMIN, clinic["ana"]).details.dob == born


def test_duplicates_dialog_opens_the_existing_record(qtbot: QtBot, clinic: dict[str, int]) -> None:
    found = patients.find_duplicates(PatientDetails(legal_first="José", legal_last="García", date_of_birth="3/7/1985"))
    dialog = DuplicatesDialog(None, found)
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.choice == clinic["jose"]


def test_archive_hides_from_search_and_unarchive_brings_back(qtbot: QtBot, panel: PatientPanel,
                                                             clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert dialog.archive_button.text() == "Un&archive"
    type_search(qtbot, panel, "rivera")
    assert rows(panel) == []
    panel.archived_box.setChecked(True)
    assert rows(panel)[0][0] == "Ana Rivera (archived)"


def test_merge_from_the_record(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, clinic["jose"])
    qtbot.addWidget(dialog)

    def pick(merge: QWidget) -> None:
        qtbot.keyClicks(merge.findChild(QLineEdit, "mergeSearch"), "smith")
        merge.findChild(QWidget, "confirmMergeButton").click()

    when_modal(pick)
    dialog.merge_duplicate()
    assert m.Patient.get_by_id(clinic["joseph"]).merged_into_id == clinic["jose"]
    assert "Merged patient" in dialog.status_label.text()


def test_merge_dialog_never_offers_the_open_record(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = MergeDialog(None, clinic["jose"])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search_box, "jos")
    assert [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())] == ["Joseph Smith"]


def test_import_dialog_reports_rows_and_imports(qtbot: QtBot, clinic: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("First,Last,DOB\nLi,Wei,1980-01-01\nBad,,1980-01-01\n", encoding="utf-8")
    dialog = ImportDialog(None, ADMIN)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(path))
    dialog.check_button.click()
    assert dialog.summary.text().startswith("would import 1 patient,")
    assert m.Patient.select().count() == 3

    def answer(button: str) -> Callable[[QWidget], None]:
        def press(box: QWidget) -> None:
            asked.append(box.text())  # type: ignore[attr-defined]
            next(b for b in box.buttons() if b.text() == button).click()  # type: ignore[attr-defined]
        return press

    asked: list[str] = []
    when_modal(answer("Fix the file first"), "importGoodRowsQuestion")
    dialog.import_button.click()
    assert asked == ["1 row is refused (listed in the window); nothing was imported.\n\nImport the good row "
                     "without them?"]
    assert dialog.summary.text().startswith("nothing imported: 1 row refused")
    assert m.Patient.select().count() == 3  # a file with a refused row writes nothing by itself
    when_modal(answer("Import the good row"), "importGoodRowsQuestion")
    dialog.import_button.click()
    assert dialog.summary.text().startswith("imported 1 patient,")
    assert [dialog.problems.item(i).text() for i in range(dialog.problems.count())] == [
        "row 3: legal_last: required"]
    assert dialog.progress.value() == dialog.progress.maximum()
    assert m.Patient.select().count() == 4


def test_a_dry_run_names_a_young_patient_as_to_be_imported_and_says_nothing_is_written_yet(
        qtbot: QtBot, clinic: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    born = dt.date.today().replace(year=dt.date.today().year - 14) - dt.timedelta(days=30)
    path.write_text(f"First,Last,DOB\nMia,Stone,{born:%Y-%m-%d}\nBad,,1980-01-01\n", encoding="utf-8")
    dialog = ImportDialog(None, ADMIN)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(path))
    dialog.check_button.click()
    assert dialog.summary.text().endswith("; the import writes nothing until they are fixed or skipped")
    lines = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert lines[1].startswith("check row 2: date_of_birth: under 18 (14 years old)")
    assert lines[1].endswith("(would be imported)") and dialog.problems.wordWrap()


def test_while_an_import_runs_nothing_starts_a_second_one_or_closes_the_dialog(
        qtbot: QtBot, clinic: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("First,Last,DOB\nLi,Wei,1980-01-01\nAda,Obi,1981-02-02\n", encoding="utf-8")
    dialog = ImportDialog(None, ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(path))
    seen: list[tuple[bool, bool, bool, str]] = []
    progress = dialog._progress

    def during(done: int, total: int) -> None:
        progress(done, total)
        dialog.reject()  # Escape while rows go in
        dialog.import_button.click()  # a second click while the first run goes on
        seen.append((dialog.import_button.isEnabled(), dialog.check_button.isEnabled(), dialog.isVisible(),
                     dialog.summary.text()))

    dialog._progress = during  # type: ignore[method-assign]
    dialog.import_button.click()

    assert seen and all(state == (False, False, True, "Importing… (checking each row)") for state in seen)
    assert m.Patient.select().count() == 5  # two rows, imported once
    assert dialog.summary.text().startswith("imported 2 patients,") and dialog.import_button.isEnabled()


def test_install_adds_a_dock_and_ctrl_f_focuses_the_box(qtbot: QtBot, clinic: dict[str, int]) -> None:
    window = QMainWindow()
    window.setCentralWidget(QLineEdit())
    qtbot.addWidget(window)
    installed = install(window)
    window.show()
    window.centralWidget().setFocus()
    action = window.findChild(QAction, "findPatientAction")
    assert action.shortcut() == QKeySequence("Ctrl+F")
    action.trigger()
    assert window.focusWidget() is installed.search_box
    assert window.findChild(QLineEdit, "patientSearch") is installed.search_box
    assert window.findChild(QDockWidget, "patientDock").widget() is installed


def test_installed_in_the_real_main_window_ctrl_f_reaches_the_panel(qtbot: QtBot, clinic: dict[str, int],
                                                                     tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from frontdesk.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    installed = install(window)
    window.show()
    assert window.findChildren(QLineEdit, "patientSearch") == [installed.search_box]
    window.findChild(QAction, "findPatientAction").trigger()
    assert window.focusWidget() is installed.search_box
    qtbot.keyClicks(installed.search_box, "garcia")
    assert rows(installed)[0][0] == "José García"
    # The acceptance surface (DESIGN.md): these widgets carry stable object names and accessible names.
    from PySide6.QtWidgets import QWidget

    named = {name: window.findChild(QWidget, name) for name in
             ("scheduleBoard", "patientSearch", "patientResults", "dateNavigator")}
    assert {name: bool(widget and widget.accessibleName()) for name, widget in named.items()} == dict.fromkeys(
        named, True)


def test_results_model_passes_the_model_tester(qtmodeltester: Any, panel: PatientPanel, qtbot: QtBot) -> None:
    type_search(qtbot, panel, "jos")
    qtmodeltester.check(panel.model)


def test_export_from_the_panel_runs_beside_the_window_and_says_how_it_went(qtbot: QtBot, panel: PatientPanel,
                                                                          tmp_path: Path) -> None:
    import threading

    target = tmp_path / "out.csv"
    writers: list[str] = []
    original = patients.export_csv
    panel_thread = threading.current_thread().name

    def noting_thread(actor: Actor, path: str) -> int:
        writers.append(threading.current_thread().name)
        return original(actor, path)

    patients.export_csv = noting_thread  # type: ignore[assignment]
    try:
        with qtbot.waitSignal(panel.exported, timeout=10_000) as done:
            assert panel.export_patients(str(target))
            assert panel.findChild(QLabel, "patientResultCount").text().startswith("Exporting every patient")
            assert not panel.export_button.isEnabled()  # one export at a time
    finally:
        patients.export_csv = original  # type: ignore[assignment]
    assert done.args == [3] and writers and writers[0] != panel_thread  # written off the window's thread
    assert panel.findChild(QLabel, "patientResultCount").text() == f"Exported 3 patients to {target}"
    assert "José" in target.read_text(encoding="utf-8") and panel.export_button.isEnabled()
    assert m.AuditEntry.select().where(m.AuditEntry.action == "patients.export").count() == 1

    with qtbot.waitSignal(panel.export_failed, timeout=10_000):
        assert panel.export_patients(str(tmp_path / "no such folder" / "out.csv"))
    assert panel.findChild(QLabel, "patientResultCount").text().startswith("Not exported: [Errno 2]")
    assert panel.export_button.isEnabled()
    assert m.AuditEntry.select().where(m.AuditEntry.action == "patients.export").count() == 1


def test_merge_is_offered_only_to_those_allowed(qtbot: QtBot, clinic: dict[str, int]) -> None:
    desk = PatientDialog(None, Actor("desk1", "desk"), clinic["ana"])
    qtbot.addWidget(desk)
    assert not desk.merge_button.isEnabled()
    assert desk.archive_button.isEnabled()


def test_the_export_thread_has_its_own_connection_on_each_backend(qtbot: QtBot, db: peewee.Database,
                                                                  tmp_path: Path) -> None:
    patients.create_patient(ADMIN, PatientDetails(legal_first="Ana", legal_last="Ruiz", date_of_birth="1990-01-02",
                                                  phones=(PhoneEntry("(704) 555-0150"),)))
    panel = PatientPanel(lambda: ADMIN)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.exported, timeout=10_000) as done:
        panel.export_patients(str(tmp_path / "out.csv"))
    assert done.args == [1] and "Ruiz" in (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert patients.search("ruiz", actor=ADMIN)  # the window's own connection still answers


def test_export_button_asks_where_and_writes_the_file(qtbot: QtBot, panel: PatientPanel, tmp_path: Path) -> None:
    target = tmp_path / "from-the-button.csv"
    seen = when_modal(lambda dialog: (dialog.selectFile(str(target)), dialog.accept()))  # type: ignore[attr-defined]
    with qtbot.waitSignal(panel.exported, timeout=10_000):
        panel.findChild(QWidget, "exportPatientsButton").click()
    assert seen and target.exists()
    assert panel.findChild(QLabel, "patientResultCount").text() == f"Exported 3 patients to {target}"


def test_a_narrow_panel_shows_whole_columns_and_gives_way_to_the_board(qtbot: QtBot, panel: PatientPanel) -> None:
    assert panel.minimumSizeHint().width() <= 300
    type_search(qtbot, panel, "jos")
    view = panel.results
    panel.resize(300, 500)
    qtbot.waitUntil(lambda: view.isColumnHidden(4))
    assert not view.isColumnHidden(0) and not view.isColumnHidden(1)
    assert view.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    view.fit_columns()
    assert view.isColumnHidden(4)  # a hidden column stays hidden (its own size hint is then 0)
    panel.resize(900, 500)
    qtbot.waitUntil(lambda: not any(view.isColumnHidden(c) for c in range(5)))


def test_after_a_phone_search_a_narrow_panel_keeps_the_phone_before_the_date_of_birth(
        qtbot: QtBot, panel: PatientPanel) -> None:
    """At the panel's usual width the phone was the column hidden, even for "555 01…": the desk could
    not see which number had matched. A phone search keeps the phone; a name search the date of birth."""
    view = panel.results
    type_search(qtbot, panel, "jos")
    wide_enough = sum(max(view.sizeHintForColumn(c), view.horizontalHeader().sectionSizeHint(c)) for c in (0, 1))
    panel.resize(panel.width() - view.viewport().width() + wide_enough + 20, 500)  # room for two columns
    qtbot.waitUntil(lambda: view.isColumnHidden(2))
    assert not view.isColumnHidden(1)  # a name search: the date of birth
    type_search(qtbot, panel, "555 01")
    qtbot.waitUntil(lambda: not view.isColumnHidden(2))
    assert view.isColumnHidden(1) and not view.isColumnHidden(0)  # a phone search: the phone, the name
    assert view.horizontalScrollBar().maximum() == 0
    type_search(qtbot, panel, "ana")
    qtbot.waitUntil(lambda: not view.isColumnHidden(1))
    assert view.isColumnHidden(2)


def test_tab_goes_from_the_box_to_what_it_found(qtbot: QtBot, panel: PatientPanel) -> None:
    type_search(qtbot, panel, "jos")
    panel.activateWindow()
    panel.search_box.setFocus()
    visited = []
    for _ in range(3):
        qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Tab)
        visited.append(panel.focusWidget().objectName())
    assert visited == ["patientResults", "patientIncludeArchived", "newPatientButton"]


def _typed_in_the_record(qtbot: QtBot, clinic: dict[str, int]) -> PatientDialog:
    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.lines["email"].setText("ana@example.org")
    return dialog


@pytest.mark.parametrize(("answer", "closed", "email"), [
    ("Discard", True, ""), ("Save", True, "ana@example.org"), ("Cancel", False, "")])
def test_escape_with_unsaved_typing_asks_first(qtbot: QtBot, clinic: dict[str, int], answer: str, closed: bool,
                                               email: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = _typed_in_the_record(qtbot, clinic)
    button = getattr(QMessageBox.StandardButton, answer)
    seen = when_modal(lambda box: box.button(button).click())  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["unsavedChangesQuestion"]
    assert dialog.isVisible() is not closed
    assert patients.open_record(ADMIN, clinic["ana"]).details.email == email
    dialog.lines["email"].setText("")  # back to what is saved, so closing at the end asks nothing


def test_escape_on_an_untouched_record_closes_at_once(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_appointment_this_year_is_named_without_its_year() -> None:
    from frontdesk.ui.patients.results_model import when_text

    this_year = dt.date.today().year
    shown = when_text(dt.datetime(this_year, 3, 2, 10, 0))
    assert shown.endswith(" 02 Mar 10:00") and str(this_year) not in shown
    assert when_text(dt.datetime(this_year + 1, 3, 2, 10, 0)).endswith(f" 02 Mar {this_year + 1} 10:00")


def _window_with_booking(qtbot: QtBot, tmp_path: Path) -> tuple[Any, PatientPanel]:
    from PySide6.QtCore import QSettings

    from frontdesk.ui.booking.install import install_booking_screens
    from frontdesk.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    installed = install(window)
    install_booking_screens(window)
    window.show()
    return window, installed


def test_an_appointment_on_the_record_opens_on_the_board(qtbot: QtBot, clinic: dict[str, int],
                                                         tmp_path: Path) -> None:
    from frontdesk.services import booking
    from frontdesk.services.schedule import next_open_day

    day = next_open_day(dt.date.today() + dt.timedelta(days=7))
    booked = booking.book(clinic["ana"], "iv_mood", "Chair 2", dt.datetime.combine(day, dt.time(10)), ADMIN)
    window, panel = _window_with_booking(qtbot, tmp_path)

    def open_it(dialog: QWidget) -> None:
        assert isinstance(dialog, PatientDialog)
        assert dialog.findChild(type(dialog.book_button), "bookForPatientButton").isVisible()
        items = [dialog.appointments.item(i) for i in range(dialog.appointments.count())]
        ana = next(item for item in items if "Chair 2" in item.text())
        dialog.appointments.itemActivated.emit(ana)  # as a double-click or Enter does

    when_modal(open_it)
    panel.open_patient(clinic["ana"])
    assert window.day == day
    selected = window.board_view.selected_appointment()
    assert selected is not None and selected.id == booked


def test_book_on_the_record_opens_the_booking_dialog_for_that_patient(qtbot: QtBot, clinic: dict[str, int],
                                                                      tmp_path: Path) -> None:
    _window, panel = _window_with_booking(qtbot, tmp_path)
    seen: list[str] = []

    def book(dialog: QWidget) -> None:
        assert isinstance(dialog, PatientDialog)
        when_modal(look_at_booking)
        dialog.book_button.click()

    def look_at_booking(dialog: QWidget) -> None:
        seen.append(dialog.objectName())
        seen.append(dialog.picker.search.text())  # type: ignore[attr-defined]
        dialog.reject()  # type: ignore[attr-defined]

    when_modal(book)
    panel.open_patient(clinic["ana"])
    assert seen[0] == "bookingDialog" and "Ana Rivera" in seen[1]


def test_a_record_opens_with_the_keys_in_the_first_name(qtbot: QtBot, clinic: dict[str, int]) -> None:
    for patient_id in (clinic["ana"], None):  # a record, a new patient
        dialog = PatientDialog(None, ADMIN, patient_id)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        assert dialog.focusWidget() is dialog.findChild(QLineEdit, "legal_firstEdit")  # not the tab bar
        dialog.done(0)


def test_a_record_opened_without_the_booking_screens_offers_no_book(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, clinic["ana"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.book_button.isVisible()


def test_a_cancelled_visit_on_the_record_says_it_is_not_on_the_board(qtbot: QtBot, clinic: dict[str, int],
                                                                     tmp_path: Path) -> None:
    from frontdesk.services import booking
    from frontdesk.services.schedule import next_open_day

    day = next_open_day(dt.date.today() + dt.timedelta(days=7))
    booked = booking.book(clinic["ana"], "iv_mood", "Chair 2", dt.datetime.combine(day, dt.time(10)), ADMIN)
    m.Appointment.update(outcome="cancelled", cancelled_by="patient").where(m.Appointment.id == booked).execute()
    window, panel = _window_with_booking(qtbot, tmp_path)
    said: list[str] = []

    def try_it(dialog: QWidget) -> None:
        assert isinstance(dialog, PatientDialog)
        items = [dialog.appointments.item(i) for i in range(dialog.appointments.count())]
        dialog.appointments.itemActivated.emit(next(item for item in items if "Chair 2" in item.text()))
        assert dialog.isVisible()  # nothing to show: the record stays open and says why
        said.append(dialog.status_label.text())
        dialog.reject()

    when_modal(try_it)
    panel.open_patient(clinic["ana"])
    assert said == ["That visit is not on the board: cancelled, missed, or in the office"]
    assert window.day != day


def test_enter_on_a_row_that_is_not_on_the_board_keeps_the_record_open_and_saves_nothing(
        qtbot: QtBot, clinic: dict[str, int], tmp_path: Path) -> None:
    """Enter on a cancelled visit or on the "Upcoming" heading went on to Save (the default button): the
    record closed, half-typed edits saved unasked. The list keeps Enter: the record says why and stays."""
    from frontdesk.data import audit_repo
    from frontdesk.services import booking
    from frontdesk.services.schedule import next_open_day

    day = next_open_day(dt.date.today() + dt.timedelta(days=7))
    booked = booking.book(clinic["ana"], "iv_mood", "Chair 2", dt.datetime.combine(day, dt.time(10)), ADMIN)
    m.Appointment.update(outcome="cancelled", cancelled_by="patient").where(m.Appointment.id == booked).execute()
    _window_with_booking(qtbot, tmp_path)
    changes_before = len(audit_repo.search(action="patient.change"))
    dialog = PatientDialog(None, ADMIN, clinic["ana"], can_book=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    email = dialog.lines["email"].text()
    dialog.lines["email"].setText("half.typed@")  # an edit in progress, not meant to be saved yet
    rows = [dialog.appointments.item(i) for i in range(dialog.appointments.count())]
    for row in (next(item for item in rows if "Chair 2" in item.text()), rows[0]):  # the visit, "Upcoming (…)"
        dialog.appointments.setCurrentItem(row)
        dialog.appointments.setFocus()
        qtbot.keyClick(dialog.appointments, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.status_label.text() == "That visit is not on the board: cancelled, missed, or in the office"
    assert len(audit_repo.search(action="patient.change")) == changes_before
    assert dialog.lines["email"].text() == "half.typed@"
    dialog.lines["email"].setText(email)  # closed at the end without a question


def test_tab_leaves_the_phones_table_for_the_fields_below(qtbot: QtBot, clinic: dict[str, int]) -> None:
    dialog = PatientDialog(None, ADMIN, clinic["joseph"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(1)  # Contact (Alt+C)
    dialog.phones.setFocus()
    dialog.phones.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.phones, Qt.Key.Key_Tab)
    focus = dialog.focusWidget()
    assert focus is not dialog.phones and not dialog.phones.isAncestorOf(focus)  # not a cell's editor either
    assert dialog.phones.currentColumn() == 0  # it cycled Number → Ext. → Type → Primary for ever


def test_new_appointment_after_finding_a_patient_books_for_them(qtbot: QtBot, clinic: dict[str, int],
                                                                 tmp_path: Path) -> None:
    """Ctrl+F, a name, Ctrl+N: the booking dialog opens with that patient; from the board it opens empty."""
    from PySide6.QtCore import QSettings

    from frontdesk.ui.booking.install import install_booking_screens
    from frontdesk.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    installed = install(window)
    install_booking_screens(window)
    window.show()
    qtbot.waitExposed(window)
    window.findChild(QAction, "findPatientAction").trigger()
    qtbot.keyClicks(installed.search_box, "joseph")
    picked: list[int | None] = []

    def look(dialog: QWidget) -> None:
        picked.append(dialog.picker.patient_id())  # type: ignore[attr-defined]
        dialog.reject()  # type: ignore[attr-defined]

    when_modal(look, "bookingDialog")
    window.new_appointment_action.trigger()  # Ctrl+N
    assert picked == [clinic["joseph"]]
    installed.search_box.clear()
    qtbot.keyClicks(installed.search_box, "jos")  # José and Joseph: no guess
    when_modal(look, "bookingDialog")
    window.new_appointment_action.trigger()
    assert picked[-1] is None
    view = window.findChild(QTableView, "patientResults")
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, 0))  # the desk moves onto the second
    second = view.current_patient_id()  # type: ignore[attr-defined]
    when_modal(look, "bookingDialog")
    window.new_appointment_action.trigger()
    assert picked[-1] == second and second in (clinic["jose"], clinic["joseph"])
    window.board_view.setFocus()
    when_modal(look, "bookingDialog")
    window.new_appointment_action.trigger()
    assert picked == [clinic["joseph"], None, second, None]

    # Find opening (Ctrl+Shift+F) after finding someone: the booking of the time chosen is for them too.
    window.findChild(QAction, "findPatientAction").trigger()  # Ctrl+F
    installed.search_box.clear()
    qtbot.keyClicks(installed.search_box, "joseph")
    when_modal(lambda dialog: dialog.accept(), "findOpeningDialog")  # the first free time, as Enter takes it
    when_modal(look, "bookingDialog")
    window.findChild(QAction, "findOpeningAction").trigger()
    assert picked[-1] == clinic["joseph"]
