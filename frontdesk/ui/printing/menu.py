"""The printing area's hook into the main window (kept light: no QtPdf, no reportlab here).

The main window's File ▸ Print… (Ctrl+P) calls `open_sheets`; `install_printing_screens` adds the
other entries next to it: the selected appointment's sheet, the next open day's sheets (Monday's, on a
Friday), the nurses' day sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from frontdesk.values import SYSTEM_ACTOR, Actor


def install_printing_screens(window: Any) -> None:
    """Add the printing entries to the window's File menu, after its Print… action, and the
    "sheet printed on …" line with a Sheet… button under the appointment details."""
    menu: QMenu | None = getattr(window, "menus", {}).get("File")
    if menu is None:
        menu = window.menuBar().addMenu("&Print")
    entries: list[tuple[str, str, Callable[[], None]]] = [
        ("printSelectedSheet", "Pre-visit sheet for the selected appointment…",
         lambda: _selected_sheet(window, selected_appointment_id(window), window_actor(window))),
        ("printTomorrowSheets", "Next open day's pre-visit sheets…",
         lambda: open_sheets(window, _next_open_day(shown_day(window)), window_actor(window))),
        ("printDaySheet", "Day sheet for the nurses…",
         lambda: preview_day_sheet(window, shown_day(window), window_actor(window))),
    ]
    actions = []
    for name, text, slot in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        actions.append(action)
    anchor = _action_after(menu, getattr(window, "print_action", None))
    menu.insertActions(anchor, actions) if anchor is not None else menu.addActions(actions)
    from frontdesk.ui.printing.sheet_status import install_sheet_status

    install_sheet_status(window)


def _next_open_day(after: dt.date) -> dt.date:
    from frontdesk.services.schedule import next_open_day

    return next_open_day(after)


def _action_after(menu: QMenu, action: QAction | None) -> QAction | None:
    listed = menu.actions()
    if action is None or action not in listed:
        return None
    position = listed.index(action) + 1
    return listed[position] if position < len(listed) else None


def window_actor(window: Any) -> Actor:
    """Who is at the desk now (read at each use: users switch)."""
    current = getattr(window, "current_actor", None)
    found = current() if callable(current) else None
    if found is None:
        found = getattr(getattr(window, "session", None), "actor", None) or getattr(window, "actor", None)
    return found if isinstance(found, Actor) else SYSTEM_ACTOR


def shown_day(window: Any) -> dt.date:
    day = getattr(window, "day", None)
    return day if isinstance(day, dt.date) else window.date_edit.date().toPython()


def selected_appointment_id(window: Any) -> int | None:
    view = getattr(window, "board_view", None)
    selected = getattr(view, "selected_appointment", None)
    appointment = selected() if callable(selected) else None
    return getattr(appointment, "id", None)


def open_sheets(parent: QWidget, day: dt.date, actor: Actor) -> QWidget:
    """The "sheets to print" window for `day` (the main window's Ctrl+P)."""
    from frontdesk.ui.printing.sheets_dialog import SheetsDialog

    return SheetsDialog.open_for(parent, day, actor)


def preview_handout(parent: QWidget, appointment_id: int, actor: Actor,
                    lang: str | None = None) -> QWidget | None:
    """Open the preview of one appointment's sheet (for a context menu on the board to call); None,
    having said why, when the sheet cannot be made (the clinic's phone not set yet, say)."""
    from frontdesk.services import printing

    try:
        job = printing.handout_job(appointment_id, lang, actor=actor)
    except printing.PrintError as exc:
        say_refused(parent, "Pre-visit sheet", exc)
        return None
    return _show_preview(parent, job, actor)


def say_refused(parent: QWidget | None, title: str, exc: Exception) -> None:
    """Why a sheet was not made, in a box the desk answers with Enter."""
    from PySide6.QtWidgets import QMessageBox

    from frontdesk.rules.text import sentence

    box = QMessageBox(QMessageBox.Icon.Warning, title, sentence(str(exc)), parent=parent)
    box.setObjectName("printRefused")
    box.exec()


def preview_day_sheet(parent: QWidget, day: dt.date, actor: Actor) -> QWidget:
    from frontdesk.services import printing

    return _show_preview(parent, printing.day_sheet_job(day, actor=actor), actor)


def preview_rems_forms(parent: QWidget, actor: Actor, *, include_sent: bool = False) -> QWidget:
    """The REMS monitoring forms still to send on paper (from their list), to tick off."""
    from frontdesk.services import printing

    return _show_preview(parent, printing.rems_forms_job(actor=actor, include_sent=include_sent), actor)


def preview_call_list(parent: QWidget, day: dt.date, actor: Actor) -> QWidget:
    """The confirmation call list of `day` on paper (from the calls list)."""
    from frontdesk.services import printing

    return _show_preview(parent, printing.call_list_job(day, actor=actor), actor)


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
