"""Preview, print and save from the app, driving the real widgets offscreen."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import peewee
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from frontdesk.data import models as m
from frontdesk.services import printing
from frontdesk.values import Actor
from tests.print_helpers import add_patient, book, pdf_text

DAY = dt.date(2026, 12, 1)
DESK = Actor("desk1", "desk")


def _day(sqlite_db: peewee.Database) -> list[int]:
    ids = []
    for hour, (first, last, lang) in zip((8, 10, 12), [("Ana", "Ruiz", "es"), ("Nguyễn", "Lan", "en"),
                                                          ("李", "明", "en")], strict=True):
        ids.append(book(add_patient(first, last, lang), "iv_mood", dt.datetime.combine(DAY, dt.time(hour))))
    return ids


def test_preview_shows_the_real_pages_and_saving_records_the_export(
        qtbot: QtBot, sqlite_target: str, tmp_path: Path) -> None:
    from frontdesk.data.database import open_database
    from frontdesk.ui.printing.preview_window import PdfPreviewWindow

    open_database(sqlite_target)
    ids = _day(None)  # type: ignore[arg-type]
    window = PdfPreviewWindow(printing.handouts_job(ids, actor=DESK), DESK)
    qtbot.addWidget(window)
    window.show()
    assert window.page_count == 3
    assert window.view.document().pageCount() == 3
    target = tmp_path / "out.pdf"
    with qtbot.waitSignal(window.saved):
        assert window.save_to(target) == target
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) == 3
    assert m.AuditEntry.select().where(m.AuditEntry.detail == "handouts export").count() == 3
    window.close()


def test_printing_renders_every_pdf_page_on_the_printer(qtbot: QtBot, tmp_path: Path) -> None:
    from frontdesk.documents.day_sheet import DaySheet, DaySheetChair, render_day_sheet
    from frontdesk.ui.printing.pdf_output import print_to

    pdf = render_day_sheet(DaySheet("Clinic", DAY, dt.datetime(2026, 11, 30, 9), [
        DaySheetChair(f"Chair {n}", []) for n in range(1, 13)]))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_to(printer, pdf)
    assert pages > 1 and len(PdfReader(str(tmp_path / "printed.pdf")).pages) == pages


def test_sheets_dialog_lists_the_day_and_marks_printed_sheets(qtbot: QtBot, sqlite_target: str,
                                                              tmp_path: Path) -> None:
    from frontdesk.data.database import open_database
    from frontdesk.ui.printing.sheets_dialog import SheetsDialog

    open_database(sqlite_target)
    ids = _day(None)  # type: ignore[arg-type]
    dialog = SheetsDialog(DAY, DESK)
    qtbot.addWidget(dialog)
    model = dialog.table.model()
    assert model.rowCount() == 3
    assert [model.index(r, 2).data() for r in range(3)] == ["Ana Ruiz", "Nguyễn Lan", "李 明"]
    assert model.index(0, 3).data() == "Spanish"
    assert model.index(0, 5).data() == "not printed"
    dialog.table.selectRow(1)
    assert dialog.chosen_ids() == [ids[1]]
    job = dialog.build_sheets()
    assert job is not None and job.appointment_ids == [ids[1]]
    assert dialog.save_job(job, tmp_path / "one.pdf")
    assert model.index(1, 5).data().startswith("printed on ")
    assert model.index(0, 5).data() == "not printed"
    assert "1 sheets printed" in dialog.summary.text()
    dialog.table.clearSelection()
    dialog.language.setCurrentIndex(dialog.language.findText("Spanish"))
    job = dialog.build_sheets()
    assert job is not None and len(job.appointments) == 3
    assert pdf_text(job.pdf).count("Su cita") == 3


def test_cancelling_the_batch_progress_gives_nothing(qtbot: QtBot, sqlite_target: str) -> None:
    from frontdesk.data.database import open_database
    from frontdesk.ui.printing.sheets_dialog import build_with_progress

    open_database(sqlite_target)
    ids = _day(None)  # type: ignore[arg-type]

    def build(progress: printing.Progress) -> printing.PrintJob:
        return printing.handouts_job(ids, actor=DESK, progress=lambda done, total: done < 1 and progress(done, total))

    assert build_with_progress(None, len(ids), build) is None
    assert build_with_progress(None, len(ids), lambda p: printing.handouts_job(ids, actor=DESK, progress=p))


def test_a_clinic_without_its_phone_is_told_why_no_sheet_is_made(qtbot: QtBot, sqlite_target: str) -> None:
    """Both ways to a sheet (one appointment's preview, the day's batch) say what is missing in a box and
    make nothing."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from frontdesk.data import clinic_repo
    from frontdesk.data.database import open_database
    from frontdesk.ui.printing.menu import preview_handout
    from frontdesk.ui.printing.sheets_dialog import SheetsDialog
    from tests.ui.modal import when_modal

    open_database(sqlite_target)
    ids = _day(None)  # type: ignore[arg-type]
    clinic_repo.save_profile(clinic_repo.load_profile().without_contact())
    said: list[str] = []

    def read_and_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(f"{box.windowTitle()}: {box.text()}")
        box.done(0)

    when_modal(read_and_close, "printRefused")
    assert preview_handout(None, ids[0], DESK) is None  # type: ignore[arg-type]
    dialog = SheetsDialog(DAY, DESK)
    qtbot.addWidget(dialog)
    when_modal(read_and_close, "printRefused")
    assert dialog.build_sheets() is None
    missing = ("The clinic's name and phone are not set yet: an administrator enters them in Clinic settings "
               "(Clinic tab) before pre-visit sheets are printed, as they tell patients whom to call.")
    assert said == [f"Pre-visit sheet: {missing}", f"Pre-visit sheets: {missing}"]
    assert printing.sheet_printed_on(ids) == {}


