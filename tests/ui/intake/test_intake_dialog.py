"""The intake form: sections, what is missing shown live, units converted exactly."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QSpinBox, QTabWidget
from pytestqt.qtbot import QtBot

from frontdesk.rules.intake import SECTIONS
from frontdesk.ui.intake.intake_dialog import IntakeDialog
from tests.services.intake_helpers import complete_data


def _dialog(qtbot: QtBot, data: dict | None = None, units: str = "imperial") -> IntakeDialog:
    dialog = IntakeDialog(None, data, units)
    qtbot.addWidget(dialog)
    return dialog


def _missing(dialog: IntakeDialog) -> str:
    return dialog.findChild(QLabel, "intakeMissing").text()


def test_form_has_one_tab_per_section_each_counting_what_it_still_misses(qtbot: QtBot) -> None:
    tabs = _dialog(qtbot, complete_data()).findChild(QTabWidget, "intakeSections")
    assert [tabs.tabToolTip(i) for i in range(tabs.count())] == [title for _, title in SECTIONS]
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Reason", "Medications", "Allergies", "Screening", "Height and weight", "Driver and emergency", "Care team"]
    tabs = _dialog(qtbot).findChild(QTabWidget, "intakeSections")  # nothing answered yet
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Reason (1)", "Medications (1)", "Allergies (2)", "Screening (11)", "Height and weight (3)",
        "Driver and emergency (2)", "Care team"]


def test_every_sections_tab_is_in_sight_when_the_form_opens(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.findChild(QTabWidget, "intakeSections").tabBar()
    shown = [bar.tabRect(i) for i in range(bar.count())]
    assert shown[-1].right() <= bar.width()  # "Care team" too, with no scroll arrow to find it behind


def test_empty_form_says_what_is_missing_on_the_tab_in_front(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert _missing(dialog) == "Draft — 20 missing · on this tab: reason for treatment"
    tabs = dialog.findChild(QTabWidget, "intakeSections")
    tabs.setCurrentIndex([key for key, _ in SECTIONS].index("allergies"))
    assert _missing(dialog) == "Draft — 20 missing · on this tab: allergies (or none); ketamine allergy"
    tabs.setCurrentIndex([key for key, _ in SECTIONS].index("care_team"))
    assert _missing(dialog) == "Draft — 20 missing · nothing on this tab; see the tabs with a count"
    everything = dialog.findChild(QLabel, "intakeMissing").toolTip().split("; ")
    assert len(everything) == 20 and everything[0] == "reason for treatment"


def test_complete_answers_show_complete_and_round_trip(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, complete_data())
    assert _missing(dialog) == "Complete"
    data = dialog.data()
    assert data["measurements"]["weight_kg"] == 68.0388555  # 150 lb, exactly
    assert data["measurements"]["height_cm"] == 170.18  # 5 ft 7 in, exactly


def test_unanswering_a_screening_question_names_it(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, complete_data())
    dialog.findChild(QComboBox, "intakeScreening_seizures").setCurrentIndex(0)
    assert _missing(dialog) == "Draft — 1 missing · nothing on this tab; see the tabs with a count"
    tabs = dialog.findChild(QTabWidget, "intakeSections")
    screening = [key for key, _ in SECTIONS].index("screening")
    assert tabs.tabText(screening) == "Screening (1)"
    tabs.setCurrentIndex(screening)
    assert _missing(dialog) == "Draft — 1 missing · on this tab: Seizures"
    for code in ("psychosis", "substance_use", "pregnancy"):
        dialog.findChild(QComboBox, f"intakeScreening_{code}").setCurrentIndex(0)
    assert _missing(dialog) == "Draft — 4 missing · on this tab: 4 not answered yet (shown —)"


def test_pounds_typed_are_stored_as_exact_kilograms(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.findChild(QDoubleSpinBox, "intakeWeight").setValue(200)
    dialog.findChild(QSpinBox, "intakeHeightFt").setValue(6)
    dialog.findChild(QDoubleSpinBox, "intakeHeightIn").setValue(0)
    m = dialog.data()["measurements"]
    assert m["weight_kg"] == 90.718474 and m["height_cm"] == 182.88


def test_a_weight_typed_is_kept_whole_and_an_unlikely_one_warned_of_in_pounds(qtbot: QtBot) -> None:
    """"1500" lost its last digit (the box stopped at 1100) and read 150.0 lb, a likely weight, without a
    word: the weight nurses dose by. It is kept as typed now, and the warning is in the pounds typed."""
    dialog = _dialog(qtbot)
    weight = dialog.findChild(QDoubleSpinBox, "intakeWeight")
    weight.setFocus()
    weight.selectAll()
    qtbot.keyClicks(weight, "1500")
    assert weight.value() == 1500
    assert dialog.findChild(QLabel, "intakeWarnings").text() == (
        "weight 1500.0 lb is outside 66–661 lb: check the entry")


def test_metric_clinic_enters_kilograms(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, units="metric")
    dialog.findChild(QDoubleSpinBox, "intakeWeight").setValue(25)
    assert dialog.data()["measurements"]["weight_kg"] == 25.0
    assert "outside 30–300 kg" in dialog.findChild(QLabel, "intakeWarnings").text()


def test_medication_class_checkbox_lands_in_classes(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, complete_data())
    dialog.findChild(QCheckBox, "intakeClass_lamotrigine").setChecked(True)
    assert dialog.data()["medications"]["classes"] == ["lamotrigine"]


def test_a_bad_driver_phone_keeps_the_form_open_with_everything_typed(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    dialog = _dialog(qtbot, complete_data())
    dialog.show()
    phone = dialog.findChild(QLineEdit, "intake_driver_phone")
    phone.setText("555-01")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != IntakeDialog.DialogCode.Accepted
    assert dialog.findChild(QLabel, "intakeWarnings").text().startswith("Not saved: driver phone: ")
    assert dialog.findChild(QTabWidget, "intakeSections").currentIndex() == [k for k, _ in SECTIONS].index("driver")
    assert dialog.focusWidget() is phone and dialog.data()["reason"]["kind"] == "depression"
    phone.setText("(828) 555-0177")
    dialog.accept()
    assert dialog.result() == IntakeDialog.DialogCode.Accepted


def test_a_care_team_role_is_shown_by_name_chosen_from_a_list_and_kept_as_its_code(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidget

    data = complete_data()
    data["care_team"] = [{"role": "primary_care", "name": "Dr. Lee", "practice": "", "phone": "", "fax": ""}]
    dialog = _dialog(qtbot, data)
    table = dialog.findChild(QTableWidget, "intakeCareTeam")
    assert table.item(0, 0).text() == "Primary care"  # not "primary_care"
    assert dialog.data()["care_team"][0]["role"] == "primary_care"
    dialog.show()
    table.setCurrentCell(0, 0)
    table.editItem(table.item(0, 0))
    editor = table.viewport().findChild(QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "Referring provider", "Psychiatrist", "Therapist", "Primary care"]
    editor.setCurrentText("Psychiatrist")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # on to the name: the choice is kept
    assert table.item(0, 0).text() == "Psychiatrist"
    assert dialog.data()["care_team"][0]["role"] == "psychiatrist"
    dialog.done(0)  # closed without the question Escape asks about unsaved answers


def test_an_older_free_text_role_is_kept_and_an_empty_one_stays_empty_after_a_look(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidget

    data = complete_data()
    data["care_team"] = [{"role": "PCP", "name": "Dr. Lee", "practice": "", "phone": "", "fax": ""},
                         {"role": "PRIMARY care", "name": "Dr. Ray", "practice": "", "phone": "", "fax": ""},
                         {"role": "", "name": "Dr. Sol", "practice": "", "phone": "", "fax": ""}]
    dialog = _dialog(qtbot, data)
    table = dialog.findChild(QTableWidget, "intakeCareTeam")
    assert [table.item(row, 0).text() for row in range(3)] == ["PCP", "Primary care", ""]
    dialog.show()
    for row in range(3):  # a look at each role cell, then Tab on
        table.setCurrentCell(row, 0)
        table.editItem(table.item(row, 0))
        qtbot.keyClick(table.viewport().findChild(QComboBox), Qt.Key.Key_Tab)
    assert [entry["role"] for entry in dialog.data()["care_team"]] == ["PCP", "primary_care", ""]


def test_tab_leaves_the_medications_table_instead_of_cycling_its_cells(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidget

    dialog = _dialog(qtbot, complete_data())
    dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.findChild(QTabWidget, "intakeSections")
    tabs.setCurrentIndex(1)
    medications = dialog.findChild(QTableWidget, "intakeMedications")
    medications.setFocus()
    medications.insertRow(0)  # as Add medication does
    medications.setCurrentCell(0, 0)
    qtbot.keyClick(medications, Qt.Key.Key_Tab)
    focus = dialog.focusWidget()
    assert focus is not medications and not medications.isAncestorOf(focus)  # not a cell's editor either
    assert medications.currentColumn() == 0


@pytest.mark.parametrize(("answer", "closed", "result"), [
    ("Discard", True, "rejected"), ("Save", True, "accepted"), ("Cancel", False, None)])
def test_escape_with_answers_not_saved_asks_first(qtbot: QtBot, answer: str, closed: bool,
                                                  result: str | None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from tests.ui.modal import when_modal

    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    ended: list[str] = []
    dialog.accepted.connect(lambda: ended.append("accepted"))
    dialog.rejected.connect(lambda: ended.append("rejected"))
    assert dialog.focusWidget() is dialog.findChild(QComboBox, "intakeReason")  # the first question, not the tabs
    dialog.findChild(QLineEdit, "intakePainType").setText("neuropathic")
    button = getattr(QMessageBox.StandardButton, answer)
    seen = when_modal(lambda box: box.button(button).click())  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["unsavedChangesQuestion"]
    assert dialog.isVisible() is not closed
    assert ended == ([result] if result else [])
    dialog.findChild(QLineEdit, "intakePainType").setText("")  # as opened, so closing at the end asks nothing


def test_escape_on_an_untouched_form_closes_at_once(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    dialog = _dialog(qtbot, complete_data())
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
