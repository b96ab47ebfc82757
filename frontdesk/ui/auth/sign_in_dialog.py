"""The sign-in dialog, and the first-administrator dialog a clinic without accounts sees.

`frontdesk.ui.auth.start.sign_in` decides whether the sign-in dialog is needed at all."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from frontdesk import APP_NAME
from frontdesk.services import accounts
from frontdesk.ui.auth.failures import failure_text
from frontdesk.ui.forms import confirm_buttons, form, stack
from frontdesk.values import Actor


def _field(name: str, accessible: str, *, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class SignInDialog(QDialog):
    """User name and password; a refusal is shown in the dialog, which stays open."""

    def __init__(self, parent: QWidget | None = None, username: str = "", message: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(f"Sign in — {APP_NAME}")
        self.actor: Actor | None = None
        self.username = _field("signInUser", "User name")
        self.username.setText(username)
        self.password = _field("signInPassword", "Password", secret=True)
        self.message = QLabel(message or accounts.demo_hint())
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        buttons, _ = confirm_buttons(self, "Sign in", self.try_sign_in)
        stack(self, QLabel(f"<b>{APP_NAME}</b> — sign in with your own account"),
              form(("&User name", self.username), ("&Password", self.password)), self.message, buttons)
        (self.password if username else self.username).setFocus()

    def try_sign_in(self) -> None:
        try:
            self.actor = accounts.sign_in(self.username.text(), self.password.text())
        except accounts.SignInError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        except Exception as exc:  # the database is busy or unwritable: say so, keep the dialog
            self.message.setText(failure_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, username: str = "", message: str = "") -> Actor | None:
        dialog = cls(parent, username, message)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


class FirstAdminDialog(QDialog):
    """The clinic's first account, an administrator, asked for while no account exists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstAdminDialog")
        self.setWindowTitle(f"First administrator — {APP_NAME}")
        self.actor: Actor | None = None
        self.username = _field("firstAdminUser", "User name")
        self.full_name = _field("firstAdminName", "Full name")
        self.password = _field("firstAdminPassword", "Password", secret=True)
        self.again = _field("firstAdminPasswordAgain", "Password again", secret=True)
        self.message = QLabel(f"This clinic has no accounts yet. Create the first administrator (passwords: "
                              f"at least {accounts.MIN_PASSWORD_LENGTH} characters).")
        self.message.setObjectName("firstAdminMessage")
        self.message.setWordWrap(True)
        buttons, _ = confirm_buttons(self, "Create", self.try_create)
        stack(self, self.message, form(("&User name", self.username), ("&Full name", self.full_name),
                                       ("&Password", self.password), ("&Again", self.again)), buttons)

    def try_create(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText("The two passwords differ.")
            return
        try:
            self.actor = accounts.create_first_admin(self.username.text().strip(), self.password.text(),
                                                     self.full_name.text())
        except accounts.AccountError as exc:
            self.message.setText(str(exc))
            return
        except Exception as exc:  # the database is busy or unwritable: say so, keep what was typed
            self.message.setText(failure_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> Actor | None:
        dialog = cls(parent)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
