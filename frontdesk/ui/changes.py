"""Qt adapter of the change watcher: polls off the UI thread, announces changes and lost connections.

`watch_database(window, on_change)` is the one call a main window needs: it refreshes through
`on_change(areas)` within about a second of a change made elsewhere, shows "Reconnecting…" in the
status bar while the server is away, and turns a save that did not reach the server into a visible
"not saved" notice instead of a traceback (the dialog that tried to save stays open, its fields intact).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QWidget

from frontdesk.rules.text import sentence
from frontdesk.services.changes import ChangeWatcher, DatabaseUnavailable

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

POLL_INTERVAL_S = 1.0
TICK_MS = 200  # how often the UI thread collects a finished poll; the poll itself runs on a worker
RECONNECTING_TEXT = "Reconnecting to the database…"
NOT_SAVED_TITLE = "Not saved"


class DatabaseChangeMonitor(QObject):
    """Runs `ChangeWatcher.poll()` about once a second on a worker thread; the UI thread never waits."""

    database_changed = Signal(object)  # frozenset of area names (services.changes.AREAS)
    connection_lost = Signal()
    connection_restored = Signal()
    stopped = Signal()

    def __init__(self, watcher: ChangeWatcher | None = None, parent: QObject | None = None,
                 interval_s: float = POLL_INTERVAL_S) -> None:
        super().__init__(parent)
        self._watcher = watcher or ChangeWatcher()
        self._interval = interval_s
        self._executor: ThreadPoolExecutor | None = None  # made at the first poll, off the start-up path
        self._pending: Future[frozenset[str]] | None = None
        self._last_submit = 0.0
        self.online = True
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Start listening now (so nothing after the caller's first load is missed), then poll."""
        try:
            self._watcher.start()
        except DatabaseUnavailable:
            self.online = False
            self.connection_lost.emit()
        self._timer.start()  # the first poll follows on the first tick, once the window is up

    def stop(self) -> None:
        """Stop polling and close the watcher's connection (waits for a poll in flight)."""
        self._timer.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._pending = None
        self._watcher.close()
        self.stopped.emit()

    def _tick(self) -> None:
        if self._pending is not None:
            if not self._pending.done():
                return  # a slow reconnect attempt is still running; the UI carries on
            finished, self._pending = self._pending, None
            self._deliver(finished)
        if time.monotonic() - self._last_submit >= self._interval:
            self._submit()

    def _submit(self) -> None:
        self._last_submit = time.monotonic()
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontdesk-changes")
        self._pending = self._executor.submit(self._watcher.poll)

    def _deliver(self, finished: Future[frozenset[str]]) -> None:
        try:
            areas = finished.result()
        except Exception:  # DatabaseUnavailable, or the database file vanished: both mean "away"
            if self.online:
                self.online = False
                self.connection_lost.emit()
            return
        if not self.online:
            self.online = True
            self.connection_restored.emit()
        if areas:
            self.database_changed.emit(areas)


def watch_database(window: QMainWindow, on_change: Callable[[frozenset[str]], None],
                   watcher: ChangeWatcher | None = None) -> DatabaseChangeMonitor:
    """Keep `window` current with the shared database and honest about the connection."""
    status = QLabel(RECONNECTING_TEXT)
    status.setObjectName("connectionStatus")
    status.setAccessibleName("Database connection")
    status.hide()
    window.statusBar().addPermanentWidget(status)
    monitor = DatabaseChangeMonitor(watcher, parent=window)
    monitor.connection_lost.connect(status.show)
    monitor.connection_restored.connect(lambda: _connection_back(window, status))
    monitor.database_changed.connect(lambda areas: _refresh(on_change, areas, status))
    hook = _UnsavedNotice(window, status)
    hook.install()
    monitor.stopped.connect(hook.uninstall)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(monitor.stop)
    monitor.start()
    return monitor


def install_change_watch(window: Any) -> DatabaseChangeMonitor:
    """The main window's hook (one line in app._install_screens): its board follows changes made elsewhere.

    Other screens that show data connect `window.change_monitor.database_changed` and reload when
    their area is among the names it carries (and they hold no unsaved edits).
    """
    monitor = watch_database(window, lambda areas: _refresh_main_window(window, areas))
    window.change_monitor = monitor
    return monitor


def _refresh_main_window(window: Any, areas: frozenset[str]) -> None:
    """The board reads its day again (keeping selection and scroll); the patient results their search."""
    window.refresh()
    panel = window.findChild(QWidget, "patientPanel")
    if panel is not None and "patients" in areas and panel.search_box.text().strip():
        _rerun_search(panel)


def _rerun_search(panel: Any) -> None:
    """Search again with what is typed, staying on the patient the user was on."""
    current = panel.results.current_patient_id() if panel.results.currentIndex().isValid() else None
    panel.run_search()
    model = panel.model
    for row in range(model.rowCount()):
        patient = model.patient_at(row)
        if current is not None and patient is not None and patient.id == current:
            panel.results.select_row(row)
            return


def show_not_saved(window: QMainWindow, status: QLabel | None, error: BaseException) -> QMessageBox:
    """Tell the user a save did not reach the server; non-blocking, the edit stays where it was."""
    if status is not None:
        status.show()
    window.statusBar().showMessage(f"Not saved: {error}", 10000)
    box = QMessageBox(QMessageBox.Icon.Warning, NOT_SAVED_TITLE,
                      f"The change was not saved.\n\n{sentence(str(error))}", parent=window)
    box.setObjectName("notSavedMessage")
    box.open()
    return box


def _refresh(on_change: Callable[[frozenset[str]], None], areas: frozenset[str], status: QLabel) -> None:
    try:
        on_change(areas)
    except DatabaseUnavailable:
        status.show()  # went away between the notice and the reload; the next poll will say so


def _connection_back(window: QMainWindow, status: QLabel) -> None:
    status.hide()
    window.statusBar().showMessage("Connection to the database is back", 5000)


class _UnsavedNotice:
    """A sys.excepthook link: DatabaseUnavailable escaping a slot becomes a notice, not a traceback."""

    def __init__(self, window: QMainWindow, status: QLabel) -> None:
        self._window, self._status = window, status
        self._previous: Any = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self, *_: object) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if isinstance(error, DatabaseUnavailable):
            try:
                show_not_saved(self._window, self._status, error)
                return
            except RuntimeError:  # the window is already gone
                pass
        self._previous(kind, error, tb)


def exec_following_changes(window: QWidget, dialog: Any) -> None:
    """Run `dialog` modally while what other desks change reaches its `follow_changes(areas)` (the change
    feed of `window`, where it has one)."""
    monitor = getattr(window, "change_monitor", None)
    if monitor is not None:
        monitor.database_changed.connect(dialog.follow_changes)
    try:
        dialog.exec()
    finally:
        if monitor is not None:
            monitor.database_changed.disconnect(dialog.follow_changes)
