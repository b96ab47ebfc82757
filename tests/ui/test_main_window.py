"""The main window as the desk uses it: today's board on opening, day navigation, details, shortcuts."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.data.clinic_repo import load_profile
from frontdesk.rules.clock import now_local
from frontdesk.services.permissions import signed_in_text
from frontdesk.ui.main_window import MainWindow, short_database_label
from tests.ui.board_helpers import DAY, book, known_day, local, patient


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "frontdesk.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(sqlite_db: peewee.Database, qtbot: QtBot, settings: QSettings) -> MainWindow:
    known_day()
    main = MainWindow(settings=settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def board_names(window: MainWindow) -> set[str]:
    model = window.board_model
    return {model.appointment_at(r, c).patient_name  # type: ignore[union-attr]
            for r in range(model.rowCount()) for c in range(model.columnCount()) if model.appointment_at(r, c)}


def test_opens_on_todays_board_with_one_column_per_chair(window: MainWindow) -> None:
    today = now_local(load_profile().tz).date()
    assert window.findChild(QDateEdit, "dateNavigator").date().toPython() == today
    board = window.findChild(QTableView, "scheduleBoard")
    assert board.model().columnCount() == 6
    assert "Today" in window.day_label.text()


def test_date_navigator_and_day_actions_change_the_board(window: MainWindow) -> None:
    window.show_day(DAY)
    assert board_names(window) == {"Ana Núñez", "Ben Okafor"}
    window.next_day_action.trigger()
    assert window.day == DAY + dt.timedelta(days=1)
    assert board_names(window) == set()
    window.previous_day_action.trigger()
    assert board_names(window) == {"Ana Núñez", "Ben Okafor"}
    window.today_action.trigger()
    assert window.day == now_local(load_profile().tz).date()


def test_selecting_an_appointment_shows_its_details(window: MainWindow) -> None:
    window.show_day(DAY)
    assert window.board_view.select_appointment(window.board_model.appointment_at(4, 0).id)  # type: ignore[union-attr]
    title = window.findChild(QLabel, "appointmentTitle").text()
    text = window.findChild(QLabel, "appointmentDetailsText").text()
    assert title == "Ana Núñez"
    for words in ("IV ketamine, mood", "Chair 1", "09:00–10:40 (100 min)", "08:45", "Prep 09:00–09:15",
                  "Treatment 09:15–09:55", "Recovery 09:55–10:25", "Turnover 10:25–10:40",
                  "session 3 of 6", "Prefers the window chair"):
        assert words in text
    assert window.findChild(QLabel, "officeList").text() == "11:00 Dee Park · New-patient consultation"


def test_with_the_patients_screen_in_the_details_say_how_to_reach_the_patient_and_who_drives(
        window: MainWindow) -> None:
    from frontdesk.data import models as m
    from frontdesk.ui.patients.panel import install

    ana = m.Patient.get(m.Patient.legal_last == "Núñez")
    m.Patient.update(language="es", interpreter_needed=True, ok_voicemail=False, ok_text=True,
                     driver_name="Luis Núñez", driver_relationship="brother",
                     driver_phone="+18285550150").where(m.Patient.id == ana.id).execute()
    m.PatientPhone.create(patient=ana, number_e164="+18285550102", digits="8285550102", is_primary=True)
    window.show_day(DAY)
    assert window.board_view.select_appointment(window.board_model.appointment_at(4, 0).id)  # type: ignore[union-attr]
    details = window.findChild(QLabel, "appointmentDetailsText")
    assert "Driver" not in details.text()  # the board alone does not read patient records
    install(window)  # type: ignore[arg-type]
    text = details.text()  # the shown appointment gains its contact lines at once
    for words in ("(828)\u00a0555-0102 (mobile)", "no voicemail", "Spanish · <b>interpreter needed</b>",
                  "Luis Núñez (brother), (828)\u00a0555-0150"):  # a number stays on one line
        assert words in text, words
    ben = next(a for a in window.board_model.board.appointments if a.patient_name == "Ben Okafor")
    assert window.board_view.select_appointment(ben.id)
    assert window.findChild(QLabel, "appointmentTitle").text() == "Ben Okafor"
    text = details.text()
    assert "none on file" in text and "Luis" not in text  # Ben: no phone, no driver


def test_in_recovery_the_driver_line_says_when_recovery_ends(window: MainWindow) -> None:
    from frontdesk.data import models as m
    from frontdesk.ui.patients.panel import install

    ben = m.Patient.get(m.Patient.legal_last == "Okafor")
    m.Patient.update(driver_name="Ada Okafor", driver_phone="+18285550150").where(m.Patient.id == ben.id).execute()
    visit = m.Appointment.get(m.Appointment.patient == ben)
    m.Appointment.update(flow="recovery").where(m.Appointment.id == visit.id).execute()
    kind = visit.type
    ends = local(10, 30) + dt.timedelta(minutes=kind.prep_minutes + kind.treatment_minutes + kind.recovery_minutes)
    install(window)  # type: ignore[arg-type]
    window.show_day(DAY)
    appointment = next(a for a in window.board_model.board.appointments if a.patient_name == "Ben Okafor")
    assert window.board_view.select_appointment(appointment.id)
    text = window.findChild(QLabel, "appointmentDetailsText").text()
    assert f"Ada Okafor, (828)\u00a0555-0150<br><b>ready to go home {ends:%H:%M}</b>" in text
    assert "call driver" not in text  # not today's board: no pick-up
    from dataclasses import replace

    pane, board = window.details, window.board_model.board
    said = {}
    for state in ("not_yet", "to_call", "try_again", "settled"):
        pane.show_appointment(replace(appointment, pickup=state), board)
        shown = window.findChild(QLabel, "appointmentDetailsText").text()
        said[state] = shown.split(f"ready to go home {ends:%H:%M}</b>", 1)[1][:40]
    assert said["not_yet"].startswith("</td>")  # nothing to do before the call is due
    assert said["to_call"].startswith(" · call driver (Ctrl+Shift+D)")
    assert said["try_again"].startswith(" · call driver again (Ctrl+Shift+D)")
    assert said["settled"].startswith(" · driver told</td>")


def test_the_office_list_follows_the_day_and_its_heading_shows_only_with_it(window: MainWindow) -> None:
    office = window.findChild(QLabel, "officeList")
    window.show_day(DAY)
    assert office.text() == "11:00 Dee Park · New-patient consultation"
    assert window.details.office_heading.isVisibleTo(window) and window.details.office_heading.text() == (
        "Office (no chair)")
    window.next_day_action.trigger()  # nobody in the office that day
    assert office.text() == "" and not window.details.office_heading.isVisibleTo(window)


def test_status_bar_names_the_database_and_sums_up_the_day(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1366, 768)
    window.show_day(DAY)
    assert window.findChild(QLabel, "databaseLabel").text().startswith("Database: SQLite ")
    summary = window.findChild(QLabel, "daySummary")
    # A day gone by: Ana never came (late, first), Ben still in the chair.
    assert summary.toolTip() == "1 late  ·  2 chair appointments  ·  1 office visit  ·  1 in chair"
    qtbot.waitUntil(lambda: summary.text() == summary.toolTip())  # all of it, at this width


def test_the_day_summary_names_who_is_next_to_come_second_so_a_narrow_window_keeps_it(window: MainWindow) -> None:
    from frontdesk.services.schedule import load_day

    profile = load_profile()
    board = load_day(DAY, profile, now=dt.datetime.combine(DAY, dt.time(8, 30), tzinfo=profile.tz))
    parts = window._summary_parts(board)
    assert parts[:2] == ["2 chair appointments", "next: 09:00 Ana Núñez"]
    evening = load_day(DAY, profile, now=dt.datetime.combine(DAY, dt.time(18, 0), tzinfo=profile.tz))
    assert not any(part.startswith("next:") for part in window._summary_parts(evening))


def test_the_day_summary_leads_with_the_late_and_the_overdue(window: MainWindow) -> None:
    """A narrow window drops parts from the end: what needs the desk now comes first."""
    from frontdesk.services.schedule import load_day

    profile = load_profile()
    board = load_day(DAY, profile, now=dt.datetime.combine(DAY, dt.time(9, 20), tzinfo=profile.tz))
    assert window._summary_parts(board) == ["1 late", "2 chair appointments", "next: 11:00 Dee Park", "1 office visit",
                                            "1 in chair"]


def test_the_status_bar_names_a_sqlite_file_without_its_folders() -> None:
    assert short_database_label("SQLite /home/desk/.local/share/frontdesk/frontdesk.sqlite3") == (
        "SQLite frontdesk.sqlite3")
    assert short_database_label("PostgreSQL db.clinic.lan/frontdesk") == "PostgreSQL db.clinic.lan/frontdesk"


def test_a_narrow_window_drops_whole_parts_of_the_day_summary_not_half_words(window: MainWindow,
                                                                             qtbot: QtBot) -> None:
    window.show_day(DAY)
    summary = window.findChild(QLabel, "daySummary")
    whole = summary.toolTip()
    parts = whole.split("  ·  ")
    assert len(parts) >= 2
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: summary.text() == whole)
    window.resize(560, 600)  # a window snapped to half of a small screen
    qtbot.waitUntil(lambda: summary.text() != whole)
    shown = summary.text()
    assert shown == parts[0] or (shown.endswith("  …") and whole.startswith(shown.removesuffix("  …")))
    assert shown.removesuffix("  …").split("  ·  ") == parts[:len(shown.removesuffix("  …").split("  ·  "))]
    assert summary.toolTip() == whole  # the whole summary, on hover
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: summary.text() == whole)


def test_menus_carry_the_standard_shortcuts(window: MainWindow) -> None:
    std = QKeySequence.StandardKey
    assert window.new_appointment_action.shortcut() == QKeySequence(std.New)
    assert window.print_action.shortcut() == QKeySequence(std.Print)
    assert window.find_patient_action.shortcut() == QKeySequence(std.Find)
    assert window.refresh_action.shortcut() == QKeySequence(std.Refresh)
    assert window.previous_day_action.shortcut().toString() == "Alt+Left"
    assert window.next_day_action.shortcut().toString() == "Alt+Right"
    assert window.today_action.shortcut().toString() == "Ctrl+T"
    assert set(window.menus) == {"File", "Edit", "View", "Appointment", "Intake", "Help", "Account"}


def test_find_patient_focuses_the_patient_search(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    window.find_patient_action.trigger()
    search = window.findChild(QLineEdit, "patientSearch")
    qtbot.waitUntil(search.hasFocus)


def test_window_size_and_position_are_remembered(sqlite_db: peewee.Database, qtbot: QtBot,
                                                 settings: QSettings) -> None:
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(720, 500)  # within the offscreen test screen
    first.close()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (720, 500)


def test_board_keeps_all_six_chairs_readable_at_1366_by_768_with_the_patient_panel(
        window: MainWindow, qtbot: QtBot) -> None:
    from frontdesk.ui.patients.panel import install

    install(window)
    window.resize(1366, 740)
    qtbot.waitUntil(lambda: window.width() == 1366)
    header = window.board_view.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(0) >= 110)
    assert header.length() <= window.board_view.viewport().width()  # no sideways scrolling
    assert window.patient_dock.isVisible()


def test_starting_the_app_does_not_load_pdf_or_chart_libraries() -> None:
    code = ("import sys, frontdesk.app, frontdesk.ui.application, frontdesk.ui.main_window;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('reportlab', 'pypdf', 'qrcode') or m.startswith(('PySide6.QtPdf', 'PySide6.QtCharts'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_window_opens_in_its_final_layout_and_the_panel_takes_the_placeholders_place(
        window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDockWidget, QVBoxLayout, QWidget

    dock = window.findChild(QDockWidget, "patientDock")
    placeholder = window.findChild(QLineEdit, "patientSearch")
    # Before the patients screen comes: its dock in front of the details, a search box where its box will be.
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()
    assert window.findChild(QDockWidget, "appointmentDock").visibleRegion().isEmpty()  # the tab behind
    assert dock.isAncestorOf(placeholder) and placeholder.isVisible()
    window.activateWindow()
    window.find_patient_action.trigger()
    qtbot.waitUntil(placeholder.hasFocus)
    qtbot.keyClicks(placeholder, "Nun")  # typed before the panel was there
    panel = QWidget()
    QVBoxLayout(panel).addWidget(QLineEdit(objectName="patientSearch"))
    assert window.install_patient_panel(panel) is dock
    boxes = window.findChildren(QLineEdit, "patientSearch")
    assert len(boxes) == 1 and panel.isAncestorOf(boxes[0])
    assert dock.widget() is panel and boxes[0].text() == "Nun"
    qtbot.waitUntil(boxes[0].hasFocus)


def test_board_reads_itself_again_within_the_minute(window: MainWindow) -> None:
    timer = window._minute_timer
    assert timer.isActive() and timer.remainingTime() <= 61_000


def loaded_after_importing(modules: list[str], watched: list[str], packages: tuple[str, ...] = ()) -> list[str]:
    """Which `watched` modules (or modules of `packages`) a fresh interpreter holds after importing `modules`."""
    code = (f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}];"
            f"print(sorted(m for m in sys.modules if m in {watched!r} or m.split('.')[0] in {packages!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(ast.literal_eval(result.stdout.strip()))


def test_starting_the_app_leaves_dialogs_phone_metadata_csv_and_postgres_driver_unloaded() -> None:
    """What start-up imports (the screens' install hooks included) leaves out what is only used later."""
    start_up = ["frontdesk.app", "frontdesk.ui.application", "frontdesk.ui.main_window", "frontdesk.ui.auth",
                "frontdesk.ui.booking.install", "frontdesk.ui.patients.panel", "frontdesk.ui.printing.menu",
                "frontdesk.ui.printing.sheet_status", "frontdesk.data.database"]
    later = ["frontdesk.rules.csv_import", "frontdesk.services.backup", "frontdesk.services.printing",
             "frontdesk.ui.settings.settings_dialog", "frontdesk.ui.booking.booking_dialog",
             "frontdesk.ui.booking.series_dialog", "frontdesk.ui.booking.move_dialog"]
    assert loaded_after_importing(start_up, later, ("phonenumbers", "psycopg2")) == []


@pytest.fixture
def unshown(sqlite_db: peewee.Database, qtbot: QtBot, settings: QSettings) -> MainWindow:
    """The main window built but not shown yet."""
    known_day()
    main = MainWindow(settings=settings)
    qtbot.addWidget(main)
    return main


def test_work_after_first_paint_runs_once_the_board_is_drawn(unshown: MainWindow, qtbot: QtBot) -> None:
    main = unshown
    seen: list[bool] = []
    main.after_first_paint(lambda: seen.append(main.board_view.isVisible()))
    assert seen == []  # nothing before the window is on screen
    main.show()
    qtbot.waitUntil(lambda: seen == [True])
    main.board_view.viewport().repaint()
    qtbot.wait(50)
    assert seen == [True]  # once, not at every paint


def test_work_after_first_paint_runs_even_if_the_window_is_never_painted(unshown: MainWindow,
                                                                         qtbot: QtBot) -> None:
    seen: list[str] = []
    unshown.after_first_paint(lambda: seen.append("installed"))
    qtbot.waitUntil(lambda: seen == ["installed"], timeout=3000)


def test_the_board_window_loads_without_the_booking_service_or_the_screens_around_it() -> None:
    """Before the first paint only the board's own modules load; the rest hooks in after it."""
    first_paint = ["frontdesk.app", "frontdesk.ui.application", "frontdesk.ui.main_window",
                   "frontdesk.ui.auth.start", "frontdesk.services.schedule"]
    after = ["frontdesk.ui.auth.sign_in_dialog", "frontdesk.services.booking", "frontdesk.rules.booking",
             "frontdesk.ui.auth.session",
             "frontdesk.ui.auth.idle_lock",
             "frontdesk.ui.patients.panel", "frontdesk.ui.intake.hook", "frontdesk.ui.booking.install",
             "frontdesk.services.patients"]
    assert loaded_after_importing(first_paint, after) == []


def test_the_start_up_helper_is_forked_before_the_clinics_values_load() -> None:
    """`frontdesk gui` forks its helper (frontdesk.app.ReadAhead) once the command line and frontdesk.app
    are read: what they import, the helper waits for. The clinic's values and profile (their dataclasses),
    Qt and the data layer load after the fork, in each process as it needs them."""
    before_fork = ["frontdesk.cli.main", "frontdesk.cli.app_commands", "frontdesk.app"]
    later = ["frontdesk.values", "frontdesk.settings", "dataclasses", "pickle", "frontdesk.data"]
    assert loaded_after_importing(before_fork, later, ("PySide6", "peewee")) == []


def test_a_first_look_is_shown_as_start_up_read_it_without_the_database(sqlite_db: peewee.Database, qtbot: QtBot,
                                                                         settings: QSettings,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up's helper read the day (here a day that is not today: a start on the stroke of midnight);
    the window shows that day, and reads nothing itself (its process opens the database after the paint).
    Start-up builds the window while the helper still reads, and hands it the first look when it comes."""
    from frontdesk.data.database import database_proxy
    from frontdesk.services.first_look import FirstLook
    from frontdesk.services.schedule import database_label, load_day
    from frontdesk.values import Actor

    known_day()
    look = FirstLook(Actor("desk", "desk"), load_profile(), database_label(), load_day(DAY))
    monkeypatch.setattr(database_proxy, "obj", None)  # any read now fails: the database is not open here yet
    main = MainWindow(settings=settings, awaiting_first_look=True)
    assert main.board_model.board is None  # nothing read, nothing shown yet
    main.take_first_look(look)
    qtbot.addWidget(main)
    assert main.day == DAY
    assert board_names(main) == {"Ana Núñez", "Ben Okafor"}
    database = main.findChild(QLabel, "databaseLabel")
    assert database.toolTip() == look.database_label  # the whole path on hover
    assert database.text() == f"Database: SQLite {Path(look.database_label.removeprefix('SQLite ')).name}"
    assert main.current_actor().username == "desk"
    assert main.findChild(QLabel, "signedInUser").text() == signed_in_text(look.actor)
    assert main.windowTitle() == f"{look.profile.name} — Front desk"


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform, of a floating dock
def test_a_window_built_before_its_first_look_shows_nothing_until_it_is_shown(sqlite_db: peewee.Database,
                                                                              qtbot: QtBot,
                                                                              settings: QSettings) -> None:
    """The desk left the appointment dock floating: a window start-up builds while its helper still reads
    (and throws away if a person must sign in first) put that dock on screen on its own. The layout is
    restored with the first look now, and the dock floats where the desk left it once the window shows."""
    from frontdesk.services.first_look import FirstLook
    from frontdesk.services.schedule import database_label, load_day
    from frontdesk.values import Actor

    known_day()
    left = MainWindow(settings=settings, awaiting_first_look=True)
    left.take_first_look(FirstLook(Actor("desk", "desk"), load_profile(), database_label(), load_day(DAY)))
    qtbot.addWidget(left)
    left.show()
    left.details_dock.setFloating(True)
    left.save_window_state()
    left.close()

    waiting = MainWindow(settings=settings, awaiting_first_look=True)
    qtbot.addWidget(waiting)
    assert not any(widget.isVisible() for widget in (waiting, waiting.details_dock, waiting.patient_dock))
    waiting.take_first_look(FirstLook(Actor("desk", "desk"), load_profile(), database_label(), load_day(DAY)))
    waiting.show()
    qtbot.waitUntil(lambda: waiting.details_dock.isVisible())
    assert waiting.details_dock.isFloating()


def test_after_a_pause_the_next_day_is_drawn_ahead_and_shows_from_pictures(window: MainWindow,
                                                                           qtbot: QtBot) -> None:
    nxt = DAY + dt.timedelta(days=1)
    book(patient("Eve", "Sato"), "iv_mood", "Chair 2", local(9, day=nxt))
    book(patient("Fay", "Ortiz"), "esketamine", "Chair 1", local(13, day=nxt))
    window.screens_ready = True  # start-up sets it once the database is open in this process
    delegate = window.board_view.itemDelegate()
    window.show_day(DAY)
    qtbot.waitUntil(lambda: delegate.cached_pictures() >= 2)  # today's two blocks, made when idle
    shown = delegate.cached_pictures()
    qtbot.waitUntil(lambda: delegate.cached_pictures() >= shown + 2, timeout=3000)  # the pause: Eve and Fay
    drawn_ahead = delegate.cached_pictures()
    window.next_day_action.trigger()
    qtbot.wait(50)  # its paint, and any idle work after it
    assert board_names(window) == {"Eve Sato", "Fay Ortiz"}
    assert delegate.cached_pictures() == drawn_ahead  # every block found ready: none drawn from scratch


def test_nothing_is_drawn_ahead_before_the_screens_are_in(window: MainWindow, qtbot: QtBot) -> None:
    book(patient("Eve", "Sato"), "iv_mood", "Chair 2", local(9, day=DAY + dt.timedelta(days=1)))
    delegate = window.board_view.itemDelegate()
    window.show_day(DAY)
    qtbot.wait(800)  # past the pause
    shown = delegate.cached_pictures()
    qtbot.wait(300)
    assert delegate.cached_pictures() == shown  # a start-up reading ahead opens this process's database later


def test_the_board_gaining_focus_does_not_bring_an_unpicked_appointment_forward(unshown: MainWindow,
                                                                                qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDockWidget

    day = DAY + dt.timedelta(days=1)
    book(patient("Eve", "Early"), "iv_mood", "Chair 1", local(8, day=day))  # in the board's first cell
    book(patient("Finn", "Later"), "iv_mood", "Chair 2", local(10, day=day))
    unshown.show_day(day)
    unshown.show()
    qtbot.waitExposed(unshown)
    unshown.activateWindow()
    qtbot.waitUntil(lambda: unshown.board_view.currentIndex().isValid())  # Qt lands the cursor on a cell
    cursor = unshown.board_view.currentIndex()
    landed = unshown.board_model.appointment_at(cursor.row(), cursor.column())
    assert landed is not None and landed.patient_name == "Eve Early"  # the cursor is on Eve's block...
    assert unshown.details.appointment is None  # ...but nobody picked it: nothing is shown for it
    patients, details = (unshown.findChild(QDockWidget, name) for name in ("patientDock", "appointmentDock"))
    assert details.visibleRegion().isEmpty() and not patients.visibleRegion().isEmpty()  # nobody picked Eve
    finn = next(a for a in unshown.board_model.board.appointments if a.patient_name == "Finn Later")
    assert unshown.board_view.select_appointment(finn.id)  # the desk picks a block: its details come forward
    qtbot.waitUntil(lambda: not details.visibleRegion().isEmpty())


def test_the_screens_fill_the_menus_the_window_opened_with_and_move_no_title(window: MainWindow) -> None:
    from frontdesk.ui.auth.session import install_session
    from frontdesk.ui.intake.hook import install as install_intake

    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Appointment", "&Intake", "&Help", "Acc&ount"]
    intake, account = window.menus["Intake"], window.menus["Account"]
    window.session = install_session(window, window.actor)  # type: ignore[attr-defined]
    install_intake(window)
    assert [action.text() for action in window.menuBar().actions()] == titles
    assert window.menus["Intake"] is intake and window.menus["Account"] is account
    assert intake.actions() and account.actions()


def test_who_is_signed_in_shows_from_the_first_paint_in_the_label_the_accounts_screen_keeps(
        sqlite_db: peewee.Database, qtbot: QtBot, settings: QSettings) -> None:
    from frontdesk.services import accounts
    from frontdesk.ui.auth.session import install_session
    from frontdesk.values import Actor

    accounts.create_user(Actor("admin", "admin"), "desk1", "secret-pass-1", "desk")
    desk = Actor("desk1", "desk")
    main = MainWindow(settings=settings, actor=desk)
    qtbot.addWidget(main)
    labels = main.findChildren(QLabel, "signedInUser")
    assert [label.text() for label in labels] == ["Signed in: desk1 (Front desk)"]
    main.session = install_session(main, desk)  # type: ignore[attr-defined]
    assert main.findChildren(QLabel, "signedInUser") == labels  # the same label, not a second one
    assert labels[0].text() == "Signed in: desk1 (Front desk)"


def test_the_boards_first_cursor_lands_where_the_board_is_scrolled_not_at_opening_time(unshown: MainWindow,
                                                                                      qtbot: QtBot) -> None:
    from PySide6.QtCore import QEvent, QModelIndex, Qt
    from PySide6.QtGui import QFocusEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication

    unshown.show_day(DAY)
    unshown.show()
    qtbot.waitExposed(unshown)
    view = unshown.board_view
    view.scrollTo(view.model().index(view.model().rowCount() - 1, 0))  # the afternoon in view
    top = view.verticalScrollBar().value()
    assert top > 0
    view.setCurrentIndex(QModelIndex())  # no cursor yet
    QApplication.sendEvent(view, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    row = view.currentIndex().row()
    assert row >= 0 and view.rowViewportPosition(row) >= 0  # a whole row, in view
    assert view.verticalScrollBar().value() == top  # the board did not move
    QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier))
    assert view.currentIndex().row() > row and view.verticalScrollBar().value() >= top - view.rowHeight(0)


def test_the_day_line_says_when_the_prescriber_is_away(window: MainWindow) -> None:
    from frontdesk.services import clinic_settings
    from frontdesk.values import Actor

    desk = Actor("desk1", "desk")
    clinic_settings.add_block(None, local(13, day=DAY), local(17, day=DAY), "prescriber_away", "", desk)
    clinic_settings.add_block(None, local(12, day=DAY + dt.timedelta(days=1)),
                              local(10, day=DAY + dt.timedelta(days=3)), "prescriber_away", "conference", desk)
    window.show_day(DAY)
    assert window.day_label.text().endswith(" · prescriber away 13:00–17:00")
    assert board_names(window) == {"Ana Núñez", "Ben Okafor"}  # nothing moved or shaded away
    model = window.board_model
    times = {model.verticalHeaderItem(row).text(): model.verticalHeaderItem(row) for row in range(model.rowCount())}
    assert "12:45" in times and "13:00 ⚕" in times and "16:45 ⚕" in times and "17:00" in times  # its times marked
    assert times["13:00 ⚕"].toolTip() == "Prescriber away 13:00–17:00: no esketamine then"
    window.show_day(DAY + dt.timedelta(days=2))
    assert window.day_label.text().endswith(" · prescriber away all day")
    window.show_day(DAY + dt.timedelta(days=1))
    assert window.day_label.text().endswith(" · prescriber away from 12:00")


def test_a_long_email_address_gets_a_line_of_its_own_and_hides_nothing_in_a_narrow_pane(
        window: MainWindow) -> None:
    from frontdesk.data import models as m
    from frontdesk.ui.patients.panel import install

    address = "anastasia.johanssonwhitfield4@example.org"  # no hyphen: nowhere to break
    m.Patient.update(email=address, preferred_contact="email").where(m.Patient.legal_last == "Núñez").execute()
    install(window)  # type: ignore[arg-type]
    window.show_day(DAY)
    assert window.board_view.select_appointment(window.board_model.appointment_at(4, 0).id)  # type: ignore[union-attr]
    details = window.findChild(QLabel, "appointmentDetailsText")
    text = details.text()
    assert f"<td colspan='2' style='padding-left:12px'>{address}</td>" in text  # the whole pane's width
    assert "<i>Contact</i></td><td>prefers email:</td>" in text
    # A pane just wider than the address holds every row: no column pushed out of sight by one long word.
    from PySide6.QtGui import QFontMetrics, QTextDocument, QTextOption

    pane = QFontMetrics(details.font()).horizontalAdvance(address) + 40
    laid_out = QTextDocument()
    laid_out.setDefaultFont(details.font())
    as_a_label = QTextOption()
    as_a_label.setWrapMode(QTextOption.WrapMode.WordWrap)  # a QLabel breaks lines at spaces only
    laid_out.setDefaultTextOption(as_a_label)
    laid_out.setHtml(text)
    laid_out.setTextWidth(pane)
    table = laid_out.rootFrame().childFrames()[0]
    assert laid_out.documentLayout().frameBoundingRect(table).width() <= pane


def test_go_to_date_takes_a_typed_day_on_enter_and_escape_goes_back_to_the_board(window: MainWindow,
                                                                                 qtbot: QtBot) -> None:
    after = DAY + dt.timedelta(days=1)
    other = after if after.month == DAY.month else DAY - dt.timedelta(days=1)
    window.show_day(other)
    window.activateWindow()
    window.focus_date()  # Ctrl+G: the day of the month is selected
    qtbot.keyClicks(window.date_edit, f"{DAY.day:02d}")  # it read the weekday's section: typing did nothing
    qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.focusWidget() is window.board_view)
    assert window.board_model.board.day == DAY and board_names(window) == {"Ana Núñez", "Ben Okafor"}  # type: ignore[union-attr]
    window.focus_date()
    qtbot.keyClicks(window.date_edit, f"{other.day:02d}")
    qtbot.keyClick(window.date_edit, Qt.Key.Key_Escape)  # changed my mind
    assert window.focusWidget() is window.board_view
    assert window.day == DAY and window.board_model.board.day == DAY  # type: ignore[union-attr]


def test_a_day_typed_in_the_date_shows_once_the_typing_pauses_not_each_day_on_the_way(
        window: MainWindow, qtbot: QtBot) -> None:
    """Typing "28" read the 2nd (a day's queries and its first paint) and then the 28th: the day typed
    shows at Enter or when the typing pauses, and meanwhile the window's day stays the one shown."""
    from frontdesk.ui.main_window import TYPED_DAY_MS

    shown: list[dt.date] = []
    window.board_model.modelReset.connect(lambda: shown.append(window.board_model.board.day))  # type: ignore[union-attr]
    start = DAY.replace(day=1)
    window.show_day(start)
    shown.clear()
    window.activateWindow()
    window.focus_date()
    qtbot.keyClicks(window.date_edit, "2")
    qtbot.keyClicks(window.date_edit, "8")
    assert window.date_edit.date().toPython() == start.replace(day=28)
    assert shown == [] and window.day == start  # nothing read yet: the board and its day are the 1st's
    qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.focusWidget() is window.board_view)
    assert shown == [start.replace(day=28)] and window.day == start.replace(day=28)
    window.focus_date()
    qtbot.keyClicks(window.date_edit, "15")  # no Enter: it shows after a pause
    assert shown == [start.replace(day=28)]
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=TYPED_DAY_MS + 2000)
    assert shown[-1] == start.replace(day=15) and window.day == start.replace(day=15)
    window.show_next_day()  # the window's own steps show at once, wherever the keys are
    assert shown[-1] == start.replace(day=16)
    window.focus_date()
    qtbot.keyClicks(window.date_edit, "20")
    window.show_day(start.replace(day=16))  # Ctrl+T or Go to appointment on the day shown, a day being typed
    qtbot.wait(TYPED_DAY_MS + 300)
    assert window.board_model.board.day == start.replace(day=16) == window.day  # type: ignore[union-attr]
    assert window.date_edit.date().toPython() == start.replace(day=16)  # it went on to the 20th after a pause
    window.focus_date()
    qtbot.keyClicks(window.date_edit, "22")
    window.show_day(start.replace(day=22))  # the very day typed: shown now, not after the pause
    assert window.board_model.board.day == start.replace(day=22)  # type: ignore[union-attr]


def test_escape_in_the_patient_search_hands_the_keys_back_to_the_board(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    window.find_patient_action.trigger()
    search = window.findChild(QLineEdit, "patientSearch")
    qtbot.keyClicks(search, "ana")
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert window.focusWidget() is window.board_view and search.text() == "ana"


def test_the_appointment_menu_shows_delete_for_cancel_on_the_board_only(window: MainWindow) -> None:
    assert window.cancel_action.shortcut().toString() == "Del"
    # The board's alone: Delete in the patient search or a date deletes text, it cancels nothing.
    assert window.cancel_action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
    assert window.cancel_action in window.board_view.actions()


def test_tab_from_the_board_skips_the_dock_behind_its_tab(window: MainWindow, qtbot: QtBot) -> None:
    """With the appointment's details in front, Tab never lands in the patient search behind them
    (Qt keeps it "visible", moved out of sight), and typing cannot go where nobody sees it."""
    window.show_day(DAY)
    window.board_view.select_cell(4, 0)  # a block: its details come to the front
    assert window.patient_dock.widget().visibleRegion().isEmpty()
    window.board_view.setFocus()
    seen = []
    for _ in range(30):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        seen.append(window.focusWidget())
    assert not any(window.patient_dock.isAncestorOf(widget) for widget in seen if widget is not None)
    assert window.board_view in seen  # round the window and back to the board


def test_delete_deletes_a_letter_in_the_patient_search_and_cancels_only_on_the_board(window: MainWindow,
                                                                                      qtbot: QtBot) -> None:
    """Pressed, not only configured: Delete in a text field takes a letter out and asks nothing; on the
    board, with a block selected, it asks to cancel that block."""
    asked: list[int] = []
    window.board_actions.ask_cancel = lambda parent, appointment: asked.append(appointment.id)  # type: ignore[func-returns-value]
    window.show_day(DAY)
    window.board_view.select_cell(4, 0)  # a block
    selected = window.board_view.selected_appointment()
    assert selected is not None and window.cancel_action.isEnabled()
    window.activateWindow()
    window.find_patient_action.trigger()
    search = window.findChild(QLineEdit, "patientSearch")
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClicks(search, "ana")
    qtbot.keyClick(search, Qt.Key.Key_Home)
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    assert search.text() == "na" and asked == []
    window.board_view.setFocus()
    qtbot.waitUntil(window.board_view.hasFocus)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Delete)
    assert asked == [selected.id]


def _prescriber_away(day: dt.date, start: int, end: int) -> None:
    from frontdesk.data import models as m
    from frontdesk.rules.clock import local_to_utc

    tz = load_profile().tz
    m.Block.create(chair=None, start_utc=local_to_utc(local(start, day=day), tz),
                   end_utc=local_to_utc(local(end, day=day), tz), kind="prescriber_away", reason="hospital")


def test_a_prescriber_absence_marks_its_own_day_only_and_its_times_are_not_cut(window: MainWindow,
                                                                                qtbot: QtBot) -> None:
    """"13:00 ⚕" in violet with why in its tooltip on the day of the absence; the next day's times plain
    again (the labels are reused from day to day); the time column as wide as the marked times."""
    _prescriber_away(DAY, 13, 18)
    window.show_day(DAY - dt.timedelta(days=1))  # a normal day first: the time column sized for "08:00"
    window.show_day(DAY)
    header, model = window.board_view.verticalHeader(), window.board_model
    vertical = Qt.Orientation.Vertical
    marked = next(row for row in range(model.rowCount()) if model.headerData(row, vertical) == "13:00 ⚕")
    assert "Prescriber away 13:00–18:00" in model.headerData(marked, vertical, Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: header.width() >= header.fontMetrics().horizontalAdvance("13:00 ⚕") + 4)
    window.show_day(DAY + dt.timedelta(days=1))
    assert model.headerData(marked, Qt.Orientation.Vertical) == "13:00"
    assert not model.headerData(marked, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(marked, Qt.Orientation.Vertical, Qt.ItemDataRole.ForegroundRole) is None


def test_the_absences_violet_is_lightened_to_read_on_a_dark_theme(sqlite_db: peewee.Database, qtbot: QtBot) -> None:
    from PySide6.QtGui import QColor, QGuiApplication, QPalette

    from frontdesk.services.schedule import load_day
    from frontdesk.ui.ink import contrast
    from frontdesk.ui.schedule.board_model import ChairBoardModel

    known_day()
    _prescriber_away(DAY, 13, 18)
    app = QGuiApplication.instance()
    light = app.palette()  # type: ignore[union-attr]
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    app.setPalette(dark)  # type: ignore[union-attr]
    try:
        model = ChairBoardModel()
        model.set_board(load_day(DAY))
        marked = next(row for row in range(model.rowCount()) if "⚕" in model.headerData(row, Qt.Orientation.Vertical))
        violet = model.headerData(marked, Qt.Orientation.Vertical, Qt.ItemDataRole.ForegroundRole).color()
        assert contrast(violet, QColor("#1e1e1e")) >= 4.5
    finally:
        app.setPalette(light)  # type: ignore[union-attr]


def _details_button_with_the_keys(window: MainWindow, qtbot: QtBot) -> QWidget:
    """A block picked on the board, its details in front, and the keys on its Next step button."""
    window.show_day(DAY)
    window.activateWindow()
    window.board_view.select_cell(4, 0)
    window.details_dock.raise_()
    button = window.details.advance_button
    qtbot.waitUntil(button.isVisible)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    return button


def test_the_keys_come_back_to_the_board_when_a_details_button_goes_with_a_reread(window: MainWindow,
                                                                                  qtbot: QtBot) -> None:
    """A details button that had the keys (clicked, or reached with Tab) is hidden while the day is read
    again: the keys land on the board, not on the date, whose arrows would change the day."""
    _details_button_with_the_keys(window, qtbot)
    window.refresh()  # what the minute's re-read or a step recorded does
    assert window.focusWidget() is window.board_view
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Up)
    assert window.day == DAY


def test_escape_in_the_appointments_details_hands_the_keys_back_to_the_board(window: MainWindow,
                                                                             qtbot: QtBot) -> None:
    button = _details_button_with_the_keys(window, qtbot)
    qtbot.keyClick(button, Qt.Key.Key_Escape)
    assert window.focusWidget() is window.board_view


def test_the_first_arrow_on_a_new_day_starts_where_the_eye_is(window: MainWindow, qtbot: QtBot) -> None:
    """A day shown while the board has the keys leaves no cursor; the first Down lands in the rows in view
    (as a board gaining focus does), not on the day's first cell, 08:00, scrolling the board away."""
    window.resize(1000, 420)  # the board scrolls
    qtbot.waitUntil(lambda: window.height() <= 430)
    window.show_day(DAY)
    window.activateWindow()
    window.board_view.setFocus()
    qtbot.waitUntil(window.board_view.hasFocus)
    window.show_day(DAY + dt.timedelta(days=1))
    view = window.board_view
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 5 * view.rowHeight(0))
    bar.setValue(bar.maximum())  # the afternoon in view
    top = view.rowAt(0)
    assert not view.currentIndex().isValid() and top >= 5
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert top <= view.currentIndex().row() <= top + 2
    assert bar.value() == bar.maximum()  # the board stayed where the eye was


def test_a_standard_shortcut_takes_every_binding_the_desktop_gives_it(window: MainWindow) -> None:
    """Refresh is F5 and Ctrl+R where the desktop says both (GNOME); the first alone left F5 dead there."""
    expected = QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh)
    assert window.refresh_action.shortcuts() == expected
    assert window.paste_action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Paste)
