"""Questionnaire entry: the total and band a user sees while keying in the paper form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

from frontdesk.ui.intake.questionnaire_dialog import QuestionnaireDialog

TODAY = dt.date(2026, 11, 27)


def _dialog(qtbot: QtBot, instrument: str = "phq9") -> QuestionnaireDialog:
    dialog = QuestionnaireDialog(None, instrument, TODAY)
    qtbot.addWidget(dialog)
    return dialog


def _total(dialog: QuestionnaireDialog) -> str:
    return dialog.findChild(QLabel, "questionnaireTotal").text()


def _pick(dialog: QuestionnaireDialog, item: int, value: int) -> None:
    dialog.findChild(QComboBox, f"questionnaireItem{item}").setCurrentText(str(value))


def test_empty_form_shows_incomplete(qtbot: QtBot) -> None:
    assert _total(_dialog(qtbot)) == "Incomplete — no total, no band"


def test_total_and_band_update_live(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    for item in range(1, 10):
        _pick(dialog, item, 1)
    assert _total(dialog) == "Total 9 — mild"
    _pick(dialog, 1, 2)
    assert _total(dialog) == "Total 10 — moderate"


def test_item_10_shown_but_not_summed(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    for item in range(1, 10):
        _pick(dialog, item, 0)
    _pick(dialog, 10, 3)
    assert _total(dialog) == "Total 0 — minimal"
    assert dialog.entry().answers[9] == 3


def test_short_item_labels_are_ours(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.findChild(QComboBox, "questionnaireItem9").accessibleName() == "9. Self-harm thoughts"


def test_item_9_above_zero_warns_of_urgent_flag(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    _pick(dialog, 9, 1)
    assert "urgent flag" in dialog.findChild(QLabel, "questionnaireWarning").text()


def test_switching_to_gad7_shows_seven_items(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, "gad7")
    assert len(dialog.item_boxes) == 7
    for item in range(1, 8):
        _pick(dialog, item, 3)
    assert _total(dialog) == "Total 21 — severe"
    entry = dialog.entry()
    assert (entry.instrument, entry.taken_on) == ("gad7", TODAY)


def test_pain_scale_goes_to_ten(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, "nrs")
    _pick(dialog, 1, 10)
    assert _total(dialog) == "Total 10 — severe"


def test_tab_goes_from_the_date_through_the_items_to_ok(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDateEdit

    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    date = dialog.findChild(QDateEdit, "questionnaireDate")
    date.setFocus()
    for _ in range(4):  # past the date's own sections
        if dialog.focusWidget() is not date and not date.isAncestorOf(dialog.focusWidget()):
            break
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    visited = [dialog.focusWidget().objectName()]
    items = len(dialog.item_boxes)
    for _ in range(items):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        visited.append(dialog.focusWidget().objectName() or dialog.focusWidget().text())  # type: ignore[attr-defined]
    # It went Date → OK → Cancel → item 1.
    assert visited == [*(f"questionnaireItem{n}" for n in range(1, items + 1)), "OK"]


def test_escape_after_picking_answers_asks_before_dropping_them(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.modal import when_modal

    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    _pick(dialog, 1, 2)
    seen = when_modal(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["unsavedChangesQuestion"] and dialog.isVisible()
    seen = when_modal(lambda box: box.button(QMessageBox.StandardButton.Discard).click())  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["unsavedChangesQuestion"] and not dialog.isVisible()


def test_item_9_left_blank_in_a_begun_phq9_warns_before_saving(qtbot: QtBot) -> None:
    """Saved with no word of it: a PHQ-9 with the self-harm question blank (helper-44)."""
    dialog = _dialog(qtbot)
    warning = dialog.findChild(QLabel, "questionnaireWarning")
    assert warning.text() == ""  # nothing begun yet
    for item in range(1, 9):
        _pick(dialog, item, 1)
    assert warning.text().startswith("Item 9 (self-harm thoughts) is blank: ask it now.")
    _pick(dialog, 9, 0)
    assert warning.text() == ""
