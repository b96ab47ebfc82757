"""The REMS monitoring forms list: owed forms with their state, marking one sent and taking it back,
and the status bar's link while forms are overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.data import rems_repo
from frontdesk.rules.clock import now_local
from frontdesk.services import rems
from frontdesk.settings import ClinicProfile
from frontdesk.ui.changes import watch_database
from frontdesk.ui.intake import hook
from frontdesk.ui.intake.rems_forms_dialog import OVERDUE_COLOUR, RemsFormsDialog
from tests.services.intake_helpers import DESK, NURSE, make_appointment, make_patient

TODAY = now_local(ClinicProfile().tz).date()


@pytest.fixture(autouse=True)
def clinic_today() -> None:
    """The clinic's today read as each test starts, not when the module was collected: a run that
    crosses the clinic's midnight (collected at 23:56 in New York, run at 00:05) must not compare two days."""
    global TODAY
    TODAY = now_local(ClinicProfile().tz).date()


def _session(patient_id: int, days_ago: int) -> int:
    """A completed esketamine session `days_ago` days back, 10:00 in New York."""
    day = TODAY - dt.timedelta(days=days_ago)
    appointment_id = make_appointment(patient_id, dt.datetime.combine(day, dt.time(15)), "esketamine")
    m.Appointment.update(flow="discharged", outcome="completed").where(m.Appointment.id == appointment_id).execute()
    return appointment_id


@pytest.fixture
def sessions(sqlite_db: peewee.Database) -> dict[str, int]:
    rems_repo.set_tracking_since(TODAY - dt.timedelta(days=20))
    return {"late": _session(make_patient("Ana", "Núñez"), 9), "due": _session(make_patient("Ben", "Okafor"), 2)}


def _texts(dialog: RemsFormsDialog, column: int) -> list[str]:
    return [dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())]


def test_the_list_shows_each_owed_form_most_overdue_first_with_its_state(qtbot: QtBot,
                                                                        sessions: dict[str, int]) -> None:
    dialog = RemsFormsDialog(DESK)
    qtbot.addWidget(dialog)

    assert _texts(dialog, 0) == ["Ana Núñez (T00001)", "Ben Okafor (T00002)"]
    assert _texts(dialog, 4) == ["overdue by 2 days", "due in 5 days"]
    assert _texts(dialog, 3)[0] == f"{TODAY - dt.timedelta(days=2):%a %d %b}"
    since = TODAY - dt.timedelta(days=20)
    assert dialog.summary.text() == f"2 forms to send · 1 overdue · sessions from {since:%a %d %b %Y} on"
    late = dialog.table.item(0, 4)
    assert late.foreground().color().name() == OVERDUE_COLOUR and late.font().bold()
    assert dialog.selected() is None and not dialog.mark_button.isEnabled()  # nothing marked by a stray Enter
    dialog.table.selectRow(0)
    assert dialog.mark_button.isEnabled() and not dialog.undo_button.isEnabled()


def test_marking_sent_with_the_sites_reference_and_taking_it_back(qtbot: QtBot, sessions: dict[str, int]) -> None:
    dialog = RemsFormsDialog(DESK)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    qtbot.keyClicks(dialog.reference, "RX-4471")
    qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)

    assert _texts(dialog, 0) == ["Ben Okafor (T00002)"]
    assert dialog.summary.text().startswith("1 form to send · sessions from")
    assert dialog.reference.text() == "" and dialog.changed
    assert [(r.appointment_id, r.submitted_by, r.reference) for r in m.RemsMonitoringForm.select()] == [
        (sessions["late"], "desk1", "RX-4471")]

    dialog.show_sent.setChecked(True)
    assert _texts(dialog, 4) == [f"submitted {TODAY:%a %d %b} by desk1", "due in 5 days"]
    assert _texts(dialog, 5) == ["RX-4471", ""]
    dialog.table.selectRow(0)
    assert not dialog.mark_button.isEnabled() and dialog.undo_button.isEnabled()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert _texts(dialog, 4) == ["overdue by 2 days", "due in 5 days"]
    assert m.RemsMonitoringForm.select().count() == 0


