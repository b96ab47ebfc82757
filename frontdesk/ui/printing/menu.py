"""The printing area's hook into the main window: a "Print" menu (kept light: no QtPdf, no reportlab)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from frontdesk.values import SYSTEM_ACTOR, Actor


def install_print_menu(window: QMainWindow, shown_day: Callable[[], dt.date],
                       selected_appointment: Callable[[], int | None] = lambda: None,
                       actor: Callable[[], Actor] | None = None) -> None:
    """Add Print ▸ sheet for the selected appointment, the shown day's sheets, tomorrow's, the day sheet."""
    current_actor = actor or (lambda: window_actor(window))
    menu = window.menuBar().addMenu("&Print")
    menu.setObjectName("printMenu")
    entries: list[tuple[str, str, Callable[[], None]]] = [
        ("printSelectedSheet", "Sheet for the selected appointment…",
         lambda: _selected_sheet(window, selected_appointment(), current_actor())),
        ("printDaySheets", "Sheets for the shown day…",
         lambda: open_sheets(window, shown_day(), current_actor())),
        ("printTomorrowSheets", "Tomorrow's sheets…",
         lambda: open_sheets(window, shown_day() + dt.timedelta(days=1), current_actor())),
        ("printDaySheet", "Day sheet for the nurses…",
         lambda: preview_day_sheet(window, shown_day(), current_actor())),
    ]
    for name, text, slot in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)


def window_actor(window: QWidget) -> Actor:
    """Who is at the desk: the accounts session's actor when signed in (read at each use: users switch)."""
    session = getattr(window, "session", None)
    found = getattr(session, "actor", None) or getattr(window, "actor", None)
    return found if isinstance(found, Actor) else SYSTEM_ACTOR


def open_sheets(parent: QWidget, day: dt.date, actor: Actor) -> QWidget:
    from frontdesk.ui.printing.sheets_dialog import SheetsDialog

    return SheetsDialog.open_for(parent, day, actor)


def preview_handout(parent: QWidget, appointment_id: int, actor: Actor, lang: str | None = None) -> QWidget:
    """Open the preview of one appointment's sheet (for the board's context menu to call)."""
    from frontdesk.services import printing

    return _show_preview(parent, printing.handout_job(appointment_id, lang, actor=actor), actor)


def preview_day_sheet(parent: QWidget, day: dt.date, actor: Actor) -> QWidget:
    from frontdesk.services import printing

    return _show_preview(parent, printing.day_sheet_job(day, actor=actor), actor)


def _selected_sheet(parent: QWidget, appointment_id: int | None, actor: Actor) -> None:
    from PySide6.QtWidgets import QMessageBox

    if appointment_id is None:
        QMessageBox.information(parent, "Pre-visit sheet", "Choose an appointment on the board first.")
        return
    preview_handout(parent, appointment_id, actor)


def _show_preview(parent: QWidget, job: object, actor: Actor) -> QWidget:
    from PySide6.QtCore import Qt

    from frontdesk.ui.printing.preview_window import PdfPreviewWindow

    window = PdfPreviewWindow(job, actor, parent)  # type: ignore[arg-type]
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
