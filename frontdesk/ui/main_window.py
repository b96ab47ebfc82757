"""The main window: the day's chair board, date navigation, the details pane, menus and status bar.

Other screens hook in with one small, separate call each:
- patients: `install_patient_panel(widget)` (in the right dock, before the details; its own `patientSearch`
  replaces the placeholder's);
- booking: `board_actions.ask_booking = f(parent, chair_id | None, start | None) -> id | None` and
  `board_actions.ask_cancel = f(parent, appointment) -> choice (by, reason, following) | None`;
- printing: connect and enable `print_action` (Ctrl+P); `day` is the date shown;
- accounts: `session` with an `actor` (or `set_actor(actor)`); every write acts as `current_actor()`;
- anyone: a QAction on `menus["File" | "Edit" | "View" | "Appointment" | "Intake" | "Help" | "Account"]`,
  `refresh()` after a change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import PurePath

from PySide6.QtCore import QByteArray, QDate, QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from frontdesk import APP_NAME, __version__
from frontdesk.rules import day_of
from frontdesk.rules.clock import now_local
from frontdesk.rules.day_board import DayBoard, span_on
from frontdesk.services.first_look import FirstLook
from frontdesk.services.permissions import allowed, signed_in_text
from frontdesk.settings import ClinicProfile
from frontdesk.ui.fields import DateField
from frontdesk.ui.first_paint import TOOL_BUTTON_TEXT_ONLY, WIDGET_SHORTCUT, set_enum
from frontdesk.ui.parts_label import PartsLabel
from frontdesk.ui.schedule.board_actions import BoardActions
from frontdesk.ui.schedule.board_model import ChairBoardModel
from frontdesk.ui.schedule.details_pane import AppointmentDetailsPane, next_step_label
from frontdesk.ui.schedule.view import ChairBoardView
from frontdesk.values import SYSTEM_ACTOR, Actor, Appointment

# Bump when the docks change place: a layout saved by an older build is then ignored, not restored
# (it could put the patient panel beside the board and squeeze the chairs at 1366×768).
DOCK_LAYOUT_VERSION = 2
# Where the docks go the first time (right of the board, the patients' tab in front of the appointment's,
# 300 px wide), as QMainWindow.saveState writes it: placed by restoreState, the docks need no
# Qt.DockWidgetArea, an enum of the `Qt` namespace (see frontdesk/ui/first_paint.py). Made by placing them
# by hand (addDockWidget, tabifyDockWidget, resizeDocks): tests/ui/test_first_paint.py does it again.
DEFAULT_DOCK_STATE = bytes.fromhex(
    "000000ff00000002fd00000001000000010000012c00000000fc0200000001fc00000000ffffffff000000c101000019"
    "fa000000010200000002fb0000001e006100700070006f0069006e0074006d0065006e00740044006f0063006b010000"
    "0000ffffffff000000a700fffffffb0000001600700061007400690065006e00740044006f0063006b0100000000ffff"
    "ffff0000003800ffffff000000000000000000000004000000040000000800000008fc00000001000000020000000100"
    "0000140064006100790054006f006f006c0062006100720100000000ffffffff0000000000000000")
MAX_DEFAULT_SIZE = (1600, 1000)
FIRST_PAINT_WAIT_MS = 1000  # a window started minimised is not painted: its screens hook in anyway
TYPED_DAY_MS = 600  # a pause in typing a date this long, and the day typed shows
NEIGHBOURS_AFTER_MS = 500  # a pause on a day this long, and the days either side are drawn ahead


def short_database_label(label: str) -> str:
    """"SQLite frontdesk.sqlite3" for "SQLite /home/desk/.local/share/frontdesk/frontdesk.sqlite3": a
    long path would take the status bar's room from the day's summary (the tooltip keeps it whole)."""
    kind, _, where = label.partition(" ")
    return f"{kind} {PurePath(where).name}" if kind == "SQLite" and where else label


def _printing_installed() -> bool:
    """Whether this build has the printing screen (Ctrl+P opens it), without importing it."""
    from importlib.util import find_spec

    return find_spec("frontdesk.ui.printing") is not None


FOCUS_CHAIN_LIMIT = 200  # more controls than the window has: Tab never loops for ever


class _RunAfterPaint(QObject):
    """Watches a widget for its first paint, then runs its work once from the event loop."""

    def __init__(self, watched: QWidget, work: Callable[[], None]) -> None:
        super().__init__(watched)
        self.work: Callable[[], None] | None = work

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.work is not None:
            QTimer.singleShot(0, self.run)  # after this paint is on screen
        return False

    def run(self) -> None:
        work, self.work = self.work, None
        if work is not None:
            self.parent().removeEventFilter(self)
            work()


class _BackToBoard(QObject):
    """Keys of the date navigator: Enter hands the keys back to the board on the date typed; Escape
    hands them back on the day the board showed before the typing (a typed day shows as it is typed)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.day_before: dt.date | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.day_before = self.window.day
        if event.type() != QEvent.Type.KeyPress:
            return False
        from PySide6.QtCore import Qt  # a key pressed: after the first paint (see frontdesk/ui/first_paint.py)

        key = event.key()  # type: ignore[attr-defined]
        if key == Qt.Key.Key_Escape:
            self.window.back_to_board(self.day_before)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QTimer.singleShot(0, lambda: self.window.back_to_board())  # after the date is taken
        return False