def test_enter_in_the_list_marks_the_selected_form_sent(qtbot: QtBot, sessions: dict[str, int]) -> None:
    dialog = RemsFormsDialog(DESK)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.table  # the list has the keyboard from the start
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # nothing picked yet: nothing marked
    assert m.RemsMonitoringForm.select().count() == 0
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert [r.appointment_id for r in m.RemsMonitoringForm.select()] == [sessions["due"]]
    assert _texts(dialog, 0) == ["Ana Núñez (T00001)"]


def test_a_form_another_desk_marked_meanwhile_is_refused_by_name_and_the_list_catches_up(
        qtbot: QtBot, sessions: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    dialog = RemsFormsDialog(DESK)
    qtbot.addWidget(dialog)
    rems.mark_sent(NURSE, sessions["late"])  # another workstation, after the list was read
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)

    assert warnings == [f"appointment {sessions['late']}: its form is already marked sent"]
    assert [(r.submitted_by) for r in m.RemsMonitoringForm.select()] == ["nurse1"]
    assert _texts(dialog, 0) == ["Ben Okafor (T00002)"]


def test_the_status_bar_links_to_the_list_while_forms_are_overdue(qtbot: QtBot, sessions: dict[str, int]) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.actor = DESK  # type: ignore[attr-defined]
    hook.install(window)
    label = window.findChild(QLabel, "remsOverdue")
    qtbot.waitUntil(lambda: "overdue" in label.text())
    assert "1 REMS form overdue</a>" in label.text() and not label.isHidden()

    rems.mark_sent(DESK, sessions["late"])
    hook.update_forms_reminder(window)
    assert label.isHidden()


def test_a_form_marked_at_another_desk_takes_the_link_away_with_the_change_feed(
        qtbot: QtBot, sessions: dict[str, int]) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.actor = DESK  # type: ignore[attr-defined]
    hook.install(window)
    window.change_monitor = watch_database(window, lambda areas: None)  # type: ignore[attr-defined]
    label = window.findChild(QLabel, "remsOverdue")
    qtbot.waitUntil(lambda: not label.isHidden())
    try:
        rems.mark_sent(NURSE, sessions["late"])  # committed on this thread; the feed polls on its own
        qtbot.waitUntil(label.isHidden, timeout=8000)  # not the five minutes of the timer
    finally:
        window.change_monitor.stop()  # type: ignore[attr-defined]


def test_the_details_of_an_esketamine_session_say_how_its_form_stands(qtbot: QtBot, sessions: dict[str, int],
                                                                       tmp_path: Path) -> None:
    from frontdesk.ui.main_window import MainWindow

    window = MainWindow(actor=DESK, settings=QSettings(str(tmp_path / "fd.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    hook.install(window)
    details = window.findChild(QLabel, "appointmentDetailsText")
    late_day = TODAY - dt.timedelta(days=9)
    window.show_day(late_day)
    assert window.board_view.select_appointment(sessions["late"])
    due = late_day + dt.timedelta(days=7)
    assert f"<b style='color:#c53030'>overdue by 2 days (due {due:%a %d %b})</b>" in details.text()

    rems.mark_sent(NURSE, sessions["late"])
    window.refresh()
    assert f"REMS form</i></td><td>submitted {TODAY:%a %d %b} by nurse1" in details.text()

    infusion = make_appointment(make_patient("Cy", "Diaz"), dt.datetime.combine(late_day, dt.time(18)), "iv_mood")
    m.Appointment.update(flow="discharged", outcome="completed").where(m.Appointment.id == infusion).execute()
    window.refresh()
    assert window.board_view.select_appointment(infusion)
    assert "REMS" not in details.text()


def test_print_list_previews_the_forms_on_paper_most_overdue_first(qtbot: QtBot, sessions: dict[str, int]) -> None:
    from PySide6.QtWidgets import QMainWindow as Preview

    from tests.print_helpers import pdf_text

    dialog = RemsFormsDialog(DESK)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.findChild(QPushButton, "remsPrint"), Qt.MouseButton.LeftButton)
    preview = dialog.findChild(Preview, "pdfPreview")
    assert preview is not None and preview.isVisible()
    text = pdf_text(preview.job.pdf)
    assert "REMS patient monitoring forms to send" in text and "2 forms to send · 1 overdue" in text
    assert text.index("Ana Núñez") < text.index("Ben Okafor")  # the most overdue first
    assert "overdue by 2 days" in text and "due in 5 days" in text
    assert preview.job.appointment_ids == [sessions["late"], sessions["due"]]  # what printing it records
    preview.close()