def test_printing_entries_in_the_main_window(qtbot: QtBot, sqlite_target: str, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from frontdesk.data.database import open_database
    from frontdesk.ui.main_window import MainWindow
    from frontdesk.ui.printing.menu import install_printing_screens
    from frontdesk.ui.printing.sheets_dialog import SheetsDialog

    open_database(sqlite_target)
    from frontdesk.data.clinic_repo import load_profile
    from frontdesk.rules.clock import now_local

    today = now_local(load_profile().tz).date()
    appointment = book(add_patient("Ana", "Ruiz"), "iv_mood", dt.datetime.combine(today, dt.time(9)))
    window = MainWindow(settings=QSettings(str(tmp_path / "fd.ini"), QSettings.Format.IniFormat), actor=DESK)
    qtbot.addWidget(window)
    install_printing_screens(window)
    window.show()
    status = window.findChild(QWidget, "sheetStatus")
    assert window.board_view.select_appointment(appointment)
    assert status.isVisible() and status.label.text() == "Sheet not printed yet"
    printing.handout_pdf(appointment, actor=DESK)
    status.show_for(status.appointment)
    assert status.label.text().startswith("Sheet printed on ")
    window.show_next_day()  # the pane says "No appointment selected": the sheet line and its button go too
    assert window.details.appointment is None and not status.isVisible() and status.appointment is None
    window.show_day(today)
    assert window.board_view.select_appointment(appointment) and status.isVisible()
    names = [a.objectName() for a in window.menus["File"].actions()]
    at = names.index("printAction")
    assert names[at:at + 4] == ["printAction", "printSelectedSheet", "printTomorrowSheets", "printDaySheet"]
    window.findChild(QAction, "printAction").trigger()
    dialog = window.findChild(SheetsDialog, "sheetsDialog")
    assert dialog is not None and dialog.isVisible() and dialog.day == window.day
    assert dialog.actor == DESK
    dialog.close()
    from frontdesk.services.schedule import next_open_day

    window.findChild(QAction, "printTomorrowSheets").trigger()  # Monday's on a Friday or a Saturday
    shown = [d for d in window.findChildren(SheetsDialog, "sheetsDialog") if d.isVisible()]
    assert [d.day for d in shown] == [next_open_day(window.day)]
    shown[0].close()


def test_menu_acts_as_the_signed_in_user(qtbot: QtBot) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QMainWindow

    from frontdesk.ui.printing.menu import window_actor
    from frontdesk.values import SYSTEM_ACTOR

    window = QMainWindow()
    qtbot.addWidget(window)
    assert window_actor(window) == SYSTEM_ACTOR
    window.session = SimpleNamespace(actor=DESK)  # type: ignore[attr-defined]
    assert window_actor(window) == DESK


def test_a_sheets_preview_says_when_and_where_and_closes_with_escape_or_ctrl_w(
        qtbot: QtBot, sqlite_target: str) -> None:
    from frontdesk.data.database import open_database
    from frontdesk.ui.printing.preview_window import PdfPreviewWindow

    open_database(sqlite_target)
    ids = _day(None)  # type: ignore[arg-type]
    job = printing.handout_job(ids[1], actor=DESK)
    window = PdfPreviewWindow(job, DESK)
    qtbot.addWidget(window)
    chair = m.Appointment.get_by_id(ids[1]).chair.name
    assert window.windowTitle() == f"Preview: Pre-visit sheet · {DAY:%a %d %b} 10:00 · {chair}"  # not "sheet-29"
    assert "Nguy" not in window.windowTitle() and job.label == f"sheet-{ids[1]}"  # no name; file names unchanged

    shortcuts = [shortcut.toString() for shortcut in window.close_action.shortcuts()]
    assert {"Ctrl+F4", "Ctrl+W", "Esc"} <= set(shortcuts), shortcuts  # it kept Ctrl+F4 alone