class _EscapeToBoard(QObject):
    """Escape in the patient search hands the keys back to the board (what was typed stays)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        from PySide6.QtCore import Qt  # a key pressed: after the first paint (see frontdesk/ui/first_paint.py)

        if event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self.window.back_to_board()
            return True
        return False


class MainWindow(QMainWindow):
    """Front desk's main window: today's board when it opens, refreshed every minute."""

    def __init__(self, db_label: str | None = None, *, actor: Actor = SYSTEM_ACTOR,
                 settings: QSettings | None = None, awaiting_first_look: bool = False) -> None:
        """`awaiting_first_look`: only the window is built, reading nothing, while start-up's helper still
        reads; `take_first_look` then gives it who signed in and today's board as the helper read them
        (see frontdesk.app), before it is shown: it paints them without reading the database, which this
        process opens after the first paint."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.actor = actor
        self.settings = settings or QSettings()
        self._first_look: FirstLook | None = None
        self.profile, database_label = (ClinicProfile(), "") if awaiting_first_look else self._clinic_facts()
        self.board_model = ChairBoardModel(self)
        self.board_view = ChairBoardView(self.board_model)
        self.details = AppointmentDetailsPane()
        self.details.actions_enabled = True
        self.details.may_correct_past = lambda: allowed(self.current_actor(), "schedule.correct_past")
        self.board_actions = BoardActions(self, self.current_actor)
        self.board_actions.board_changed.connect(self._board_changed)
        self.board_actions.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.menus: dict[str, QMenu] = {}
        self.held: Appointment | None = None  # cut, waiting to be pasted on another slot
        self._loading = False  # the board is being read again: selection changes are not the desk's
        self._released: int | None = None  # a no-show or cancellation just made: its details stay, with Undo
        self._shown_once = False
        self.screens_ready = False  # start-up sets it once the screens around the board are hooked in
        # A day typed into the date field ("2", then "28") is read once the typing pauses, or at Enter:
        # not each day on the way (the field's keyboard tracking off does not hold back its signal).
        self._typed_day = QTimer(self)
        self._typed_day.setSingleShot(True)
        self._typed_day.setInterval(TYPED_DAY_MS)
        self._typed_day.timeout.connect(self._show_typed_day)
        self._setting_day = False  # the window sets the date itself (Next, Today, Go to appointment)
        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        # The status bar names the open database itself (never a URL's password), whatever `db_label` says.
        self._build_status_bar(database_label)
        self._connect_board()
        self._minute_timer = QTimer(self)
        self._minute_timer.setSingleShot(True)
        self._minute_timer.timeout.connect(self._minute_passed)
        self._neighbours: list[dt.date] = []  # days still to draw ahead, one per turn of the event loop
        self._neighbours_of: dt.date | None = None  # the day they are the neighbours of
        self._neighbours_timer = QTimer(self)
        self._neighbours_timer.setSingleShot(True)
        self._neighbours_timer.setInterval(NEIGHBOURS_AFTER_MS)
        self._neighbours_timer.timeout.connect(self._draw_neighbours_ahead)
        if not awaiting_first_look:  # else in take_first_look: a dock the desk left floating would show now
            self._restore_geometry()
            self._show_first_day()
            self._arm_minute_timer()

    def take_first_look(self, look: FirstLook) -> None:
        """Who signed in, the open database and today's board, as start-up read them ahead, into a window
        built `awaiting_first_look` (before it is shown)."""
        self.actor, self.profile, self._first_look = look.actor, look.profile, look
        self._name_database(look.database_label)
        self.user_label.setText(signed_in_text(look.actor) if look.actor != SYSTEM_ACTOR else "")
        self._restore_geometry()
        self._show_first_day()
        self._arm_minute_timer()

    # --- building -----------------------------------------------------------------------------------

    @staticmethod
    def _clinic_facts() -> tuple[ClinicProfile, str]:
        """The clinic's profile and the open database's name, read.

        The board's service is imported where it is used, not with this module: a start-up that read
        today's board ahead paints it before this process loads the data layer."""
        from frontdesk.services import schedule

        return schedule.clinic_profile(), schedule.database_label()

    def _build_central(self) -> None:
        """The board in the middle; at the right, the patients' dock in front of the details' (tabbed).

        The patients' dock holds a search box until the patients screen puts its panel there after the
        first paint: the window opens in its final layout, with nothing moving a moment later."""
        self.setCentralWidget(self.board_view)
        self.details.setMinimumWidth(240)
        # Placed by _restore_geometry, as the desk left them or as DEFAULT_DOCK_STATE says.
        self.details_dock = self._dock("Appointment", "appointmentDock", self.details)
        self.patient_dock = self._dock("Patients", "patientDock", self._patient_placeholder())

    def _patient_placeholder(self) -> QWidget:
        """The patients' dock before its panel comes: the search box where the panel's will be."""
        placeholder = QWidget()
        self.patient_search = QLineEdit()  # replaced by the patients screen's own search box
        self.patient_search.setObjectName("patientSearch")
        self.patient_search.setAccessibleName("Patient search")
        self.patient_search.setPlaceholderText("Name, phone, birth date or chart (Ctrl+F)")
        self.patient_search.setClearButtonEnabled(True)
        self.patient_search.installEventFilter(_EscapeToBoard(self))
        self.details.installEventFilter(_EscapeToBoard(self))  # from its buttons too (Enter may land on one)
        layout = QVBoxLayout(placeholder)
        layout.addWidget(self.patient_search)
        layout.addStretch()
        return placeholder

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab skip the dock behind the tab in front: Qt keeps its widgets "visible", only
        moved out of sight, and typing went into a search box nobody could see."""
        moved = super().focusNextPrevChild(next)
        for _ in range(FOCUS_CHAIN_LIMIT):
            focus = self.focusWidget()
            if not moved or focus is None or not self._behind_its_tab(focus):
                break
            moved = super().focusNextPrevChild(next)
        return moved

    def _behind_its_tab(self, widget: QWidget) -> bool:
        return any(dock.isAncestorOf(widget) and dock.widget().visibleRegion().isEmpty()
                   for dock in (self.details_dock, self.patient_dock))

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        return dock

    def _action(self, text: str, shortcut: QKeySequence.StandardKey | str | None, slot: object, name: str,
                tip: str = "") -> QAction:
        action = QAction(self)  # not QAction(text, self): that overload builds QIcon's Python enums first (~3 ms)
        action.setText(text)
        action.setObjectName(name)
        # Not setShortcut: its overloads build the Qt namespace's enums (see frontdesk/ui/first_paint.py). A
        # standard key takes every binding the desktop gives it (Refresh: F5 and Ctrl+R on GNOME).
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_appointment_action = self._action(
            "&New appointment…", std.New, self._new_appointment, "newAppointmentAction",
            "Book an appointment (double-click a free slot to book it there)")
        self.print_action = self._action("&Print…", std.Print, self._print_day, "printAction",
                                         "Pre-visit sheets for the day shown")
        self.print_action.setEnabled(_printing_installed())
        self.quit_action = self._action("&Quit", std.Quit, self.close, "quitAction")
        self.find_patient_action = self._action("&Find patient", std.Find, self.focus_patient_search,
                                                "findPatientAction", "Search patients by name, phone or chart")
        self.refresh_action = self._action("&Refresh", std.Refresh, self.refresh, "refreshAction")
        self.previous_day_action = self._action("&Previous day", "Alt+Left", self.show_previous_day,
                                                "previousDayAction")
        self.next_day_action = self._action("&Next day", "Alt+Right", self.show_next_day, "nextDayAction")
        self.today_action = self._action("&Today", "Ctrl+T", self.show_today, "todayAction")
        self.go_to_date_action = self._action("&Go to date…", "Ctrl+G", self.focus_date, "goToDateAction")
        self.advance_action = self._action("Next &step", "Ctrl+Return", self._advance_selected, "advanceAction",
                                           "Arrived → in chair → recovery → discharged")
        self.advance_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.cancel_action = self._action("&Cancel appointment…", std.Delete, self._cancel_selected, "cancelAction")
        # Delete cancels on the board only (the menu shows it); in a text field it deletes text.
        set_enum(self.cancel_action, "shortcutContext", WIDGET_SHORTCUT)
        self.board_view.addAction(self.cancel_action)
        self.no_show_action = self._action("Mark no-s&how", None, self._no_show_selected, "noShowAction")
        self.undo_step_action = self._action("&Undo the last step", None, self._undo_selected, "undoStepAction",
                                             "Take back the selected appointment's last check-in step or no-show")
        self.cut_action = self._action("Cu&t appointment", std.Cut, self.hold_selected, "cutAction",
                                       "Hold the appointment to move it to another day (paste it on a free slot)")
        self.paste_action = self._action("&Paste appointment here", std.Paste, self.paste_held, "pasteAction")
        self.let_go_action = self._action("&Let go of the held appointment", None, lambda: self._hold(None),
                                          "letGoAction")
        self.about_action = self._action("&About Front desk", None, self._about, "aboutAction")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for action in (self.advance_action, self.cancel_action, self.no_show_action, self.undo_step_action,
                       self.paste_action, self.let_go_action):
            action.setEnabled(False)

    def _build_menus(self) -> None:
        layout = {
            "&File": [self.new_appointment_action, None, self.print_action, None, self.quit_action],
            "&Edit": [self.cut_action, self.paste_action, self.let_go_action, None, self.find_patient_action],
            "&View": [self.refresh_action, None, self.previous_day_action, self.next_day_action,
                      self.today_action, self.go_to_date_action, None, self.details_dock.toggleViewAction(),
                      self.patient_dock.toggleViewAction()],
            "&Appointment": [self.new_appointment_action, self.advance_action, self.no_show_action,
                             self.cancel_action, self.undo_step_action],
            # Filled by the intake and accounts screens after the first paint: in the menu bar from the
            # start, so that its titles do not move a moment after the window opens.
            "&Intake": [],
            "&Help": [self.about_action],
            "Acc&ount": [],
        }
        for title, actions in layout.items():
            menu = self.menuBar().addMenu(title)
            menu.setObjectName(title.replace("&", "").lower() + "Menu")
            for action in actions:
                menu.addSeparator() if action is None else menu.addAction(action)
            self.menus[title.replace("&", "")] = menu

    def _build_toolbar(self) -> None:
        bar = QToolBar("Day")
        bar.setObjectName("dayToolbar")
        bar.setMovable(False)
        set_enum(bar, "toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)
        self.previous_day_action.setIconText("◀ Previous")
        self.next_day_action.setIconText("Next ▶")
        bar.addAction(self.previous_day_action)
        bar.addAction(self.today_action)
        bar.addAction(self.next_day_action)
        self.date_edit = DateField()
        self.date_edit.setObjectName("dateNavigator")
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumWidth(150)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.date_edit.installEventFilter(_BackToBoard(self))
        bar.addWidget(self.date_edit)
        self.day_label = QLabel()
        self.day_label.setObjectName("dayLabel")
        self.day_label.setContentsMargins(12, 0, 12, 0)
        bar.addWidget(self.day_label)
        bar.addSeparator()
        bar.addAction(self.new_appointment_action)
        self.new_appointment_action.setIconText("New appointment")
        self.addToolBar(bar)  # at the top
        self.toolbar = bar

    def _build_status_bar(self, db_label: str) -> None:
        self.summary_label = PartsLabel()  # in a narrow window, whole parts give way, not half a word
        self.summary_label.setObjectName("daySummary")
        self.statusBar().addWidget(self.summary_label, 1)
        self.held_label = QLabel()
        self.held_label.setObjectName("heldAppointment")
        self.held_label.hide()
        self.statusBar().addPermanentWidget(self.held_label)
        self.db_label = QLabel()
        self.db_label.setObjectName("databaseLabel")
        self._name_database(db_label)
        self.statusBar().addPermanentWidget(self.db_label)
        # Who is signed in, from the first paint (the accounts screen keeps it up to date after it).
        self.user_label = QLabel(signed_in_text(self.actor) if self.actor != SYSTEM_ACTOR else "")
        self.user_label.setObjectName("signedInUser")
        self.user_label.setAccessibleName("Signed in as")
        self.statusBar().addPermanentWidget(self.user_label)

    def _name_database(self, db_label: str) -> None:
        self.db_label.setText(f"Database: {short_database_label(db_label)}")
        self.db_label.setToolTip(db_label)  # the whole path or server

    def _connect_board(self) -> None:
        view = self.board_view
        view.appointment_selected.connect(self._appointment_selected)
        view.free_slot_activated.connect(self._book_at)
        view.appointment_activated.connect(self._open_appointment)
        view.appointment_dropped.connect(self._move)
        view.cancel_requested.connect(self._cancel)
        view.step_refused.connect(self._say_why_no_step)
        self.details.advance_requested.connect(self._advance)
        self.details.no_show_requested.connect(self._no_show)
        self.details.cancel_requested.connect(self._cancel)
        self.details.undo_requested.connect(self._undo_step)
        self.details.move_requested.connect(self._move_from_details)

    # --- hooks for other screens --------------------------------------------------------------------

    def install_patient_panel(self, panel: QWidget, title: str = "Patients") -> QDockWidget:
        """Put the patients screen in its dock, tabbed with the appointment details (the board keeps its
        width at 1366×768), in place of the placeholder; what was typed there meanwhile carries over."""
        from PySide6.QtCore import Qt

        dock = self.patient_dock
        placeholder, typed, focused = dock.widget(), self.patient_search.text(), self.patient_search.hasFocus()
        self.patient_search.setObjectName("patientSearchPlaceholder")  # one `patientSearch` from now on
        dock.setWidget(panel)
        dock.setWindowTitle(title)
        placeholder.hide()
        placeholder.deleteLater()
        box = panel.findChild(QLineEdit, "patientSearch")
        if box is not None:
            self.patient_search = box
            box.installEventFilter(_EscapeToBoard(self))
            if typed:
                box.setText(typed)
            if focused:
                box.setFocus(Qt.FocusReason.OtherFocusReason)
        results = panel.findChild(QWidget, "patientResults")
        if results is not None:  # Escape in the list of patients found, as in the box: back to the board
            results.installEventFilter(_EscapeToBoard(self))
        return dock

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """Run `work` once, right after the board is first painted (or soon, if it is not shown):
        start-up puts today's board on screen first and hooks in the screens around it after."""
        viewport = self.board_view.viewport()
        pending = _RunAfterPaint(viewport, work)
        viewport.installEventFilter(pending)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, pending.run)

    def finish_setup(self) -> None:
        """Once the board is on screen: what its first paint did without (frontdesk/ui/first_paint.py)."""
        self.board_view.finish_setup()

    def focus_patient_search(self) -> None:
        from PySide6.QtCore import Qt

        for box in self.findChildren(QLineEdit, "patientSearch"):
            dock = getattr(self, "patient_dock", None)
            if dock is not None and dock.isAncestorOf(box):
                dock.show()
                dock.raise_()
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()
            return

    def focus_date(self) -> None:
        """Go to date (Ctrl+G): the day of the month is selected, so typing "30" and Enter goes there."""
        from PySide6.QtCore import Qt

        self.date_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.date_edit.to_day_of_month()  # also when the keys were in it already

    def back_to_board(self, day: dt.date | None = None) -> None:
        """The keys back to the board (Escape or Enter in the date, Escape in the patient search), on
        `day` when given (Escape in the date: the day shown before the typing)."""
        from PySide6.QtCore import Qt

        if day is not None:
            self._set_date(day)
        elif self._typed_day.isActive():  # Enter: the day typed, now
            self._typed_day.stop()
            self._show_typed_day()
        self.board_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- the day shown ------------------------------------------------------------------------------

    @property
    def day(self) -> dt.date:
        """The day the board shows (while a day is being typed, the one shown before it)."""
        board = self.board_model.board
        if board is not None and self._typed_day.isActive():
            return board.day
        return self.date_edit.date().toPython()

    def today(self) -> dt.date:
        return now_local(self.profile.tz).date()

    def _show_first_day(self) -> None:
        """Today; with a first look, the day it holds (today, but for a start on the stroke of midnight:
        this process cannot read another day before the database is open here)."""
        self.show_day(self._first_look.board.day if self._first_look is not None else self.today())
        self._scroll_to_interest()

    def show_today(self) -> None:
        self.show_day(self.today())
        self._scroll_to_interest()

    def show_previous_day(self) -> None:
        self.show_day(self.day - dt.timedelta(days=1))

    def show_next_day(self) -> None:
        self.show_day(self.day + dt.timedelta(days=1))

    def show_day(self, day: dt.date) -> None:
        if day == self.day and self.board_model.board is not None and not self._typed_day.isActive():
            self.refresh()
            return
        self._set_date(day)  # the window's step wins over a day being typed
        board = self.board_model.board
        if board is None or board.day != day:  # the field held `day` already (typed): no change to hear of
            self._load(day)
            self._scroll_to_interest()

    def _set_date(self, day: dt.date) -> None:
        """Show `day` now (_date_changed loads it), whatever was being typed in the date field."""
        self._typed_day.stop()
        self._setting_day = True
        try:
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        finally:
            self._setting_day = False

    def go_to_appointment(self, day: dt.date, appointment_id: int) -> bool:
        """Show `day` with the appointment selected (False when it holds no chair on the board)."""
        self.show_day(day)
        return self.board_view.select_appointment(appointment_id)

    def _date_changed(self, date: QDate) -> None:
        if self.date_edit.hasFocus() and not self._setting_day:  # typed, or stepped with the arrows
            self._typed_day.start()  # again: the day shows when the typing pauses, or at Enter
            return
        self._load(date.toPython())
        self._scroll_to_interest()

    def _show_typed_day(self) -> None:
        typed = self.date_edit.date().toPython()
        if self.board_model.board is None or typed != self.board_model.board.day:
            self._load(typed)
            self._scroll_to_interest()

    def _scroll_to_interest(self) -> None:
        """Today: the current time; another day: its first appointment."""
        board = self.board_model.board
        if board is None:
            return
        starts = [a.start for a in board.appointments if a.chair_id is not None]
        if board.day == self.today():
            self.board_view.scroll_to_time(now_local(self.profile.tz))
        elif starts:
            self.board_view.scroll_to_time(min(starts))
        else:
            self.board_view.scrollToTop()

    def refresh(self, keep_selected: int | None = None) -> None:
        """Read the day again (others may have booked), keeping the selection and scroll where they were."""
        selected = self.board_view.selected_appointment()
        keep_selected = keep_selected or (selected.id if selected else None)
        index = self.board_view.currentIndex()
        scroll = self.board_view.verticalScrollBar().value()
        self._loading = True
        try:
            self._load(self.day)
            if not (keep_selected and self.board_view.select_appointment(keep_selected)) and index.isValid():
                self.board_view.select_cell(index.row(), index.column())
            if self._released is not None and self.details.appointment is None:
                self._show_released(self._released)
        finally:
            self._loading = False
        self.board_view.verticalScrollBar().setValue(scroll)

    def _load(self, day: dt.date) -> None:
        focus = QApplication.focusWidget()
        in_details = focus is not None and self.details.isAncestorOf(focus)
        self._fill_day(day)
        if in_details and QApplication.focusWidget() is not focus:
            # The button the keys were on went with the re-read (Arrived pressed, the minute's refresh):
            # Qt hands them on to the next control, the date, whose arrows change the day. The board has them.
            self.board_view.setFocus()

    def _fill_day(self, day: dt.date) -> None:
        board = self._read_day(day)
        self.setWindowTitle(f"{self.profile.name} — {APP_NAME}" if self.profile.name else APP_NAME)
        self.board_model.set_board(board)
        self.board_view.set_now(board.now)
        self.day_label.setText(self._day_text(board))
        self.summary_label.set_parts(self._summary_parts(board))
        self._show_details(None)
        if day != self._neighbours_of:  # a new day, not the minute's re-read of the same one
            self._neighbours_of = day
            self._neighbours = [day + dt.timedelta(days=1), day - dt.timedelta(days=1)]  # Next is pressed most
            self._neighbours_timer.start()

    def _draw_neighbours_ahead(self) -> None:
        """While the desk stays on a day, read the next day and then the previous one and draw their blocks
        (ChairBoardView.prepare): stepping to either then shows it from pictures, where a day's first
        showing lays out every name (two to three times the time). One day per turn of the event loop, so
        a key pressed meanwhile waits for one day's read at most; none before the screens are in (a
        start-up that read today ahead opens the database only then)."""
        if self._neighbours_timer.isActive():
            return  # the desk moved on to another day meanwhile: its own pause starts the drawing
        if not self._neighbours or not self.screens_ready or self.board_model.board is None:
            return
        day = self._neighbours.pop(0)
        from frontdesk.services import schedule  # here: see _clinic_facts

        try:
            self.board_view.prepare(schedule.load_day(day, self.profile))
        except Exception:  # only a head start: a database that does not answer is reported by the next real read
            self._neighbours.clear()
            return
        if self._neighbours:
            QTimer.singleShot(0, self, self._draw_neighbours_ahead)

    def _read_day(self, day: dt.date) -> DayBoard:
        """The board for `day`, read with the clinic's profile (read again: settings may have changed);
        the first time, today's board as start-up read it ahead."""
        first_look, self._first_look = self._first_look, None
        if first_look is not None and first_look.board.day == day:
            return first_look.board
        from frontdesk.services import schedule  # here: see _clinic_facts

        self.profile = schedule.clinic_profile()
        return schedule.load_day(day, self.profile)

    def _day_text(self, board: DayBoard) -> str:
        today = self.today()
        relative = {today: "Today", today - dt.timedelta(days=1): "Yesterday",
                    today + dt.timedelta(days=1): "Tomorrow"}.get(board.day)
        closed = "" if board.is_open else " — clinic closed"
        # A prescriber's absence takes no chair: said here, and the board marks its times (not its cells).
        away = "".join(f" · prescriber away {span_on(b.start, b.end, board.day)}" for b in board.blocks
                       if not b.holds_chairs)
        text = f"{board.day:%A %d %B %Y}"
        return f"<b>{relative}</b> · {text}{closed}{away}" if relative else f"{text}{closed}{away}"

    def _summary_parts(self, board: DayBoard) -> list[str]:
        """The day in a line, what needs the desk first: a narrow window drops parts from the end, so the
        late, the overdue and the colliding lead, then the day's size and who is next to come."""
        in_chairs = [a for a in board.appointments if a.chair_id is not None]
        counts = {key: sum(1 for a in in_chairs if board.alerts.get(a.id) == key or a.status == key)
                  for key in ("late", "overdue", "collides", "arrived", "in_chair", "recovery")}
        labels = {"arrived": "arrived", "in_chair": "in chair", "recovery": "in recovery",
                  "late": "late", "overdue": "recovery overdue", "collides": "colliding"}
        alerts = [f"{counts[k]} {labels[k]}" for k in ("late", "overdue", "collides") if counts[k]]
        office = len(board.office)
        parts = [*alerts, f"{len(in_chairs)} chair appointments"]
        coming = board.next_to_come()
        if coming is not None:
            parts.append(f"next: {coming.start:%H:%M} {coming.patient_name}")
        parts.append(f"{office} office visit{'' if office == 1 else 's'}")
        parts += [f"{counts[k]} {labels[k]}" for k in ("arrived", "in_chair", "recovery") if counts[k]]
        return parts

    def _minute_passed(self) -> None:
        """Each minute: the now-line, late and overdue; a database that does not answer is retried."""
        try:
            self.refresh()
        except Exception:  # the database went away (network, server restart): keep the board, say so
            self.statusBar().showMessage("The database did not answer; the board is retried every minute.")
        finally:
            self._arm_minute_timer()

    def _arm_minute_timer(self) -> None:
        now = dt.datetime.now()
        self._minute_timer.start(max(1000, (60 - now.second) * 1000 - now.microsecond // 1000 + 50))

    # --- the selected appointment -------------------------------------------------------------------

    def _appointment_selected(self, appointment: Appointment | None) -> None:
        """The desk picked a block: its details come to the front (not when the board merely reloads).
        The board gaining focus lands its cursor on a cell: nobody picked that, and nothing is shown for
        it (at start-up, before the first paint, that would only cost time)."""
        if self.board_view.focus_landing:
            return
        if appointment is not None and not self._loading:
            self._released = None  # the desk moved on
        self._show_details(appointment)
        if appointment is not None and not self._loading:
            self.details_dock.show()
            self.details_dock.raise_()

    def _show_details(self, appointment: Appointment | None) -> None:
        self.details.show_appointment(appointment, self.board_model.board)
        has = appointment is not None and self.details.actions_enabled
        self.advance_action.setEnabled(has and self.details.advance_button.isEnabled())
        self.cancel_action.setEnabled(has and self.details.cancel_button.isEnabled())
        self.no_show_action.setEnabled(has and self.details.no_show_button.isEnabled())
        self.undo_step_action.setEnabled(has and self.details.undo_button.isEnabled())
        self.undo_step_action.setText(f"&{self.details.undo_button.text()}" if self.undo_step_action.isEnabled()
                                      else "&Undo the last step")

    def _advance_selected(self) -> None:
        if self.details.appointment is not None:
            self._advance(self.details.appointment)

    def _cancel_selected(self) -> None:
        if self.details.appointment is not None:
            self._cancel(self.details.appointment)

    def _no_show_selected(self) -> None:
        if self.details.appointment is not None:
            self._no_show(self.details.appointment)

    def _undo_selected(self) -> None:
        if self.details.appointment is not None:
            self._undo_step(self.details.appointment)

    # --- booking actions: BoardActions calls the services; the board reads the day again after -------

    def current_actor(self) -> Actor:
        """Whoever is signed in now (the accounts session follows switch-user)."""
        session = getattr(self, "session", None)
        return getattr(session, "actor", None) or self.actor

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.details.show_appointment(self.details.appointment, self.board_model.board)  # what the role allows

    def _new_appointment(self) -> None:
        """New appointment (Ctrl+N) on the day shown: at the free slot picked, in its chair; at the time of
        the row picked (a block there), in any free chair; else now (today) or the day's first row. A time
        already gone by is not offered: the dialog starts at the next slot from now."""
        index = self.board_view.currentIndex()
        chair = self.board_model.chair_at(index.column()) if index.isValid() else None
        slot = self.board_model.slot_at(index.row()) if index.isValid() else None
        free = index.isValid() and self.board_model.appointment_at(index.row(), index.column()) is None
        board = self.board_model.board
        now = now_local(self.profile.tz)
        if slot is None and board is not None and board.day != now.date() and board.slots:
            slot = board.slots[0]
        if slot is not None and slot < now:
            slot = None
        self.board_actions.book_at(chair.id if chair and free and slot else None, slot)

    def _open_appointment(self, appointment: Appointment) -> None:
        """Enter or double-click on a block: the booking screen's "Change or move" when installed, for a
        booking not yet started; else (the patient is here, or the visit ended) its details, whose
        buttons say what can be done."""
        from PySide6.QtCore import Qt

        change = self.findChild(QAction, "moveAppointmentAction")
        if change is not None and change.isEnabled() and day_of.why_not_open(appointment.flow,
                                                                             appointment.outcome) is None:
            change.trigger()
        else:
            self.details_dock.raise_()
            self.details.advance_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _move_from_details(self, appointment: Appointment) -> None:
        """The pane's Move…: the booking screens' "Change or move" for the appointment it shows."""
        change = self.findChild(QAction, "moveAppointmentAction")
        if change is not None and self.board_view.select_appointment(appointment.id):
            change.trigger()

    def _book_at(self, chair_id: int, start: dt.datetime) -> None:
        self.board_actions.book_at(chair_id, start)

    def _move(self, appointment_id: int, chair_id: int, start: dt.datetime) -> None:
        board = self.board_model.board
        appointment = board.find(appointment_id) if board else None
        if appointment is not None:
            self.board_actions.move(appointment, chair_id, start)

    def _advance(self, appointment: Appointment) -> None:
        self.board_actions.advance(appointment)

    def _no_show(self, appointment: Appointment) -> None:
        """The block leaves the board; its details stay in the pane, with Undo, until another is picked."""
        if self.board_actions.no_show(appointment):
            self._show_released(appointment.id)

    def _say_why_no_step(self, appointment: Appointment | None) -> None:
        """Ctrl+Enter while no step can be recorded: the status bar says why (the key does nothing else)."""
        if appointment is None:
            self.statusBar().showMessage("Select an appointment on the board first.", 6000)
            return
        why = day_of.why_no_next_step(appointment.flow, appointment.outcome, appointment.start,
                                      now_local(self.profile.tz))
        if why is not None:
            self.statusBar().showMessage(f"No step to record for {appointment.patient_name}: {why}.", 8000)
        elif self.details.appointment != appointment and self.board_view.select_appointment(appointment.id):
            # The cursor's block, outlined but not picked (the board just took the focus): picked now,
            # its details shown; the step itself waits for a second Ctrl+Enter on what the desk now sees.
            self._appointment_selected(appointment)  # the cursor was there already: no change announced it
            self.statusBar().showMessage(f"{appointment.patient_name} selected: Ctrl+Enter again for the next "
                                         f"step ({next_step_label(appointment)}).", 8000)
        else:
            self.statusBar().showMessage("Day-of steps cannot be recorded in this window.", 8000)

    def _cancel(self, appointment: Appointment) -> None:
        """As a no-show: the block leaves, its details stay with Undo until another block is picked. A
        visit under way or ended is not cancelled: the status bar says why (Delete reaches here from
        the board whatever is selected)."""
        why = day_of.why_not_open_at_the_desk(appointment.flow, appointment.outcome)
        if why is not None:
            self.statusBar().showMessage(f"{appointment.patient_name} cannot be cancelled: {why}.", 8000)
            return
        if self.board_actions.cancel(appointment):
            self._show_released(appointment.id)

    def _show_released(self, appointment_id: int) -> None:
        from frontdesk.services.booking import find_appointment

        released = find_appointment(appointment_id)
        keep = released is not None and released.outcome in day_of.RELEASED
        self._released = appointment_id if keep else None
        if keep:
            self._show_details(released)

    def _undo_step(self, appointment: Appointment) -> None:
        self._released = None
        self.board_actions.undo_step(appointment)

    # --- holding an appointment to move it to another day (cut and paste) -----------------------------

    def hold_selected(self) -> None:
        appointment = self.board_view.selected_appointment()
        if appointment is not None and appointment.outcome is None and appointment.flow == "booked":
            self._hold(appointment)
        elif appointment is not None:
            self.statusBar().showMessage("Only a booked appointment not yet started can be moved.", 6000)

    def paste_held(self) -> None:
        """Move the held appointment to the selected free slot (any day)."""
        index = self.board_view.currentIndex()
        chair = self.board_model.chair_at(index.column()) if index.isValid() else None
        slot = self.board_model.slot_at(index.row()) if index.isValid() else None
        if self.held is None or chair is None or slot is None:
            return
        if self.board_actions.move(self.held, chair.id, slot):
            self._hold(None)

    def _hold(self, appointment: Appointment | None) -> None:
        self.held = appointment
        if appointment is not None:
            self.held_label.setText(f"Holding {appointment.patient_name} ({appointment.start:%a %d %b %H:%M}): "
                                    "select a free slot on any day and paste (Ctrl+V)")
        self.held_label.setVisible(appointment is not None)
        self.paste_action.setEnabled(appointment is not None)
        self.let_go_action.setEnabled(appointment is not None)

    def _board_changed(self, keep_selected: int | None) -> None:
        self.refresh(keep_selected)

    def _print_day(self) -> None:
        """Ctrl+P: the printing screen's sheets for the day shown (loaded on first use)."""
        from frontdesk.ui.printing.menu import open_sheets

        open_sheets(self, self.day, self.current_actor())

    # --- window state -------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The window and its docks as the desk left them; the first time (or after a layout change), the
        window fitted to the screen and the docks where DEFAULT_DOCK_STATE puts them."""
        geometry = self.settings.value("main_window/geometry")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        state = self.settings.value("main_window/state") if restored else None
        if not (isinstance(state, QByteArray) and self.restoreState(state, DOCK_LAYOUT_VERSION)):
            self.restoreState(QByteArray(DEFAULT_DOCK_STATE), DOCK_LAYOUT_VERSION)
        if not restored:
            self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        area = screen.availableGeometry() if screen else None
        width, height = MAX_DEFAULT_SIZE
        if area is not None:
            width, height = min(width, area.width() * 94 // 100), min(height, area.height() * 94 // 100)
        self.resize(width, height)
        if area is not None:
            self.move(area.center().x() - width // 2, area.center().y() - height // 2)

    def save_window_state(self) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("main_window/state", self.saveState(DOCK_LAYOUT_VERSION))
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the board's real height is known only now
            self._shown_once = True
            QTimer.singleShot(0, self._scroll_to_interest)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        super().closeEvent(event)

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # only here: its first use builds its enums (~2 ms at start-up)

        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b> {__version__}<p>The chair board, patient contacts, intake and "
                          "pre-visit sheets for the front desk of a small infusion clinic.</p>")
