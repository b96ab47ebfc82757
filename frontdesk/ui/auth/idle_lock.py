"""The idle lock: after the clinic's idle minutes every window is covered and patient data hidden;
the same user unlocks with the password, or another user signs in (which also serves "Switch user")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import accounts
from frontdesk.ui.auth.failures import failure_text
from frontdesk.values import Actor

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class _Cover(QWidget):
    """An opaque panel over a whole window, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#2e3b4a"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
        self.setPalette(palette)
        label = QLabel("Locked — sign in to go on", self)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        label.setFont(font)
        label.setStyleSheet("color: #ffffff;")  # over the app's own label colours
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


class UnlockDialog(QDialog):
    """Asks for a password while the screen is locked; it cannot be closed without signing in."""

    signed_in = Signal(object)  # Actor

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle("Locked")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.heading = QLabel(f"Locked. {actor.username}, enter your password to go on, "
                              "or sign in as someone else.")
        self.heading.setWordWrap(True)
        self.username = QLineEdit(actor.username)
        self.username.setObjectName("unlockUser")
        self.username.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setObjectName("unlockMessage")
        form = QFormLayout()
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText("Unlock")
        self.unlock_button.setObjectName("unlockButton")
        buttons.accepted.connect(self.try_unlock)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def focus_for(self, same_user: bool) -> None:
        if same_user:
            self.password.setFocus()
        else:
            self.username.clear()
            self.username.setFocus()

    def try_unlock(self) -> None:
        try:
            actor = accounts.sign_in(self.username.text(), self.password.text())
        except accounts.SignInError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            return
        except Exception as exc:  # the database is busy or unwritable: stay locked, say why
            self.message.setText(failure_text(exc))
            return
        self.password.clear()
        self.signed_in.emit(actor)

    def reject(self) -> None:
        """Escape does not unlock."""

    def closeEvent(self, event: QEvent) -> None:
        event.ignore()


class IdleLock(QObject):
    """Locks the app after `minutes` without keyboard or mouse input (or at once with `lock()`).

    Install it once the user has signed in: `IdleLock(window, actor, profile.idle_lock_minutes)`.
    `actor_changed` fires when someone else signs in at the lock; `locked`/`unlocked` around it.
    """

    locked = Signal()
    unlocked = Signal()
    actor_changed = Signal(object)  # Actor

    def __init__(self, window: QWidget, actor: Actor, minutes: int = 10, *, idle_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.actor = actor
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms if idle_ms is not None else max(1, minutes) * 60_000)
        self.timer.timeout.connect(self.lock)
        self._covers: list[_Cover] = []
        self._hidden: list[QWidget] = []
        self.dialog: UnlockDialog | None = None
        self._watch_windows()
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor

    def set_minutes(self, minutes: int) -> None:
        """A changed clinic setting takes effect from the next idle period."""
        self.timer.setInterval(max(1, minutes) * 60_000)

    def _watch_windows(self) -> None:
        """Watch input where the platform delivers it: each window of the app (the main window, then every
        window that takes the focus, such as a dialog). Not an application-wide filter, which would call
        into Python for every event of every object all day."""
        for top in QApplication.topLevelWidgets():
            self._watch(top.windowHandle())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._watch)

    def _watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.removeEventFilter(self)  # at most once per window
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.is_locked:
            self.timer.start()
        return False

    def lock(self, *, switch_user: bool = False) -> None:
        """Hide every window's content and ask for a password (another user's for "Switch user")."""
        if self.is_locked:
            if switch_user and self.dialog is not None:
                self.dialog.focus_for(False)
            return
        self.timer.stop()
        self._hide_content()
        self.dialog = UnlockDialog(self.actor, self.window)
        self.dialog.signed_in.connect(self._signed_in)
        self.dialog.show()
        self.dialog.focus_for(not switch_user)
        accounts.record_sign_out(self.actor, "switch user" if switch_user else "idle lock")
        self.locked.emit()

    def switch_user(self) -> None:
        self.lock(switch_user=True)

    def _hide_content(self) -> None:
        for top in QApplication.topLevelWidgets():
            if not top.isVisible() or isinstance(top, UnlockDialog):
                continue
            if isinstance(top, QMainWindow):
                parts = [top.centralWidget(), *top.findChildren(QDockWidget)]
                self._hidden.extend(w for w in parts if w is not None and w.isVisible())
            self._covers.append(_Cover(top))
        for widget in self._hidden:
            widget.hide()

    def _close_dialogs_of_previous_user(self) -> None:
        """Someone else took over: the previous user's open forms and windows (a sheet's preview) must not go
        on in their name. They close at once, what was typed in them and not saved dropped: their own Close
        (reject) asks "Save?" of unsaved edits, and the new user's Save saved the previous user's edits in the
        previous user's name (a settings form even stayed open with its rights). A window busy with work
        begun (a patient import running: `busy()`) is left to finish."""
        for top in QApplication.topLevelWidgets():
            if top is self.window or isinstance(top, UnlockDialog) or not top.isVisible():
                continue
            if getattr(top, "busy", lambda: False)():  # an import running: it ends in its own time, as begun
                continue
            if isinstance(top, QDialog):
                QDialog.done(top, QDialog.DialogCode.Rejected)  # not top.reject(): no question
            elif isinstance(top, QMainWindow):  # a sheet's preview, its Print and Save in the previous user's name
                top.close()

    def _signed_in(self, actor: Actor) -> None:
        for cover in self._covers:
            cover.hide()
            cover.deleteLater()
        self._covers.clear()
        for widget in self._hidden:
            widget.show()
        self._hidden.clear()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        changed = actor != self.actor
        if changed:
            self._close_dialogs_of_previous_user()
        self.actor = actor
        self.timer.start()
        self.unlocked.emit()
        if changed:
            self.actor_changed.emit(actor)
