"""Signing in at start, and what a signed-in session adds to the main window: the idle lock, the
"Account" menu (lock, switch user, password; users, audit trail and backup for admins) and the
automatic backups (once a day and on exit)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox

from frontdesk import USER_ENV
from frontdesk.services import accounts, permissions
from frontdesk.services.clinic_settings import profile as load_profile
from frontdesk.ui.auth.idle_lock import IdleLock
from frontdesk.ui.auth.sign_in_dialog import FirstAdminDialog
from frontdesk.values import SYSTEM_ACTOR, Actor

BACKUP_CHECK_MS = 60 * 60 * 1000  # look once an hour whether today's backup is due
FIRST_BACKUP_MS = 60 * 1000  # the first look a minute after start, never in start-up's way
BACKUP_FAILED = "Automatic backup failed"


class Session(QObject):
    """The signed-in user's session in the main window; `actor` is always who is at the desk now."""

    actor_changed = Signal(object)  # Actor
    backup_done = Signal(str)  # what the status bar says of a daily backup made on the worker thread

    def __init__(self, window: QMainWindow, actor: Actor, *, idle_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.actor = actor
        self.idle_lock = IdleLock(window, actor, load_profile().idle_lock_minutes, idle_ms=idle_ms)
        self.idle_lock.actor_changed.connect(self._set_actor)
        if idle_ms is None:  # the clinic may have changed its idle minutes in the settings meanwhile
            self.idle_lock.locked.connect(lambda: self.idle_lock.set_minutes(load_profile().idle_lock_minutes))
        self.menu = self._build_menu()
        self.user_label = self._user_label(window)
        self._show_user()
        self._daily: threading.Thread | None = None
        self.backup_done.connect(self._daily_done)
        # timers owned by the session, so none fires after its window is gone
        self.first_backup = self._timer(FIRST_BACKUP_MS, self.daily_backup, single=True)
        self.backup_timer = self._timer(BACKUP_CHECK_MS, self.daily_backup)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.backup_on_exit)
        if actor == SYSTEM_ACTOR and not accounts.has_users() and not os.environ.get(USER_ENV):
            self.first_admin_prompt = self._timer(0, self.offer_first_admin, single=True)

    def _timer(self, ms: int, slot: object, *, single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        timer.start()
        return timer

    # --- the menu -----------------------------------------------------------------------------

    def _build_menu(self) -> QMenu:
        menus = getattr(self.window, "menus", None)
        menu = menus.get("Account") if isinstance(menus, dict) else None  # the main window keeps its place
        if menu is None:
            menu = self.window.menuBar().addMenu("Acc&ount")
        menu.setObjectName("accountMenu")
        self._add(menu, "&Lock now", self.idle_lock.lock, "Ctrl+L")
        self._add(menu, "&Switch user…", self.idle_lock.switch_user)
        self._add(menu, "Change my &password…", self.change_password)
        menu.addSeparator()
        self.admin_actions = [
            self._add(menu, "&Users…", self.open_users),
            self._add(menu, "&Audit trail…", self.open_audit),
            self._add(menu, "&Data safety…", self.open_data_safety),
            self._add(menu, "&Back up now", self.backup_now),
            self._add(menu, "Backup &folder…", self.choose_backup_folder),
        ]
        self.first_admin_action = self._add(menu, "&Create the first administrator…", self.offer_first_admin)
        self._update_actions()
        return menu

    def _add(self, menu: QMenu, text: str, slot: object, shortcut: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _update_actions(self) -> None:
        """What a role may not do is not offered (the services refuse it too)."""
        for action in self.admin_actions:
            action.setVisible(permissions.allowed(self.actor, "users.manage"))
        self.first_admin_action.setVisible(not accounts.has_users())

    @staticmethod
    def _user_label(window: QMainWindow) -> QLabel:
        """The status bar's "Signed in: …": the main window's own (there from the first paint), else a new one."""
        label = window.findChild(QLabel, "signedInUser")
        if label is None:
            label = QLabel()
            label.setObjectName("signedInUser")
            label.setAccessibleName("Signed in as")
            window.statusBar().addPermanentWidget(label)
        return label

    def _show_user(self) -> None:
        self.user_label.setText(permissions.signed_in_text(self.actor) if accounts.has_users() else "No accounts yet")

    def _set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.idle_lock.set_actor(actor)
        self._update_actions()
        self._show_user()
        setter = getattr(self.window, "set_actor", None)
        if callable(setter):
            setter(actor)
        elif hasattr(self.window, "actor"):
            self.window.actor = actor  # the main window acts as whoever is signed in now
        self.actor_changed.emit(actor)

    # --- actions ------------------------------------------------------------------------------

    def offer_first_admin(self) -> None:
        if accounts.has_users():
            return
        actor = FirstAdminDialog.ask(self.window)
        if actor is not None:
            self._set_actor(actor)

    def change_password(self) -> None:
        from frontdesk.ui.auth.users_dialog import ChangePasswordDialog

        ChangePasswordDialog.ask(self.window, self.actor)

    def open_users(self) -> None:
        from frontdesk.ui.auth.users_dialog import UsersDialog

        UsersDialog(self.actor, self.window).exec()

    def open_audit(self) -> None:
        from frontdesk.ui.auth.audit_dialog import AuditDialog

        AuditDialog(self.actor, self.window).exec()

    def open_data_safety(self) -> None:
        from frontdesk.ui.auth.safety_dialog import DataSafetyDialog

        DataSafetyDialog(self.actor, self.window).exec()

    def backup_now(self) -> None:
        from frontdesk.services import backup  # zip and file copying: only when a backup runs

        try:
            result = backup.backup_now(self.actor)
        except (backup.BackupError, permissions.NotPermittedError) as exc:
            QMessageBox.warning(self.window, "Backup", str(exc))
            return
        self.window.statusBar().showMessage(f"Backup written: {result.path}", 10_000)

    def choose_backup_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from frontdesk.services import backup

        folder = QFileDialog.getExistingDirectory(self.window, "Backup folder", str(backup.default_folder()))
        if folder:
            backup.choose_folder(self.actor, Path(folder))
            self.window.statusBar().showMessage(f"Backups now go to {folder}", 10_000)

    def daily_backup(self) -> None:
        """Today's backup, if not made yet, on a worker thread: copying and checking a large clinic's file
        takes seconds the desk must not wait for (SQLite copies and checks without holding Python's lock)."""
        if self._daily is not None:
            return
        self._daily = threading.Thread(target=self._daily_in_background, args=(self.actor,),
                                       name="frontdesk-daily-backup", daemon=True)
        self._daily.start()

    def wait_for_daily_backup(self) -> None:
        daily = self._daily
        if daily is not None:
            daily.join()

    def _daily_in_background(self, actor: Actor) -> None:
        try:
            self.backup_done.emit(_automatic_backup(actor, "daily"))  # shown from the window's thread
        finally:
            from frontdesk.services import backup

            backup.release_thread_connection()

    def _daily_done(self, message: str) -> None:
        self._daily = None
        if message:  # a failure stays until something else is said; a success for ten seconds
            self.window.statusBar().showMessage(message, 0 if message.startswith(BACKUP_FAILED) else 10_000)

    def backup_on_exit(self) -> None:
        self.wait_for_daily_backup()  # never two backups into one folder at once
        message = _automatic_backup(self.actor, "exit")
        if message.startswith(BACKUP_FAILED):
            print(f"frontdesk: {message[0].lower()}{message[1:]}", file=sys.stderr)


def _automatic_backup(actor: Actor, reason: str) -> str:
    """The automatic backup for `reason` ("daily" or "exit"); what to tell the desk about it ('' if nothing)."""
    from frontdesk.services import backup  # zip and file copying: only when a backup runs

    try:
        result = backup.automatic_backup(actor, reason)
    except Exception as exc:  # a backup problem must never take the app down; say so instead
        text = str(exc) if isinstance(exc, backup.BackupError) else f"unexpected {type(exc).__name__}"
        return f"{BACKUP_FAILED}: {text}"
    return f"Backup written: {result.path.name}" if result is not None else ""


def install_session(window: QMainWindow, actor: Actor) -> Session:
    """The one call the main window needs after sign-in: `self.session = install_session(self, actor)`."""
    return Session(window, actor)
