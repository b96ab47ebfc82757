"""The admin screen for accounts (add, role, disable/enable, new password) and "Change my password"."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import accounts
from frontdesk.services.permissions import ROLE_LABELS, NotPermittedError
from frontdesk.ui.auth.failures import failure_text
from frontdesk.ui.auth.users_model import UsersTableModel
from frontdesk.ui.forms import size_to_screen
from frontdesk.values import Actor


def _role_box(name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName("Role")
    for role in accounts.ROLES:
        box.addItem(ROLE_LABELS[role], role)
    return box


def _secret(name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UsersDialog(QDialog):
    """Everything on one screen, no nested dialogs: the list, then forms for the selected user and a new one."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("usersDialog")
        self.setWindowTitle("Users")
        self.model = UsersTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move inside
        self.table.setObjectName("usersTable")
        self.table.setAccessibleName("Users")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)  # the table fills its width, no grey gap
        self.table.verticalHeader().hide()
        self.message = QLabel("")
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self._selected_box())
        layout.addWidget(self._new_user_box())
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        # Enter belongs to the field it is pressed in (a password: set it; a new user's field: add them), never
        # to a button elsewhere: "Set role", the first button, took every Enter and made the selected user
        # what the role box happened to show.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.reset.returnPressed.connect(self.reset_password)
        for edit in (self.new_username, self.new_name, self.new_password):
            edit.returnPressed.connect(self.add_user)
        size_to_screen(self, 640, 560)
        self.refresh()

    def _selected_box(self) -> QGroupBox:
        box = self.selected_box = QGroupBox("Selected user")
        self.role = _role_box("userRole")
        set_role = QPushButton("Set role")
        set_role.setObjectName("setRoleButton")
        set_role.clicked.connect(self.apply_role)
        self.toggle = QPushButton("Disable")
        self.toggle.setObjectName("toggleActiveButton")
        self.toggle.clicked.connect(self.toggle_active)
        self.reset = _secret("resetPassword", "New password")
        reset = QPushButton("Set password")
        reset.setObjectName("resetPasswordButton")
        reset.clicked.connect(self.reset_password)
        row = QHBoxLayout()
        row.addWidget(self.role)
        row.addWidget(set_role)
        row.addWidget(self.toggle)
        form = QFormLayout(box)
        form.addRow("Role", row)
        pw_row = QHBoxLayout()
        pw_row.addWidget(self.reset)
        pw_row.addWidget(reset)
        form.addRow("New password", pw_row)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        return box

    def _new_user_box(self) -> QGroupBox:
        box = QGroupBox("Add a user")
        self.new_username = QLineEdit()
        self.new_username.setObjectName("newUsername")
        self.new_username.setAccessibleName("User name")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newFullName")
        self.new_name.setAccessibleName("Full name")
        self.new_role = _role_box("newRole")
        self.new_password = _secret("newPassword", "Password")
        add = QPushButton("Add user")
        add.setObjectName("addUserButton")
        add.clicked.connect(self.add_user)
        form = QFormLayout(box)
        form.addRow("User name", self.new_username)
        form.addRow("Full name", self.new_name)
        form.addRow("Role", self.new_role)
        form.addRow("Password", self.new_password)
        form.addRow("", add)
        return box

    def refresh(self) -> None:
        self.model.set_users(accounts.list_users(self.actor))
        self.table.resizeColumnsToContents()

    def selected_username(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row).username if 0 <= row < self.model.rowCount() else None

    def select(self, username: str) -> None:
        for row, user in enumerate(self.model.rows):
            if user.username == username:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, 0))

    def _selection_changed(self) -> None:
        """The selected user's name, role and state in the box acting on them."""
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            user = self.model.row_at(row)
            self.selected_box.setTitle(f"Selected user: {user.username}")
            self.role.setCurrentIndex(accounts.ROLES.index(user.role))
            self.toggle.setText("Disable" if user.active else "Enable")
        else:
            self.selected_box.setTitle("Selected user")

    def _run(self, done: str, step: object) -> None:
        """Run one account change; show what happened or why not, in one line."""
        username = self.selected_username()
        try:
            step()  # type: ignore[operator]
        except (accounts.AccountError, NotPermittedError) as exc:
            self.message.setText(str(exc))
            self._selection_changed()  # the role box shows the role the user still has, not the one refused
            return
        except Exception as exc:  # the database is busy or unwritable: nothing changed, the form stays
            self.message.setText(failure_text(exc))
            return
        self.message.setText(done)
        self.refresh()
        if username:
            self.select(username)

    def apply_role(self) -> None:
        username = self.selected_username()
        if username:
            role = self.role.currentData()
            self._run(f"{username} is now {ROLE_LABELS[role]}.", lambda: accounts.set_role(self.actor, username, role))

    def toggle_active(self) -> None:
        username = self.selected_username()
        if username:
            active = self.toggle.text() == "Enable"
            self._run(f"{username} {'enabled' if active else 'disabled'}.",
                      lambda: accounts.set_active(self.actor, username, active))

    def reset_password(self) -> None:
        username = self.selected_username()
        if not username:
            self.message.setText("Pick the user in the list first.")
            return
        password = self.reset.text()
        self.reset.clear()
        self._run(f"New password set for {username}.", lambda: accounts.reset_password(self.actor, username, password))

    def add_user(self) -> None:
        username = self.new_username.text().strip()
        password = self.new_password.text()
        self._run(f"{username} added.", lambda: accounts.create_user(
            self.actor, username, password, self.new_role.currentData(), self.new_name.text()))
        if self.message.text() == f"{username} added.":
            for edit in (self.new_username, self.new_name, self.new_password):
                edit.clear()


class ChangePasswordDialog(QDialog):
    """The signed-in user's own password: the current one, then the new one twice."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle("Change my password")
        self.current = _secret("currentPassword", "Current password")
        self.new = _secret("newOwnPassword", "New password")
        self.again = _secret("newOwnPasswordAgain", "New password again")
        self.message = QLabel("")
        self.message.setObjectName("changePasswordMessage")
        form = QFormLayout()
        form.addRow("&Current password", self.current)
        form.addRow("&New password", self.new)
        form.addRow("&Again", self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def try_change(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText("The two new passwords differ.")
            return
        try:
            accounts.sign_in(self.actor.username, self.current.text())
            accounts.reset_password(self.actor, self.actor.username, self.new.text())
        except accounts.SignInError as exc:
            # The sign-in's own words name a user name nobody typed here; a lock-out's words stand.
            wrong = str(exc) == accounts.WRONG_CREDENTIALS
            self.message.setText("The current password is not right." if wrong else str(exc))
            return
        except accounts.AccountError as exc:
            self.message.setText(str(exc))
            return
        except Exception as exc:  # the database is busy or unwritable
            self.message.setText(failure_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, actor: Actor) -> bool:
        return cls(actor, parent).exec() == QDialog.DialogCode.Accepted
