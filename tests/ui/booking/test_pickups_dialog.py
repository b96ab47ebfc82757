"""Pick-ups in the real window: patients in recovery, their drivers, a call recorded, the board's pill
and the status bar's "drivers to call"."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.ui.booking.install import install_booking_screens
from frontdesk.ui.booking.pickups_dialog import CALL_COLUMN, DUE_COLOUR, PickupsDialog
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.schedule.delegate import PICKUP_COLOURS, badge_specs
from frontdesk.ui.schedule.details_pane import CONFIRMED_COLOUR
from frontdesk.ui.status_link import StatusLink
from tests.services.intake_helpers import DESK
from tests.ui.board_helpers import in_recovery_now
from tests.ui.modal import when_modal


@pytest.fixture
def ana(sqlite_db: peewee.Database) -> m.Appointment:
    return in_recovery_now()


def _cells(dialog: PickupsDialog, row: int = 0) -> list[str]:
    return [dialog.table.item(row, column).text() for column in range(dialog.table.columnCount())]


def test_the_driver_told_is_recorded_and_shown_in_the_list(qtbot: QtBot, ana: m.Appointment) -> None:
    dialog = PickupsDialog(DESK)
    qtbot.addWidget(dialog)
    cells = _cells(dialog)
    assert cells[1:3] == ["Ana Núñez", "Chair 1"]
    assert cells[CALL_COLUMN] == "call now"
    assert cells[3] == "Maria Núñez (sister), (828)\u00a0555-0150"  # the phone kept on one line
    assert dialog.table.item(0, CALL_COLUMN).foreground().color().name() == DUE_COLOUR
    assert dialog.table.currentRow() == 0  # the first driver owed a call is picked
    assert dialog.summary.text() == "1 in recovery · 1 driver to call · 0 told · drivers are called 45 min before " \
        "recovery ends"
    qtbot.keyClicks(dialog.note, "parking outside")
    qtbot.mouseClick(dialog.outcome_buttons["told"], Qt.MouseButton.LeftButton)
    assert _cells(dialog)[CALL_COLUMN].startswith("Driver told ")
    assert dialog.table.item(0, CALL_COLUMN).foreground().color().name() == CONFIRMED_COLOUR
    ready = cells[0]  # the ready time the driver was given is kept with the call
    assert dialog.history.text().endswith(f"({DESK.username}), for {ready}: parking outside")
    assert dialog.note.text() == ""
    assert dialog.changed and m.PickupCall.select().count() == 1


def test_a_patient_discharged_at_another_desk_leaves_nothing_picked(qtbot: QtBot, ana: m.Appointment) -> None:
    dialog = PickupsDialog(DESK)
    qtbot.addWidget(dialog)
    m.Appointment.update(flow="discharged", outcome="completed").where(m.Appointment.id == ana.id).execute()
    dialog.follow_changes(frozenset({"schedule"}))
    assert dialog.table.rowCount() == 0 and dialog.selected() is None
    assert not dialog.outcome_buttons["told"].isEnabled()
    assert dialog.history.text().startswith("The patient you had picked is no longer in recovery")
    assert dialog.summary.text() == "Nobody is in recovery now."


def test_a_refresh_with_nobody_picked_picks_nobody(qtbot: QtBot, ana: m.Appointment) -> None:
    """After the picked patient left, the next refresh (another desk, the minute's reading) must not put a
    row under the keyboard: the note typed and the next key would go to that patient's driver."""
    dialog = PickupsDialog(DESK)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.note, "parking outside")
    dialog.table.clearSelection()
    dialog.follow_changes(frozenset({"schedule"}))
    assert dialog.table.rowCount() == 1 and dialog.selected() is None
    assert not dialog.outcome_buttons["told"].isEnabled()


def test_the_board_and_the_status_bar_say_a_driver_is_to_call(qtbot: QtBot, ana: m.Appointment,
                                                              tmp_path: Path) -> None:
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    install_booking_screens(window)
    block = window.board_model.board.find(ana.id)
    assert block is not None and ("☎ Call driver", "pickup", PICKUP_COLOURS["to_call"]) in badge_specs(
        block, block.status)
    link = window.findChild(StatusLink, "driversToCall")
    qtbot.waitUntil(lambda: not link.isHidden())
    assert "1 driver to call</a>" in link.text()

    def tell_the_driver(dialog: object) -> None:
        assert isinstance(dialog, PickupsDialog)
        qtbot.mouseClick(dialog.outcome_buttons["told"], Qt.MouseButton.LeftButton)
        dialog.reject()

    seen = when_modal(tell_the_driver, "pickupsDialog")
    link.linkActivated.emit("open")
    assert seen == ["pickupsDialog"]
    assert link.isHidden()  # read again when the list closed
    block = window.board_model.board.find(ana.id)
    assert block is not None and ("Driver told", "pickup", CONFIRMED_COLOUR) in badge_specs(block, block.status)


def test_a_closed_list_reads_nothing_more(qtbot: QtBot, ana: m.Appointment) -> None:
    dialog = PickupsDialog(DESK)
    qtbot.addWidget(dialog)
    assert dialog._clock.isActive()
    dialog.reject()
    assert not dialog._clock.isActive()


def test_calls_made_for_a_patient_without_a_driver_on_file_stay_in_view(qtbot: QtBot, ana: m.Appointment) -> None:
    from frontdesk.services import pickups

    m.Patient.update(driver_name="", driver_relationship="", driver_phone="").where(
        m.Patient.id == ana.patient_id).execute()
    dialog = PickupsDialog(DESK)
    qtbot.addWidget(dialog)
    assert _cells(dialog)[CALL_COLUMN] == "no driver on file: ask the patient who takes them home"
    pickups.record_call(DESK, ana.id, "no_answer", "son Tom (828) 555-0199")
    dialog.reload(keep=ana.id)
    assert _cells(dialog)[CALL_COLUMN].startswith("No answer ") and "call again now" in _cells(dialog)[CALL_COLUMN]
    assert dialog.history.text().endswith(": son Tom (828) 555-0199")


def test_a_driver_told_a_time_that_moved_is_asked_for_again(qtbot: QtBot, ana: m.Appointment, tmp_path: Path) -> None:
    import datetime as dt

    from frontdesk.data.clinic_repo import load_profile
    from frontdesk.rules.clock import now_local
    from tests.ui.board_helpers import stamp

    dialog = PickupsDialog(DESK)
    qtbot.addWidget(dialog)
    told_for = _cells(dialog)[0]
    qtbot.mouseClick(dialog.outcome_buttons["told"], Qt.MouseButton.LeftButton)
    # The nurse records recovery again, 20 minutes on: ready 20 minutes later than the driver was told.
    now = now_local(load_profile().tz).replace(tzinfo=None, second=0, microsecond=0)
    stamp(ana, "recovery", now + dt.timedelta(minutes=20))
    dialog.follow_changes(frozenset({"schedule"}))
    cells = _cells(dialog)
    assert cells[0] != told_for
    assert cells[CALL_COLUMN].startswith("tell them the new time now · Driver told ")
    assert cells[CALL_COLUMN].endswith(f", for {told_for}")  # the time they were told; the new one in column 0
    assert dialog.table.item(0, CALL_COLUMN).foreground().color().name() == DUE_COLOUR
    assert dialog.summary.text().startswith("1 in recovery · 1 driver to call · 0 told")
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    block = window.board_model.board.find(ana.id)
    assert block is not None and ("☎ New time", "pickup", PICKUP_COLOURS["to_call"]) in badge_specs(
        block, block.status)
