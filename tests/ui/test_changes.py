"""The change monitor in a real window: refreshes on outside changes, says when the server is away."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import peewee
import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QMessageBox, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.data.database import database_proxy, open_database
from frontdesk.ui.changes import RECONNECTING_TEXT, DatabaseChangeMonitor, watch_database
from tests.conftest import PG_URL
from tests.pgproxy import Relay


def _add_patient(chart: str) -> None:
    with database_proxy.atomic():
        m.Patient.create(chart_number=chart, legal_first="Ana", legal_last="Núñez")


def test_a_change_made_elsewhere_is_announced_with_its_area(db: peewee.Database, qtbot: QtBot) -> None:
    monitor = DatabaseChangeMonitor(interval_s=0.2)
    monitor.start()
    try:
        with qtbot.waitSignal(monitor.database_changed, timeout=5000) as signal:
            _add_patient("C1")
    finally:
        monitor.stop()
    assert "patients" in signal.args[0]


@pytest.fixture
def relayed(postgres_target: str) -> Iterator[Relay]:
    """The app's database reached through a relay the test can cut like a network cable."""
    parts = urlparse(PG_URL)
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 5432)
    url = postgres_target.replace(parts.netloc, f"{parts.username}@127.0.0.1:{relay.port}", 1)
    db = open_database(url)
    yield relay
    relay.cut()
    db.close()


@pytest.mark.postgres
def test_the_status_bar_says_reconnecting_while_the_server_is_away(relayed: Relay, qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    refreshed: list[frozenset[str]] = []
    monitor = watch_database(window, refreshed.append)
    status = window.findChild(QLabel, "connectionStatus")
    assert status.text() == RECONNECTING_TEXT and status.isHidden()
    relayed.cut()
    qtbot.waitUntil(lambda: not status.isHidden(), timeout=8000)
    relayed.restore()
    qtbot.waitUntil(status.isHidden, timeout=8000)
    assert refreshed and "schedule" in refreshed[-1]  # back: everything is reloaded once
    monitor.stop()


@pytest.mark.postgres
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note about any dialog
def test_a_save_that_did_not_reach_the_server_says_so_and_the_form_keeps_its_text(
    relayed: Relay, qtbot: QtBot
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    monitor = watch_database(window, lambda areas: None)
    name = QLineEdit("C2")  # stands for a form: Save writes through a service, then clears the field
    save = QPushButton("Save")
    save.clicked.connect(lambda: (_add_patient(name.text()), name.clear()))
    relayed.cut()
    save.click()
    assert name.text() == "C2"
    box = window.findChild(QMessageBox, "notSavedMessage")
    assert box is not None and box.isVisible()
    assert "not saved" in box.text() and "cannot be reached" in box.text()
    assert "Not saved" in window.statusBar().currentMessage()
    box.close()
    monitor.stop()
    relayed.restore()
    assert m.Patient.select().count() == 0



def test_the_main_window_board_shows_a_booking_made_elsewhere(
    db: peewee.Database, qtbot: QtBot, tmp_path: Path
) -> None:
    import datetime as dt

    from PySide6.QtCore import QSettings, Qt

    from frontdesk.data.clinic_repo import load_profile
    from frontdesk.rules.clock import local_to_utc, now_local
    from frontdesk.ui.changes import install_change_watch
    from frontdesk.ui.main_window import MainWindow

    window = MainWindow(db_label="test", settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    monitor = install_change_watch(window)
    tz = load_profile().tz
    start = local_to_utc(dt.datetime.combine(now_local(tz).date(), dt.time(10)), tz)
    patient = m.Patient.create(chart_number="C9", legal_first="Zelda", legal_last="Okafor")
    kind = m.AppointmentType.get(m.AppointmentType.code == "iv_mood")
    chair = m.Chair.get(m.Chair.name == "Chair 1")
    m.Appointment.create(patient=patient, type=kind, chair=chair, start_utc=start,
                         end_utc=start + dt.timedelta(minutes=100))
    model = window.findChild(QTableView, "scheduleBoard").model()

    def shows_zelda() -> bool:
        cells = (model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount()))
        return any("Zelda" in str(index.data(Qt.ItemDataRole.DisplayRole) or "") for index in cells)

    try:
        assert not shows_zelda()
        qtbot.waitUntil(shows_zelda, timeout=5000)
    finally:
        monitor.stop()


def test_patient_results_follow_a_patient_added_elsewhere_and_keep_the_typed_text(
    db: peewee.Database, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from frontdesk.ui.changes import install_change_watch
    from frontdesk.ui.main_window import MainWindow
    from frontdesk.ui.patients.panel import install as install_patient_panel

    window = MainWindow(db_label="test", settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    install_patient_panel(window)
    monitor = install_change_watch(window)
    box = window.findChild(QLineEdit, "patientSearch")
    results = window.findChild(QTableView, "patientResults")
    box.setText("Okaf")
    assert results.model().rowCount() == 0
    m.Patient.create(chart_number="C9", legal_first="Zelda", legal_last="Okafor", search_name="zelda okafor")
    try:
        qtbot.waitUntil(lambda: results.model().rowCount() == 1, timeout=5000)
    finally:
        monitor.stop()
    assert box.text() == "Okaf"
    assert "Okafor" in str(results.model().index(0, 0).data())
